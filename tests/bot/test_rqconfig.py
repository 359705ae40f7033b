"""A worker starts (bot.rqconfig is imported) even when the database is down, and says what it left undone."""

from __future__ import annotations

import importlib
import logging
import socket
import sys

import pytest

from bot import runtime as process
from bot.config import DEFAULT_HANDLER, load_settings
from bot.runtime import build_runtime
from tests.support.botapp import settings


def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.redis
def test_a_worker_starts_with_the_database_down_schedules_the_sweep_and_warns_about_reminders(
    redis_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    from rq.registry import ScheduledJobRegistry

    down = f"postgresql+psycopg://orderbot@127.0.0.1:{closed_port()}/orderbot"
    rt = build_runtime(load_settings(settings(down, REDIS_URL=redis_url, MESSAGE_HANDLER=DEFAULT_HANDLER)))
    process.install(rt)
    sys.modules.pop("bot.rqconfig", None)  # rq imports it once per worker process: as a fresh import
    try:
        with caplog.at_level(logging.WARNING):
            config = importlib.import_module("bot.rqconfig")  # raised OperationalError before
        scheduled = ScheduledJobRegistry(queue=rt.dispatcher.queue).get_job_ids()  # type: ignore[attr-defined]
    finally:
        sys.modules.pop("bot.rqconfig", None)
        process.install(None)
        rt.close()
    assert config.REDIS_URL == redis_url
    (warning,) = [r for r in caplog.records if r.name == "bot.rqconfig"]
    assert warning.levelno == logging.WARNING
    message = warning.getMessage()
    assert "payment-reminder run not scheduled at worker start" in message
    assert "OperationalError" in message and "first scheduled sweep" in message
    # Redis was up: the sweep is scheduled, the reminder run (its hour is in the database) is not
    assert [j for j in scheduled if j.startswith("orderbot-sweep-")] and not [
        j for j in scheduled if j.startswith("orderbot-reminders-")
    ]
