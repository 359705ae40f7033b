"""`orderbot payment DEALER AMOUNT [--ref REF]`: record a payment; the reference makes a retry harmless.

orderbot payment D201 5000 --ref UTR4711      # recorded; the same again adds nothing
orderbot payment D201 1,250.50 --on 2026-11-20 --json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from bot import migrations
from domain.db import database_url, make_engine, session_factory
from domain.errors import DomainError
from domain.money import fmt_inr, money_str, rupees
from domain.services.ledger import entry_json, record_payment
from domain.uow import UnitOfWork


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "payment", help="record a dealer's payment", description=__doc__.splitlines()[0]
    )
    parser.add_argument("dealer", metavar="DEALER", help="dealer code, e.g. D201")
    parser.add_argument("amount", metavar="AMOUNT", help="rupees, e.g. 5000 or 1,250.50")
    parser.add_argument("--ref", help="bank or cheque reference (UTR); the same reference is recorded once")
    parser.add_argument("--on", type=date.fromisoformat, help="payment date YYYY-MM-DD (default: today)")
    parser.add_argument("--note", default="", help="free text kept with the entry")
    parser.add_argument("--by", default="cli", help="who recorded it (default: cli)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(func=run)


@contextmanager
def unit_of_work() -> Iterator[UnitOfWork]:
    """A unit of work on the database named by --db / DATABASE_URL, migrated first when it is behind."""
    url = database_url()
    if migrations.needs_upgrade(url):
        migrations.upgrade(url)
    engine = make_engine(url)
    try:
        yield UnitOfWork(session_factory(engine))
    finally:
        engine.dispose()


def run(args: argparse.Namespace) -> int:
    try:
        amount = rupees(args.amount)
    except ValueError as exc:
        print(f"payment: {exc}", file=sys.stderr)
        return 2
    try:
        with unit_of_work() as uow:
            done = record_payment(
                uow, args.dealer, amount, ref=args.ref, on=args.on, by=args.by, note=args.note
            )
    except DomainError as exc:
        print(f"payment: {exc}", file=sys.stderr)
        return 1
    if args.json:
        out = {
            "dealer": args.dealer.upper(),
            "created": done.created,
            "entry": entry_json(done.entry),
            "balance": money_str(done.balance),
        }
        print(json.dumps(out, ensure_ascii=False))
        return 0
    paid = fmt_inr(-done.entry.amount)
    ref = f" (ref {done.entry.ref})" if done.entry.ref else ""
    said = "recorded" if done.created else "was already recorded; nothing added"
    print(f"{args.dealer.upper()}: payment of {paid}{ref} {said}. Balance now {fmt_inr(done.balance)}.")
    return 0
