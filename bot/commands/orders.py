"""`orderbot orders --dealer CODE [--json]`: a dealer's orders, newest first, with state and totals.

orderbot orders --dealer D201 --state confirmed --state on_hold --json
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.commands.payment import unit_of_work
from domain.errors import DomainError
from domain.money import fmt_inr
from domain.orders import State
from domain.services.orders import list_orders


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "orders", help="list a dealer's orders", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--dealer", required=True, metavar="CODE", help="dealer code, e.g. D201")
    parser.add_argument(
        "--state",
        action="append",
        choices=[s.value for s in State],
        help="only orders in this state (repeatable)",
    )
    parser.add_argument("--limit", type=int, default=None, help="at most this many (newest first)")
    parser.add_argument("--json", action="store_true", help="one JSON object: dealer and orders")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    states = [State(s) for s in args.state] if args.state else None
    try:
        with unit_of_work() as uow:
            found = list_orders(uow, args.dealer, states=states, limit=args.limit)
    except DomainError as exc:
        print(f"orders: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(
            json.dumps(
                {"dealer": args.dealer.upper(), "orders": [o.to_json() for o in found]}, ensure_ascii=False
            )
        )
        return 0
    if not found:
        print(f"{args.dealer.upper()}: no orders")
    for order in found:
        day = order.created_at.date().isoformat()
        lines = f"{len(order.lines)} line{'s' if len(order.lines) != 1 else ''}"
        print(f"{order.number:<10} {day}  {order.state.value:<22} {fmt_inr(order.total):>14}  {lines}")
    return 0
