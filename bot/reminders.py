"""Payment reminders: every dealer with overdue invoices hears the amount and its ageing, now and then.

    send_payment_reminders()       rq job and `orderbot remind`: remind whoever is due, then deliver
    scheduled_reminders()          rq job: first schedule tomorrow's run, then remind (a daily chain)
    schedule_next(queue)           put the next daily run in rq's scheduler (`rq worker --with-scheduler`)
    plan(session, today, now)      who would be reminded, and why the others are not (no writes)

A dealer is reminded when, on `today` (India's calendar):
- he is active and his reminders are not paused (staff pause them on the dealer page);
- something is overdue: an unpaid invoice (or opening balance) past its due date, after
  payments have paid the oldest first (domain.ledger.overdue_ageing);
- he was not reminded in the last `reminder_every_days` days (setting, default 7).

The reminder is bot.replies.payment_reminder: the amount overdue, days the oldest is
overdue, the amount overdue in each ageing bucket that has any (0-30, 31-60, 61-90, 90+
days since the bill, the buckets of the dealer's statement and the console), and how to
pay from the `payment_instructions` setting. When the dealer has not written to the bot
in the last 24 hours, WhatsApp accepts only an approved template, so the outbox row is
sent as template `payment_reminder` (variables 1 = name, 2 = amount, 3 = days: the
approved template has no place for the buckets); inside the window it goes as the text
with the buckets, naming the same template for the 63016 fallback.

The outbox row is the record of a reminder: its dedupe key `reminder:<code>:<day>`
makes two runs on one day queue it once, and the newest such row tells the next run
when the dealer was last reminded. Each dealer is handled under his lock, in his own
transaction, so a run stopped half-way leaves the others for the next run.

Scheduling: the chain starts with `orderbot remind --schedule` (or any call of
`schedule_next`); each run schedules the next one (`reminder_hour` setting, default 10,
India time) before it works, with the day in the job id, so a chain started twice still
runs once a day. Every scheduled sweep checks the next run is there (`ensure_scheduled`),
so a chain Redis lost, or never started, is back within a sweep.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot import replies, runtime
from bot.dispatch import job_safe
from bot.i18n import speaking
from bot.languages import reply_locale
from bot.logging import mask_phone
from bot.models import InboundMessage, OutboxMessage
from bot.store import queue_message
from domain.columns import utcnow
from domain.db import lock_dealer
from domain.ledger import oldest_overdue_days, overdue_ageing
from domain.models import Dealer, LedgerEntry
from domain.money import fmt_inr
from domain.services.credit import IST, setting, today_local
from domain.services.ledger import entries_of

if TYPE_CHECKING:
    from rq import Queue

    from bot.runtime import Runtime

log = logging.getLogger(__name__)

TEMPLATE = "payment_reminder"
WINDOW = timedelta(hours=24)  # WhatsApp's customer-service window
JOB = "bot.reminders.scheduled_reminders"
JOB_TIMEOUT = 1800


@dataclass(frozen=True)
class Due:
    """One dealer's reminder (or why there is none): `skip` is '' when he is to be reminded."""

    code: str
    name: str
    phone: str
    overdue: Decimal
    # (ageing bucket, amount overdue in it) for each bucket with any, youngest first; they sum to `overdue`
    bands: tuple[tuple[str, Decimal], ...]
    oldest_days: int
    outside_window: bool
    skip: str = ""  # "paused" | "reminded <date>" | "inactive"


@dataclass(frozen=True)
class ReminderReport:
    sent: tuple[str, ...]  # dealer codes reminded by this run
    skipped: tuple[Due, ...]  # overdue dealers not reminded, each with the reason
    outbox_ids: tuple[int, ...]

    def __str__(self) -> str:
        return f"reminded {len(self.sent)} dealers, skipped {len(self.skipped)}"


def every_days(session: Session) -> int:
    """The `reminder_every_days` setting (7): at most one reminder per dealer in this many days."""
    text = setting(session, "reminder_every_days", "7")
    return max(int(text), 1) if text.isdigit() else 7


def reminder_hour(session: Session) -> int:
    """The `reminder_hour` setting (10): the hour of the day (India time) the daily run starts."""
    text = setting(session, "reminder_hour", "10")
    return int(text) if text.isdigit() and int(text) < 24 else 10


