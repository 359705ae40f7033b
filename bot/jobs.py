"""The rq jobs: importable functions, safe to run twice.

    drain_inbound()               every waiting message, one transaction each: handler -> outbox rows;
                                  then sends each one's replies (the job the webhook's messages get)
    process_inbound(message_id)   one message again, after it failed in a drain (rq's backoff)
    deliver_outbox(outbox_id)     one outbox row -> one Twilio message, at most once per claim

Processing a message (`run_drain` for each message it takes, `run_process` for
one) claims it (received -> attempts + 1, the row stays locked until commit),
calls the handler with the same session, writes the replies to the outbox and
marks the message processed, and commits all of it together: a retried or
duplicated job finds the message processed and does nothing. Replies are handed
to delivery only after the commit: the job sends them itself, one after the
other, each through `run_deliver` exactly as a delivery job would (claim and
commit, then Twilio). A reply Twilio cannot take now goes to the replies queue
with its backoff (rq's scheduler), and so does every reply after one that
failed; a worker killed after the commit leaves its rows `queued` (or
`sending`), which the sweeper hands on as before.

Why one job drains many messages (issue 13, docs/numbers.md): rq's own work
around a job (its fetch, registries, result and log lines) cost a worker 4-7 ms,
a fifth of an order message, when every message had a job. The webhook wakes a
drain only when none is queued (bot/dispatch.py); under load a worker's job
takes message after message, and a second worker's drain takes others.

Two workers on one queue may take two messages of one sender at once; his
messages are still processed in the order they were stored, and his replies
sent in outbox order. A drain takes a message only when it is its sender's
oldest untried one, skips rows another drain has claimed (SKIP LOCKED), and
takes the sender's processing lock (PostgreSQL advisory lock PROCESS_LOCK on the
phone, to the commit) without waiting. `run_process` waits for that lock and
processes his oldest message still `received` first, up to its own, one
transaction each; a job whose message such a catch-up took finds it processed.
`run_deliver` holds the number's sending lock (SEND_LOCK) from its claim to
Twilio's answer and sends the number's earlier queued rows first; a row waits
(DeliveryDeferred) while an earlier one waits for its backoff. SQLite has one
process, so it takes no locks there. Stored order is the order rows were
inserted: two webhooks of one sender stored at the same instant have no other.
The only reordering left is a worker killed mid-send (its row comes back later).

`run_deliver` claims the row (queued -> sending) and commits before calling
Twilio, so no two workers send one row. 429 / 5xx / network errors put the row
back to queued and raise `DeliveryDeferred`, which makes rq retry it with
backoff; Twilio's refusals are recorded with their error code and not retried.
A worker killed between the claim and Twilio's answer leaves the row in
`sending`; the sweeper re-queues it after SENDING_STALE (the only way a reply
can go out twice, once per kill at most).
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot import ratelimit, runtime
from bot.dispatch import PROCESS_RETRY_INTERVALS
from bot.logging import mask_phone
from bot.media import fetch as media_fetch
from bot.models import MAX_PROCESS_ATTEMPTS, InboundMessage, OutboxMessage
from bot.outbound import OUTSIDE_WINDOW, SendError
from bot.runtime import Runtime
from bot.store import as_inbound, queue_message, queue_template_retry
from domain.columns import utcnow

log = logging.getLogger(__name__)

# PostgreSQL advisory lock spaces ((space, hashtext(phone))); numbers of our own.
PROCESS_LOCK = 1301  # held while one of the sender's messages is processed (to the transaction's end)
SEND_LOCK = 1302  # held while replies to the number are sent (a session lock of the sending connection)
_holding = threading.local()


class ProcessingFailed(Exception):
    """Raised in place of the handler's own exception, whose text may quote the dealer's message.

    rq logs a failed job's exception; this one names only the message id and the
    exception's type, and our own log line carries the stack without its text.
    """


class DeliveryDeferred(Exception):
    """Twilio could not take the message now (429, 5xx, network); the row is queued again.

    `retry_in`: seconds until the row is due again (its `next_attempt_at`).
    """

    def __init__(self, reason: str, retry_in: float = 0) -> None:
        super().__init__(reason)
        self.retry_in = retry_in


def process_inbound(message_id: int) -> str:
    """rq job: process one stored message again (it failed in a drain), then send its replies."""
    return run_process(runtime.current(), message_id, send=True)


def deliver_outbox(outbox_id: int) -> str:
    """rq job: send one outbox row through Twilio (see module doc)."""
    return run_deliver(runtime.current(), outbox_id)


# -- processing --------------------------------------------------------------------------------------


def run_process(rt: Runtime, message_id: int, now: datetime | None = None, *, send: bool = False) -> str:
    """Process the message; its replies are then sent here (`send`) or handed to the dispatcher.

    One transaction a message, each under the sender's processing lock: the sender's oldest message
    still `received` goes first, so a job whose message is behind an earlier one of the same phone
    processes that one first (and a job whose message such a catch-up took finds it done). An
    earlier message whose handler fails is left to its own job's retries; this one goes on.
    """
    now = now or utcnow()
    skipped: list[int] = []  # earlier messages that failed here; their own jobs retry them
    while True:
        claimed_id, outbox_ids = _process_next(rt, message_id, skipped, now)
        if claimed_id is None:
            return "not waiting"
        if send:
            _send_here(rt, outbox_ids)
        else:
            for outbox_id in outbox_ids:
                rt.dispatcher.deliver(outbox_id)
        if claimed_id == message_id:
            return f"processed, {len(outbox_ids)} replies"
        if claimed_id not in skipped:
            log.info("inbound %s processed before %s (same sender, stored earlier)", claimed_id, message_id)


def _process_next(
    rt: Runtime, message_id: int, skipped: list[int], now: datetime
) -> tuple[int | None, list[int]]:
    """Claim and process the sender's oldest waiting message up to `message_id`; (its id, its outbox ids).

    (None, []) when `message_id` is no longer waiting. A failure of `message_id` itself raises
    ProcessingFailed; an earlier message's failure is recorded, added to `skipped`, and (its id, []).
    """
    session = rt.sessions()
    claimed_id: int | None = None
    try:
        _lock_sender(session, message_id)
        message = session.scalars(
            sa.update(InboundMessage)
            .where(InboundMessage.id == _next_waiting(message_id, skipped),
                   InboundMessage.status == "received")
            .values(attempts=InboundMessage.attempts + 1)
            .returning(InboundMessage)  # the claimed row itself: no second read
            .execution_options(synchronize_session=False)
        ).one_or_none()
        if message is None:
            session.rollback()
            return None, []
        claimed_id = message.id
        outbox_ids = _answer(rt, session, message, now)
        session.commit()
        return claimed_id, outbox_ids
    except Exception as exc:
        session.rollback()
        failed = claimed_id if claimed_id is not None else message_id
        _failed(rt, failed, exc)
        if failed == message_id:
            raise ProcessingFailed(f"inbound {failed}: {type(exc).__name__} while processing") from None
        skipped.append(failed)
        return failed, []
    finally:
        session.close()


def _answer(rt: Runtime, session: Session, message: InboundMessage, now: datetime) -> list[int]:
    """Run the handler on a claimed message (or throttle it) and queue its replies; their outbox ids.

    Flushed, not committed: the caller commits the replies and the message's new state together.
    """
    if ratelimit.is_over_limit(session, message, rt.settings.rate_limit_per_minute):
        message.status = "throttled"
        rows = [ratelimit.queue_please_wait(session, message)]
        log.info("inbound %s from %s throttled (over %s a minute)", message.id,
                 mask_phone(message.phone), rt.settings.rate_limit_per_minute)
    else:
        with media_fetch.fetching(rt.settings):  # a file sent is fetched here, never in the webhook
            replies = rt.handler(session, as_inbound(message), now)
        rows = [
            queue_message(
                session,
                reply.to or message.phone,
                reply.body,
                template=reply.template,
                template_vars=reply.template_vars,
                dedupe_key=f"reply:{message.message_sid}:{index}",
                inbound_id=message.id,
            )
            for index, reply in enumerate(replies)
        ]
        message.status = "processed"
    message.processed_at = now
    message.last_error = ""
    session.flush()
    return [row.id for row in rows if row is not None]


def _failed(rt: Runtime, message_id: int, exc: Exception) -> None:
    """Record a failed attempt (after the rollback) and log it without the message's text."""
    _record_process_failure(rt, message_id, exc)
    log.error("inbound %s: %s while processing\n%s", message_id, type(exc).__name__,
              "".join(traceback.format_tb(exc.__traceback__)).rstrip())


