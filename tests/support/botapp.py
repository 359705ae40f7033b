"""Building the bot for tests: a migrated database, a config dict, and handlers at the boundary.

    with bot_app(db_url, fake.base_url) as app:                  # jobs inline, replies to the fake Twilio
    with bot_app(db_url, fake.base_url, REDIS_URL=url) as app:   # jobs on rq

The handlers stand in for bot.conversation.handle (same signature):
`echo` answers "echo: <body>" and writes an audit row in the same transaction,
so a test can count how many times a message was really processed.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session

from bot.messages import Inbound, Reply
from tests.support.signing import TEST_FROM, TEST_SID, TEST_TOKEN


def echo(session: Session, inbound: Inbound, now: datetime) -> Sequence[Reply]:
    from domain.models import AuditLog

    session.add(AuditLog(who=inbound.message_sid, action="test.echo", target=str(len(inbound.body))))
    return [Reply(body=f"echo: {inbound.body}")]


def echo_with_template(session: Session, inbound: Inbound, now: datetime) -> Sequence[Reply]:
    """Like echo, but the reply names template 'order_update' for use outside the 24-hour window."""
    echo(session, inbound, now)
    return [Reply(body=f"echo: {inbound.body}", template="order_update", template_vars={"1": inbound.body})]


def echo_unless_boom(session: Session, inbound: Inbound, now: datetime) -> Sequence[Reply]:
    """Echoes the body; the body "boom" makes it fail (a message whose handler raises)."""
    if inbound.body == "boom":
        raise RuntimeError("the handler failed")
    return [Reply(f"echo: {inbound.body}")]


def explode(session: Session, inbound: Inbound, now: datetime) -> Sequence[Reply]:
    from domain.models import AuditLog

    session.add(AuditLog(who=inbound.message_sid, action="test.explode", target=""))
    session.flush()
    raise RuntimeError("the handler failed")


def settings(db_url: str, twilio_base_url: str | None = None, **extra: Any) -> dict[str, Any]:
    config: dict[str, Any] = {
        "TESTING": True,
        "DATABASE_URL": db_url,
        "TWILIO_ACCOUNT_SID": TEST_SID,
        "TWILIO_AUTH_TOKEN": TEST_TOKEN,
        "TWILIO_WHATSAPP_FROM": TEST_FROM,
        "TWILIO_API_BASE_URL": twilio_base_url,
        "SECRET_KEY": "test-secret",
        "MESSAGE_HANDLER": "tests.support.botapp:echo",
    }
    config.update(extra)
    return config


def migrate(db_url: str) -> None:
    from bot.migrations import upgrade

    upgrade(db_url)


@contextmanager
def bot_app(db_url: str, twilio_base_url: str | None = None, **extra: Any) -> Iterator[Flask]:
    """A migrated database and an app on it; its engine and Redis client are closed afterwards."""
    from bot import create_app

    migrate(db_url)
    app = create_app(settings(db_url, twilio_base_url, **extra))
    try:
        yield app
    finally:
        app.extensions["orderbot"].close()


def count(app_or_runtime: Any, model: Any, *where: Any) -> int:
    runtime = app_or_runtime.extensions["orderbot"] if isinstance(app_or_runtime, Flask) else app_or_runtime
    with runtime.sessions() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0)


def rows(app_or_runtime: Any, model: Any, *where: Any) -> list[Any]:
    runtime = app_or_runtime.extensions["orderbot"] if isinstance(app_or_runtime, Flask) else app_or_runtime
    with runtime.sessions() as session:
        return list(session.scalars(sa.select(model).where(*where).order_by(model.id)))


@contextmanager
def bot_runtime(db_url: str, twilio_base_url: str | None = None, **extra: Any) -> Iterator[Any]:
    """A migrated database and a Runtime on it (what a worker has), closed afterwards."""
    from bot.config import load_settings
    from bot.runtime import build_runtime

    migrate(db_url)
    runtime = build_runtime(load_settings(settings(db_url, twilio_base_url, **extra)))
    try:
        yield runtime
    finally:
        runtime.close()


def store(runtime: Any, phone: str, body: str, sid: str | None = None) -> int:
    """Store an inbound message as the webhook does; its id."""
    from bot.store import parse_inbound, store_inbound
    from tests.support.signing import inbound_form

    message_id = store_inbound(runtime.sessions, parse_inbound(inbound_form(phone, body, sid=sid)))
    assert message_id is not None
    return message_id
