"""Payment reminders: overdue dealers hear amount and age once per period, paused ones never,
and a dealer silent for 24 hours gets the approved template."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from contextlib import redirect_stdout
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
import sqlalchemy as sa

from bot import reminders
from bot.models import InboundMessage, OutboxMessage
from bot.outbound import Sent
from bot.runtime import Runtime
from domain.models import Dealer, LedgerEntry, Setting
from domain.money import fmt_inr
from tests.support.botapp import bot_runtime

D = Decimal
TODAY = date(2026, 11, 21)
NOW = datetime(2026, 11, 21, 5, 0, tzinfo=UTC)  # 10:30 in India
LATE, PAUSED, CURRENT = "+919000000201", "+919000000202", "+919000000203"


@dataclass
class Recording:
    """Stands in for Twilio: what was sent, as text or as which template."""

    sent: list[dict[str, Any]] = field(default_factory=list)

    def send(self, to: str, body: str | None = None, **kw: Any) -> Sent:
        self.sent.append({"to": to, "body": body, **kw})
        return Sent(sid=f"SM{uuid.uuid4().hex}", status="queued")


def seed(rt: Runtime) -> None:
    with rt.sessions() as s, s.begin():
        late = Dealer(code="D1", name="Sharma <b>Traders</b>", phone=LATE, town="Nagpur")
        paused = Dealer(code="D2", name="Gupta Stores", phone=PAUSED, reminders_paused=True)
        current = Dealer(code="D3", name="Patel Kirana", phone=CURRENT)
        s.add_all([late, paused, current])
        s.flush()
        # D1: 10,000 due 31 Oct, 3,000 paid (oldest first), 5,000 not yet due -> 7,000 overdue by 21 days
        s.add_all(
            [
                _entry(late.id, "invoice", "10000.00", date(2026, 10, 1), date(2026, 10, 31), "SO-1001"),
                _entry(late.id, "invoice", "5000.00", date(2026, 11, 10), date(2026, 12, 10), "SO-1002"),
                _entry(late.id, "payment", "-3000.00", date(2026, 11, 12), None, "UTR-1"),
                _entry(paused.id, "invoice", "2500.00", date(2026, 9, 1), date(2026, 10, 1), "SO-1003"),
                _entry(current.id, "invoice", "900.00", date(2026, 11, 15), date(2026, 12, 15), "SO-1004"),
            ]
        )


def _entry(dealer_id: int, kind: str, amount: str, on: date, due: date | None, ref: str) -> LedgerEntry:
    return LedgerEntry(
        dealer_id=dealer_id, kind=kind, amount=D(amount), entry_date=on, due_date=due, reference=ref
    )


@pytest.fixture
def rt(sqlite_url: str) -> Iterator[Runtime]:
    with bot_runtime(sqlite_url, TWILIO_TEMPLATES={"payment_reminder": "HXreminder"}) as runtime:
        runtime.sender = Recording()
        seed(runtime)
        yield runtime


def outbox(rt: Runtime) -> list[OutboxMessage]:
    with rt.sessions() as s:
        return list(s.scalars(sa.select(OutboxMessage).order_by(OutboxMessage.id)))


def wrote(rt: Runtime, phone: str, when: datetime) -> None:
    with rt.sessions() as s, s.begin():
        s.add(
            InboundMessage(
                message_sid=f"SM{uuid.uuid4().hex}",
                phone=phone,
                body="hi",
                status="processed",
                received_at=when,
            )
        )


def test_an_overdue_dealer_hears_the_amount_and_its_age_and_a_paused_one_is_skipped(rt: Runtime) -> None:
    report = reminders.run_reminders(rt, TODAY, NOW)
    assert report.sent == ("D1",)
    assert [(d.code, d.skip) for d in report.skipped] == [("D2", "paused")]  # D3 owes nothing overdue
    (row,) = outbox(rt)
    assert row.to_phone == LATE
    assert "₹7,000.00" in row.body and "21 days" in row.body
    assert (row.template_key, row.template_vars) == (
        "payment_reminder",
        {"1": "Sharma <b>Traders</b>", "2": "₹7,000.00", "3": "21"},
    )


# (invoices of a new dealer as (amount, billed, due), his overdue bands, total overdue, what the text says)
AGEING = [
    # billed 20 and 52 days ago, both past due: two bands, which add up to the total
    (
        [
            ("8000.00", date(2026, 11, 1), date(2026, 11, 8)),
            ("4400.00", date(2026, 9, 30), date(2026, 10, 30)),
        ],
        [("0-30", D("8000.00")), ("31-60", D("4400.00"))],
        D("12400.00"),
        "*₹12,400.00* is overdue, the oldest by 22 days. "
        "By bill age: ₹8,000.00 0-30 days, ₹4,400.00 31-60 days.",
    ),
    # one bill 95 days old and past due, one not yet due: only the 90+ band, and the bill not due is left out
    (
        [
            ("2500.50", date(2026, 8, 18), date(2026, 9, 17)),
            ("900.00", date(2026, 11, 15), date(2026, 12, 15)),
        ],
        [("90+", D("2500.50"))],
        D("2500.50"),
        "*₹2,500.50* is overdue, the oldest by 65 days. By bill age: ₹2,500.50 90+ days. ",
    ),
]


@pytest.mark.parametrize(("bills", "bands", "total", "says"), AGEING)
def test_the_reminder_gives_the_overdue_amount_in_each_ageing_band_that_has_any(
    rt: Runtime,
    bills: list[tuple[str, date, date]],
    bands: list[tuple[str, Decimal]],
    total: Decimal,
    says: str,
) -> None:
    with rt.sessions() as s, s.begin():
        dealer = Dealer(code="D4", name="Verma Agencies", phone="+919000000204")
        s.add(dealer)
        s.flush()
        s.add_all(
            _entry(dealer.id, "invoice", amount, on, due, f"SO-2{n}")
            for n, (amount, on, due) in enumerate(bills)
        )
    with rt.sessions() as s:
        (due,) = [d for d in reminders.plan(s, TODAY, NOW) if d.code == "D4"]
    assert (list(due.bands), due.overdue) == (bands, total)
    assert sum((amount for _, amount in due.bands), D("0")) == due.overdue
    reminders.run_reminders(rt, TODAY, NOW)
    (row,) = [r for r in outbox(rt) if r.to_phone == "+919000000204"]
    assert says in row.body
    # the approved template's variables are unchanged: name, total, days
    assert row.template_vars == {"1": "Verma Agencies", "2": fmt_inr(total), "3": str(due.oldest_days)}


def test_the_dry_run_line_lists_the_overdue_bands() -> None:
    due = reminders.Due(
        "D4",
        "Verma Agencies",
        "+919000000204",
        D("12400.00"),
        (("0-30", D("8000.00")), ("31-60", D("4400.00"))),
        22,
        False,
        "reminded 2026-11-20",
    )
    (line,) = reminders.describe([due])
    assert " ".join(line.split()) == (
        "D4 ₹12,400.00 oldest 22 days text reminded 2026-11-20 0-30: ₹8,000.00, 31-60: ₹4,400.00"
    )


# (hours since the dealer last wrote, None = never; sent as the template?)
WINDOW = [
    (None, True),  # never wrote: outside the 24-hour window
    (25, True),  # wrote yesterday, more than 24 hours ago
    (2, False),  # wrote this morning: free text is allowed
]


@pytest.mark.parametrize(("hours", "as_template"), WINDOW)
def test_outside_the_24_hour_window_the_approved_template_is_sent(
    rt: Runtime, hours: int | None, as_template: bool
) -> None:
    if hours is not None:
        wrote(rt, LATE, NOW - timedelta(hours=hours))
    reminders.run_reminders(rt, TODAY, NOW)
    (row,) = outbox(rt)
    assert row.as_template is as_template
    (sent,) = rt.sender.sent  # type: ignore[attr-defined]
    if as_template:
        assert sent["content_sid"] == "HXreminder"
        assert sent["content_variables"]["2"] == "₹7,000.00"
    else:
        assert sent["content_sid"] is None and "₹7,000.00" in sent["body"]


# (reminder_every_days setting or None for the default 7, days until the next run, reminded again?)
PERIODS = [
    (None, 0, False),  # a second run the same day adds nothing
    (None, 6, False),  # within the default week
    (None, 7, True),  # a week later: due again
    ("1", 1, True),  # a daily setting reminds the next day
    ("30", 20, False),  # a monthly setting holds off for the month
]


@pytest.mark.parametrize(("every", "days", "again"), PERIODS)
def test_a_dealer_is_reminded_at_most_once_per_period(
    rt: Runtime, every: str | None, days: int, again: bool
) -> None:
    if every is not None:
        with rt.sessions() as s, s.begin():
            s.add(Setting(key="reminder_every_days", value=every))
    assert reminders.run_reminders(rt, TODAY, NOW).sent == ("D1",)
    later = reminders.run_reminders(rt, TODAY + timedelta(days=days), NOW + timedelta(days=days))
    assert later.sent == (("D1",) if again else ())
    assert len(outbox(rt)) == (2 if again else 1)


def test_a_payment_that_clears_the_overdue_part_stops_the_reminder(rt: Runtime) -> None:
    with rt.sessions() as s, s.begin():
        dealer_id = s.scalar(sa.select(Dealer.id).where(Dealer.code == "D1"))
        assert dealer_id is not None
        s.add(_entry(dealer_id, "payment", "-7000.00", date(2026, 11, 20), None, "UTR-2"))
    with rt.sessions() as s:
        assert [d.code for d in reminders.plan(s, TODAY, NOW)] == ["D2"]  # only the paused dealer
    assert reminders.run_reminders(rt, TODAY, NOW).sent == ()


def test_the_dry_run_lists_dealers_and_sends_nothing(rt: Runtime, sqlite_url: str) -> None:
    from bot.cli import main

    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--db", sqlite_url, "remind", "--dry-run"]) == 0
    text = out.getvalue()
    assert "D1" in text and "remind" in text and "paused" in text
    assert outbox(rt) == []


@pytest.mark.redis
def test_the_daily_run_is_scheduled_once_in_rqs_scheduler(redis_url: str) -> None:
    from redis import Redis
    from rq import Queue
    from rq.registry import ScheduledJobRegistry
    from rq.serializers import JSONSerializer

    connection = Redis.from_url(redis_url)
    queue = Queue("default", connection=connection, serializer=JSONSerializer)
    first = reminders.schedule_next(queue, NOW, hour=10)
    again = reminders.schedule_next(queue, NOW + timedelta(minutes=5), hour=10)
    registry = ScheduledJobRegistry(queue=queue)
    assert first == again == datetime(2026, 11, 22, 4, 30, tzinfo=UTC)  # 10:00 IST tomorrow
    assert registry.get_job_ids() == ["orderbot-reminders-2026-11-22-default"]
    job = queue.fetch_job("orderbot-reminders-2026-11-22-default")
    assert job is not None and job.func_name == "bot.reminders.scheduled_reminders"
    assert registry.get_scheduled_time(job).replace(tzinfo=UTC) == first
    connection.close()


@pytest.mark.redis
def test_two_deployments_on_one_redis_each_get_their_daily_run(redis_url: str) -> None:
    """Job ids are global in Redis: the queue's name in the id keeps one deployment's run from
    hiding another's (found by a new operator's trial: RQ_QUEUE alone did not keep them apart)."""
    from redis import Redis
    from rq import Queue
    from rq.job import Job
    from rq.registry import ScheduledJobRegistry
    from rq.serializers import JSONSerializer

    connection = Redis.from_url(redis_url)
    first = Queue("shop-a", connection=connection, serializer=JSONSerializer)
    second = Queue("shop-b", connection=connection, serializer=JSONSerializer)
    at = reminders.schedule_next(first, NOW, hour=10)
    assert Job.exists(reminders.job_id(at, "shop-a"), connection=connection)
    assert not Job.exists(reminders.job_id(at, "shop-b"), connection=connection)  # what ensure_scheduled asks
    reminders.schedule_next(second, NOW, hour=10)
    assert ScheduledJobRegistry(queue=first).get_job_ids() == ["orderbot-reminders-2026-11-22-shop-a"]
    assert ScheduledJobRegistry(queue=second).get_job_ids() == ["orderbot-reminders-2026-11-22-shop-b"]
    assert reminders.job_id(datetime(2026, 11, 22, 4, 30, tzinfo=UTC), "shop:a") == (
        "orderbot-reminders-2026-11-22-shop_a"
    )


@pytest.mark.postgres
def test_on_postgresql_each_dealer_is_reminded_under_his_lock_once(postgres_url: str) -> None:
    with bot_runtime(postgres_url, TWILIO_TEMPLATES={"payment_reminder": "HXreminder"}) as runtime:
        runtime.sender = Recording()
        seed(runtime)
        assert reminders.run_reminders(runtime, TODAY, NOW).sent == ("D1",)
        assert reminders.run_reminders(runtime, TODAY, NOW).sent == ()
        assert [r.dedupe_key for r in outbox(runtime)] == ["reminder:D1:2026-11-21"]


@pytest.mark.redis
def test_an_rq_worker_runs_the_job_reminds_delivers_and_schedules_tomorrow(
    sqlite_url: str, redis_url: str
) -> None:
    from rq import SimpleWorker
    from rq.registry import ScheduledJobRegistry
    from rq.serializers import JSONSerializer

    from bot import runtime as process

    with bot_runtime(sqlite_url, REDIS_URL=redis_url, TWILIO_TEMPLATES={"payment_reminder": "HXr"}) as rt:
        rt.sender = Recording()
        seed(rt)
        queue = rt.dispatcher.queue  # type: ignore[attr-defined]
        queue.enqueue(reminders.JOB)
        process.install(rt)
        try:
            queues = [rt.dispatcher.replies, queue]  # type: ignore[attr-defined]  # as bot.rqconfig lists them
            SimpleWorker(queues, connection=queue.connection, serializer=JSONSerializer).work(burst=True)
        finally:
            process.install(None)
        (row,) = outbox(rt)
        scheduled = ScheduledJobRegistry(queue=queue).get_job_ids()
    assert (row.to_phone, row.status, row.as_template) == (LATE, "sent", True)  # D1 never wrote to us
    assert [s["content_sid"] for s in rt.sender.sent] == ["HXr"]  # type: ignore[attr-defined]
    next_day = reminders.next_run(datetime.now(UTC), 10).date().isoformat()  # today before 10:00 IST
    assert f"orderbot-reminders-{next_day}-default" in scheduled  # beside the sweeper's own


@pytest.mark.redis
def test_a_scheduled_sweep_puts_back_a_reminder_run_redis_lost(sqlite_url: str, redis_url: str) -> None:
    from rq.registry import ScheduledJobRegistry

    from bot import runtime as process
    from bot import sweeper

    with bot_runtime(sqlite_url, REDIS_URL=redis_url) as rt:
        queue = rt.dispatcher.queue  # type: ignore[attr-defined]
        registry = ScheduledJobRegistry(queue=queue)
        process.install(rt)
        try:
            sweeper.scheduled_sweep()  # nothing scheduled yet (say Redis lost its data): scheduled now
            runs = [j for j in registry.get_job_ids() if j.startswith("orderbot-reminders-")]
            sweeper.scheduled_sweep()  # the next sweep finds it there and leaves it
            again = [j for j in registry.get_job_ids() if j.startswith("orderbot-reminders-")]
            assert reminders.ensure_scheduled(queue) is False  # already there: nothing more is scheduled
        finally:
            process.install(None)
    next_day = reminders.next_run(datetime.now(UTC), 10).date().isoformat()
    assert runs == again == [f"orderbot-reminders-{next_day}-default"]
