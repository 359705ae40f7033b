"""`orderbot` command line: finds the sub-commands in bot.commands and runs one.

    orderbot [--db URL] COMMAND ...

`--db URL` (or DATABASE_URL) names the database; with neither, an embedded
SQLite file under the user's data directory is used.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from bot import commands


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="orderbot", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db", metavar="URL", help="database URL (default: DATABASE_URL, else embedded SQLite)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"bot.commands.{info.name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.db:
        os.environ["DATABASE_URL"] = args.db
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except (sa_exc.OperationalError, sa_exc.ArgumentError, sa_exc.NoSuchModuleError) as exc:
        where = _shown_url()
        print(f"orderbot {args.command}: cannot use the database {where}: {_reason(exc)}", file=sys.stderr)
        return 2


def _shown_url() -> str:
    """The database the command tried, password hidden."""
    from domain.db import database_url

    try:
        return sa.make_url(database_url()).render_as_string(hide_password=True)
    except sa_exc.ArgumentError:
        return "(DATABASE_URL is not a database URL)"


def _reason(exc: sa_exc.SQLAlchemyError) -> str:
    """The driver's first line ("connection to server at ... failed: Connection refused"), no traceback."""
    orig = getattr(exc, "orig", None)
    text = str(orig if orig is not None else exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


if __name__ == "__main__":
    sys.exit(main())
