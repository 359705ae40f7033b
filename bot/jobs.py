"""The rq jobs: importable functions that take row ids, safe to run twice.

    process_inbound(message_id)   stored message -> handler -> outbox rows, one transaction; then sends them
    deliver_outbox(outbox_id)     one outbox row -> one Twilio message, at most once per claim

`run_process` claims the message (received -> attempts + 1, the row stays
locked until commit), calls the handler with the same session, writes the
replies to the outbox and marks the message processed, and commits all of it
together: a retried or duplicated job finds the message processed and does
nothing. Replies are handed to delivery only after the commit. The rq job
`process_inbound` then sends them itself, one after the other, each through
`run_deliver` exactly as a delivery job would (claim and commit, then Twilio):
one job a message instead of 1 + one a reply (issue 13: rq's work around the two
jobs was about a fifth of the worker's CPU a message, docs/numbers.md). A reply
Twilio cannot take now goes to the replies queue with its backoff (rq's
scheduler), and so does every reply after one that failed; a worker killed
after the commit leaves its rows `queued` (or `sending`), which the sweeper
hands on as before.

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
import traceback
from datetime import datetime, timedelta

import sqlalchemy as sa

from bot import ratelimit, runtime
from bot.logging import mask_phone
from bot.media import fetch as media_fetch
from bot.models import MAX_PROCESS_ATTEMPTS, InboundMessage, OutboxMessage
from bot.outbound import OUTSIDE_WINDOW, SendError
from bot.runtime import Runtime
from bot.store import as_inbound, queue_message, queue_template_retry, rows_changed
from domain.columns import utcnow

log = logging.getLogger(__name__)


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
    """rq job: process one stored inbound message, then send its replies (see module doc)."""
    return run_process(runtime.current(), message_id, send=True)


def deliver_outbox(outbox_id: int) -> str:
    """rq job: send one outbox row through Twilio (see module doc)."""
    return run_deliver(runtime.current(), outbox_id)


# -- processing --------------------------------------------------------------------------------------


def run_process(rt: Runtime, message_id: int, now: datetime | None = None, *, send: bool = False) -> str:
    """Process the message; its replies are then sent here (`send`) or handed to the dispatcher."""
    now = now or utcnow()
    session = rt.sessions()
    try:
        claimed = rows_changed(
            session,
            sa.update(InboundMessage)
            .where(InboundMessage.id == message_id, InboundMessage.status == "received")
            .values(attempts=InboundMessage.attempts + 1)
            .execution_options(synchronize_session=False),
        )
        if not claimed:
            session.rollback()
            return "not waiting"
        message = session.get_one(InboundMessage, message_id)
        if ratelimit.is_over_limit(session, message, rt.settings.rate_limit_per_minute):
            message.status = "throttled"
            rows = [ratelimit.queue_please_wait(session, message)]
            log.info("inbound %s from %s throttled (over %s a minute)", message_id,
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
        outbox_ids = [row.id for row in rows if row is not None]
        session.commit()
    except Exception as exc:
        session.rollback()
        _record_process_failure(rt, message_id, exc)
        what = f"inbound {message_id}: {type(exc).__name__} while processing"
        log.error("%s\n%s", what, "".join(traceback.format_tb(exc.__traceback__)).rstrip())
        raise ProcessingFailed(what) from None
    finally:
        session.close()
    if send:
        _send_here(rt, outbox_ids)
    else:
        for outbox_id in outbox_ids:
            rt.dispatcher.deliver(outbox_id)
    return f"processed, {len(outbox_ids)} replies"


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
    now = now or utcnow()
    with rt.sessions() as session, session.begin():
        claimed = rows_changed(
            session,
            sa.update(OutboxMessage)
            .where(OutboxMessage.id == outbox_id, OutboxMessage.status == "queued")
            .values(status="sending", attempts=OutboxMessage.attempts + 1, claimed_at=now, updated_at=now)
            .execution_options(synchronize_session=False),
        )
        row = session.get(OutboxMessage, outbox_id) if claimed else None
    if row is None:
        return "not queued"
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
    with rt.sessions() as session, session.begin():
        values = {"twilio_sid": sent.sid, "sent_at": now, "last_error": "", "updated_at": now}
        moved = rows_changed(
            session,
            sa.update(OutboxMessage)
            .where(OutboxMessage.id == outbox_id, OutboxMessage.status == "sending")
            .values(status="sent", **values),
        )
        if not moved:  # a delivery callback got here first and moved it further
            session.execute(sa.update(OutboxMessage).where(OutboxMessage.id == outbox_id).values(**values))
    return "sent"


def _refused(rt: Runtime, row: OutboxMessage, err: SendError, now: datetime) -> str:
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
