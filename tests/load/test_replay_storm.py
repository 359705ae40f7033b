"""Replay storm: Twilio retries and duplicates never make a second order or a second reply.

200 dealers each send one signed order; every request is delivered 5 times,
3 of those at the same instant, to gunicorn with 4 workers on PostgreSQL, rq
workers processing. Every delivery must be answered 2xx, and the bot must end
with exactly 200 stored messages, 200 drafts and 200 replies, one per dealer.
"""

from __future__ import annotations

import time

import pytest
import sqlalchemy as sa

from bot.models import InboundMessage, OutboxMessage
from domain.models import Order
from domain.orders import State
from tests.load.conftest import Shop, shop_phone
from tests.load.storm import counts, deliver_each, order_text, scalar, settled
from tests.support.fake_twilio import FakeTwilio
from tests.support.servers import LogBook, wait_until, web, worker
from tests.support.signing import inbound_form

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

DEALERS = 200


def test_two_hundred_orders_delivered_five_times_make_two_hundred_drafts_and_replies(
    shop: Shop, fake: FakeTwilio, redis_url: str, logbook: LogBook
) -> None:
    forms = []
    for n in range(DEALERS):
        body = order_text(n)
        shop.watch(shop_phone(n), body)
        forms.append(inbound_form(shop_phone(n), body))
    env = shop.env(fake, REDIS_URL=redis_url)
    with web(env, logbook, workers=4) as server, worker(env, logbook, count=2):
        began = time.monotonic()
        codes = deliver_each(server.url, forms, times=5, together=3)
        posted = time.monotonic() - began
        wait_until(lambda: len(fake.sent) >= DEALERS and settled(shop.url), 180, "all replies sent")
        time.sleep(1.0)  # room for a wrong extra reply to show up

    assert len(codes) == 5 * DEALERS
    assert {c for c in codes if not 200 <= c < 300} == set(), sorted(set(codes))
    assert counts(shop.url) == {"inbound processed": DEALERS, "outbox sent": DEALERS}
    drafts = sa.select(sa.func.count()).select_from(Order).where(Order.state == State.AWAITING_CONFIRMATION)
    assert scalar(shop.url, drafts) == DEALERS
    assert scalar(shop.url, sa.select(sa.func.count()).select_from(Order)) == DEALERS
    assert scalar(shop.url, sa.select(sa.func.count(sa.distinct(InboundMessage.message_sid)))) == DEALERS
    assert scalar(shop.url, sa.select(sa.func.count(sa.distinct(OutboxMessage.to_phone)))) == DEALERS
    assert sorted(m.to for m in fake.sent) == sorted(f"whatsapp:{shop_phone(n)}" for n in range(DEALERS))
    assert all((m.body or "").startswith("*Order draft SO-") for m in fake.sent), fake.sent[0].body
    assert posted < 120, f"1,000 webhooks took {posted:.0f} s"
