"""`orderbot statement DEALER [--json]`: balance, limit, exposure, available credit, ageing, last entries.

orderbot statement D201 --json
orderbot statement D201 --from 2026-10-01 --to 2026-10-31     # adds that period's entries
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from typing import Any

from bot.commands.payment import unit_of_work
from domain.errors import DomainError
from domain.ledger import Statement
from domain.money import fmt_inr, money_str
from domain.services.claims import ClaimView, list_claims
from domain.services.credit import find_dealer
from domain.services.ledger import dealer_summary, entry_json, statement


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "statement", help="a dealer's account", description=__doc__.splitlines()[0]
    )
    parser.add_argument("dealer", metavar="DEALER", help="dealer code, e.g. D201")
    parser.add_argument("--last", type=int, default=10, help="how many recent entries to show (default 10)")
    parser.add_argument("--from", dest="start", type=date.fromisoformat, help="period start YYYY-MM-DD")
    parser.add_argument(
        "--to", dest="end", type=date.fromisoformat, help="period end YYYY-MM-DD (default: today)"
    )
    parser.add_argument(
        "--today", type=date.fromisoformat, help="age invoices as of this date (default: today)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        with unit_of_work() as uow:
            summary = dealer_summary(uow, args.dealer, today=args.today, last=args.last)
            period = None
            if args.start is not None:
                period = statement(uow, args.dealer, args.start, args.end or summary.ageing.today)
            with uow:  # claims still being checked, listed under the account
                found = find_dealer(uow.session, args.dealer)
                claims = [claim_json(c) for c in list_claims(uow.session, dealer_id=found.id)]
    except DomainError as exc:
        print(f"statement: {exc}", file=sys.stderr)
        return 1
    if args.json:
        out = summary.to_json()
        if period is not None:
            out["period"] = period_json(period)
        out["open_claims"] = claims
        print(json.dumps(out, ensure_ascii=False))
        return 0
    limit = "no limit" if summary.limit is None else fmt_inr(summary.limit)
    available = "" if summary.available is None else f", available {fmt_inr(summary.available)}"
    print(f"{summary.code} {summary.name}")
    print(
        f"balance {fmt_inr(summary.balance)}, exposure {fmt_inr(summary.exposure)}, limit {limit}{available}"
    )
    print("ageing: " + ", ".join(f"{k} days {fmt_inr(v)}" for k, v in summary.ageing.buckets.items()))
    for ln in period.lines if period else ():
        amount, running = fmt_inr(ln.entry.amount), fmt_inr(ln.running)
        print(f"  {ln.entry.on}  {ln.entry.kind.value:<12} {amount:>14}  {running:>14}  {ln.entry.ref}")
    if period is None:
        for entry in summary.last_entries:
            print(f"  {entry.on}  {entry.kind.value:<12} {fmt_inr(entry.amount):>14}  {entry.ref}")
    for claim in claims:
        order = f" on {claim['order']}" if claim["order"] else ""
        print(f"open claim {claim['claim']} ({claim['reason']}){order}, told {claim['told']}")
    return 0


def claim_json(claim: ClaimView) -> dict[str, Any]:
    """An open claim as the statement lists it."""
    return {
        "claim": claim.number,
        "reason": claim.reason,
        "order": claim.order,
        "told": claim.created_at.date().isoformat(),
        "lines": [
            {"sku": ln.sku, "qty": None if ln.qty is None else f"{ln.qty.normalize():f}", "uom": ln.uom}
            for ln in claim.lines
        ],
    }


def period_json(period: Statement) -> dict[str, Any]:
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "opening": money_str(period.opening),
        "debits": money_str(period.debits),
        "credits": money_str(period.credits),
        "closing": money_str(period.closing),
        "entries": [dict(entry_json(ln.entry), running=money_str(ln.running)) for ln in period.lines],
    }
