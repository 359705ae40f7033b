"""The shipped migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from bot import migrations
from domain.db import make_engine


def test_migrating_an_empty_database_matches_the_models(db_url: str) -> None:
    assert migrations.current(db_url) == ()
    assert migrations.needs_upgrade(db_url)
    assert migrations.upgrade(db_url) == migrations.script_heads()
    assert not migrations.needs_upgrade(db_url)
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            assert compare_metadata(context, migrations.target_metadata()) == []
    finally:
        engine.dispose()


def test_upgrading_twice_is_harmless_and_downgrade_empties_the_database(db_url: str) -> None:
    migrations.upgrade(db_url)
    assert migrations.upgrade(db_url) == migrations.script_heads()
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:
            command.downgrade(migrations.alembic_config(db_url, conn), "base")
        with engine.connect() as conn:
            assert sa.inspect(conn).get_table_names() == ["alembic_version"]
    finally:
        engine.dispose()


def test_revisions_form_one_numbered_chain() -> None:
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(migrations.alembic_config())
    chain = [s.revision for s in scripts.walk_revisions("base", "heads")][::-1]
    assert chain[0] == "0001" and len(migrations.script_heads()) == 1
    assert chain == sorted(chain)


CORE = ["skus", "dealers", "price_rows", "scheme_rows", "orders", "ledger_entries"]


@pytest.mark.parametrize("table", CORE)
def test_the_domain_revision_creates_the_core_tables(sqlite_url: str, table: str) -> None:
    migrations.upgrade(sqlite_url, "0001")
    engine = make_engine(sqlite_url)
    try:
        with engine.connect() as conn:
            assert table in sa.inspect(conn).get_table_names()
    finally:
        engine.dispose()
