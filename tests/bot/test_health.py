"""GET /healthz answers 200 when its dependencies answer, and 503 naming the one that does not."""

from __future__ import annotations

import socket

from bot import create_app
from tests.support.botapp import bot_app, settings


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_health_is_ok_with_a_database_and_no_redis(db_url: str) -> None:
    with bot_app(db_url) as app:
        response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok", "redis": "not configured (jobs run inline)"}


def test_health_is_ok_with_redis_answering(sqlite_url: str, redis_url: str) -> None:
    with bot_app(sqlite_url, REDIS_URL=redis_url) as app:
        response = app.test_client().get("/healthz")
    assert (response.status_code, response.json["redis"]) == (200, "ok")


def test_health_names_redis_when_it_does_not_answer(sqlite_url: str) -> None:
    with bot_app(sqlite_url, REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/0") as app:
        response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json["failed"] == "redis"
    assert response.json["redis"] == "failed: ConnectionError"
    assert response.json["database"] == "ok"


def test_health_names_the_database_when_it_does_not_answer() -> None:
    app = create_app(settings(f"postgresql+psycopg://nobody@127.0.0.1:{_closed_port()}/none"))
    try:
        response = app.test_client().get("/healthz")
    finally:
        app.extensions["orderbot"].close()
    assert response.status_code == 503
    assert response.json["failed"] == "database"
    assert response.json["database"] == "failed: OperationalError"
