"""Redis down: 100 messages arrive while Redis is away; all are answered 2xx and stored, and all are
processed and replied to within two sweep intervals after Redis comes back.

gunicorn (2 workers) and two supervised rq workers use a redis-server of the
test's own on a free port (never the machine's shared Redis). While 100
dealers send orders, that Redis is either paused (SIGSTOP: connections hang
until SIGCONT, nothing is lost) or stopped (killed, then started again empty on
the same port, as after a restart without persistence). The clock for "two
sweep intervals" starts when Redis answers again.

An rq worker whose Redis is killed exits ("found an unhandled exception,
quitting"); like a platform restarting a crashed process, the pool starts a new
one, and that worker's start (bot/rqconfig.py) schedules the sweep again - the
only thing that does so when Redis came back empty and no new message arrives.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.load.conftest import Shop, shop_phone
from tests.load.storm import counts, order_text, post
from tests.support.fake_twilio import FakeTwilio
from tests.support.servers import LogBook, RedisServer, other_processes, wait_until, web, worker
from tests.support.signing import inbound_form

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

MESSAGES = 100
SWEEP_INTERVAL = 20  # seconds; the deadline after Redis returns is two of these
SWEEP_AFTER = 5


@pytest.mark.parametrize(
    "outage",
    [
        "paused",  # SIGSTOP: requests to Redis hang until they time out; its data survives
        "stopped",  # killed and started again empty: queued jobs and the scheduled sweep are gone
    ],
)
def test_messages_that_arrive_while_redis_is_away_are_all_answered_stored_and_replied(
    outage: str, shop: Shop, fake: FakeTwilio, logbook: LogBook, record_property: Any
) -> None:
    extra = {"SWEEP_INTERVAL": str(SWEEP_INTERVAL), "SWEEP_AFTER": str(SWEEP_AFTER)}
    forms = []
    for n in range(MESSAGES):
        forms.append(inbound_form(shop_phone(n), order_text(n)))
        shop.watch(shop_phone(n), order_text(n))
    with RedisServer(logbook) as redis_server:
        env = shop.env(fake, REDIS_URL=redis_server.url, **extra)
        with web(env, logbook, workers=2) as server, worker(env, logbook, count=2) as pool, \
                other_processes(env, logbook):
            wait_until(lambda: pool.procs and "started with PID" in pool.procs[0].log.read_text(), 60,
                       "the rq worker taking jobs")
            if outage == "paused":
                redis_server.pause()
            else:
                redis_server.stop()
            codes = [post(server.url, form) for form in forms]
            stored = counts(shop.url).get("inbound received", 0)
            if outage == "paused":
                redis_server.resume()
            else:
                redis_server.start()
            back = time.monotonic()
            wait_until(lambda: len(fake.sent) >= MESSAGES, 2 * SWEEP_INTERVAL + 30, "every reply sent")
            took = time.monotonic() - back
            record_property("seconds from Redis back to the last reply", round(took, 1))
            wait_until(lambda: counts(shop.url).get("outbox sent") == MESSAGES, 10, "outbox rows marked sent")

    assert codes == [200] * MESSAGES
    assert stored == MESSAGES  # stored while Redis was away, none processed yet
    assert counts(shop.url) == {"inbound processed": MESSAGES, "outbox sent": MESSAGES}
    assert sorted(m.to for m in fake.sent) == sorted(f"whatsapp:{shop_phone(n)}" for n in range(MESSAGES))
    assert took <= 2 * SWEEP_INTERVAL, f"the last reply went {took:.1f} s after Redis came back"
