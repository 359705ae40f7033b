"""Version numbers the database keeps for what the bot's parser is built from (issue 13).

    versioning.read(session)  # {"catalog_version": 7, "aliases_version": 3, "aliases_deleted": 0}

The parser is built from the catalog (SKUs, their units, dealers) and extended
with the learned aliases. A process asks before every message whether either
changed; counting and taking the newest `updated_at` of 100,000 SKUs for that
cost 27 ms a message on PostgreSQL. So the database counts changes instead:
triggers on the tables bump a row of `counters` in the same transaction as the
change, and a message reads three rows by primary key.

Triggers, not a session hook, so every writer is counted: the ORM (imports,
the console), Core bulk statements, a script, psql. Only the columns the
parser reads (bot/snapshot.py, WATCHED below) count: a price, a phone, a
credit limit or a dealer's reply language changes no parser. PostgreSQL bumps
once a statement, SQLite (no statement triggers) once a row.

A counter that has no row yet reads 0: a database made before the triggers
(migration 0012) reads 0 until its first change, and its first change makes
it 1, so a process started against it sees one version and then the next.
Only equality matters: a reader rebuilds on any difference, never on order.

A bumped row stays locked until its transaction ends, so on PostgreSQL the
catalog's writers take turns (a dealer added in the console waits for an
import under way to commit), as every writer does on SQLite. That is what
makes it exact: a sequence or an id would move before the change is visible.
Handling a message writes none of the watched columns, so it never waits.

On SQLite a table that a later migration recreates (batch "move and copy")
loses its triggers: such a migration calls `install` again.

The learned aliases have two counters: any change (a process adds new rows to
its parser), and deletions (a parser cannot forget an alias: it is built again).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

CATALOG = "catalog_version"
ALIASES = "aliases_version"
ALIASES_DELETED = "aliases_deleted"
NAMES = (CATALOG, ALIASES, ALIASES_DELETED)

# table -> (counter, the columns whose UPDATE counts): what bot/snapshot.py and bot/parsing.py read
WATCHED: dict[str, tuple[str, tuple[str, ...]]] = {
    "skus": (CATALOG, ("sku", "name", "default_uom", "brand", "category", "size", "aliases", "active")),
    "sku_units": (CATALOG, ("sku_id", "unit", "factor")),
    "dealers": (CATALOG, ("code", "name", "town", "active")),
    "learned_aliases": (ALIASES, ("phrase", "sku_id", "dealer_id", "promoted")),
}

FUNCTION = "orderbot_bump_counters"
_PG_FUNCTION = f"""
CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    FOR i IN 0 .. TG_NARGS - 1 LOOP
        INSERT INTO counters (name, value) VALUES (TG_ARGV[i], 1)
        ON CONFLICT (name) DO UPDATE SET value = counters.value + 1;
    END LOOP;
    RETURN NULL;
END
$$
"""


# constant SQL sent as it is: a select() through the session cost 0.35 ms a message (its IN list is
# expanded at every call, then the ORM's execute), this 0.1 ms, the round trip itself (PostgreSQL)
_READ = f"SELECT name, value FROM counters WHERE name IN ({', '.join(repr(n) for n in NAMES)})"


def read(session: Session) -> dict[str, int]:
    """Every counter in NAMES (0 for one never bumped): one read of at most three rows by key."""
    found = dict(session.connection().exec_driver_sql(_READ).tuples().all())
    return {name: int(found.get(name) or 0) for name in NAMES}


def _events(table: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(trigger suffix, event, counters) for each trigger on `table`."""
    counter, columns = WATCHED[table]
    deleted = (counter, ALIASES_DELETED) if counter == ALIASES else (counter,)
    return [("ins", "INSERT", (counter,)), ("del", "DELETE", deleted),
            ("upd", f"UPDATE OF {', '.join(columns)}", (counter,))]


def statements(dialect: str) -> list[str]:
    """The DDL that installs the triggers on `dialect` ("postgresql" or "sqlite"); see module doc."""
    if dialect == "postgresql":
        out = [_PG_FUNCTION]
        for table, (counter, _columns) in WATCHED.items():
            events = _events(table)
            changed = " OR ".join(event for suffix, event, _ in events if suffix != "del")
            deleted = ", ".join(f"'{c}'" for c in events[1][2])
            out.append(f"DROP TRIGGER IF EXISTS {table}_versions ON {table}")
            out.append(f"DROP TRIGGER IF EXISTS {table}_versions_del ON {table}")
            out.append(f"CREATE TRIGGER {table}_versions AFTER {changed} ON {table} "
                       f"FOR EACH STATEMENT EXECUTE PROCEDURE {FUNCTION}('{counter}')")
            out.append(f"CREATE TRIGGER {table}_versions_del AFTER DELETE OR TRUNCATE ON {table} "
                       f"FOR EACH STATEMENT EXECUTE PROCEDURE {FUNCTION}({deleted})")
        return out
    if dialect == "sqlite":
        out = []
        for table in WATCHED:
            for suffix, event, counters in _events(table):
                body = " ".join(
                    f"INSERT INTO counters (name, value) VALUES ('{c}', 1) "
                    "ON CONFLICT (name) DO UPDATE SET value = value + 1;"
                    for c in counters
                )
                out.append(f"DROP TRIGGER IF EXISTS {table}_versions_{suffix}")
                out.append(f"CREATE TRIGGER {table}_versions_{suffix} AFTER {event} ON {table} "
                           f"FOR EACH ROW BEGIN {body} END")
        return out
    raise ValueError(f"no version triggers for {dialect} (PostgreSQL and SQLite only)")


def install(connection: sa.Connection) -> None:
    """Create (or replace) the triggers; the migration and `Base.metadata.create_all` call this."""
    for statement in statements(connection.dialect.name):
        connection.exec_driver_sql(statement)


def uninstall(connection: sa.Connection) -> None:
    """Drop the triggers and the PostgreSQL function (the migration's downgrade)."""
    pg = connection.dialect.name == "postgresql"
    for table in WATCHED:
        if pg:
            for name in (f"{table}_versions", f"{table}_versions_del"):
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        else:
            for suffix, _event, _counters in _events(table):
                connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_versions_{suffix}")
    if pg:
        connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


def after_create(metadata: sa.MetaData, connection: sa.Connection, **kw: Any) -> None:
    """`create_all` installs the triggers too (tests make their schema that way)."""
    if connection.dialect.name in ("postgresql", "sqlite") and {"counters", *WATCHED} <= set(metadata.tables):
        install(connection)
