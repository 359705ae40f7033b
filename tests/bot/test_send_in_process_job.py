"""The rq job that processes a message also sends its replies (issue 13): one job a message, same promises.

Each reply is still written to the outbox in the processing transaction first,
then sent through `run_deliver` (claim, commit, Twilio, mark sent), so a reply
goes out at most once however often the job runs. A reply Twilio cannot take
now is handed to a delivery job due after its backoff, and every reply after
it goes the same way, in order.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bot.jobs import run_process
from bot.messages import Inbound, Reply
from bot.models import InboundMessage, OutboxMessage
from tests.support.botapp import bot_runtime, rows, store
from tests.support.fake_twilio import FakeTwilio

PHONE = "+919826104573"


def two_replies(session: Session, inbound: Inbound, now: datetime) -> Sequence[Reply]:
    return [Reply(f"first: {inbound.body}"), Reply(f"second: {inbound.body}")]


class Recorder:
    """A dispatcher that notes what it was handed and runs nothing."""

    def __init__(self) -> None:
        self.delivered: list[tuple[int, float]] = []

    def process(self, message_id: int) -> bool:
        return True

    def deliver(self, outbox_id: int, after: float = 0) -> bool:
        self.delivered.append((outbox_id, after))
        return True

    def close(self) -> None:
        pass


@pytest.fixture
def rt(db_url: str, fake: FakeTwilio) -> Iterator[Any]:
    with bot_runtime(db_url, fake.base_url, MESSAGE_HANDLER=f"{__name__}:two_replies") as runtime:
        runtime.dispatcher = Recorder()
        yield runtime


def test_the_processing_job_sends_its_replies_itself_in_order(rt: Any, fake: FakeTwilio) -> None:
    message_id = store(rt, PHONE, "10 maggi")
    assert run_process(rt, message_id, send=True) == "processed, 2 replies"
    assert [m.body for m in fake.wait_for(2)] == ["first: 10 maggi", "second: 10 maggi"]
    assert [(r.status, r.attempts) for r in rows(rt, OutboxMessage)] == [("sent", 1), ("sent", 1)]
    assert all(r.twilio_sid for r in rows(rt, OutboxMessage))
    assert rt.dispatcher.delivered == []  # no delivery job at all


def test_a_job_run_twice_sends_nothing_twice(rt: Any, fake: FakeTwilio) -> None:
    message_id = store(rt, PHONE, "10 maggi")
    run_process(rt, message_id, send=True)
    assert run_process(rt, message_id, send=True) == "not waiting"
    assert len(fake.wait_for(2)) == 2
    assert len(rows(rt, OutboxMessage)) == 2
    [message] = rows(rt, InboundMessage)
    assert message.status == "processed"


@pytest.mark.parametrize(
    "failures, sent, handed_after",
    [
        # the first reply gets 429: it waits its backoff in a delivery job, the second follows it
        (1, [], [True, False]),
        # the second gets 429: the first went out from the processing job
        (0, ["first: 10 maggi"], [True]),
    ],
    ids=["first-deferred", "second-deferred"],
)
def test_a_reply_twilio_cannot_take_now_waits_for_its_backoff_and_the_rest_follow_it(
    rt: Any, fake: FakeTwilio, failures: int, sent: list[str], handed_after: list[bool]
) -> None:
    message_id = store(rt, PHONE, "10 maggi")
    if failures:
        fake.fail_next(1, status=429)
    else:
        original = rt.sender.send

        def second_fails(*args: Any, **kwargs: Any) -> Any:
            rt.sender.send = original
            result = original(*args, **kwargs)
            fake.fail_next(1, status=429)
            return result

        rt.sender.send = second_fails
    assert run_process(rt, message_id, send=True) == "processed, 2 replies"
    outbox = rows(rt, OutboxMessage)
    assert [m.body for m in fake.sent] == sent  # what Twilio took
    handed = rt.dispatcher.delivered
    assert [outbox_id for outbox_id, _ in handed] == [r.id for r in outbox][len(sent) :]
    assert [after > 0 for _, after in handed] == handed_after
    deferred = next(r for r in outbox if r.id == handed[0][0])
    assert (deferred.status, deferred.attempts, deferred.next_attempt_at is not None) == ("queued", 1, True)
    assert all(r.status == "queued" for r in outbox[len(sent) :])


def test_without_send_the_replies_are_handed_to_delivery_jobs_as_before(rt: Any, fake: FakeTwilio) -> None:
    message_id = store(rt, PHONE, "10 maggi")
    run_process(rt, message_id)
    assert [outbox_id for outbox_id, _ in rt.dispatcher.delivered] == [r.id for r in rows(rt, OutboxMessage)]
    assert fake.sent == []
