"""Handing work to the jobs: rq queues when REDIS_URL is set, else right away in this process.

Both dispatchers answer `process(message_id)`, `retry(message_id)` and
`deliver(outbox_id)` with True when the work was handed on. False means it was
not (Redis is down); the row stays in the database and the sweeper hands it on
later, so nothing is lost and the webhook still answers 200.

With rq a stored message does not get a job of its own: `process` makes sure a
drain job (`bot.jobs.drain_inbound`) is queued that has not started yet, and
that job processes every waiting message (issue 13: rq's own work around a job,
its fetch, registries and result, cost a worker 4-7 ms, a fifth of a message).
The wake-up flag (WAKE_KEY, a Redis key set with NX) says "a drain job is
queued and will look at the table after now": the webhook sets it after its
INSERT has committed and enqueues a job only when it was not set; the job
deletes it before it first looks. So every stored message is seen by a job
that starts after it was stored, and a burst of webhooks costs one SET each
and a handful of jobs. A message that failed is processed again by its own job
(`retry`, `bot.jobs.process_inbound`, rq's retries with backoff).

Replies wait in their own queue, which a worker empties before it takes the
next inbound message (`queue_names`): under a backlog each reply still goes out
as soon as it is written, and replies keep their order among themselves.

The rq dispatcher sets retries where it enqueues (rq `Retry`, JSON serializer)
and, after Redis trouble, stops trying for a few seconds so webhooks stay fast
while Redis is away. It also keeps the periodic sweep scheduled: one job per
SWEEP_INTERVAL slot, with the slot in its job id, so however many processes
schedule it, each slot runs once (needs `rq worker --with-scheduler`).
"""

from __future__ import annotations

import logging
import re
import time
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Protocol

from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, Retry
from rq.serializers import JSONSerializer

from bot.config import Settings

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

PROCESS_RETRY_INTERVALS = [10, 60, 300]  # a failed message's own job: first after 10 s, then rq's retries
DRAIN_RETRY_INTERVALS = [5, 30]  # a drain job that failed as a whole (the database was away)
WAKE_TTL = 60  # seconds; a wake-up flag whose job was lost stops blocking new drain jobs after this
JOB_TIMEOUT = 120  # seconds; a Twilio call times out after 15
REDIS_PAUSE = 5.0  # seconds without enqueue attempts after Redis failed


def replies_queue(settings: Settings) -> str:
    """The rq queue replies wait in: RQ_QUEUE's name with '-replies' ('default-replies')."""
    return f"{settings.rq_queue}-replies"


def queue_names(settings: Settings) -> list[str]:
    """The queues a worker listens on, in the order it takes jobs: replies first."""
    return [replies_queue(settings), settings.rq_queue]



