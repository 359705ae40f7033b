"""With Redis, `orderbot import` leaves the next catalog's parser to a real rq worker (bot/parserbuild.py).

The import queues `bot.parserbuild.build_job` and says a build is under way;
`rq worker --burst`, as the Procfile runs it, builds the parser and writes its
file next to the database, then takes the marker away.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot import parsecache
from bot.cli import main
from domain.db import make_engine, session_factory
from tests.integration.test_rq_worker import run_worker
from tests.support.fake_twilio import FakeTwilio

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def state(url: str) -> tuple[bool, bool]:
    """(the current catalog's parser file is there, a build is under way)"""
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            return parsecache.ready(session, parsecache.key(session)), parsecache.building(session)
    finally:
        engine.dispose()


@pytest.mark.redis
def test_an_import_queues_the_parser_build_and_a_real_worker_makes_the_file(
    sqlite_url: str, redis_url: str, fake: FakeTwilio, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv(parsecache.ENV, raising=False)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)  # main() copies --db there; monkeypatch puts it back
    monkeypatch.setenv("REDIS_URL", redis_url)
    assert main(["--db", sqlite_url, "import", str(FIXTURES)]) == 0
    assert "parser of the catalog: queued for a worker" in capsys.readouterr().err
    assert state(sqlite_url) == (False, True)  # processes keep their parser meanwhile
    worker = run_worker(sqlite_url, redis_url, fake)
    assert worker.returncode == 0, worker.stderr[-2000:]
    assert state(sqlite_url) == (True, False)
