"""`orderbot demo`: parse the sample chats in fixtures/ and print each structured order.

Uses fixtures/catalog.csv, fixtures/dealers.csv and fixtures/sample_messages.jsonl
(one JSON object per line with at least "text"). A later issue turns this
into starting the bot; for now it shows what the parser makes of a day's chats.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("demo", help="parse the sample chats in fixtures/ and print the orders")
    p.add_argument(
        "--fixtures", default=str(FIXTURES), help="directory with catalog.csv and sample_messages.jsonl"
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from nlu.catalog import CatalogError
    from nlu.parser import Parser

    folder = Path(args.fixtures)
    catalog, dealers, samples = (
        folder / "catalog.csv",
        folder / "dealers.csv",
        folder / "sample_messages.jsonl",
    )
    for needed in (catalog, samples):
        if not needed.is_file():
            print(f"orderbot demo: {needed} is missing", file=sys.stderr)
            return 2
    try:
        parser = Parser.from_csv(catalog, dealers if dealers.is_file() else None)
    except CatalogError as exc:
        print(f"orderbot demo: {exc}", file=sys.stderr)
        return 2
    names = {p.sku: p.name for p in parser.index.products}
    with samples.open(encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                text = str(json.loads(line)["text"])
            except (json.JSONDecodeError, KeyError, TypeError):
                print(
                    f'orderbot demo: {samples.name} line {number}: needs a JSON object with "text"',
                    file=sys.stderr,
                )
                return 2
            print(render(text, parser.parse(text), names))
    return 0


def render(text: str, parsed: Any, names: dict[str, str]) -> str:
    out = ["-" * 60, "> " + text.replace("\n", "\n> ")]
    head = f"  intent: {parsed.intent}"
    if parsed.customer:
        head += f"   customer: {parsed.customer}"
    if parsed.order_ref:
        head += f"   order: {parsed.order_ref}"
    out.append(head)
    for ln in parsed.lines:
        qty = f"{ln.qty:f}".rstrip("0").rstrip(".") if "." in f"{ln.qty:f}" else f"{ln.qty:f}"
        out.append(
            f"  {qty:>6} {ln.uom:<7} {ln.sku:<14} {names.get(ln.sku, '')}  ({ln.how}, {ln.confidence:.2f})"
        )
    for um in parsed.unmatched:
        options = ", ".join(c.sku for c in um.candidates[:3])
        out.append(f"  ?? '{um.text}' ({um.reason}{': ' + options if options else ''})")
    if parsed.intent == "order":
        out.append(
            "  -> " + ("needs review by ops" if parsed.needs_review else "ready to confirm with the dealer")
        )
    return "\n".join(out)
