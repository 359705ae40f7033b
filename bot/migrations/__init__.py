"""Alembic migrations shipped inside the package, driven from code (no alembic.ini needed).

    upgrade(url)        apply every revision up to head (what `orderbot db upgrade` does)
    current(url)        the revisions the database is at ('' heads when it is empty)
    needs_upgrade(url)  True when the database is empty or behind
    alembic_config(url) a Config for alembic's own commands (revision --autogenerate, history, ...)

Revisions live in versions/ and are numbered: 0001_domain (domain.models),
0002_... (bot.models), each `down_revision` naming the one before.
`target_metadata()` is `Base.metadata` with every module that declares tables
loaded (MODEL_MODULES): they all register on the one Base of domain.models.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any, Literal

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from domain.db import make_engine

HERE = Path(__file__).resolve().parent
MODEL_MODULES = ("domain.models", "bot.models", "bot.conversation.state", "bot.media.models")
PG_LOCK_KEY = 0x0B0_7DB  # advisory lock id: one migrator at a time on PostgreSQL


def target_metadata() -> sa.MetaData:
    """Base.metadata with every model module of the project imported."""
    from domain.models import Base

    for name in MODEL_MODULES:
        importlib.import_module(name)
    return Base.metadata


def alembic_config(url: str | None = None, connection: sa.Connection | None = None) -> Config:
    """A Config pointing at this folder; the URL and connection travel in `attributes` (no % escaping)."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("version_path_separator", "os")
    config.attributes["url"] = url
    config.attributes["connection"] = connection
    return config


def script_heads() -> tuple[str, ...]:
    return tuple(ScriptDirectory.from_config(alembic_config()).get_heads())


def _db_heads(connection: sa.Connection) -> tuple[str, ...]:
    return tuple(MigrationContext.configure(connection).get_current_heads())


def current(url: str | None = None) -> tuple[str, ...]:
    """The revisions recorded in the database (empty tuple: never migrated)."""
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return _db_heads(connection)
    finally:
        engine.dispose()


def needs_upgrade(url: str | None = None) -> bool:
    return set(current(url)) != set(script_heads())


def upgrade(url: str | None = None, revision: str = "head") -> tuple[str, ...]:
    """Migrate the database to `revision`; returns the revisions it is at afterwards.

    Runs in one transaction (SQLite: BEGIN IMMEDIATE; PostgreSQL: transactional DDL
    under an advisory lock), so two processes starting together cannot both migrate.
    """
    engine = make_engine(url)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(sa.text("select pg_advisory_xact_lock(:key)"), {"key": PG_LOCK_KEY})
            command.upgrade(alembic_config(url, connection), revision)
        with engine.connect() as connection:
            return _db_heads(connection)
    finally:
        engine.dispose()


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Autogenerate hook: write our TypeDecorators as their plain storage type (sa.BigInteger, ...).

    Migrations then never import application code, and stay valid when a Python type changes.
    """
    from sqlalchemy.types import TypeDecorator

    if type_ == "type" and isinstance(obj, TypeDecorator):
        impl = obj.impl_instance
        return f"sa.{impl!r}"
    return False
