"""Nothing stored is ever forgotten: the sweeper hands stuck work to the jobs again.

It finds
- inbound messages still `received` SWEEP_AFTER seconds after they arrived (their job was
  never enqueued because Redis was down, or the worker died) -> process again (one never tried:
  a drain job; one that failed before: its own job);
- outbox rows still `queued` SWEEP_AFTER seconds after they were due -> deliver again;
- outbox rows stuck in `sending` for SENDING_STALE seconds (120, well over the 15-second
  Twilio timeout) without a Twilio SID: the worker died during the Twilio call -> back to
  `queued`, then deliver. Twilio may have taken the message before the worker died, so
  this is the one path that can send a reply twice (at most once per kill);
- drafts still waiting for the dealer's YES after the `draft_ttl_minutes` setting -> cancelled
  as expired (domain.services.orders.expire_drafts), so old prices are never confirmed.

Handing work on twice is harmless: the jobs claim their rows. It runs as
`orderbot sweep` (once, or `--every SECONDS`) and, with Redis, as the rq job
`scheduled_sweep` every SWEEP_INTERVAL seconds (`rq worker --with-scheduler`).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from bot import reminders, runtime
from bot.dispatch import RqDispatcher
from bot.models import MAX_PROCESS_ATTEMPTS, InboundMessage, OutboxMessage
from bot.runtime import Runtime
from domain.columns import utcnow
from domain.services.orders import expire_drafts
from domain.uow import UnitOfWork

log = logging.getLogger(__name__)

BATCH = 500


@dataclass(frozen=True)
class SweepReport:
    inbound: int  # messages handed to processing again
    outbox: int  # queued replies handed to delivery again
    unstuck: int  # replies taken back from a dead `sending`
    handed_on: int  # how many of all these the dispatcher accepted (False: Redis still down)
    expired: int = 0  # drafts cancelled because the dealer never confirmed them in time


def sweep(rt: Runtime | None = None, now: datetime | None = None) -> SweepReport:
    """One pass over stuck messages and replies (see module doc)."""
    rt = rt or runtime.current()
    now = now or utcnow()
    cutoff = now - timedelta(seconds=rt.settings.sweep_after)
    with rt.sessions() as session, session.begin():
        inbound = list(
            session.execute(
                sa.select(InboundMessage.id, InboundMessage.attempts)
                .where(
                    InboundMessage.status == "received",
                    InboundMessage.received_at < cutoff,
                    InboundMessage.attempts < MAX_PROCESS_ATTEMPTS,
                )
                .order_by(InboundMessage.id)
                .limit(BATCH)
            )
        )
        unstuck_ids = list(
            session.scalars(
                sa.update(OutboxMessage)
                .where(
                    OutboxMessage.status == "sending",
                    OutboxMessage.twilio_sid.is_(None),
                    OutboxMessage.claimed_at < now - timedelta(seconds=rt.settings.sending_stale),
                )
                .values(status="queued", last_error="worker stopped during the Twilio call", updated_at=now)
                .returning(OutboxMessage.id)
            )
        )
        due = sa.func.coalesce(OutboxMessage.next_attempt_at, OutboxMessage.created_at)
        outbox_ids = list(
            session.scalars(
                sa.select(OutboxMessage.id)
                .where(OutboxMessage.status == "queued", due < cutoff, OutboxMessage.id.not_in(unstuck_ids))
                .order_by(OutboxMessage.id)
                .limit(BATCH)
            )
        )
    if unstuck_ids:
        log.warning("%s replies were stuck in sending (worker died?); queued again", len(unstuck_ids))
    # untried ones: a drain job, queued even if a wake-up flag says one is (it may have been lost);
    # one tried before goes to its own job (dispatcher.retry)
    untried = sum(not row.attempts for row in inbound)
    handed = untried if untried and rt.dispatcher.wake(force=True) else 0
    handed += sum(rt.dispatcher.retry(row.id) for row in inbound if row.attempts)
    handed += sum(rt.dispatcher.deliver(i) for i in unstuck_ids + outbox_ids)
    expired = expire_drafts(UnitOfWork(rt.sessions), now=now)
    report = SweepReport(len(inbound), len(outbox_ids), len(unstuck_ids), handed, len(expired))
    if inbound or outbox_ids or unstuck_ids or expired:
        log.info("sweep: %s", report)
    return report


def scheduled_sweep() -> str:
    """rq job: schedule the next sweep first (so a failing sweep cannot stop the chain), make sure
    the next daily reminder run is scheduled (bot.reminders.ensure_scheduled), then sweep."""
    rt = runtime.current()
    if isinstance(rt.dispatcher, RqDispatcher):
        rt.dispatcher.ensure_sweeper()
        try:
            reminders.ensure_scheduled(rt.dispatcher.queue)
        except SQLAlchemyError as exc:  # the database is down: the next sweep tries again
            log.warning("reminder run not checked: the database failed (%s)", type(exc).__name__)
    return str(sweep(rt))
