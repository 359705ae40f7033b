"""One rq job processes every waiting message (issue 13): `run_drain`. The wake-up flag that queues
it is tested in test_dispatch.py.

A drain takes the oldest message no job has tried, one transaction each, and
only when it is its sender's oldest still waiting; it sends each message's
replies before the next. A message whose handler fails is recorded and handed
to its own job (`dispatcher.retry`, rq's backoff) while the sender's later
messages go on. A sender whose processing lock another job holds is left for a
moment and looked at again. Run on SQLite and PostgreSQL (db_url);
tests/load/test_two_workers.py runs two real workers draining one queue.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa

from bot import jobs
from bot.models import InboundMessage
from tests.support.botapp import bot_runtime, rows, store
from tests.support.fake_twilio import FakeTwilio

HANDLER = "tests.support.botapp:echo_unless_boom"  # "boom" fails
PHONE = "+919826104573"
OTHER = "+919826104574"


class Recorder:
    """A dispatcher that notes what it was handed and runs nothing."""

    def __init__(self) -> None:
        self.handed: list[str] = []

    def process(self, message_id: int) -> bool:
        self.handed.append(f"process {message_id}")
        return True

    def retry(self, message_id: int, after: float = 0) -> bool:
        self.handed.append(f"retry {message_id} after {after:g}")
        return True

    def wake(self, force: bool = False) -> bool:
        self.handed.append("wake!" if force else "wake")
        return True

    def woken(self) -> None:
        self.handed.append("woken")

    def deliver(self, outbox_id: int, after: float = 0) -> bool:
        self.handed.append(f"deliver {outbox_id}")
        return True

    def close(self) -> None:
        pass


@pytest.fixture
def rt(db_url: str, fake: FakeTwilio) -> Iterator[Any]:
    with bot_runtime(db_url, fake.base_url, MESSAGE_HANDLER=HANDLER) as runtime:
        runtime.dispatcher = Recorder()
        yield runtime


def test_a_drain_answers_every_waiting_message_in_stored_order_and_sends_the_replies_itself(
    rt: Any, fake: FakeTwilio
) -> None:
    stored = [store(rt, PHONE, "10 maggi"), store(rt, OTHER, "2 tata tea"), store(rt, PHONE, "5 parle g")]
    assert jobs.run_drain(rt) == "drained 3 messages (0 failed)"
    assert [m.body for m in fake.sent] == ["echo: 10 maggi", "echo: 2 tata tea", "echo: 5 parle g"]
    assert [(m.id, m.status, m.attempts) for m in rows(rt, InboundMessage)] == [
        (message_id, "processed", 1) for message_id in stored
    ]
    assert rt.dispatcher.handed == ["woken"]  # no job handed on: every reply went out here
    assert jobs.run_drain(rt) == "drained 0 messages (0 failed)"  # a second drain finds nothing
    assert len(fake.sent) == 3


def test_a_failing_message_goes_to_its_own_job_and_the_senders_next_message_goes_on(
    rt: Any, fake: FakeTwilio
) -> None:
    first, second = store(rt, PHONE, "boom"), store(rt, PHONE, "5 parle g")
    assert jobs.run_drain(rt) == "drained 1 messages (1 failed)"
    assert {m.id: (m.status, m.attempts) for m in rows(rt, InboundMessage)} == {
        first: ("received", 1), second: ("processed", 1)
    }
    assert f"retry {first} after 10" in rt.dispatcher.handed  # its own job, with rq's backoff
    assert [m.body for m in fake.sent] == ["echo: 5 parle g"]
    assert rows(rt, InboundMessage)[0].last_error == "RuntimeError in the message handler"
    assert jobs.run_drain(rt) == "drained 0 messages (0 failed)"  # a tried message is not a drain's


def test_a_drain_that_runs_out_of_time_wakes_a_new_job_for_the_rest(rt: Any, fake: FakeTwilio) -> None:
    store(rt, PHONE, "10 maggi"), store(rt, OTHER, "2 tata tea")
    assert jobs.run_drain(rt, seconds=0) == "drained 0 messages (0 failed); handed the rest to a new job"
    assert rt.dispatcher.handed == ["woken", "wake"]
    assert [m.status for m in rows(rt, InboundMessage)] == ["received", "received"]


@pytest.mark.postgres
def test_a_sender_whose_lock_another_job_holds_is_left_to_it_and_the_others_go_on(
    postgres_url: str, fake: FakeTwilio, monkeypatch: pytest.MonkeyPatch
) -> None:
    with bot_runtime(postgres_url, fake.base_url, MESSAGE_HANDLER=HANDLER) as rt:
        rt.dispatcher = Recorder()
        held = store(rt, PHONE, "10 maggi")
        store(rt, OTHER, "2 tata tea")
        monkeypatch.setattr(jobs, "BUSY_ROUNDS", 3)
        with rt.engine.connect() as other_job:  # a process_inbound retry job processing his messages
            other_job.execute(sa.text("SELECT pg_advisory_xact_lock(:space, hashtext(:phone))"),
                              {"space": jobs.PROCESS_LOCK, "phone": PHONE})
            assert jobs.run_drain(rt) == "drained 1 messages (0 failed)"
            other_job.rollback()
        assert [m.body for m in fake.sent] == ["echo: 2 tata tea"]
        statuses = {m.id: (m.status, m.attempts) for m in rows(rt, InboundMessage)}
        assert statuses[held] == ("received", 0)  # untouched: still a drain's to take
        assert jobs.run_drain(rt) == "drained 1 messages (0 failed)"
        assert [m.body for m in fake.sent] == ["echo: 2 tata tea", "echo: 10 maggi"]


@pytest.mark.postgres
def test_a_senders_later_message_waits_while_his_earlier_one_is_claimed_by_another_drain(
    postgres_url: str, fake: FakeTwilio
) -> None:
    with bot_runtime(postgres_url, fake.base_url, MESSAGE_HANDLER=HANDLER) as rt:
        rt.dispatcher = Recorder()
        first = store(rt, PHONE, "10 maggi")
        store(rt, PHONE, "5 parle g")
        other = store(rt, OTHER, "2 tata tea")
        with rt.sessions() as another_drain:  # has claimed his first message and is processing it
            found = another_drain.execute(jobs._CLAIM_OLDEST_PG, {"busy": []}).one()
            assert (found[0].id, found[1], found[2]) == (first, True, True)
            assert jobs.run_drain(rt) == "drained 1 messages (0 failed)"  # only the other sender's
            another_drain.rollback()
        assert [m.body for m in fake.sent] == ["echo: 2 tata tea"]
        assert [m.id for m in rows(rt, InboundMessage, InboundMessage.status == "processed")] == [other]
        assert jobs.run_drain(rt) == "drained 2 messages (0 failed)"
        assert [m.body for m in fake.sent] == ["echo: 2 tata tea", "echo: 10 maggi", "echo: 5 parle g"]