# -- draining: one rq job for every waiting message --------------------------------------------------


DRAIN_SECONDS = 10.0  # a drain job hands on to a new one after this long (queued replies go between)
BUSY_PAUSE = 0.005  # seconds to wait when every waiting message's sender is being processed elsewhere
BUSY_ROUNDS = 200  # pauses before a drain leaves such senders to the job that holds them and to a wake-up


def drain_inbound() -> str:
    """rq job: process every waiting message, each sender's in the order stored (see run_drain)."""
    return run_drain(runtime.current())


def run_drain(rt: Runtime, *, seconds: float = DRAIN_SECONDS) -> str:
    """Process waiting messages one transaction each, oldest first, and send each one's replies.

    The drain takes a message only when it is its sender's oldest still waiting, and only a message
    no job has tried yet (`attempts` 0); one that fails is recorded and handed to its own job
    (`dispatcher.retry`, rq's backoff), and his later messages go on. Two drains (two workers) take
    different messages: a claimed row is locked and skipped by the other (SKIP LOCKED), and a
    sender's later message waits while his earlier one is being processed. The claim also tries the
    sender's processing lock (PROCESS_LOCK) without waiting: a sender a `process_inbound` retry job
    is processing is left for a moment (BUSY_PAUSE) and looked at again. After `seconds` the drain
    wakes a new job for what is left and returns, so replies queued meanwhile go out between.
    """
    rt.dispatcher.woken()
    started = time.monotonic()
    done = failed = pauses = 0
    busy: set[str] = set()  # senders whose lock another job holds; looked at again after a pause
    while True:
        if time.monotonic() - started > seconds:
            rt.dispatcher.wake()
            return f"drained {done} messages ({failed} failed); handed the rest to a new job"
        outcome = _drain_next(rt, busy)
        if outcome is None:
            if not busy or pauses >= BUSY_ROUNDS:
                if busy:  # held all this while (a slow media fetch?): their holder, the sweeper or a wake
                    log.info("drain left %s busy senders to the jobs processing them", len(busy))
                return f"drained {done} messages ({failed} failed)"
            pauses += 1
            time.sleep(BUSY_PAUSE)
            busy.clear()
            continue
        what, outbox_ids = outcome
        done += what == "processed"
        failed += what == "failed"
        if outbox_ids:
            _send_here(rt, outbox_ids)


