"""Redis down must not lose a message: the webhook stores and answers 200, the sweeper catches up later."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue
from rq.serializers import JSONSerializer

from bot.models import InboundMessage, OutboxMessage
from tests.integration.test_rq_worker import run_worker
from tests.support.botapp import bot_app, count, rows, settings
from tests.support.fake_twilio import FakeTwilio
from tests.support.signing import WEBHOOK, inbound_form, post_signed

ROOT = Path(__file__).resolve().parents[2]
PHONES = [f"+9198261{n:05d}" for n in range(10)]


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def post_while_redis_is_down(db_url: str, fake: FakeTwilio) -> list[int]:
    """10 messages to an app whose Redis refuses connections; the answers' status codes."""
    down = f"redis://127.0.0.1:{closed_port()}/0"
    with bot_app(db_url, fake.base_url, REDIS_URL=down, SWEEP_AFTER=1) as app:
        client = app.test_client()
        started = time.monotonic()
        statuses = [post_signed(client, WEBHOOK, inbound_form(p, f"order {i}")).status_code
                    for i, p in enumerate(PHONES)]
        elapsed = time.monotonic() - started
        assert count(app, InboundMessage, InboundMessage.status == "received") == len(PHONES)
    assert elapsed < 10, f"webhooks took {elapsed:.1f}s with Redis down"
    assert fake.sent == []
    return statuses


@pytest.mark.redis
@pytest.mark.postgres
def test_messages_stored_while_redis_was_down_are_processed_by_the_scheduled_sweep(
    postgres_url: str, redis_url: str, fake: FakeTwilio
) -> None:
    assert post_while_redis_is_down(postgres_url, fake) == [200] * len(PHONES)
    time.sleep(1.1)  # older than SWEEP_AFTER
    # Redis is back: the scheduler starts the periodic sweep job; a worker runs it and what it enqueues.
    with Redis.from_url(redis_url) as connection:
        queue = Queue("default", connection=connection, serializer=JSONSerializer)
        queue.enqueue("bot.sweeper.scheduled_sweep")
    worker = run_worker(postgres_url, redis_url, fake, SWEEP_AFTER="1")
    assert worker.returncode == 0, worker.stderr[-2000:]
    sent = fake.wait_for(len(PHONES))
    assert sorted(m.to for m in sent) == sorted(f"whatsapp:{p}" for p in PHONES)
    assert sorted(m.body or "" for m in sent) == sorted(f"echo: order {i}" for i in range(len(PHONES)))
    with bot_app(postgres_url, fake.base_url) as app:
        assert count(app, InboundMessage, InboundMessage.status == "processed") == len(PHONES)
        assert {r.status for r in rows(app, OutboxMessage)} == {"sent"}


def test_orderbot_sweep_processes_stored_messages_without_redis(sqlite_url: str, fake: FakeTwilio) -> None:
    assert post_while_redis_is_down(sqlite_url, fake) == [200] * len(PHONES)
    time.sleep(1.1)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "DATABASE_", "REDIS_"))}
    env.update({k: v for k, v in settings(sqlite_url, fake.base_url, SWEEP_AFTER="1").items()
                if isinstance(v, str)})
    env["PYTHONPATH"] = str(ROOT)
    orderbot = Path(sys.executable).with_name("orderbot")
    result = subprocess.run([str(orderbot), "sweep"], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "inbound re-run: 10" in result.stdout
    assert len(fake.wait_for(len(PHONES))) == len(PHONES)


@pytest.mark.redis
@pytest.mark.postgres
def test_a_running_worker_sweeps_on_its_own_within_two_intervals(
    postgres_url: str, redis_url: str, fake: FakeTwilio
) -> None:
    assert post_while_redis_is_down(postgres_url, fake) == [200] * len(PHONES)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "DATABASE_", "REDIS_"))}
    config = settings(postgres_url, fake.base_url, REDIS_URL=redis_url, SWEEP_INTERVAL="2", SWEEP_AFTER="1")
    env.update({k: v for k, v in config.items() if isinstance(v, str)})
    env["PYTHONPATH"] = str(ROOT)
    rq = Path(sys.executable).with_name("rq")
    worker = subprocess.Popen(
        [str(rq), "worker", "--with-scheduler", "-c", "bot.rqconfig",
         "--worker-class", "rq.worker.SimpleWorker", "--serializer", "rq.serializers.JSONSerializer"],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        sent = fake.wait_for(len(PHONES), timeout=60)  # worker start-up + two 2-second intervals, busy CI
    finally:
        worker.terminate()
        output, _ = worker.communicate(timeout=30)
    assert sorted(m.to for m in sent) == sorted(f"whatsapp:{p}" for p in PHONES)
    assert "SweepReport(inbound=10" in output  # the scheduled sweep found them, not a manual call
    assert "9826100001" not in output
