"""Sending signed webhooks to a real server, many at once, and reading what the bot did from the database.

    post(server.url, form)                         -> status code (a signed POST, as Twilio sends it)
    deliver_each(url, forms, times=5, together=3)  -> every answer's status code
    settled(db_url)                                -> True when nothing is waiting, sending or queued
    queue_replies(runtime, [(phone, body), ...])   -> outbox ids, queued and handed to the jobs
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor

import requests
import sqlalchemy as sa

from bot.models import InboundMessage, OutboxMessage
from bot.runtime import Runtime
from bot.store import queue_message
from domain.db import make_engine
from tests.support.signing import WEBHOOK, signature

ORDER_TEMPLATES = (
    "bhaiya {a} peti maggi aur {b} peti parle g bhej do",
    "Please send {a} cases Red Label 250g and {b} cases Tata Tea Premium 250g",
    "{a} case maggi masala, {b} case parle g",
)

_local = threading.local()


def _session() -> requests.Session:
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session  # type: ignore[no-any-return]


def order_text(n: int) -> str:
    """A realistic order that drafts without a question; n makes each one different."""
    return ORDER_TEMPLATES[n % len(ORDER_TEMPLATES)].format(a=n % 7 + 2, b=n % 5 + 1)


def post(base_url: str, form: Mapping[str, str], path: str = WEBHOOK, sign_url: str | None = None,
         headers: Mapping[str, str] | None = None) -> int:
    """POST `form` signed for base_url + path (or `sign_url`); `headers` replace the signature header."""
    url = f"{base_url}{path}"
    sent = dict(headers) if headers is not None else {"X-Twilio-Signature": signature(sign_url or url, form)}
    return _session().post(url, data=dict(form), headers=sent, timeout=30).status_code


def deliver_each(base_url: str, forms: Sequence[Mapping[str, str]], times: int = 5, together: int = 3,
                 parallel: int = 8) -> list[int]:
    """Deliver every form `times` times: `together` of them at the same instant, then the rest one by one."""

    def one_message(form: Mapping[str, str]) -> list[int]:
        gate = threading.Barrier(together)
        codes: list[int] = []

        def burst() -> None:
            gate.wait(timeout=30)
            codes.append(post(base_url, form))

        threads = [threading.Thread(target=burst) for _ in range(together)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        codes.extend(post(base_url, form) for _ in range(times - together))
        return codes

    with ThreadPoolExecutor(parallel) as pool:
        return [code for codes in pool.map(one_message, forms) for code in codes]


def scalar(db_url: str, query: sa.Select[tuple[int]]) -> int:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(query).scalar() or 0)
    finally:
        engine.dispose()


def counts(db_url: str) -> dict[str, int]:
    """inbound and outbox rows per status, e.g. {'inbound processed': 200, 'outbox sent': 200}."""
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            found: dict[str, int] = {}
            for name, model in (("inbound", InboundMessage), ("outbox", OutboxMessage)):
                rows = conn.execute(sa.select(model.status, sa.func.count()).group_by(model.status))
                found.update({f"{name} {status}": int(n) for status, n in rows})
            return found
    finally:
        engine.dispose()


def settled(db_url: str) -> bool:
    """No message waits to be processed and no reply waits to be sent."""
    busy = ("inbound received", "outbox queued", "outbox sending")
    return not any(counts(db_url).get(key) for key in busy)


def queue_replies(rt: Runtime, replies: Sequence[tuple[str, str]]) -> list[int]:
    """Queue (phone, body) replies as process_inbound does, commit, then hand each to the dispatcher."""
    with rt.sessions() as session, session.begin():
        ids = [row.id for phone, body in replies if (row := queue_message(session, phone, body)) is not None]
    for outbox_id in ids:
        rt.dispatcher.deliver(outbox_id)
    return ids
