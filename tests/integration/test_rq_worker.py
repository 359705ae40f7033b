"""A real rq worker (the Procfile's command, in burst mode) processes a stored message and delivers the reply.

The web app enqueues on the CI Redis; `rq worker --burst` runs in its own
process with only environment variables, as on a server, and sends to the fake
Twilio through TWILIO_API_BASE_URL.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.models import InboundMessage, OutboxMessage
from tests.support.botapp import bot_app, rows, settings
from tests.support.fake_twilio import FakeTwilio
from tests.support.signing import WEBHOOK, inbound_form, post_signed

ROOT = Path(__file__).resolve().parents[2]
RQ = Path(sys.executable).with_name("rq")
PHONE = "+919826104573"


def run_worker(
    db_url: str, redis_url: str, fake: FakeTwilio, **extra: str
) -> subprocess.CompletedProcess[str]:
    """`rq worker --burst` as the Procfile runs it, configured only through the environment."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "DATABASE_", "REDIS_"))}
    config = settings(db_url, fake.base_url, REDIS_URL=redis_url, **extra)
    env.update({k: str(v) for k, v in config.items() if isinstance(v, str)})
    env["PYTHONPATH"] = str(ROOT)
    command = [str(RQ), "worker", "--burst", "--with-scheduler", "-c", "bot.rqconfig",
               "--worker-class", "rq.worker.SimpleWorker", "--serializer", "rq.serializers.JSONSerializer"]
    return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)


@pytest.mark.redis
@pytest.mark.postgres
def test_a_real_worker_processes_the_message_and_delivers_the_reply(
    postgres_url: str, redis_url: str, fake: FakeTwilio
) -> None:
    with bot_app(postgres_url, fake.base_url, REDIS_URL=redis_url) as app:
        assert post_signed(app.test_client(), WEBHOOK, inbound_form(PHONE, "10 maggi")).status_code == 200
        [message] = rows(app, InboundMessage)
        assert message.status == "received"  # the web process only stored and enqueued it
        assert fake.sent == []
        worker = run_worker(postgres_url, redis_url, fake)
        assert worker.returncode == 0, worker.stderr[-2000:]
        [message] = rows(app, InboundMessage)
        [reply] = rows(app, OutboxMessage)
    assert message.status == "processed"
    [sent] = fake.wait_for(1)
    assert (sent.to, sent.body) == (f"whatsapp:{PHONE}", "echo: 10 maggi")
    assert (reply.status, reply.twilio_sid) == ("sent", sent.sid)
    assert "9826104573" not in worker.stderr + worker.stdout  # the worker's log is masked too


@pytest.mark.redis
@pytest.mark.postgres
def test_a_real_worker_retries_a_429_through_rq_and_sends_once(
    postgres_url: str, redis_url: str, fake: FakeTwilio
) -> None:
    fake.fail_next(2, status=429)
    extra = {"DELIVERY_RETRY_INTERVALS": "0,0,0"}  # rq retries at once, so a burst worker sees them
    with bot_app(postgres_url, fake.base_url, REDIS_URL=redis_url, **extra) as app:
        post_signed(app.test_client(), WEBHOOK, inbound_form(PHONE, "2 surf"))
        worker = run_worker(postgres_url, redis_url, fake, **extra)
        assert worker.returncode == 0, worker.stderr[-2000:]
        [reply] = rows(app, OutboxMessage)
    assert len(fake.attempts) == 3
    assert [m.body for m in fake.sent] == ["echo: 2 surf"]
    assert (reply.status, reply.attempts) == ("sent", 3)
