"""Forgery: 1,000 requests that Twilio did not sign are all refused with 403 and write nothing anywhere.

Five kinds of forgery, 200 each, against gunicorn on PostgreSQL; every table's
row count is the same before and after. One honest request at the end is
accepted, so the refusals are the signature check at work, not a broken server.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa

from domain.db import make_engine
from tests.load.conftest import Shop, shop_phone
from tests.load.storm import order_text, post
from tests.support.fake_twilio import FakeTwilio
from tests.support.servers import LogBook, web
from tests.support.signing import STATUS, WEBHOOK, inbound_form, signature, status_form

pytestmark = [pytest.mark.postgres]

EACH = 200
WRONG_TOKEN = "not-the-auth-token-0123456789abcd"

Forge = Callable[[str, int], int]  # (server url, n) -> status code


def unsigned(url: str, n: int) -> int:
    return post(url, inbound_form(shop_phone(n), order_text(n)), headers={})


def signed_with_another_token(url: str, n: int) -> int:
    form = inbound_form(shop_phone(n), order_text(n))
    return post(url, form, headers={"X-Twilio-Signature": signature(url + WEBHOOK, form, WRONG_TOKEN)})


def body_changed_after_signing(url: str, n: int) -> int:
    form = inbound_form(shop_phone(n), order_text(n))
    good = signature(url + WEBHOOK, form)
    return post(url, {**form, "Body": form["Body"] + " aur 50 peti"}, headers={"X-Twilio-Signature": good})


def signed_for_another_url(url: str, n: int) -> int:
    form = inbound_form(shop_phone(n), order_text(n))
    return post(url, form, sign_url=f"https://attacker.example{WEBHOOK}" if n % 2 else url + STATUS)


def status_callback_unsigned(url: str, n: int) -> int:
    form = status_form(f"SM{n:032x}", "delivered")
    return post(url, form, path=STATUS, headers={"X-Twilio-Signature": "bm90IGEgc2lnbmF0dXJl"})


FORGERIES: list[Forge] = [
    unsigned,  # no X-Twilio-Signature at all
    signed_with_another_token,  # signed, but with a token that is not ours
    body_changed_after_signing,  # Twilio's signature, then the Body was changed on the way
    signed_for_another_url,  # a real signature for another host, or for another of our paths
    status_callback_unsigned,  # a delivery callback with a made-up signature
]


def row_counts(db_url: str) -> dict[str, int]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            names = sa.inspect(conn).get_table_names()
            return {n: int(conn.execute(sa.text(f'select count(*) from "{n}"')).scalar() or 0) for n in names}
    finally:
        engine.dispose()


def test_a_thousand_forged_requests_are_refused_and_write_nothing(
    shop: Shop, fake: FakeTwilio, logbook: LogBook
) -> None:
    before = row_counts(shop.url)
    for n in range(EACH):
        shop.watch(shop_phone(n), order_text(n))
    with web(shop.env(fake), logbook, workers=2) as server:
        jobs = [(forge, n) for forge in FORGERIES for n in range(EACH)]
        with ThreadPoolExecutor(8) as pool:
            codes = list(pool.map(lambda job: (job[0].__name__, job[0](server.url, job[1])), jobs))
        after = row_counts(shop.url)
        honest = post(server.url, inbound_form(shop_phone(0), order_text(0)))

    assert len(codes) == 1000
    assert [c for c in codes if c[1] != 403] == []
    assert after == before  # not one row in any table
    assert honest == 200
    assert row_counts(shop.url)["inbound_messages"] == 1
