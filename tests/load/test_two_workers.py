"""Two rq workers on one queue: 500 messages from 50 dealers, each answered once and in his order.

50 dealers send 10 signed messages each (orders, a balance question, help) to
gunicorn with 2 workers; 2 rq workers (the Procfile's command) take them from
one queue. Half the dealers send their 10 back to back (a burst: the two
workers get two messages of one dealer at once), the others with a pause
between. The fake Twilio answers after 10 to 110 ms, as the real one takes a
while, not always the same.

Two workers may take two messages of one dealer at the same time. The bot must
still process them in the order they were stored and send their replies in
that order (bot/jobs.py: the phone's processing and sending locks). So, from
the database and the fake Twilio's record:
- every message is processed, once, and has a reply; every reply is sent, once;
- for each dealer, the replies reach Twilio in the order of his messages
  (and of the outbox rows).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from bot.models import InboundMessage, OutboxMessage
from domain.db import make_engine
from tests.load.conftest import Shop, shop_phone
from tests.load.storm import counts, order_text, post, settled
from tests.support.fake_twilio import FakeTwilio
from tests.support.servers import LogBook, wait_until, web, worker
from tests.support.signing import inbound_form

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

DEALERS = 50
EACH = 10  # messages a dealer sends; DEALERS * EACH = 500
PAUSE = 0.3  # seconds between two messages of a dealer who does not burst


def message_text(dealer: int, n: int) -> str:
    """The n-th message of a dealer: mostly orders, now and then a question."""
    if n == 4:
        return "mera balance kitna hai"
    if n == 7:
        return "help"
    return order_text(dealer * EACH + n)


def test_two_workers_answer_five_hundred_messages_once_each_and_in_each_dealers_order(
    shop: Shop, fake: FakeTwilio, redis_url: str, logbook: LogBook
) -> None:
    fake.latency, fake.jitter = 0.01, 0.1
    phones = [shop_phone(d) for d in range(DEALERS)]
    forms = {phone: [inbound_form(phone, message_text(d, n)) for n in range(EACH)]
             for d, phone in enumerate(phones)}
    for phone, sent in forms.items():
        shop.watch(phone)
        for form in sent:
            shop.watch(body=form["Body"])
    env = shop.env(fake, REDIS_URL=redis_url)

    def one_dealer(dealer: int) -> list[int]:
        codes = []
        for form in forms[phones[dealer]]:
            codes.append(post(server.url, form))
            if dealer % 2:
                time.sleep(PAUSE)
        return codes

    with web(env, logbook, workers=2) as server, worker(env, logbook, count=2) as pool:
        began = time.monotonic()
        with ThreadPoolExecutor(16) as threads:
            codes = [c for dealer_codes in threads.map(one_dealer, range(DEALERS)) for c in dealer_codes]
        wait_until(lambda: settled(shop.url), 110, "every message processed and every reply sent")
        time.sleep(1.0)  # room for a wrong extra reply to show up
        took = time.monotonic() - began

    assert codes == [200] * (DEALERS * EACH), Counter(codes)
    assert pool.crashes == 0
    found = counts(shop.url)
    assert found["inbound processed"] == DEALERS * EACH, found
    engine = make_engine(shop.url)
    try:
        with engine.connect() as conn:
            inbound = {sid: (row_id, phone) for row_id, sid, phone in conn.execute(
                sa.select(InboundMessage.id, InboundMessage.message_sid, InboundMessage.phone))}
            outbox = conn.execute(
                sa.select(OutboxMessage.id, OutboxMessage.inbound_id, OutboxMessage.to_phone,
                          OutboxMessage.twilio_sid, OutboxMessage.status)
            ).all()
    finally:
        engine.dispose()

    # Stored in the order each dealer sent (he waits for each webhook's 200 before the next).
    for phone, sent in forms.items():
        ids = [inbound[form["SmsMessageSid"]][0] for form in sent]
        assert ids == sorted(ids), phone
    # Every message answered; every reply sent, exactly once.
    assert {row.inbound_id for row in outbox} >= {row_id for row_id, _ in inbound.values()}
    assert {row.status for row in outbox} == {"sent"}
    at_twilio = Counter(m.sid for m in fake.sent)
    assert len(fake.sent) == len(outbox) and set(at_twilio) == {row.twilio_sid for row in outbox}, (
        f"{len(fake.sent)} messages at Twilio for {len(outbox)} replies"
    )
    # Each dealer's replies reached Twilio in the order of his messages and of the outbox.
    by_sid = {row.twilio_sid: row for row in outbox}
    order: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for message in fake.sent:
        row = by_sid[message.sid]
        order[row.to_phone].append((row.inbound_id, row.id))
    out_of_order = {phone: seen for phone, seen in order.items() if phone in forms and seen != sorted(seen)}
    assert not out_of_order, (
        f"{len(out_of_order)} dealers got replies out of order, e.g. {next(iter(out_of_order.values()))}"
    )
    assert took < 110, f"500 messages took {took:.0f} s"