def _drain_next(rt: Runtime, busy: set[str]) -> tuple[str, list[int]] | None:
    """Claim and process the oldest waiting message whose sender is free: ('processed', its outbox ids).

    None when there is none; ('busy', []) when its sender's lock is held elsewhere (he is added to
    `busy`); ('failed', []) when the handler failed (recorded; its own job retries it).
    """
    now = utcnow()
    session = rt.sessions()
    claimed_id: int | None = None
    try:
        claim = _CLAIM_OLDEST_PG if session.get_bind().dialect.name == "postgresql" else _CLAIM_OLDEST
        found = session.execute(claim, {"busy": sorted(busy)}).one_or_none()
        if found is None:
            session.rollback()
            return None
        message, locked, first = found
        if not (locked and first):  # being processed elsewhere, or his earlier message is
            busy.add(message.phone)
            session.rollback()
            return "busy", []
        claimed_id = message.id
        outbox_ids = _answer(rt, session, message, now)
        session.commit()
        return "processed", outbox_ids
    except Exception as exc:
        session.rollback()
        if claimed_id is None:
            raise  # the claim itself failed (the database is away): rq retries the drain
        _failed(rt, claimed_id, exc)
        rt.dispatcher.retry(claimed_id, after=PROCESS_RETRY_INTERVALS[0])
        return "failed", []
    finally:
        session.close()


