"""`orderbot chat --phone +91...`: talk to the bot in a terminal, through the same path as WhatsApp.

    orderbot chat --phone +919000000101
    orderbot chat --phone +919000000101 --say "10 peti maggi" --say yes

Each line is stored as an inbound message (as the webhook stores it) and
processed by the same job, inline; the replies printed are the outbox rows the
bot queued, delivered to a local sender (nothing reaches Twilio). Type "\\n" for
a line break inside one message; an empty line or Ctrl-D ends the chat.
The database is migrated first when it is empty or behind.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bot.store import E164


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "chat",
        help="chat with the bot in the terminal as a dealer or rep",
        description=__doc__.splitlines()[0],
    )
    parser.add_argument("--phone", required=True, help="the sender's number in E.164, e.g. +919000000101")
    parser.add_argument(
        "--say",
        action="append",
        default=[],
        metavar="TEXT",
        help="send TEXT and print the replies (repeatable); without it, read lines from stdin",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from bot import migrations
    from bot.config import ConfigError, load_settings
    from bot.runtime import build_runtime
    from bot.simulator import LocalSender, local_config, send_local
    from domain.db import database_url

    phone = args.phone.strip()
    if not E164.fullmatch(phone):
        print(f"orderbot chat: --phone {phone!r} is not an E.164 number like +919000000101", file=sys.stderr)
        return 2
    url = database_url()
    if migrations.needs_upgrade(url):
        migrations.upgrade(url)
    try:
        runtime = build_runtime(load_settings(local_config(url)), sender=LocalSender())
    except ConfigError as exc:
        print(f"orderbot chat: {exc}", file=sys.stderr)
        return 2
    if not _has_dealers(runtime):
        print(
            "orderbot chat: this database has no dealers yet; load some with `orderbot import fixtures/` "
            "(or chat with the demo's database, which `orderbot demo` prints)",
            file=sys.stderr,
        )
    try:
        lines = args.say or _typed()
        for text in lines:
            for reply in send_local(runtime, phone, text.replace("\\n", "\n")):
                print(_indent(reply), flush=True)
    finally:
        runtime.close()
    return 0


def _has_dealers(runtime: Any) -> bool:
    import sqlalchemy as sa

    from domain.models import Dealer

    with runtime.sessions() as session:
        return bool(session.scalar(sa.select(sa.func.count(Dealer.id))))


def _typed() -> Any:
    interactive = sys.stdin.isatty()
    while True:
        if interactive:
            print("you> ", end="", flush=True)
        line = sys.stdin.readline()
        if not line or not line.strip():
            return
        yield line.rstrip("\n")


def _indent(text: str) -> str:
    return "bot> " + text.replace("\n", "\n     ") + "\n"
