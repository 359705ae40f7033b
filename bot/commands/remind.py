"""`orderbot remind`: payment reminders to dealers with overdue invoices (bot/reminders.py).

    orderbot remind              remind every dealer due one now, and deliver
    orderbot remind --dry-run    list overdue dealers and whether each would be reminded; sends nothing
    orderbot remind --schedule   start the daily run in rq's scheduler (needs REDIS_URL and
                                 `rq worker --with-scheduler`); safe to repeat

Each dealer is reminded at most once per `reminder_every_days` (setting, 7 days);
dealers whose reminders are paused in the console are listed and skipped.
"""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "remind", help="payment reminders to dealers with overdue invoices",
        description=__doc__.splitlines()[0],
    )
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--dry-run", action="store_true", help="list who would be reminded; send nothing")
    what.add_argument("--schedule", action="store_true", help="run it daily through rq's scheduler")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.dry_run:
        return _dry_run()
    from bot import runtime
    from bot.config import ConfigError

    try:
        rt = runtime.current()
    except ConfigError as exc:
        print(f"orderbot remind: {exc}")
        return 2
    if args.schedule:
        return _schedule(rt)
    from bot.reminders import run_reminders

    report = run_reminders(rt)
    for code in report.sent:
        print(f"reminded {code}")
    for due in report.skipped:
        print(f"skipped  {due.code}: {due.skip or 'already reminded today'}")
    print(report)
    return 0


def _dry_run() -> int:
    from bot.reminders import describe, plan
    from domain.db import database_url, make_engine, session_factory

    engine = make_engine(database_url())
    try:
        with session_factory(engine)() as session:
            dues = plan(session)
    finally:
        engine.dispose()
    for line in describe(dues):
        print(line)
    print(f"{sum(1 for d in dues if not d.skip)} of {len(dues)} overdue dealers would be reminded")
    return 0


def _schedule(rt: Any) -> int:
    from redis.exceptions import RedisError

    from bot.dispatch import RqDispatcher
    from bot.reminders import schedule_next

    if not isinstance(rt.dispatcher, RqDispatcher):
        print("orderbot remind --schedule: REDIS_URL is not set; without rq, run `orderbot remind` from cron")
        return 2
    try:
        at = schedule_next(rt.dispatcher.queue)
    except (RedisError, OSError) as exc:
        print(f"orderbot remind --schedule: Redis refused ({type(exc).__name__}); nothing scheduled")
        return 1
    print(f"payment reminders scheduled daily; next run {at.isoformat()} (queue {rt.settings.rq_queue})")
    return 0
