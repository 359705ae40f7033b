"""One sender's messages are processed in stored order, his replies sent in outbox order (issue 13, item 4).

With two workers on one queue the job of his second message may run before the
job of his first. `run_process` then processes the first, then the second; the
first's own job finds nothing to do. `run_deliver` sends the number's earlier
queued replies before its own, and a reply waits while an earlier one waits for
its backoff. Run on SQLite and PostgreSQL (db_url); tests/load/test_two_workers.py
runs two real workers.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from bot.jobs import DeliveryDeferred, ProcessingFailed, run_deliver, run_process
from bot.models import InboundMessage, OutboxMessage
from domain.columns import utcnow
from tests.support.botapp import bot_runtime, rows, store
from tests.support.fake_twilio import FakeTwilio

PHONE = "+919826104573"
OTHER = "+919826104574"


@pytest.fixture
def rt(db_url: str, fake: FakeTwilio) -> Iterator[Any]:
    handler = "tests.support.botapp:echo_unless_boom"  # "boom" fails
    with bot_runtime(db_url, fake.base_url, MESSAGE_HANDLER=handler) as runtime:
        yield runtime


def queue(rt: Any, *replies: tuple[str, str], due_in: float | None = None) -> list[int]:
    due = utcnow() + timedelta(seconds=due_in) if due_in is not None else None
    with rt.sessions() as session, session.begin():
        added = [OutboxMessage(to_phone=to, body=body, next_attempt_at=due) for to, body in replies]
        session.add_all(added)
        session.flush()
        return [row.id for row in added]


def test_the_second_messages_job_running_first_processes_and_answers_the_first_before_it(
    rt: Any, fake: FakeTwilio
) -> None:
    first, second = store(rt, PHONE, "10 maggi"), store(rt, PHONE, "5 parle g")
    other = store(rt, OTHER, "2 tata tea")  # another sender's message is not his to catch up
    assert run_process(rt, second, send=True) == "processed, 1 replies"
    assert [m.body for m in fake.sent] == ["echo: 10 maggi", "echo: 5 parle g"]
    assert run_process(rt, first, send=True) == "not waiting"  # the catch-up took it
    assert [m.status for m in rows(rt, InboundMessage)] == ["processed", "processed", "received"]
    assert run_process(rt, other, send=True) == "processed, 1 replies"
    assert len(fake.sent) == 3


def test_an_earlier_message_that_fails_does_not_hold_up_the_later_one(rt: Any, fake: FakeTwilio) -> None:
    first, second = store(rt, PHONE, "boom"), store(rt, PHONE, "5 parle g")
    assert run_process(rt, second, send=True) == "processed, 1 replies"
    assert [(m.status, m.attempts) for m in rows(rt, InboundMessage)] == [("received", 1), ("processed", 1)]
    with pytest.raises(ProcessingFailed):  # its own job still fails, and rq retries it
        run_process(rt, first, send=True)
    assert [m.body for m in fake.sent] == ["echo: 5 parle g"]


def test_a_reply_goes_out_after_the_earlier_replies_still_queued_for_the_number(
    rt: Any, fake: FakeTwilio
) -> None:
    first, other, second = queue(rt, (PHONE, "first"), (OTHER, "to someone else"), (PHONE, "second"))
    assert run_deliver(rt, second) == "sent"
    assert [m.body for m in fake.sent] == ["first", "second"]  # the other number's reply is not his
    assert run_deliver(rt, first) == "not queued"
    assert run_deliver(rt, other) == "sent"
    assert [r.status for r in rows(rt, OutboxMessage)] == ["sent", "sent", "sent"]


def test_a_reply_waits_while_an_earlier_one_waits_for_its_backoff(rt: Any, fake: FakeTwilio) -> None:
    [first] = queue(rt, (PHONE, "first"), due_in=20)
    [second] = queue(rt, (PHONE, "second"))
    with pytest.raises(DeliveryDeferred) as deferred:
        run_deliver(rt, second)
    assert 15 < deferred.value.retry_in <= 20
    assert fake.attempts == []
    waiting = rows(rt, OutboxMessage)[1]
    assert (waiting.status, waiting.attempts) == ("queued", 0)  # not claimed: no attempt spent
    assert waiting.next_attempt_at >= rows(rt, OutboxMessage)[0].next_attempt_at  # the sweeper waits too
    assert run_deliver(rt, first) == "sent"  # its backoff over (its own job), then the second may go
    assert run_deliver(rt, second) == "sent"
    assert [m.body for m in fake.sent] == ["first", "second"]


def test_an_earlier_reply_twilio_defers_in_the_catch_up_defers_the_later_one(
    rt: Any, fake: FakeTwilio
) -> None:
    first, second = queue(rt, (PHONE, "first"), (PHONE, "second"))
    fake.fail_next(1, status=429)
    with pytest.raises(DeliveryDeferred):
        run_deliver(rt, second)
    assert [(r.status, r.attempts) for r in rows(rt, OutboxMessage)] == [("queued", 1), ("queued", 0)]
    assert run_deliver(rt, first) == "sent"
    assert run_deliver(rt, second) == "sent"
    assert [m.body for m in fake.sent] == ["first", "second"]
