"""`orderbot quote --dealer CODE --jsonl [--on YYYY-MM-DD]`: price messages, store nothing.

Reads one message per line on standard input (data contract, section 4): a
JSON string, priced for `--dealer` on `--on` (default today), or a JSON object
`{"dealer": "D101", "on": "2026-11-21", "text": "..."}` naming its own. Writes
one JSON object per input line, in order. A line that cannot be quoted (bad
JSON, unknown dealer, a SKU with no price) gets `{"error": "..."}` on its line
and the rest go on.

    echo '"10 case maggi masala"' | orderbot --db sqlite:///x.db quote --dealer D201 --jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from sqlalchemy.orm import Session

from bot.snapshot import snapshot
from domain.db import make_engine, session_factory
from domain.errors import DomainError
from domain.pricing import PricingError
from domain.quote import LineRequest, PriceBook
from domain.services.credit import find_dealer, today_local
from domain.services.quoting import load_price_book, quote_for_dealer

if TYPE_CHECKING:
    from nlu.parser import Parser


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("quote", help="price messages for a dealer as JSON lines (stores nothing)")
    parser.add_argument("--dealer", metavar="CODE", help="dealer for lines that are plain JSON strings")
    parser.add_argument("--jsonl", action="store_true", required=True,
                        help="read JSON lines on stdin, write JSON lines on stdout")
    parser.add_argument("--on", metavar="YYYY-MM-DD", type=_iso_day,
                        help="price as on this date (decides the schemes' validity); default today")
    parser.set_defaults(func=run)


class BadLine(ValueError):
    """An input line that is not a message this command can quote."""


def run(args: argparse.Namespace) -> int:
    from nlu.parser import Parser  # imported here so `orderbot --help` never pays for the parser

    engine = make_engine().execution_options(sqlite_deferred=True)  # read only: no write lock
    sessions = session_factory(engine)
    try:
        with sessions() as session:
            snap = snapshot(session)
            nlu = Parser(snap.products, snap.dealers, snap.aliases)
            book = load_price_book(session)
            session.rollback()
            for out in quote_lines(session, sys.stdin, nlu, book, args.dealer, args.on):
                print(json.dumps(out, ensure_ascii=False), flush=True)
                session.rollback()  # each message sees the database fresh, and nothing is kept
    finally:
        engine.dispose()
    return 0


def quote_lines(session: Session, stream: TextIO, nlu: Parser, book: PriceBook, dealer: str | None,
                on: date | None) -> Iterator[dict[str, Any]]:
    """One contract object (or error object) per non-blank input line."""
    for number, raw in enumerate(stream, start=1):
        if not raw.strip():
            continue
        code = dealer
        try:
            code, day, text = read_message(raw, number, dealer, on)
            yield quote_message(session, nlu, book, code, day, text)
        except (BadLine, DomainError, PricingError) as exc:
            yield {"dealer": code, "error": str(exc)}
        except Exception as exc:  # a bug must not cost the lines after it their answers
            session.rollback()
            traceback.print_exc(file=sys.stderr)
            yield {"dealer": code, "error": f"line {number}: internal error ({type(exc).__name__}: {exc})"}


def read_message(raw: str, number: int, dealer: str | None, on: date | None) -> tuple[str, date, str]:
    """(dealer code, date, text) of one input line."""
    try:
        item = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise BadLine(f"line {number}: not JSON ({exc.msg})") from None
    if isinstance(item, str):
        text, code, day = item, dealer, on
    elif isinstance(item, dict) and isinstance(item.get("text"), str):
        text, code = item["text"], item.get("dealer") or dealer
        day = on
        if item.get("on"):
            try:
                day = _iso_day(str(item["on"]))
            except argparse.ArgumentTypeError as exc:
                raise BadLine(f"line {number}: {exc}") from None
    else:
        raise BadLine(f"line {number}: expected a JSON string or an object with \"text\"")
    if not code:
        raise BadLine(f"line {number}: no dealer (give --dealer or \"dealer\" in the object)")
    return str(code), day or today_local(), text


def quote_message(session: Session, nlu: Parser, book: PriceBook, code: str, day: date,
                  text: str) -> dict[str, Any]:
    dealer = find_dealer(session, code)
    parsed = nlu.parse(text, dealer=dealer.code)  # his own learned phrases count too
    requests = [LineRequest(ln.sku, ln.qty, ln.uom) for ln in parsed.lines]
    quote = quote_for_dealer(session, dealer, requests, day, book)
    unmatched = [u.text for u in parsed.unmatched]
    return quote.to_contract(dealer.code, parsed.intent, unmatched, parsed.needs_review)


def _iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"date '{text}' is not YYYY-MM-DD") from None
