"""Jobs run twice do nothing twice; the handler's work and its replies commit together; a row is sent once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from bot.jobs import DeliveryDeferred, ProcessingFailed, run_deliver, run_process
from bot.models import InboundMessage, OutboxMessage
from bot.sweeper import sweep
from domain.columns import utcnow
from domain.models import AuditLog
from tests.support.botapp import bot_runtime, count, rows, store
from tests.support.fake_twilio import FakeTwilio

PHONE = "+919826104573"


@pytest.fixture
def rt(db_url: str, fake: FakeTwilio) -> Iterator[Any]:
    with bot_runtime(db_url, fake.base_url) as runtime:
        yield runtime


def test_processing_a_message_twice_runs_the_handler_once(rt: Any, fake: FakeTwilio) -> None:
    message_id = store(rt, PHONE, "10 maggi")
    assert run_process(rt, message_id) == "processed, 1 replies"
    assert run_process(rt, message_id) == "not waiting"
    assert count(rt, AuditLog, AuditLog.action == "test.echo") == 1
    assert count(rt, OutboxMessage) == 1
    assert len(fake.wait_for(1)) == 1


def test_a_failing_handler_leaves_no_trace_but_the_attempt(db_url: str, fake: FakeTwilio) -> None:
    with bot_runtime(db_url, fake.base_url, MESSAGE_HANDLER="tests.support.botapp:explode") as rt:
        message_id = store(rt, PHONE, "10 maggi")
        with pytest.raises(ProcessingFailed, match="RuntimeError while processing") as failed:
            run_process(rt, message_id)
        assert "the handler failed" not in str(failed.value)  # its text may quote the dealer
        [message] = rows(rt, InboundMessage)
        assert (message.status, message.attempts) == ("received", 1)
        assert message.last_error == "RuntimeError in the message handler"
        assert count(rt, AuditLog) == 0  # what the handler wrote was rolled back with it
        assert count(rt, OutboxMessage) == 0


def test_a_message_whose_handler_keeps_failing_is_left_for_staff(db_url: str, fake: FakeTwilio) -> None:
    with bot_runtime(db_url, fake.base_url, MESSAGE_HANDLER="tests.support.botapp:explode") as rt:
        message_id = store(rt, PHONE, "10 maggi")
        for _ in range(5):
            with pytest.raises(ProcessingFailed):
                run_process(rt, message_id)
        [message] = rows(rt, InboundMessage)
        assert (message.status, message.attempts) == ("failed", 5)
        assert sweep(rt, now=utcnow() + timedelta(hours=1)).inbound == 0  # the sweeper leaves it alone


def test_a_reply_row_is_sent_once_however_often_its_job_runs(rt: Any, fake: FakeTwilio) -> None:
    with rt.sessions() as session, session.begin():
        session.add(OutboxMessage(to_phone=PHONE, body="Your order SO-1043 is confirmed"))
    [row] = rows(rt, OutboxMessage)
    results = [run_deliver(rt, row.id) for _ in range(3)]
    assert results == ["sent", "not queued", "not queued"]
    assert len(fake.sent) == 1


def test_a_claimed_row_is_not_sent_by_a_second_worker(rt: Any, fake: FakeTwilio) -> None:
    with rt.sessions() as session, session.begin():
        session.add(OutboxMessage(to_phone=PHONE, body="hello", status="sending", claimed_at=utcnow()))
    [row] = rows(rt, OutboxMessage)
    assert run_deliver(rt, row.id) == "not queued"
    assert fake.attempts == []


def test_a_transient_failure_requeues_the_row_with_backoff_and_raises_for_rq(
    rt: Any, fake: FakeTwilio
) -> None:
    with rt.sessions() as session, session.begin():
        session.add(OutboxMessage(to_phone=PHONE, body="hello"))
    [row] = rows(rt, OutboxMessage)
    fake.fail_next(1, status=429)
    with pytest.raises(DeliveryDeferred, match="HTTP 429"):
        run_deliver(rt, row.id)
    [row] = rows(rt, OutboxMessage)
    assert (row.status, row.attempts, row.error_code) == ("queued", 1, None)
    assert row.next_attempt_at is not None and row.next_attempt_at > utcnow()
    assert run_deliver(rt, row.id) == "sent"


def test_transient_failures_stop_after_max_send_attempts(db_url: str, fake: FakeTwilio) -> None:
    with bot_runtime(db_url, fake.base_url, MAX_SEND_ATTEMPTS=2) as rt:
        with rt.sessions() as session, session.begin():
            session.add(OutboxMessage(to_phone=PHONE, body="hello"))
        fake.fail_next(5, status=500)
        [row] = rows(rt, OutboxMessage)
        with pytest.raises(DeliveryDeferred):
            run_deliver(rt, row.id)
        assert run_deliver(rt, row.id) == "failed"
        [row] = rows(rt, OutboxMessage)
        assert (row.status, row.error_code, row.attempts) == ("failed", 500, 2)


def test_a_template_reply_without_a_configured_content_sid_waits_for_staff(rt: Any, fake: FakeTwilio) -> None:
    with rt.sessions() as session, session.begin():
        session.add(OutboxMessage(to_phone=PHONE, body="", template_key="payment_reminder", as_template=True))
    [row] = rows(rt, OutboxMessage)
    assert run_deliver(rt, row.id) == "needs_template"
    assert fake.attempts == []


def test_replies_to_other_numbers_go_to_them(db_url: str, fake: FakeTwilio) -> None:
    from bot.messages import Reply

    def notify_rep(session: Any, inbound: Any, now: Any) -> list[Reply]:
        return [Reply(body="Order placed"), Reply(body="Sharma Traders ordered", to="+919900000001")]

    with bot_runtime(db_url, fake.base_url, MESSAGE_HANDLER=notify_rep) as rt:
        run_process(rt, store(rt, PHONE, "10 maggi"))
        assert sorted(m.to for m in fake.wait_for(2)) == ["whatsapp:+919826104573", "whatsapp:+919900000001"]
        assert count(rt, OutboxMessage, OutboxMessage.dedupe_key.like("reply:%")) == 2


def test_the_sweeper_takes_back_a_reply_stuck_in_sending_and_sends_it(rt: Any, fake: FakeTwilio) -> None:
    with rt.sessions() as session, session.begin():
        session.add(OutboxMessage(to_phone=PHONE, body="hello", status="sending",
                                  claimed_at=utcnow() - timedelta(minutes=10), attempts=1))
    report = sweep(rt)
    assert (report.unstuck, report.outbox) == (1, 0)
    [row] = rows(rt, OutboxMessage)
    assert (row.status, row.attempts) == ("sent", 2)
    assert len(fake.sent) == 1


def test_the_sweeper_hands_old_unprocessed_messages_to_a_drain_which_answers_all_waiting(
    rt: Any, fake: FakeTwilio
) -> None:
    old = store(rt, PHONE, "old message")
    store(rt, PHONE, "fresh message")
    with rt.sessions() as session, session.begin():
        session.execute(sa.update(InboundMessage).where(InboundMessage.id == old)
                        .values(received_at=utcnow() - timedelta(minutes=5)))
    report = sweep(rt)
    assert (report.inbound, report.handed_on) == (1, 1)  # only the old one was stuck
    # the drain it woke answers every message no job has tried yet, in stored order
    assert [m.body for m in fake.wait_for(2)] == ["echo: old message", "echo: fresh message"]
    assert [m.status for m in rows(rt, InboundMessage)] == ["processed", "processed"]


def test_the_sweeper_hands_a_message_that_failed_before_to_its_own_job(rt: Any, fake: FakeTwilio) -> None:
    tried = store(rt, PHONE, "tried before")
    with rt.sessions() as session, session.begin():
        session.execute(sa.update(InboundMessage).where(InboundMessage.id == tried)
                        .values(received_at=utcnow() - timedelta(minutes=5), attempts=1))
    report = sweep(rt)
    assert (report.inbound, report.handed_on) == (1, 1)
    assert [m.body for m in fake.wait_for(1)] == ["echo: tried before"]
    assert [(m.status, m.attempts) for m in rows(rt, InboundMessage)] == [("processed", 2)]
