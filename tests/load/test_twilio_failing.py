"""Twilio failing: 429s and 500s for a while are retried with growing waits until every reply arrives once;
a 63016 refusal (outside the 24-hour window) is recorded and never tried again.

40 replies meet a fake Twilio API that answers the first 40 sends 429 and the
next 20 sends 500. A real rq worker (with its scheduler) retries through rq's
Retry at 2, 4, 8, 16 seconds (to rq's one-second grain). Each attempt's time is recorded, so the test sees
the waits grow. Then a reply meets 63016 without a template (left for staff:
needs_template) and one with an approved template (sent again once, as the
template); sweeps with the clock an hour ahead do not try either again.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from werkzeug.wrappers import Request, Response

from bot.models import OutboxMessage
from bot.store import queue_message
from bot.sweeper import sweep
from domain.columns import utcnow
from domain.db import make_engine
from tests.load.conftest import Shop, shop_phone
from tests.load.storm import counts, queue_replies
from tests.support.botapp import bot_runtime
from tests.support.fake_twilio import FakeTwilio
from tests.support.servers import LogBook, wait_until, worker

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

REPLIES = 40
INTERVALS = (2, 4, 8, 16)
GRAIN = 1.0  # rq schedules retries on whole seconds and its scheduler looks once a second
TEMPLATE_SID = "HX" + "1" * 32


class TimedFake(FakeTwilio):
    """The fake Twilio API, also noting when each send attempt came, per recipient."""

    def __init__(self) -> None:
        super().__init__()
        self.times: dict[str, list[float]] = defaultdict(list)

    def _create_message(self, request: Request) -> Response:
        self.times[request.form.get("To", "")].append(time.monotonic())
        return super()._create_message(request)


@pytest.fixture
def timed() -> Any:
    with TimedFake() as fake:
        yield fake


def outbox_row(db_url: str, outbox_id: int) -> tuple[str, int | None, int]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            found = conn.execute(
                sa.select(OutboxMessage.status, OutboxMessage.error_code, OutboxMessage.attempts)
                .where(OutboxMessage.id == outbox_id)
            ).one()
            return str(found[0]), found[1], int(found[2])
    finally:
        engine.dispose()


def test_429_and_500_are_retried_with_growing_waits_and_63016_is_recorded_not_retried(
    channel: Shop, timed: TimedFake, redis_url: str, logbook: LogBook
) -> None:
    replies = [(shop_phone(n), f"Reply {n:02d} while Twilio is struggling") for n in range(REPLIES)]
    for phone, body in replies:
        channel.watch(phone, body)
    timed.fail_next(40, status=429)
    timed.fail_next(20, status=500)
    extra = {
        "REDIS_URL": redis_url,
        "DELIVERY_RETRY_INTERVALS": ",".join(map(str, INTERVALS)),
        "SWEEP_INTERVAL": "5",
        "SWEEP_AFTER": "2",
        "TWILIO_TEMPLATES": json.dumps({"order_update": TEMPLATE_SID}),
    }
    env = channel.env(timed, **extra)
    with bot_runtime(channel.url, timed.base_url, **extra) as rt, worker(env, logbook):
        queue_replies(rt, replies)
        wait_until(lambda: counts(channel.url) == {"outbox sent": REPLIES}, 120, "every reply sent")

        # Outside the 24-hour window: one reply without a template, one with.
        timed.refuse_next(2, code=63016)
        plain, templated = shop_phone(900), shop_phone(901)
        channel.watch(plain), channel.watch(templated)
        with rt.sessions() as session, session.begin():
            ids = [
                queue_message(session, plain, "Your order SO-1001 is dispatched").id,  # type: ignore[union-attr]
                queue_message(session, templated, "Your order SO-1002 is dispatched", template="order_update",
                              template_vars={"1": "SO-1002"}).id,  # type: ignore[union-attr]
            ]
        for outbox_id in ids:
            rt.dispatcher.deliver(outbox_id)
        wait_until(lambda: len(timed.times[f"whatsapp:{templated}"]) == 2, 60, "the template resend")
        for hours in (1, 2):  # the sweeper, an hour and two later, finds nothing to send again
            sweep(rt, now=utcnow() + timedelta(hours=hours))
        time.sleep(3)  # a wrong retry would be scheduled within 1 s (rq) or 5 s (sweeper)

    sent = [m.body for m in timed.sent if m.to not in (f"whatsapp:{plain}", f"whatsapp:{templated}")]
    assert sorted(sent) == sorted(body for _, body in replies)  # all arrived, each once
    tried = {to: len(times) for to, times in timed.times.items()}
    struggling = [timed.times[f"whatsapp:{phone}"] for phone, _ in replies]
    assert sum(map(len, struggling)) == REPLIES + 60  # every failure was followed by exactly one retry
    waits = [(n, times[n + 1] - times[n]) for times in struggling for n in range(len(times) - 1)]
    early = [(n, round(wait, 2)) for n, wait in waits if wait < INTERVALS[n] - GRAIN]
    assert early == [], f"retry number, seconds waited: {early}"  # each wait about 2 s, then about 4 s
    assert {n for n, _ in waits} == {0, 1}  # some replies needed a second retry (60 failures, 40 replies)

    assert outbox_row(channel.url, ids[0]) == ("needs_template", 63016, 1)  # recorded, left for staff
    assert tried[f"whatsapp:{plain}"] == 1  # never tried again
    assert outbox_row(channel.url, ids[1])[:2] == ("failed", 63016)
    [resent] = [m for m in timed.sent if m.to == f"whatsapp:{templated}"]
    assert (resent.content_sid, resent.content_variables) == (TEMPLATE_SID, {"1": "SO-1002"})
    assert tried[f"whatsapp:{templated}"] == 2  # the free text once, the template once
