"""Dealer text is always escaped: script, onerror= and attribute-breaking payloads never reach a page raw."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from bot.models import InboundMessage
from domain.models import Dealer, OrderLine, UnknownSender
from tests.bot.console.conftest import Console, login

SCRIPT = '<script>alert("pwned")</script>'
IMG = "<img src=x onerror=alert(1)>"
QUOTE = '" autofocus onfocus="alert(2)'
RAW = ("<script>alert", "<img src=x", 'onfocus="alert(2)')  # what must never appear unescaped
STRANGER = "+919000000666"


def plant(console: Console) -> tuple[int, str, str]:
    """Payloads as dealer names, towns, messages, profile names, order words; the review item and order."""
    with console.session() as s, s.begin():
        s.execute(
            sa.update(Dealer).where(Dealer.code.in_(["D01", "D03"])).values(name=f"Kirana {SCRIPT}", town=IMG)
        )
        s.add(
            UnknownSender(
                phone=STRANGER,
                last_text=f"{SCRIPT} {IMG}",
                first_seen=datetime.now(UTC),
                last_seen=datetime.now(UTC),
            )
        )
        s.add(
            InboundMessage(
                message_sid=f"SM{uuid.uuid4().hex}",
                phone=STRANGER,
                body=SCRIPT,
                profile_name=IMG,
                status="processed",
            )
        )
    parse = {
        "intent": "order",
        "unclear": [IMG],
        "lines": [
            {
                "sku": "MAG-MAS-70",
                "qty": 2,
                "uom": "case",
                "confidence": 0.6,
                "text": SCRIPT,
                "span": [0, 5],
                "candidates": [{"sku": "MAG-MAS-280", "name": IMG, "score": 70}],
            }
        ],
        "unmatched": [
            {"text": IMG, "span": [6, 20], "qty": None, "uom": None, "reason": SCRIPT, "candidates": []}
        ],
    }
    item = console.add_review("D01", f"{SCRIPT} {IMG} {QUOTE}", parse=parse)
    number, _ = console.credit_hold()
    with console.session() as s, s.begin():
        s.execute(sa.update(OrderLine).values(source_text=f"{SCRIPT}{QUOTE}"))
    return item, number, "D01"


def pages(item: int, number: str) -> list[str]:
    return [
        "/console/review",
        f"/console/review/{item}",
        "/console/approvals",
        "/console/orders",
        f"/console/orders/{number}",
        "/console/dealers",
        "/console/dealers/D03",
        "/console/unknown",
        "/console/aliases",
        "/console/audit",
        "/console/orders?dealer=" + SCRIPT,
    ]


def assert_escaped(body: str, where: str) -> None:
    for raw in RAW:
        assert raw not in body, f"{where}: {raw!r} reached the page unescaped"


def test_no_dealer_payload_reaches_any_page_unescaped(console: Console) -> None:
    item, number, _ = plant(console)
    login(console.app.test_client(), IMG)  # a failed login writes the "email" to the audit log
    admin = console.client("admin")
    console.post(admin, f"/console/review/{item}/claim")
    seen_escaped = 0
    for url in pages(item, number):
        response = admin.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        assert_escaped(body, url)
        seen_escaped += "&lt;script&gt;" in body or "&lt;img src=x" in body
    assert seen_escaped >= 8  # the payloads were on the pages, as text


@pytest.mark.parametrize(
    "op",
    [
        "refresh",  # the edited lines are shown back
        "add",
        "accept",  # refused (no such SKU): the lines and the error are shown back
    ],
)
def test_posted_line_words_are_shown_back_escaped(console: Console, op: str) -> None:
    item, _, _ = plant(console)
    ops = console.client("ops")
    console.post(ops, f"/console/review/{item}/claim")
    form = {
        "line-0-words": f"{SCRIPT}{QUOTE}",
        "line-0-sku": f"{IMG}",
        "line-0-qty": QUOTE,
        "line-0-uom": SCRIPT,
        "line-0-was": IMG,
        "line-0-conf": "0.1",
        "op": op,
    }
    body = console.post(ops, f"/console/review/{item}", form).get_data(as_text=True)
    assert_escaped(body, op)
    assert "&lt;script&gt;" in body


def test_a_flashed_reason_is_escaped(console: Console) -> None:
    item, _, _ = plant(console)
    ops = console.client("ops")
    console.post(ops, f"/console/review/{item}/claim")
    response = console.post(ops, f"/console/review/{item}/reject", {"reason": SCRIPT}, follow_redirects=True)
    assert_escaped(response.get_data(as_text=True), "flash")


def test_a_media_url_is_linked_only_when_it_is_https(console: Console) -> None:
    item = console.add_review(
        "D01",
        "",
        kind="media",
        parse={"media_urls": ["javascript:alert(3)", IMG, "https://api.twilio.com/m/1"]},
    )
    ops = console.client("ops")
    console.post(ops, f"/console/review/{item}/claim")
    body = ops.get(f"/console/review/{item}").get_data(as_text=True)
    assert_escaped(body, "media")
    assert 'href="javascript:' not in body and "<li>javascript:alert(3)</li>" in body
    assert 'href="https://api.twilio.com/m/1"' in body
