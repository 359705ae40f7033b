"""`orderbot demo`: the bot on this machine with the demo data, and the simulator to chat with it.

    orderbot demo                      # http://127.0.0.1:5000/simulator
    orderbot demo --port 8000 --fresh  # start over from the fixtures
    orderbot demo --samples            # only print what the parser makes of fixtures/sample_messages.jsonl

It migrates an embedded SQLite database of its own (the user data directory's
orderbot/demo.db, or --file; never DATABASE_URL, so a real database is never
touched), imports fixtures/ (catalog, dealers with phones, field reps, prices,
schemes, stock, balances) when the database is new, with 60 days of orders, invoices and payments
before today (bot/commands/_demo_history.py: the dashboard and reports show something on first
open), and serves the web app with
jobs inline and a local sender in place of Twilio: replies land in the outbox
as "sent" and nothing leaves the machine. The simulator page posts each message
through the signed webhook, exactly as Twilio would.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SAMPLE_PHONE = "+919000000101"


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("demo", help="run the bot locally on the demo data, with the /simulator page")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=5000, help="port (default 5000)")
    p.add_argument(
        "--file", default=None, help="the demo's SQLite file (default: user data dir/orderbot/demo.db)"
    )
    p.add_argument("--fresh", action="store_true", help="delete the demo database first and start over")
    p.add_argument("--fixtures", default=str(FIXTURES), help="folder with the demo master files")
    p.add_argument(
        "--samples",
        action="store_true",
        help="print what the parser makes of sample_messages.jsonl instead of serving",
    )
    p.set_defaults(func=run)


def demo_file(given: str | None) -> Path:
    if given:
        return Path(given).expanduser().resolve()
    from platformdirs import user_data_dir

    return Path(user_data_dir("orderbot", appauthor=False)) / "demo.db"


def prepare(path: Path, fixtures: Path, fresh: bool = False) -> str:
    """Migrate the demo database and load the fixtures when it is new; its URL."""
    import sqlalchemy as sa

    from bot import migrations
    from bot.commands._demo_history import seed_history
    from domain.db import make_engine, session_factory
    from domain.importing import import_dir
    from domain.models import Dealer

    if fresh and path.exists():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    url = f"sqlite:///{path}"
    migrations.upgrade(url)
    engine = make_engine(url)
    try:
        sessions = session_factory(engine)
        with sessions() as session:
            empty = session.scalar(sa.select(sa.func.count(Dealer.id))) == 0
        if empty:
            for result in import_dir(sessions, fixtures):
                print(f"  {result}")
            print(f"  {seed_history(sessions)}")
    finally:
        engine.dispose()
    return url


def run(args: argparse.Namespace) -> int:
    fixtures = Path(args.fixtures)
    if args.samples:
        return play_samples(fixtures)
    if not (fixtures / "catalog.csv").is_file():
        print(f"orderbot demo: no catalog.csv in {fixtures}", file=sys.stderr)
        return 2
    from bot import create_app
    from bot.simulator import LocalSender, local_config
    from domain.errors import DomainError

    path = demo_file(args.file)
    print(f"orderbot demo: database {path}")
    try:
        url = prepare(path, fixtures, args.fresh)
    except DomainError as exc:
        print(f"orderbot demo: the fixtures did not load: {exc}", file=sys.stderr)
        return 1
    app = create_app(local_config(url, OUTBOUND_SENDER=LocalSender()))
    base = f"http://{args.host}:{args.port}"
    print(
        f"\n  Simulator: {base}/simulator\n"
        f"  Try it as Shree Ganesh Kirana ({SAMPLE_PHONE}):\n"
        "  'bhaiya 10 peti maggi aur 5 peti parle g bhej do', then 'yes',\n"
        "  then 'balance' or 'status'. Field rep +919000000901 can send\n"
        "  'order for Laxmi Provision Stores: 5 cs maggi'.\n"
        f"  Terminal instead: orderbot --db sqlite:///{path} chat --phone {SAMPLE_PHONE}\n"
        "  Nothing is sent to Twilio: replies go to a local sender. Ctrl-C stops.\n",
        flush=True,
    )
    try:
        app.run(host=args.host, port=args.port, threaded=True, use_reloader=False)
    finally:
        app.extensions["orderbot"].close()
    return 0


def play_samples(folder: Path) -> int:
    """Parse each sample chat and print the structured order (the parser alone, no database)."""
    from nlu.catalog import CatalogError
    from nlu.parser import Parser

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
        qty = f"{ln.qty.normalize():f}"
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
