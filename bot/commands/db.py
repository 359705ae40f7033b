"""`orderbot db upgrade|current`: apply the shipped migrations, or show where the database is.

    orderbot --db sqlite:///orderbot.db db upgrade
    orderbot db current            # DATABASE_URL, else the embedded SQLite file
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot import migrations
from domain.db import database_url


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("db", help="database migrations (upgrade, current)")
    actions = parser.add_subparsers(dest="db_action", metavar="ACTION", required=True)
    up = actions.add_parser("upgrade", help="apply every migration up to the newest")
    up.add_argument("revision", nargs="?", default="head", help="target revision (default: head)")
    up.set_defaults(func=upgrade)
    cur = actions.add_parser("current", help="print the revision the database is at")
    cur.set_defaults(func=current)


def upgrade(args: argparse.Namespace) -> int:
    url = database_url()
    heads = migrations.upgrade(url, args.revision)
    print(f"database {_safe(url)} is at {', '.join(heads) or '(empty)'}")
    return 0


def current(args: argparse.Namespace) -> int:
    url = database_url()
    heads = migrations.current(url)
    newest = migrations.script_heads()
    state = "up to date" if set(heads) == set(newest) else f"behind (newest: {', '.join(newest)})"
    print(f"database {_safe(url)} is at {', '.join(heads) or '(empty)'}: {state}")
    return 0 if set(heads) == set(newest) else 1


def _safe(url: str) -> str:
    """The URL without its password, for printing."""
    from sqlalchemy import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL is printed as nothing rather than leaked
        print("warning: could not parse the database URL", file=sys.stderr)
        return "(unparsable URL)"
