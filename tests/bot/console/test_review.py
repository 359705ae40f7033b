"""The review queue: one person at a time, fixes placed as orders and sent to the dealer, fixes that teach."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
import sqlalchemy as sa

from bot.console.teach import promote, teach
from bot.parsing import parse
from domain.models import AuditLog, Dealer, LearnedAlias, Order, OrderEvent, OrderLine, ReviewItem, Sku
from tests.bot.console.conftest import Console
from tests.support.signing import WEBHOOK, inbound_form, post_signed

D01_PHONE, D02_PHONE = "+919000000101", "+919000000102"
LUX = "colget 100g 3 dzn, dettol 2 dzn, lux 1 peti"  # the parser cannot tell the two Lux soaps apart


def lines_form(*lines: tuple[str, ...]) -> dict[str, str]:
    """(words, sku, qty, uom[, the parser's sku, its confidence]) per line, as the page posts them."""
    form = {}
    for i, (words, sku, qty, uom, *parser) in enumerate(lines):
        was, conf = parser or ("", "")
        form.update(
            {
                f"line-{i}-words": words,
                f"line-{i}-sku": sku,
                f"line-{i}-qty": qty,
                f"line-{i}-uom": uom,
                f"line-{i}-was": was,
                f"line-{i}-conf": conf,
            }
        )
    return form


FIXED = lines_form(  # two lines the parser was sure of, and one staff made from words it could not place
    ("colget 100g 3 dzn", "COL-ST-100", "3", "dozen", "COL-ST-100", "0.97"),
    ("dettol 2 dzn", "DET-ORG-125", "2", "dozen", "DET-ORG-125", "0.97"),
    ("lux 1 peti", "LUX-ROSE-100", "1", "case"),
)


def claimed(console: Console, text: str = LUX, code: str = "D01", **parse: object) -> tuple[object, int]:
    item = console.add_review(code, text, parse={"intent": "order", **parse} if parse else None)
    ops = console.client("ops")
    assert console.post(ops, f"/console/review/{item}/claim").status_code == 302
    return ops, item


def test_the_queue_shows_the_oldest_first_with_its_age(console: Console) -> None:
    first = console.add_review("D01", "first message")
    second = console.add_review("D02", "second message")
    page = console.client("ops").get("/console/review").get_data(as_text=True)
    assert page.index("first message") < page.index("second message")
    assert re.search(rf"<td>{first}</td>\s*<td class=\"num\">\d+m</td>", page)
    assert second


def test_an_item_is_claimed_by_one_person_at_a_time(console: Console) -> None:
    ops, item = claimed(console)
    admin = console.client("admin")
    refused = console.post(admin, f"/console/review/{item}/claim")
    assert refused.headers["Location"] == "/console/review"
    response = console.post(admin, f"/console/review/{item}", {**FIXED, "op": "accept"})
    assert response.status_code == 302  # sent back to the queue: he does not hold it
    with console.session() as s:
        row = s.get(ReviewItem, item)
        assert row is not None and row.status == "claimed" and row.claimed_by is not None
        assert row.claimed_by.email == "ops@example.com"
        assert s.scalar(sa.select(sa.func.count()).select_from(Order)) == 0
    assert console.post(ops, f"/console/review/{item}/release").status_code == 302
    assert (
        console.post(admin, f"/console/review/{item}/claim").headers["Location"] == f"/console/review/{item}"
    )


def test_the_item_page_shows_the_message_the_parse_and_the_candidates(console: Console) -> None:
    ops, item = claimed(console)
    page = ops.get(f"/console/review/{item}").get_data(as_text=True)
    assert '<mark class="line">colget 100g 3 dzn</mark>' in page  # the span the parser read
    assert '<mark class="unmatched">lux 1 peti</mark>' in page  # and the words it could not place
    assert 'value="adopt:0:LUX-ROSE-100"' in page and 'value="adopt:0:LUX-JAS-100"' in page  # one click away
    assert 'name="line-0-sku" value="COL-ST-100"' in page


def test_picking_a_candidate_adds_the_line_without_accepting(console: Console) -> None:
    ops, item = claimed(console)
    form = lines_form(
        ("colget 100g 3 dzn", "COL-ST-100", "3", "dozen"), ("dettol 2 dzn", "DET-ORG-125", "2", "dozen")
    )
    page = console.post(ops, f"/console/review/{item}", {**form, "op": "adopt:0:LUX-ROSE-100"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert (
        'name="line-2-sku" value="LUX-ROSE-100"' in html and 'name="line-2-words" value="lux 1 peti"' in html
    )
    removed = console.post(ops, f"/console/review/{item}", {**FIXED, "op": "remove:0"}).get_data(as_text=True)
    assert 'name="line-0-sku" value="DET-ORG-125"' in removed and 'value="COL-ST-100" list=' not in removed


def test_accepting_a_fix_sends_the_priced_draft_and_teaches_the_parser(console: Console) -> None:
    ops, item = claimed(console)
    response = console.post(ops, f"/console/review/{item}", {**FIXED, "op": "accept"})
    assert response.status_code == 302
    with console.session() as s:
        order = s.scalars(sa.select(Order)).one()
        assert (order.state, [ln.sku.sku for ln in order.lines]) == (
            "awaiting_confirmation",
            ["COL-ST-100", "DET-ORG-125", "LUX-ROSE-100"],
        )
        row = s.get(ReviewItem, item)
        assert row is not None and (row.status, row.order_id) == ("done", order.id)
        [alias] = s.scalars(sa.select(LearnedAlias)).all()
        assert (alias.phrase, alias.sku.sku, alias.dealer_id) == ("lux", "LUX-ROSE-100", row.dealer_id)
        assert (
            s.scalar(sa.select(AuditLog.target).where(AuditLog.action == "review.accept")) == f"review {item}"
        )
        [draft] = console.sender.bodies(D01_PHONE)
        assert order.number in draft and "Reply *YES*" in draft
        assert parse(s, LUX, "D01").needs_review is False  # this dealer: at once
        assert parse(s, LUX, "D02").needs_review is True  # others: not until promoted


def test_the_same_message_sent_again_after_the_fix_is_parsed_right_and_needs_no_review(
    console: Console,
) -> None:
    ops, item = claimed(console)
    assert console.post(ops, f"/console/review/{item}", {**FIXED, "op": "accept"}).status_code == 302
    client = console.app.test_client()
    assert post_signed(client, WEBHOOK, inbound_form(D01_PHONE, "no")).status_code == 200  # drops the draft
    assert post_signed(client, WEBHOOK, inbound_form(D01_PHONE, LUX)).status_code == 200
    with console.session() as s:
        assert s.scalar(sa.select(sa.func.count()).where(ReviewItem.kind == "parse")) == 1  # only the first
        newest = s.scalars(sa.select(Order).order_by(Order.id.desc())).first()
        assert newest is not None and newest.placed_by_kind == "dealer"
        assert [ln.sku.sku for ln in newest.lines] == ["COL-ST-100", "DET-ORG-125", "LUX-ROSE-100"]
    assert "Reply *YES*" in console.sender.bodies(D01_PHONE)[-1]


def test_the_same_fix_from_three_dealers_teaches_everyone(console: Console) -> None:
    ids = [console.dealer(code).id for code in ("D01", "D02", "D03")]
    with console.session() as s, s.begin():
        for dealer_id in ids:
            taught = teach(s, "lux 1 peti", "LUX-ROSE-100", dealer_id, "ops@example.com")
            assert taught is not None
        assert taught.for_everyone
    with console.session() as s:
        assert parse(s, LUX, "D05").needs_review is False


def test_an_admin_promotes_one_dealers_alias_to_everyone(console: Console) -> None:
    dealer_id = console.dealer("D01").id
    with console.session() as s, s.begin():
        teach(s, "lux 1 peti", "LUX-ROSE-100", dealer_id, "ops@example.com")
        alias_id = s.scalar(sa.select(LearnedAlias.id))
    with console.session() as s:
        assert parse(s, LUX, "D05").needs_review is True
    admin = console.client("admin")
    assert console.post(admin, f"/console/aliases/{alias_id}/promote").status_code == 302
    with console.session() as s:
        assert parse(s, LUX, "D05").needs_review is False
        assert promote(s, alias_id, "again") is None  # promoting twice adds nothing


def test_a_message_the_dealer_already_said_yes_to_is_confirmed_at_once(console: Console) -> None:
    ops, item = claimed(console, confirmed=True)
    assert console.post(ops, f"/console/review/{item}", {**FIXED, "op": "accept"}).status_code == 302
    with console.session() as s:
        assert s.scalars(sa.select(Order.state)).one() == "confirmed"
    assert "confirmed" in console.sender.bodies(D01_PHONE)[-1]


def test_the_clear_part_drafted_before_review_becomes_the_reviewed_order_under_its_number(
    console: Console,
) -> None:
    """The dealer's draft is fixed in place: one order, his number, no "cancelled" draft in the console."""
    client = console.app.test_client()
    post_signed(client, WEBHOOK, inbound_form(D01_PHONE, "maggi 5 peti, zorbex powder 2 peti"))
    post_signed(client, WEBHOOK, inbound_form(D01_PHONE, "0"))  # none of the bot's guesses: to review
    with console.session() as s:
        item = s.scalars(sa.select(ReviewItem).where(ReviewItem.kind == "parse")).one()
        drafted = (item.parse or {}).get("drafted_as")
    assert drafted  # the bot drafted the maggi line while zorbex waits for a person
    ops = console.client("ops")
    console.post(ops, f"/console/review/{item.id}/claim")
    form = lines_form(
        ("maggi 5 peti", "MAG-MAS-70", "5", "case", "MAG-MAS-70", "0.97"),
        ("zorbex powder 2 peti", "SE-EW-1KG", "2", "case"),
    )
    assert console.post(ops, f"/console/review/{item.id}", {**form, "op": "accept"}).status_code == 302
    with console.session() as s:
        states = dict(s.execute(sa.select(Order.number, Order.state)).tuples().all())
        skus = s.scalars(
            sa.select(Sku.sku).join(OrderLine, OrderLine.sku_id == Sku.id).order_by(Sku.sku)
        ).all()
        history = s.scalars(sa.select(OrderEvent.reason).join(Order).where(Order.number == drafted)).all()
    assert states == {drafted: "awaiting_confirmation"}
    assert skus == ["MAG-MAS-70", "SE-EW-1KG"]
    assert any(f"checked from review item {item.id}" in note for note in history)
    sent = console.sender.bodies(D01_PHONE)[-1]
    assert drafted in sent and "replaces" not in sent


@pytest.mark.parametrize(
    ("form", "error"),
    [
        (lines_form(("x", "NOPE-1", "1", "case")), "line 1: SKU &#39;NOPE-1&#39; is not in the catalog"),
        (lines_form(("x", "COL-ST-100", "abc", "dozen")), "line 1: quantity &#39;abc&#39; is not a number"),
        (lines_form(("x", "COL-ST-100", "0", "dozen")), "line 1: quantity must be more than 0"),
        (lines_form(("x", "COL-ST-100", "2", "ton")), "line 1: COL-ST-100 is not sold by &#39;ton&#39;"),
        ({}, "the order has no lines"),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_placed(
    console: Console, form: dict[str, str], error: str
) -> None:
    ops, item = claimed(console)
    response = console.post(ops, f"/console/review/{item}", {**form, "op": "accept"})
    assert response.status_code == 400
    assert error in response.get_data(as_text=True)
    with console.session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Order)) == 0
        assert s.scalar(sa.select(sa.func.count()).select_from(LearnedAlias)) == 0


def test_rejecting_sends_the_reason_to_the_dealer(console: Console) -> None:
    ops, item = claimed(console)
    assert console.post(ops, f"/console/review/{item}/reject", {"reason": ""}).status_code == 302
    assert console.sender.sent == []  # no reason, nothing sent
    assert (
        console.post(ops, f"/console/review/{item}/reject", {"reason": "we do not stock Lux"}).status_code
        == 302
    )
    [told] = console.sender.bodies(D01_PHONE)
    assert "we do not stock Lux" in told
    with console.session() as s:
        row = s.get(ReviewItem, item)
        assert row is not None and (row.status, row.resolution) == ("rejected", "we do not stock Lux")
        assert s.scalar(sa.select(sa.func.count()).where(AuditLog.action == "review.reject")) == 1


def test_a_long_reviewed_draft_goes_out_in_numbered_parts_that_fit_whatsapp(console: Console) -> None:
    from domain.models import Sku

    with console.session() as s:
        skus = list(
            s.execute(
                sa.select(Sku.sku, Sku.default_uom).where(Sku.price.is_not(None)).order_by(Sku.sku).limit(30)
            ).tuples()
        )
    item = console.add_review("D04", "a long list")  # D04 has no credit limit
    ops = console.client("ops")
    console.post(ops, f"/console/review/{item}/claim")
    form = lines_form(*((f"item {i}", sku, "1", uom) for i, (sku, uom) in enumerate(skus)))
    assert console.post(ops, f"/console/review/{item}", {**form, "op": "accept"}).status_code == 302
    parts = console.sender.bodies("+919000000104")
    assert len(parts) >= 2 and all(len(p) <= 1600 for p in parts)
    assert parts[0].rstrip().endswith(f"(1/{len(parts)})") or parts[0].lstrip().startswith(
        f"(1/{len(parts)})"
    )
    assert "Reply *YES*" in parts[-1]


def test_a_rate_the_dealer_asked_is_shown_kept_and_asked_of_an_approver(console: Console) -> None:
    ops, item = claimed(console, "colget 100g 3 dzn @550, lux 1 peti @2400")
    page = ops.get(f"/console/review/{item}").get_data(as_text=True)
    assert 'name="line-0-rate" value="550.00"' in page  # the parser's line keeps its rate ...
    adopted = console.post(
        ops,
        f"/console/review/{item}",
        {
            "op": "adopt:0:LUX-ROSE-100",
            **lines_form(("colget 100g 3 dzn @550", "COL-ST-100", "3", "dozen", "COL-ST-100", "0.97")),
            "line-0-rate": "550.00",
        },
    ).get_data(as_text=True)
    assert 'name="line-1-rate" value="2400.00"' in adopted  # ... and so does a line made from loose words
    bad = {**FIXED, "line-0-rate": "5x0", "op": "accept"}
    assert "is not an amount" in console.post(ops, f"/console/review/{item}", bad).get_data(as_text=True)
    console.post(ops, f"/console/review/{item}", {**FIXED, "line-0-rate": "550", "op": "accept"})
    with console.session() as s:
        order = s.scalars(sa.select(Order)).one()
        asked = [(ln.sku.sku, ln.unit_price, ln.requested_price) for ln in order.lines]
    assert asked[0] == ("COL-ST-100", D("605.00"), D("550.00"))  # below D01's list: for an approver
    assert [a[2] for a in asked[1:]] == [None, None]
    [draft] = console.sender.bodies(D01_PHONE)
    assert "you asked ₹550.00 a dozen: needs our approval" in draft


@pytest.mark.parametrize(
    ("op", "says"),
    [
        ("accept", ["*ऑर्डर ड्राफ़्ट SO-1001*", "*YES*"]),  # the reviewed draft, in Hindi
        ("reject", ["माफ़ कीजिए, आपका मैसेज", "नहीं ले सके: we do not stock Lux।"]),
    ],
)
def test_the_dealer_hears_the_outcome_in_his_own_language(console: Console, op: str, says: list[str]) -> None:
    with console.session() as s, s.begin():
        s.execute(sa.update(Dealer).where(Dealer.code == "D01").values(language="hi"))
    ops, item = claimed(console)
    if op == "accept":
        console.post(ops, f"/console/review/{item}", {**FIXED, "op": "accept"})
    else:
        console.post(ops, f"/console/review/{item}/reject", {"reason": "we do not stock Lux"})
    [told] = console.sender.bodies(D01_PHONE)
    assert all(words in told for words in says), told
    with console.session() as s:
        row = s.get(ReviewItem, item)
        assert row is not None and row.status == ("done" if op == "accept" else "rejected")
