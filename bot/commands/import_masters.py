"""`orderbot import DIR`: load the distributor's master CSV files (data contract section 1).

    orderbot --db sqlite:///x.db import masters/
    orderbot import masters/ --dry-run     what would change; nothing is written

Migrates the database first when it is empty or behind, so a fresh file works.
Prints one line per file, then every changed row with the fields it changed
("  D03: credit_limit 100000.00 -> 120000.00; tier A -> B"); a bad row is
reported on stderr as "FILE line N: reason" and the command exits 1 with
nothing of that file written. An empty optional cell keeps the stored value;
`-` or `none` clears it (docs/masters.md).

Then the parser of the new catalog is built for the running bot (bot/parserbuild.py):
as an rq job on RQ_QUEUE when REDIS_URL is set, else by this command before it exits.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot import migrations, parserbuild
from domain.db import database_url, make_engine, session_factory
from domain.errors import DomainError
from domain.importing import FILES, import_dir


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "import", help="load master CSV files from a folder", description=__doc__.splitlines()[0]
    )
    parser.add_argument("dir", metavar="DIR", help=f"folder holding any of {', '.join(FILES)}")
    parser.add_argument("--dry-run", action="store_true", help="say what would change; write nothing")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    url = database_url()
    if migrations.needs_upgrade(url):
        migrations.upgrade(url)
    engine = make_engine(url)
    factory = session_factory(engine)
    if not args.dry_run:
        parserbuild.renew(factory, force=True)  # running processes keep their parser meanwhile
    try:
        results = import_dir(factory, args.dir, dry_run=args.dry_run,
                             progress=None if args.dry_run else lambda *_: parserbuild.renew(factory))
    except DomainError as exc:
        print(f"import failed: {exc}" if "\n" not in str(exc) else f"import failed:\n{exc}", file=sys.stderr)
        return 1
    finally:
        if not args.dry_run:
            _next_parser(factory)
        engine.dispose()
    for result in results:
        print("\n".join(result.lines()))
    if args.dry_run:
        print("preview only: nothing was written (run it again without --dry-run to apply)")
    return 0


def _next_parser(factory: Any) -> None:
    try:
        queue = parserbuild.queue_from_env()
    except ValueError as exc:  # a REDIS_URL redis-py cannot read: build it here
        print(f"REDIS_URL not usable ({exc}); building the parser here", file=sys.stderr)
        queue = None
    how = parserbuild.after_import(factory, queue)
    said = {"rq": "queued for a worker", "here": "built", "none": "unchanged", "failed": "not built"}
    print(f"parser of the catalog: {said[how]}", file=sys.stderr)