def _owing(session: Session) -> list[Dealer]:
    """Dealers whose ledger balance is above zero (only they can have anything overdue)."""
    owing = (
        sa.select(LedgerEntry.dealer_id)
        .group_by(LedgerEntry.dealer_id)
        .having(sa.func.sum(sa.type_coerce(LedgerEntry.amount, sa.BigInteger)) > 0)
    )
    return list(session.scalars(sa.select(Dealer).where(Dealer.id.in_(owing)).order_by(Dealer.code)))


def _key(code: str, day: date) -> str:
    return f"reminder:{code}:{day.isoformat()}"


def last_reminded(session: Session, code: str) -> datetime | None:
    """When the dealer's newest reminder was queued, or None."""
    prefix = f"reminder:{code}:".replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return session.scalar(
        sa.select(sa.func.max(OutboxMessage.created_at)).where(
            OutboxMessage.dedupe_key.like(prefix + "%", escape="\\")
        )
    )


def _outside_window(session: Session, phone: str, now: datetime) -> bool:
    last = session.scalar(
        sa.select(sa.func.max(InboundMessage.received_at)).where(InboundMessage.phone == phone)
    )
    return last is None or last < now - WINDOW


def assess(session: Session, dealer: Dealer, today: date, now: datetime, every: int) -> Due | None:
    """The dealer's reminder, or None when nothing of his is overdue."""
    entries = entries_of(session, dealer.id)
    late = overdue_ageing(entries, today)
    if not late.items:
        return None
    bands = tuple((label, amount) for label, amount in late.buckets.items() if amount > 0)
    days = oldest_overdue_days(entries, today) or 0
    skip = ""
    if not dealer.active:
        skip = "inactive"
    elif dealer.reminders_paused:
        skip = "paused"
    else:
        last = last_reminded(session, dealer.code)
        if last is not None and last > now - timedelta(days=every):
            skip = f"reminded {last.astimezone(IST).date().isoformat()}"
    return Due(
        dealer.code,
        dealer.name,
        dealer.phone,
        late.total,
        bands,
        days,
        _outside_window(session, dealer.phone, now),
        skip,
    )


def plan(session: Session, today: date | None = None, now: datetime | None = None) -> list[Due]:
    """Every dealer with something overdue, with his reminder or the reason he gets none."""
    day, moment = today or today_local(), now or utcnow()
    every = every_days(session)
    found = (assess(session, d, day, moment, every) for d in _owing(session))
    return [due for due in found if due is not None]


def text(session: Session, due: Due) -> str:
    """The reminder, in the dealer's language (bot/languages.py)."""
    how = setting(session, "payment_instructions", replies.HOW_TO_PAY) or replies.HOW_TO_PAY
    with speaking(reply_locale(session, due.phone)):
        return replies.payment_reminder(due.name, due.overdue, dict(due.bands), due.oldest_days, how)


def remind_one(session: Session, code: str, today: date, now: datetime) -> int | None:
    """Queue one dealer's reminder under his lock; the outbox id, or None when he is not due one."""
    found = session.scalar(sa.select(Dealer.id).where(Dealer.code == code))
    if found is None:
        return None
    dealer = lock_dealer(session, found)
    due = assess(session, dealer, today, now, every_days(session))
    if due is None or due.skip:
        return None
    row = queue_message(
        session,
        due.phone,
        text(session, due),
        template=TEMPLATE,
        template_vars={"1": due.name, "2": fmt_inr(due.overdue), "3": str(due.oldest_days)},
        as_template=due.outside_window,
        dedupe_key=_key(due.code, today),
    )
    if row is None:
        return None
    row.created_at = now  # the run's moment: what the next run compares with
    return row.id


def run_reminders(rt: Runtime, today: date | None = None, now: datetime | None = None) -> ReminderReport:
    """Remind every dealer due one (see module doc), then hand the messages to delivery."""
    day, moment = today or today_local(), now or utcnow()
    with rt.sessions() as session:
        dues = plan(session, day, moment)
    sent: list[str] = []
    outbox: list[int] = []
    for due in dues:
        if due.skip:
            continue
        with rt.sessions() as session, session.begin():
            outbox_id = remind_one(session, due.code, day, moment)
        if outbox_id is not None:
            sent.append(due.code)
            outbox.append(outbox_id)
            log.info("payment reminder to %s (%s): %s overdue", due.code, mask_phone(due.phone), due.overdue)
    for outbox_id in outbox:
        rt.dispatcher.deliver(outbox_id)
    skipped = tuple(d for d in dues if d.skip or d.code not in sent)
    return ReminderReport(tuple(sent), skipped, tuple(outbox))