def _claim_oldest(postgres: bool) -> sa.Executable:
    """UPDATE .. RETURNING (message, locked, first): the oldest untried message whose sender is not busy.

    `first`: no earlier message of the sender is still untried (one another drain holds, say); the
    drain then leaves him for now. On PostgreSQL the candidate row is locked and rows other drains
    hold are skipped, and `locked` says whether the sender's processing lock (to the transaction's
    end) was free; SQLite has one writer, no row locks and no advisory locks. Both questions read the
    partial indexes over untried rows (migration 0013), whatever the table's size or statistics.
    """
    inbound = cast(sa.Table, InboundMessage.__table__)
    earlier = inbound.alias("earlier")
    untried = (inbound.c.status == "received", inbound.c.attempts == 0)
    candidate = (
        sa.select(inbound.c.id)
        .where(*untried, inbound.c.phone.not_in(sa.bindparam("busy", expanding=True)))
        .order_by(inbound.c.id)
        .limit(1)
    )
    if postgres:
        candidate = candidate.with_for_update(skip_locked=True, of=inbound)
    locked = (sa.func.pg_try_advisory_xact_lock(PROCESS_LOCK, sa.func.hashtext(InboundMessage.phone))
              if postgres else sa.true())
    first = ~sa.exists().where(earlier.c.phone == InboundMessage.phone, earlier.c.status == "received",
                               earlier.c.attempts == 0, earlier.c.id < InboundMessage.id)
    return (
        sa.update(InboundMessage)
        .where(InboundMessage.id == candidate.scalar_subquery(), *untried)
        .values(attempts=InboundMessage.attempts + 1)
        .returning(InboundMessage, locked, first)
        .execution_options(synchronize_session=False)
    )


_CLAIM_OLDEST_PG = _claim_oldest(postgres=True)
_CLAIM_OLDEST = _claim_oldest(postgres=False)


def _lock_sender(session: Session, message_id: int) -> None:
    """PostgreSQL: hold the sender's processing lock until the transaction ends (SQLite has one writer)."""
    if session.get_bind().dialect.name == "postgresql":
        inbound = InboundMessage.__table__.c  # Core, not ORM: this runs for every message
        session.execute(
            sa.select(sa.func.pg_advisory_xact_lock(PROCESS_LOCK, sa.func.hashtext(inbound.phone)))
            .where(inbound.id == message_id)
        )


def _next_waiting(message_id: int, skipped: list[int]) -> sa.ScalarSelect[int]:
    """The id of the oldest message still `received` from the sender of `message_id`, up to it."""
    sender = sa.select(InboundMessage.phone).where(InboundMessage.id == message_id).scalar_subquery()
    waiting = sa.select(InboundMessage.id).where(
        InboundMessage.phone == sender, InboundMessage.status == "received", InboundMessage.id <= message_id
    )
    if skipped:
        waiting = waiting.where(InboundMessage.id.not_in(skipped))
    return waiting.order_by(InboundMessage.id).limit(1).scalar_subquery()


def _send_here(rt: Runtime, outbox_ids: list[int]) -> None:
    """Send the replies in this job, in order; from the first that fails, hand the rest on."""
    for at, outbox_id in enumerate(outbox_ids):
        try:
            run_deliver(rt, outbox_id)
        except DeliveryDeferred as deferred:
            rt.dispatcher.deliver(outbox_id, after=deferred.retry_in)
        except Exception:
            log.exception("outbox %s: sending in the processing job failed; handed on", outbox_id)
            rt.dispatcher.deliver(outbox_id)
        else:
            continue
        for later in outbox_ids[at + 1 :]:
            rt.dispatcher.deliver(later)
        return


def _record_process_failure(rt: Runtime, message_id: int, exc: Exception) -> None:
    with rt.sessions() as session, session.begin():
        message = session.get(InboundMessage, message_id)
        if message is None or message.status != "received":
            return
        message.attempts += 1
        message.last_error = f"{type(exc).__name__} in the message handler"[:300]
        if message.attempts >= MAX_PROCESS_ATTEMPTS:
            message.status = "failed"
            log.error("inbound %s failed %s times; left for staff", message_id, message.attempts)


# -- delivery ----------------------------------------------------------------------------------------


def run_deliver(rt: Runtime, outbox_id: int, now: datetime | None = None) -> str:
    """Send the row, after any earlier row still queued for the same number (see module doc)."""
    now = now or utcnow()
    with _sending_lock(rt, outbox_id) as conn:
        while True:
            row = _claim_next(conn, outbox_id, now)
            if row is None:
                return _not_claimed(rt, outbox_id, now)
            if row.id == outbox_id:
                return _send(rt, conn, row, now)
            try:
                _send(rt, conn, row, now)  # an earlier reply to the same number goes first
            except DeliveryDeferred as deferred:
                _wait_behind(rt, outbox_id, now + timedelta(seconds=deferred.retry_in))
                raise DeliveryDeferred(f"outbox {outbox_id}: after {row.id}", deferred.retry_in) from None