def job_safe(name: str) -> str:
    """`name` (a queue's) in the characters rq allows in a job id."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", name)

def wake_key(settings: Settings) -> str:
    """The Redis key that says a drain job of RQ_QUEUE is queued and has not looked yet."""
    return f"orderbot:drain-queued:{settings.rq_queue}"


class Dispatcher(Protocol):
    def process(self, message_id: int) -> bool:
        """See that a newly stored message gets processed (with rq: by a drain job)."""

    def retry(self, message_id: int, after: float = 0) -> bool:
        """Process this one message again in its own job, `after` seconds from now (it failed before)."""

    def wake(self, force: bool = False) -> bool:
        """See that every message still waiting gets processed (a drain that stopped early hands on);
        `force`: queue a drain job even when the wake-up flag says one is queued (the sweeper)."""

    def woken(self) -> None:
        """A drain job is about to look at the waiting messages: later ones need a job of their own."""

    def deliver(self, outbox_id: int, after: float = 0) -> bool: ...
    def close(self) -> None: ...


class InlineDispatcher:
    """Runs the job in the calling process (no Redis). A failure is logged; the sweeper retries."""

    def __init__(self) -> None:
        self._runtime: Runtime | None = None

    def bind(self, runtime: Runtime) -> None:
        self._runtime = runtime

    @property
    def runtime(self) -> Runtime:
        if self._runtime is None:
            raise RuntimeError("InlineDispatcher used before bind(runtime)")
        return self._runtime

    def process(self, message_id: int) -> bool:
        from bot import jobs

        try:
            jobs.run_process(self.runtime, message_id)
        except Exception:
            log.exception("processing inbound message %s failed; the sweeper will retry it", message_id)
        return True

    def retry(self, message_id: int, after: float = 0) -> bool:
        if after > 0:  # nothing here waits: the sweeper hands it on when it is stale
            log.info("inbound %s to be processed again; the sweeper will hand it on", message_id)
            return True
        return self.process(message_id)

    def wake(self, force: bool = False) -> bool:
        from bot import jobs

        try:
            jobs.run_drain(self.runtime)
        except Exception:
            log.exception("processing the waiting messages failed; the sweeper will retry them")
        return True

    def woken(self) -> None:
        pass

    def deliver(self, outbox_id: int, after: float = 0) -> bool:
        from bot import jobs

        if after > 0:  # not due yet: nothing here waits, so the sweeper sends it when it is due
            log.info("outbox %s due in %.0f s; the sweeper will send it", outbox_id, after)
            return True
        try:
            jobs.run_deliver(self.runtime, outbox_id)
        except jobs.DeliveryDeferred as exc:
            log.info("outbox %s deferred (%s); the sweeper will retry it", outbox_id, exc)
        except Exception:
            log.exception("delivering outbox %s failed; the sweeper will retry it", outbox_id)
        return True

    def close(self) -> None:
        pass


class RqDispatcher:
    def __init__(self, settings: Settings) -> None:
        if not settings.redis_url:
            raise ValueError("RqDispatcher needs REDIS_URL")
        self.settings = settings
        self._redis: Redis | None = None
        self._queue: Queue | None = None
        self._replies: Queue | None = None
        self._paused_until = 0.0
        self._scheduled_slot: int | None = None

    @property
    def redis(self) -> Redis:
        if self._redis is None:
            self._redis = Redis.from_url(
                str(self.settings.redis_url), socket_connect_timeout=1, socket_timeout=3,
                health_check_interval=30,
            )
        return self._redis

    @property
    def queue(self) -> Queue:
        if self._queue is None:
            self._queue = Queue(self.settings.rq_queue, connection=self.redis, serializer=JSONSerializer)
        return self._queue

    @property
    def replies(self) -> Queue:
        """The queue of deliveries, which workers take from before `queue` (see `queue_names`)."""
        if self._replies is None:
            self._replies = Queue(replies_queue(self.settings), connection=self.redis,
                                  serializer=JSONSerializer)
        return self._replies

    def process(self, message_id: int) -> bool:
        """The message is stored (committed): see that a drain job starts after now (module doc)."""
        return self.wake()

    def wake(self, force: bool = False) -> bool:
        """Queue a drain job unless the wake-up flag says one is queued; `force`: queue one anyway.

        The sweeper forces: a flag may outlive its job (a SET that timed out on a paused Redis still
        lands when it wakes, with no job behind it), and stale messages mean nothing is draining.
        """
        if time.monotonic() < self._paused_until:
            return False
        key = wake_key(self.settings)
        try:
            if not self.redis.set(key, 1, nx=not force, ex=WAKE_TTL):
                return True  # a drain job is queued and has not looked yet: it will see the message
        except (RedisError, OSError) as exc:
            self._paused_until = time.monotonic() + REDIS_PAUSE
            log.warning("could not queue a drain job: Redis %s; the sweeper will pick it up",
                        type(exc).__name__)
            return False
        retry = Retry(max=len(DRAIN_RETRY_INTERVALS), interval=DRAIN_RETRY_INTERVALS)
        if self._enqueue(self.queue, "bot.jobs.drain_inbound", None, retry):
            return True
        try:  # no job behind the flag: let the next webhook try again (else it expires after WAKE_TTL)
            self.redis.delete(key)
        except (RedisError, OSError):
            pass
        return False

    def woken(self) -> None:
        """Called by a drain job before it first looks: a message stored after now needs a new job."""
        try:
            self.redis.delete(wake_key(self.settings))
        except (RedisError, OSError) as exc:  # the flag expires after WAKE_TTL; the sweeper covers the gap
            log.warning("drain job could not clear its wake-up flag: Redis %s", type(exc).__name__)

    def retry(self, message_id: int, after: float = 0) -> bool:
        """This message's own job (rq's retries with backoff), `after` seconds from now."""
        retry = Retry(max=len(PROCESS_RETRY_INTERVALS), interval=PROCESS_RETRY_INTERVALS)
        return self._enqueue(self.queue, "bot.jobs.process_inbound", message_id, retry, after)

    def deliver(self, outbox_id: int, after: float = 0) -> bool:
        """Queue the row's delivery; `after` seconds from now (rq's scheduler) when it is not due yet."""
        intervals = list(self.settings.delivery_retry_intervals)
        retry = Retry(max=len(intervals), interval=intervals)
        return self._enqueue(self.replies, "bot.jobs.deliver_outbox", outbox_id, retry, after)

    def _enqueue(
        self, queue: Queue, function: str, row_id: int | None, retry: Retry, after: float = 0
    ) -> bool:
        if time.monotonic() < self._paused_until:
            return False
        try:
            # One round trip: rq's enqueue alone sends the queue's registration and the job in two.
            with self.redis.pipeline() as pipe:
                options = {"retry": retry, "job_timeout": JOB_TIMEOUT, "result_ttl": 600, "pipeline": pipe}
                args = () if row_id is None else (row_id,)
                if after > 0:
                    queue.enqueue_in(timedelta(seconds=after), function, *args, **options)
                else:
                    queue.enqueue(function, *args, **options)
                pipe.execute()
            self.ensure_sweeper()
        except (RedisError, OSError) as exc:
            self._paused_until = time.monotonic() + REDIS_PAUSE
            log.warning("could not enqueue %s(%s): Redis %s; the sweeper will pick it up",
                        function, row_id, type(exc).__name__)
            return False
        return True

    def ensure_sweeper(self) -> None:
        """Schedule `bot.sweeper.scheduled_sweep` for the next SWEEP_INTERVAL slot (once per slot)."""
        interval = self.settings.sweep_interval
        slot = int(time.time() // interval) + 1
        if slot == self._scheduled_slot:
            return
        at = datetime.fromtimestamp(slot * interval, UTC)
        self.queue.enqueue_at(
            at, "bot.sweeper.scheduled_sweep", job_id=f"orderbot-sweep-{slot}-{job_safe(self.queue.name)}",
            job_timeout=JOB_TIMEOUT * 5, result_ttl=interval * 4,  # one a slot a deployment (its queue)
        )
        self._scheduled_slot = slot

    def ping(self) -> None:
        self.redis.ping()

    def close(self) -> None:
        if self._redis is not None:
            self._redis.close()
