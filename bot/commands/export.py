"""`orderbot export`: the period's invoices and payments for the accountant (domain/exports.py).

    orderbot export --format tally --from 2026-11-01 --to 2026-11-30 --out nov.xml
    orderbot export --format csv --from 2026-11-01 --to 2026-11-30 > nov.csv

Tally XML holds Sales vouchers (invoices) and Receipt vouchers (payments); ledger
names come from the tally_* settings. Without --out the file goes to standard output.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import Any


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date like 2026-11-30") from None


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "export", help="invoices and payments as Tally XML or CSV", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--format", dest="fmt", required=True, choices=("tally", "csv"))
    parser.add_argument("--from", dest="start", required=True, type=_day, metavar="YYYY-MM-DD")
    parser.add_argument("--to", dest="end", required=True, type=_day, metavar="YYYY-MM-DD")
    parser.add_argument("--out", metavar="FILE", help="write here instead of standard output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from domain.db import database_url, make_engine, session_factory
    from domain.errors import DomainError
    from domain.exports import export

    engine = make_engine(database_url())
    try:
        with session_factory(engine)() as session:
            body, count = export(session, args.fmt, args.start, args.end)
    except DomainError as exc:
        print(f"orderbot export: {exc}", file=sys.stderr)
        return 1
    finally:
        engine.dispose()
    if args.out:
        try:
            with open(args.out, "w", encoding="utf-8", newline="") as out:
                out.write(body)
        except OSError as exc:
            print(f"orderbot export: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(body)
    where = f"written to {args.out}" if args.out else "written to standard output"
    print(f"{count} vouchers from {args.start} to {args.end} {where}", file=sys.stderr)
    if not count:
        print("orderbot export: the period has no invoices or payments (is it the right one?)",
              file=sys.stderr)
    return 0