@contextmanager
def _sending_lock(rt: Runtime, outbox_id: int) -> Iterator[sa.Connection]:
    """A connection for the claim and the 'sent' of this job's rows, holding the recipient's sending
    lock (PostgreSQL; SQLite has one process) until the job is done with the number.

    On PostgreSQL the connection is in autocommit: each claim and each 'sent' is one statement that
    commits by itself (no BEGIN, no COMMIT), and the lock is a session advisory lock taken in its
    first statement and given back in its last; it also goes when the connection dies (a killed
    worker), and a connection that could not give it back is thrown away, never pooled. A template
    follow-up sent inline (InlineDispatcher) runs under the lock its row's job holds.
    """
    postgres = rt.engine.dialect.name == "postgresql"
    conn = rt.engine.connect()
    try:
        if postgres:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        if not postgres or getattr(_holding, "send_lock", False):
            yield conn
            return
        with conn.begin():
            conn.execute(_TAKE_SEND_LOCK, {"space": SEND_LOCK, "id": outbox_id})
        _holding.send_lock = True
        try:
            yield conn
        finally:
            _holding.send_lock = False
            try:
                with conn.begin():
                    conn.execute(_GIVE_SEND_LOCKS)
            except Exception:
                conn.invalidate()  # it may still hold the lock: never back into the pool
                raise
    finally:
        conn.close()


_TAKE_SEND_LOCK = sa.text("SELECT pg_advisory_lock(:space, hashtext(to_phone)) FROM outbox WHERE id = :id")
_GIVE_SEND_LOCKS = sa.text("SELECT pg_advisory_unlock_all()")  # the connection holds only this one
_OUTBOX = cast(sa.Table, OutboxMessage.__table__)
_outbox = _OUTBOX.c
_claimed: sa.BindParameter[datetime] = sa.bindparam("claimed")
# the oldest queued row to the number of :row, up to it; an earlier one only when it is due
_CLAIM_NEXT = (
    sa.update(_OUTBOX)
    .where(
        _outbox.id == (
            sa.select(_outbox.id)
            .where(
                _outbox.to_phone == sa.select(_outbox.to_phone).where(_outbox.id == sa.bindparam("row"))
                .scalar_subquery(),
                _outbox.status == "queued",
                _outbox.id <= sa.bindparam("row"),
            )
            .order_by(_outbox.id)
            .limit(1)
            .scalar_subquery()
        ),
        _outbox.status == "queued",
        sa.or_(_outbox.id == sa.bindparam("row"), _outbox.next_attempt_at.is_(None),
               _outbox.next_attempt_at <= _claimed),
    )
    .values(status="sending", attempts=_outbox.attempts + 1, claimed_at=_claimed, updated_at=_claimed)
    .returning(*_outbox)  # the claimed row itself: no second read
)


# 'sent', unless a delivery callback got here first and moved it further: then only the rest
_SENT = (
    sa.update(_OUTBOX)
    .where(_outbox.id == sa.bindparam("row"))
    .values(status=sa.case((_outbox.status == "sending", "sent"), else_=_outbox.status),
            twilio_sid=sa.bindparam("sid"), sent_at=sa.bindparam("at"), last_error="",
            updated_at=sa.bindparam("at"))
)


def _claim_next(conn: sa.Connection, outbox_id: int, now: datetime) -> sa.Row[Any] | None:
    """Claim (queued -> sending, committed) the oldest queued row to the number of `outbox_id`, up to it.

    An earlier row is claimed only when it is due; None when that is not the case, or when
    `outbox_id` itself is no longer queued.
    """
    with conn.begin():
        return conn.execute(_CLAIM_NEXT, {"row": outbox_id, "claimed": now}).one_or_none()


