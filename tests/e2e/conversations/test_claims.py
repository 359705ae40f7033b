"""Claims as dealers really send them, over the signed webhook (issue 11, item 4): goods damaged,
leaking, expired, short or wrong, told in Hinglish, Hindi or English, by a dealer or his rep; staff
approving or rejecting them on /console/claims. Each conversation asserts what is stored afterwards:
claims and their lines, orders and drafts untouched, credit notes in the ledger.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from domain.models import Claim, ClaimLine, Dealer, LedgerEntry, Order, OrderLine, ReviewItem, StaffUser
from domain.orders import Actor
from domain.services.ledger import summarise
from domain.services.orders import dispatch
from tests.bot.console.conftest import PASSWORD, TOKEN, login
from tests.support.chat import DEALER, OTHER_DEALER, REP, Chat
from tests.support.signing import WEBHOOK, inbound_form, post_signed

APPROVER = "approver@example.com"
MAGGI = "MAG-MAS-70"  # D01 pays 1,070.00 a case, GST 5%
Row = tuple[str, str, str | None, str]  # claim number, reason, order number, status


def claims(chat: Chat) -> list[Row]:
    with chat.session() as s:
        rows = s.execute(
            sa.select(Claim.number, Claim.reason, Order.number, Claim.status)
            .outerjoin(Order, Claim.order_id == Order.id)
            .order_by(Claim.id)
        )
        return [tuple(r) for r in rows]


def claim_lines(chat: Chat) -> list[tuple[str | None, Decimal | None, str]]:
    with chat.session() as s:
        rows = s.scalars(sa.select(ClaimLine).order_by(ClaimLine.id))
        return [(ln.sku_code, None if ln.qty is None else ln.qty.normalize(), ln.uom) for ln in rows]


def claim_dealers(chat: Chat) -> list[str]:
    with chat.session() as s:
        return list(
            s.scalars(sa.select(Dealer.code).join(Claim, Claim.dealer_id == Dealer.id).order_by(Claim.id))
        )


def orders(chat: Chat) -> list[tuple[str, str]]:
    return [(o.number, o.state) for o in chat.rows(Order)]


def order_lines(chat: Chat) -> list[tuple[int, Decimal]]:
    return [(ln.order_id, ln.qty.normalize()) for ln in chat.rows(OrderLine)]


def credit_notes(chat: Chat) -> list[tuple[str | None, Decimal]]:
    return [(e.reference, e.amount) for e in chat.rows(LedgerEntry, LedgerEntry.kind == "credit_note")]


def balance(chat: Chat, code: str = "D01") -> Decimal:
    with chat.session() as s:
        dealer = s.scalars(sa.select(Dealer).where(Dealer.code == code)).one()
        return summarise(s, dealer, dealer.created_at.date()).balance


def delivered(chat: Chat, phone: str = DEALER, text: str = "10 peti maggi") -> str:
    """An order told, confirmed and dispatched: its number."""
    chat.say(phone, text)
    chat.say(phone, "haan")
    with chat.session() as s:
        number = s.scalars(sa.select(Order.number).order_by(Order.id.desc())).first()
        assert number is not None
        dispatch(s, number, Actor.staff("ops@example.com"))
    return number


def approver(chat: Chat) -> FlaskClient:
    with chat.session() as s:
        s.add(
            StaffUser(
                email=APPROVER,
                role="approver",
                password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"),
            )
        )
    chat.app.config["SESSION_COOKIE_SECURE"] = False  # the test client speaks http
    client = chat.app.test_client()
    assert login(client, APPROVER).status_code == 302
    return client


def decide(client: FlaskClient, claim_id: int, action: str, form: dict[str, str]) -> str:
    page = client.get(f"/console/claims/{claim_id}").get_data(as_text=True)
    found = TOKEN.search(page)
    assert found, "no CSRF token on the claim page"
    response = client.post(
        f"/console/claims/{claim_id}/{action}", data={**form, "csrf_token": found.group(1)}
    )
    assert response.status_code == 302
    return client.get("/console/claims").get_data(as_text=True)


def only_claim(chat: Chat) -> tuple[int, int]:
    """The id of the one claim and of its first line."""
    [row] = chat.rows(Claim)
    [line] = chat.rows(ClaimLine)
    return row.id, line.id


def test_a_claim_on_an_order_named_is_stored_open_with_its_lines_and_changes_no_order(chat: Chat) -> None:
    number = delivered(chat)
    before = (orders(chat), order_lines(chat))
    reply = chat.say(DEALER, f"{number} me 2 case maggi damage aaye")
    # told in Hinglish, recorded in Hinglish (docs/languages.md)
    assert (
        "Claim *CL-1001* note ho gaya: damaged" in reply and number in reply and "staff check karke" in reply
    )
    assert claims(chat) == [("CL-1001", "damaged", number, "open")]
    assert claim_lines(chat) == [(MAGGI, Decimal(2), "case")]
    assert (orders(chat), order_lines(chat)) == before and credit_notes(chat) == []


def test_kal_ki_links_the_latest_delivery_and_the_claimed_quantity_is_the_part_that_leaked(
    chat: Chat,
) -> None:
    number = delivered(chat)
    reply = chat.say(DEALER, "kal ki 3 peti me 1 peti tel leak thi")
    assert "CL-1001" in reply and ": leak, order" in reply
    assert claims(chat) == [("CL-1001", "leak", number, "open")]
    assert claim_lines(chat) == [(None, Decimal(1), "case")]  # which oil: staff choose


def test_staff_approve_part_the_credit_note_is_booked_the_dealer_told_and_his_balance_lower(
    chat: Chat,
) -> None:
    number = delivered(chat)
    chat.say(DEALER, f"{number} me 3 peti maggi phati hui")
    before = balance(chat)
    claim_id, line_id = only_claim(chat)
    queue = decide(approver(chat), claim_id, "approve", {f"qty-{line_id}": "1"})
    assert "No claims waiting" in queue
    assert claims(chat) == [("CL-1001", "damaged", number, "partly_approved")]
    assert credit_notes(chat) == [("CL-1001", Decimal("-1123.50"))]
    assert balance(chat) == before - Decimal("1123.50")
    told = chat.fake.wait_for(len(chat.fake.sent))[-1].body or ""
    assert "Claim *CL-1001* thoda approve hua: *₹1,123.50* ka credit note" in told


def test_a_rejected_claim_books_nothing_and_the_dealer_is_told_why(chat: Chat) -> None:
    chat.say(DEALER, "2 box maggi expired")
    before = balance(chat)
    claim_id, _ = only_claim(chat)
    decide(approver(chat), claim_id, "reject", {"reason": "the packs are dated next year"})
    assert claims(chat) == [("CL-1001", "expired", None, "rejected")]
    assert credit_notes(chat) == [] and balance(chat) == before
    assert "the packs are dated next year" in (chat.fake.wait_for(len(chat.fake.sent))[-1].body or "")


def test_a_claim_on_another_dealers_order_is_not_found_and_nothing_is_stored(chat: Chat) -> None:
    theirs = delivered(chat, OTHER_DEALER, "2 peti maggi")
    reply = chat.say(DEALER, f"{theirs} me 2 peti maggi damage aayi")
    assert f"could not find order *{theirs}*" in reply
    assert claims(chat) == []
    nowhere = chat.say(DEALER, "SO-4321 me 1 peti leak")
    assert "could not find order *SO-4321*" in nowhere and claims(chat) == []


def test_a_claim_in_devanagari_is_stored_with_its_quantity(chat: Chat) -> None:
    reply = chat.say(DEALER, "२ पेटी खराब निकली")
    assert "CL-1001" in reply
    assert claims(chat) == [("CL-1001", "damaged", None, "open")]
    assert claim_lines(chat) == [(None, Decimal(2), "case")]


def test_a_rep_claims_for_a_shop_after_saying_which(chat: Chat) -> None:
    reply = chat.say(REP, "3 dabba short aaye")
    assert "Which shop" in reply and claims(chat) == []  # four shops: which one?
    done = chat.say(REP, "3")
    assert "CL-1001" in done and "Laxmi Provision Stores" in done
    assert claims(chat) == [("CL-1001", "short", None, "open")] and claim_dealers(chat) == ["D03"]
    assert claim_lines(chat) == [(None, Decimal(3), "box")]


def test_a_claim_while_a_draft_waits_leaves_the_draft_as_it_was(chat: Chat) -> None:
    draft = chat.say(DEALER, "10 peti maggi")
    assert "SO-1001" in draft
    before = order_lines(chat)
    chat.say(DEALER, "maggi 1 peti leak")
    assert claims(chat) == [("CL-1001", "leak", None, "open")]
    assert orders(chat) == [("SO-1001", "awaiting_confirmation")] and order_lines(chat) == before
    assert "SO-1001" in chat.say(DEALER, "haan")
    assert orders(chat) == [("SO-1001", "confirmed")] and order_lines(chat) == before


def test_the_statement_lists_an_open_claim_then_the_credit_note_that_settles_it(chat: Chat) -> None:
    number = delivered(chat)
    chat.say(DEALER, f"{number} me 1 peti maggi toot gayi")
    assert f"CL-1001 (damaged) order {number} par" in chat.say(DEALER, "statement")
    claim_id, line_id = only_claim(chat)
    decide(approver(chat), claim_id, "approve", {"whole": "1"})
    statement = chat.say(DEALER, "statement")
    assert "credit note CL-1001" in statement and "Check ho rahe Claims" not in statement
    assert credit_notes(chat) == [("CL-1001", Decimal("-1123.50"))]


def test_expired_goods_to_take_back_name_the_product_read_by_the_parser(chat: Chat) -> None:
    chat.say(DEALER, "expiry wala maal wapas lo 5 pkt parle g")
    assert claims(chat) == [("CL-1001", "expired", None, "open")]
    assert claim_lines(chat) == [("PAR-G-50", Decimal(5), "pc")]
    assert orders(chat) == []  # never an order


@pytest.mark.parametrize("text", ["maal nahi aaya", "maal accha tha", "10 peti maggi"])
def test_a_message_that_is_no_claim_stores_no_claim(chat: Chat, text: str) -> None:
    chat.say(DEALER, text)
    assert claims(chat) == []


def test_a_claim_replayed_by_twilio_is_stored_once(chat: Chat) -> None:
    form = inbound_form(DEALER, "1 bori tuta hua aaya")
    client = chat.app.test_client()
    assert post_signed(client, WEBHOOK, form).status_code == 200
    chat.fake.wait_for(1)
    assert post_signed(client, WEBHOOK, form).status_code == 200  # the same MessageSid again
    assert len(chat.sent_to(DEALER)) == 1
    assert claims(chat) == [("CL-1001", "damaged", None, "open")]
    assert claim_lines(chat) == [(None, Decimal(1), "bag")]


def test_two_claims_are_numbered_in_turn_and_approving_one_leaves_the_other_open(chat: Chat) -> None:
    number = delivered(chat)
    chat.say(DEALER, f"{number} me 1 peti maggi damage")
    chat.say(DEALER, "galat maal aaya, sunsilk ki jagah clinic plus")
    assert [(n, r, s) for n, r, _, s in claims(chat)] == [
        ("CL-1001", "damaged", "open"),
        ("CL-1002", "wrong", "open"),
    ]
    first = chat.rows(Claim)[0]
    line = chat.rows(ClaimLine, ClaimLine.claim_id == first.id)[0]
    page = decide(approver(chat), first.id, "approve", {f"qty-{line.id}": "1"})
    table = page.split("<h1>")[1]
    assert "CL-1002" in table and "CL-1001" not in table  # the queue shows what is still open
    assert [s for *_, s in claims(chat)] == ["approved", "open"]


def test_a_rep_naming_the_shop_claims_for_it_at_once(chat: Chat) -> None:
    reply = chat.say(REP, "Laxmi Provision Stores: 2 peti maggi toot gayi")
    assert "CL-1001" in reply and "Laxmi Provision Stores" in reply
    assert claim_dealers(chat) == ["D03"] and claim_lines(chat) == [(MAGGI, Decimal(2), "case")]


def test_a_claim_and_an_order_in_one_message_go_to_a_person_and_nothing_is_booked(chat: Chat) -> None:
    """Which goods are claimed and which ordered is for a person: once 5 cases were claimed damaged."""
    chat.say(DEALER, "5 peti maggi bhejo, pichli baar 2 peti damage thi")
    assert chat.rows(Claim) == [] and chat.rows(Order) == []
    [item] = chat.rows(ReviewItem)
    assert item.parse.get("asks") == "claim_and_order"


def test_a_claim_about_kal_ki_goes_to_the_latest_delivery_that_holds_the_goods(chat: Chat) -> None:
    """Once linked to the latest dispatch whatever it held, and credited at today's price."""
    maggi_order = delivered(chat, text="10 peti maggi")
    delivered(chat, text="5 bag tata salt")  # the latest delivery has no Maggi
    chat.say(DEALER, "kal ki 1 peti maggi damage thi")
    assert claims(chat) == [("CL-1001", "damaged", maggi_order, "open")]
    chat.say(DEALER, "kal ki 1 peti sprite leak thi")  # no delivery held Sprite: staff find the order
    assert claims(chat)[1] == ("CL-1002", "leak", None, "open")
