"""Alembic environment: uses the connection (or URL) the caller put in the Config's attributes."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from bot.migrations import render_item, target_metadata
from domain.db import database_url, make_engine

config = context.config


def _configure(**kwargs: object) -> None:
    context.configure(
        target_metadata=target_metadata(),
        render_item=render_item,
        compare_type=True,
        **kwargs,  # type: ignore[arg-type]
    )


def _run(connection: sa.Connection) -> None:
    _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


def run_offline() -> None:
    _configure(url=database_url(config.attributes.get("url")), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.attributes.get("url"))
    try:
        with engine.begin() as connection:
            _run(connection)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
