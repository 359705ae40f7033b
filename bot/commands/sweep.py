"""`orderbot sweep`: hand stored-but-stuck messages and replies to the jobs again (bot/sweeper.py).

    orderbot sweep              one pass, prints what it found
    orderbot sweep --every 30   a pass every 30 seconds until interrupted (no Redis scheduler)
"""

from __future__ import annotations

import argparse
import time
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("sweep", help="re-run stored messages and replies that got stuck")
    parser.add_argument("--every", type=int, metavar="SECONDS", help="repeat every SECONDS until interrupted")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from bot import runtime
    from bot.config import ConfigError
    from bot.sweeper import sweep

    try:
        rt = runtime.current()
    except ConfigError as exc:
        print(f"orderbot sweep: {exc}")
        return 2
    while True:
        report = sweep(rt)
        print(
            f"inbound re-run: {report.inbound}, replies re-sent: {report.outbox}, "
            f"unstuck from sending: {report.unstuck}, handed on: {report.handed_on}",
            flush=True,
        )
        if not args.every:
            return 0
        time.sleep(args.every)
