"""Replies wait in their own rq queue, which a worker empties before it takes the next inbound message;
stored messages wake one drain job, failed ones get a job each."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from redis import Redis
from rq import Queue
from rq.serializers import JSONSerializer

from bot.config import Settings
from bot.dispatch import RqDispatcher, queue_names, wake_key


@pytest.fixture
def dispatcher(redis_url: str) -> Iterator[RqDispatcher]:
    settings = Settings(twilio_account_sid="AC0", twilio_auth_token="t", twilio_whatsapp_from="+10000000000",
                        secret_key="s", database_url="sqlite://", redis_url=redis_url, rq_queue="orders")
    dispatcher = RqDispatcher(settings)
    yield dispatcher
    dispatcher.close()


def taken_in_order(dispatcher: RqDispatcher) -> list[str]:
    """What a worker listening on `queue_names` runs, job after job, until the queues are empty."""
    connection = Redis.from_url(str(dispatcher.settings.redis_url))
    queues = [Queue(name, connection=connection, serializer=JSONSerializer)
              for name in queue_names(dispatcher.settings)]
    taken = []
    while found := Queue.dequeue_any(queues, None, connection=connection, serializer=JSONSerializer):
        job, _ = found
        taken.append(f"{job.func_name.rsplit('.', 1)[1]}({', '.join(map(str, job.args))})")
    connection.close()
    return taken


@pytest.mark.redis
@pytest.mark.parametrize(
    ("handed", "taken"),
    [
        # a reply written behind a backlog of inbound messages goes out first; the backlog is one
        # drain job (bot.jobs.drain_inbound processes every waiting message)
        ([("process", 1), ("process", 2), ("deliver", 7)], ["deliver_outbox(7)", "drain_inbound()"]),
        # replies keep their order among themselves (a dealer's two replies arrive as written)
        ([("process", 1), ("deliver", 7), ("deliver", 8), ("process", 2), ("deliver", 9)],
         ["deliver_outbox(7)", "deliver_outbox(8)", "deliver_outbox(9)", "drain_inbound()"]),
        # messages that failed before get a job each, first come, first served
        ([("retry", 3), ("retry", 1)], ["process_inbound(3)", "process_inbound(1)"]),
    ],
)
def test_a_worker_sends_every_waiting_reply_before_the_next_inbound_message(
    dispatcher: RqDispatcher, handed: list[tuple[str, int]], taken: list[str]
) -> None:
    for kind, row_id in handed:
        assert getattr(dispatcher, kind)(row_id) is True
    assert taken_in_order(dispatcher) == taken


def test_workers_listen_on_the_replies_queue_first() -> None:
    settings = Settings(twilio_account_sid="AC0", twilio_auth_token="t", twilio_whatsapp_from="+10000000000",
                        secret_key="s", database_url="sqlite://")
    assert queue_names(settings) == ["default-replies", "default"]


# -- stored messages wake a drain job (bot.jobs.drain_inbound) ---------------------------------------


def queued(dispatcher: RqDispatcher) -> list[str]:
    return [f"{job.func_name.rsplit('.', 1)[1]}{tuple(job.args)}" for job in dispatcher.queue.get_jobs()]


@pytest.mark.redis
def test_a_burst_of_stored_messages_queues_one_drain_job_until_it_starts_looking(
    dispatcher: RqDispatcher,
) -> None:
    assert all(dispatcher.process(message_id) for message_id in range(1, 51))
    assert [name for name in queued(dispatcher) if name.startswith("drain")] == ["drain_inbound()"]
    dispatcher.woken()  # the job starts: a message stored from now on needs a new one
    assert dispatcher.redis.get(wake_key(dispatcher.settings)) is None
    assert dispatcher.process(51) is True
    assert [name for name in queued(dispatcher) if name.startswith("drain")] == ["drain_inbound()"] * 2


@pytest.mark.redis
def test_the_sweeper_queues_a_drain_job_even_when_a_wake_up_flag_outlived_its_job(
    dispatcher: RqDispatcher,
) -> None:
    # a SET that timed out on a paused Redis lands when it wakes up: a flag with no job behind it
    dispatcher.redis.set(wake_key(dispatcher.settings), 1)
    assert dispatcher.process(1) is True
    assert [name for name in queued(dispatcher) if name.startswith("drain")] == []
    assert dispatcher.wake(force=True) is True
    assert [name for name in queued(dispatcher) if name.startswith("drain")] == ["drain_inbound()"]


@pytest.mark.redis
def test_a_failed_message_gets_its_own_job_with_rqs_retries(dispatcher: RqDispatcher) -> None:
    assert dispatcher.retry(7) is True
    [job] = [job for job in dispatcher.queue.get_jobs() if job.func_name == "bot.jobs.process_inbound"]
    assert job.args == [7] and job.retries_left == 3
    assert dispatcher.retry(8, after=10) is True  # due later: rq's scheduler holds it
    assert "process_inbound(8,)" not in queued(dispatcher)
    registry = dispatcher.queue.scheduled_job_registry
    later = [dispatcher.queue.fetch_job(job_id) for job_id in registry.get_job_ids()]
    assert [(job.func_name, job.args) for job in later if job and job.func_name.endswith("inbound")] == [
        ("bot.jobs.process_inbound", [8])
    ]