def _not_claimed(rt: Runtime, outbox_id: int, now: datetime) -> str:
    """'not queued', or DeliveryDeferred when an earlier reply to the same number is not due yet."""
    with rt.sessions() as session, session.begin():
        row = session.get(OutboxMessage, outbox_id)
        if row is None or row.status != "queued":
            return "not queued"
        earlier_due = session.scalar(
            sa.select(sa.func.min(OutboxMessage.next_attempt_at)).where(
                OutboxMessage.to_phone == row.to_phone, OutboxMessage.status == "queued",
                OutboxMessage.id < outbox_id,
            )
        )
    due = max(earlier_due or now, now)
    _wait_behind(rt, outbox_id, due)
    waits = f"outbox {outbox_id}: an earlier reply to the number is not due yet"
    raise DeliveryDeferred(waits, (due - now).total_seconds())


def _wait_behind(rt: Runtime, outbox_id: int, due: datetime) -> None:
    """The queued row is due no sooner than `due` (the earlier reply it waits behind), for the sweeper."""
    with rt.sessions() as session, session.begin():
        session.execute(
            sa.update(OutboxMessage)
            .where(OutboxMessage.id == outbox_id, OutboxMessage.status == "queued")
            .values(next_attempt_at=due, updated_at=utcnow())
        )


def _send(rt: Runtime, conn: sa.Connection, row: sa.Row[Any], now: datetime) -> str:
    """Twilio, for a row this job claimed; then sent (on `conn`), or what Twilio's refusal makes of it."""
    outbox_id = row.id
    content_sid = rt.settings.twilio_templates.get(row.template_key or "") if row.as_template else None
    if row.as_template and not content_sid:
        missing = f"no content SID configured for template {row.template_key!r}"
        _finish(rt, outbox_id, "needs_template", error=missing)
        return "needs_template"
    media = {"media_url": row.media_url} if row.media_url and not content_sid else {}  # a file goes with text
    try:
        sent = rt.sender.send(
            row.to_phone,
            row.body,
            content_sid=content_sid,
            content_variables=row.template_vars or None,
            status_callback=rt.settings.status_callback_url(outbox_id),
            **media,
        )
    except SendError as err:
        return _refused(rt, row, err, now)
    with conn.begin():
        conn.execute(_SENT, {"row": outbox_id, "sid": sent.sid, "at": now})
    return "sent"


def _refused(rt: Runtime, row: sa.Row[Any], err: SendError, now: datetime) -> str:
    if err.transient:
        if row.attempts >= rt.settings.max_send_attempts:
            _finish(rt, row.id, "failed", code=err.code or err.status, error=err.reason)
            log.error("outbox %s failed after %s attempts: %s", row.id, row.attempts, err.reason)
            return "failed"
        intervals = rt.settings.delivery_retry_intervals
        wait = intervals[min(row.attempts, len(intervals)) - 1] if intervals else 0
        _finish(rt, row.id, "queued", error=err.reason, next_attempt_at=now + timedelta(seconds=wait))
        raise DeliveryDeferred(f"outbox {row.id}: {err.reason}", retry_in=wait)
    if err.code == OUTSIDE_WINDOW and not row.as_template:
        if row.template_key and row.template_key in rt.settings.twilio_templates:
            follow_up = _finish(rt, row.id, "failed", code=err.code, error=err.reason, template_retry=True)
            if follow_up is not None:
                rt.dispatcher.deliver(follow_up)
            return "failed, resending as template"
        _finish(rt, row.id, "needs_template", code=err.code, error=err.reason)
        log.warning("outbox %s to %s is outside the 24-hour window and has no template; left for staff",
                    row.id, mask_phone(row.to_phone))
        return "needs_template"
    _finish(rt, row.id, "failed", code=err.code, error=err.reason)
    log.warning("outbox %s refused by Twilio: %s", row.id, err.reason)
    return "failed"


def _finish(
    rt: Runtime,
    outbox_id: int,
    status: str,
    *,
    code: int | None = None,
    error: str = "",
    next_attempt_at: datetime | None = None,
    template_retry: bool = False,
) -> int | None:
    """Move a claimed row out of `sending`; with `template_retry`, queue its template follow-up too."""
    with rt.sessions() as session, session.begin():
        row = session.get_one(OutboxMessage, outbox_id, with_for_update=True)
        if row.status != "sending":
            return None
        row.status = status
        row.last_error = error[:300]
        row.next_attempt_at = next_attempt_at
        if code is not None:
            row.error_code = code
        follow_up = queue_template_retry(session, row) if template_retry else None
        session.flush()
        return follow_up.id if follow_up is not None else None