def send_payment_reminders() -> str:
    """rq job (and `orderbot remind`): one reminder run on the process's runtime."""
    return str(run_reminders(runtime.current()))


# --- scheduling ---------------------------------------------------------------------------------------


def next_run(now: datetime, hour: int) -> datetime:
    """The next `hour`:00 India time strictly after `now`.

    >>> from datetime import UTC
    >>> next_run(datetime(2026, 11, 21, 4, 0, tzinfo=UTC), 10).isoformat()   # 09:30 IST
    '2026-11-21T10:00:00+05:30'
    >>> next_run(datetime(2026, 11, 21, 4, 30, tzinfo=UTC), 10).isoformat()  # 10:00 IST exactly
    '2026-11-22T10:00:00+05:30'
    """
    local = now.astimezone(IST)
    at = datetime.combine(local.date(), time(hour), IST)
    return at if at > local else at + timedelta(days=1)


def job_id(at: datetime, queue: str) -> str:
    """The rq job id of the run at `at` for the deployment on `queue`: one a day, whoever schedules it.

    Job ids are global in a Redis database, so the queue's name is part of it: two deployments
    sharing one Redis (each its own RQ_QUEUE) each get their own daily run."""
    return f"orderbot-reminders-{at.date().isoformat()}-{job_safe(queue)}"


def schedule_next(queue: Queue, now: datetime | None = None, hour: int | None = None) -> datetime:
    """Schedule the next daily run in rq (job id carries the day, so scheduling twice runs once)."""
    if hour is None:
        with runtime.current().sessions() as session:
            hour = reminder_hour(session)
    at = next_run(now or utcnow(), hour)
    queue.enqueue_at(
        at,
        JOB,
        job_id=job_id(at, queue.name),
        job_timeout=JOB_TIMEOUT,
        result_ttl=3 * 86400,
    )
    return at


def ensure_scheduled(queue: Queue, now: datetime | None = None) -> bool:
    """Schedule the next daily run unless rq already holds it; True when it scheduled one.

    Every scheduled sweep calls this, so a chain that Redis lost with its data, or that was
    never started because the database was down when the workers started, is whole again
    within one sweep. Raises SQLAlchemyError when the `reminder_hour` setting cannot be read.
    """
    from rq.job import Job

    with runtime.current().sessions() as session:
        hour = reminder_hour(session)
    at = next_run(now or utcnow(), hour)
    if Job.exists(job_id(at, queue.name), connection=queue.connection):
        return False
    schedule_next(queue, now, hour)
    return True


def scheduled_reminders() -> str:
    """rq job: schedule tomorrow's run first (a failing run cannot break the chain), then remind."""
    from bot.dispatch import RqDispatcher

    rt = runtime.current()
    if isinstance(rt.dispatcher, RqDispatcher):
        schedule_next(rt.dispatcher.queue)
    return str(run_reminders(rt))


def describe(dues: Sequence[Due]) -> list[str]:
    """One line per overdue dealer, for the command line: total, oldest, how sent, why not, by age.

    >>> bands = (("0-30", Decimal("8000.00")), ("31-60", Decimal("4400.00")))
    >>> (line,) = describe([Due("D1", "Sharma", "+919000000201", Decimal("12400.00"), bands, 45, True)])
    >>> " ".join(line.split())
    'D1 ₹12,400.00 oldest 45 days template remind 0-30: ₹8,000.00, 31-60: ₹4,400.00'
    """
    return [
        f"{d.code:<10} {fmt_inr(d.overdue):>16} oldest {d.oldest_days:>4} days  "
        f"{'template' if d.outside_window else 'text':<8} {d.skip or 'remind':<19}  "
        + ", ".join(f"{label}: {fmt_inr(amount)}" for label, amount in d.bands)
        for d in dues
    ]
