"""Worker killed: SIGKILL an rq worker again and again while 300 replies drain; none is lost.

Two supervised rq workers (the Procfile's command; a killed one is replaced, as
a platform restarts a dead process) deliver 300 queued replies to the fake
Twilio API, which takes 30 ms per message so that kills land mid-call too.
Each time 20 more replies reached Twilio, a worker and its work-horse get SIGKILL, KILLS times.

A job killed before it claimed its row leaves the row `queued`; one killed
between the claim and Twilio's answer leaves it `sending`. The sweeper finds
both: `queued` rows SWEEP_AFTER seconds after they were due, `sending` rows
after SENDING_STALE (two minutes). Rather than wait two minutes, the test runs
one sweep with the clock two and a half minutes ahead once the workers are idle
- what the scheduled sweep does when that time has really passed.

Then: every reply reached Twilio, every row is `sent`, and Twilio got at most
one extra copy per kill (only a kill after Twilio accepted a message and before
the row said so can cause one).
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from bot.sweeper import sweep
from domain.columns import utcnow
from tests.load.conftest import Shop, shop_phone
from tests.load.storm import counts, queue_replies
from tests.support.botapp import bot_runtime
from tests.support.fake_twilio import FakeTwilio
from tests.support.servers import LogBook, wait_until, worker

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]

REPLIES = 300
KILLS = 6
BETWEEN = 20  # replies that reach Twilio between two kills (so every kill interrupts a working pool)


def test_replies_drain_through_repeated_worker_kills_without_loss_and_few_duplicates(
    channel: Shop, fake: FakeTwilio, redis_url: str, logbook: LogBook
) -> None:
    fake.latency = 0.03
    replies = [(shop_phone(n), f"Your order reply number {n:03d} of the kill test") for n in range(REPLIES)]
    for phone, body in replies:
        channel.watch(phone, body)
    extra = {"REDIS_URL": redis_url, "SWEEP_AFTER": "1", "SWEEP_INTERVAL": "5"}
    env = channel.env(fake, **extra)
    with bot_runtime(channel.url, fake.base_url, **extra) as rt, worker(env, logbook, count=2) as pool:
        queue_replies(rt, replies)
        progress_at_kills = []  # replies Twilio had when each kill came
        for _ in range(KILLS):
            target = len(fake.sent) + BETWEEN
            wait_until(lambda n=target: len(fake.sent) >= n, 120, f"{target} replies at Twilio")
            pool.kill_one()
            progress_at_kills.append(len(fake.sent))
        # Idle: nothing arrives at Twilio for 4 s. What is left is stuck in `sending` or `queued`.
        last = [-1]

        def idle() -> bool:
            seen, last[0] = last[0], len(fake.attempts)
            return seen == last[0]

        wait_until(idle, 240, "the workers going idle", every=4.0)
        report = sweep(rt, now=utcnow() + timedelta(seconds=150))
        wait_until(lambda: counts(channel.url) == {"outbox sent": REPLIES}, 120, "every reply sent")

    sent = Counter(m.body for m in fake.sent)
    assert set(sent) == {body for _, body in replies}  # none lost
    duplicates = sum(sent.values()) - REPLIES
    assert duplicates <= pool.kills, (duplicates, pool.kills, report)
    assert pool.kills == KILLS
    assert all(0 < n < REPLIES for n in progress_at_kills), progress_at_kills  # killed mid-drain
    assert pool.crashes == 0  # no worker died by itself
