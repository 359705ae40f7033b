"""Questions as dealers and reps ask them, over the signed webhook (issue 11): a rate, a scheme, stock, a
bill; in Hinglish, Devanagari and Marathi; with a draft open and with a question open. Each conversation
asserts what is stored afterwards: a question orders nothing, changes no draft and queues nothing for a
person unless the bot could not tell what was asked about.

Replies are checked by amounts, order numbers, product and scheme names and the ✅ ⚠️ ❌ 🧾 marks,
which read the same in every language the replies are written in.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from bot.conversation.state import Conversation
from domain.models import Invoice, LedgerEntry, Order, OrderLine, ReviewItem, SchemeRow
from domain.orders import Actor
from domain.services.credit import IST
from domain.services.orders import deliver, dispatch, invoice
from tests.support.chat import DEALER, OTHER_DEALER, REP, Chat

STAFF = Actor.staff("asha@example.com")


def orders(chat: Chat) -> list[tuple[str, str, Decimal]]:
    return [(o.number, o.state, Decimal(o.total)) for o in chat.rows(Order)]


def waiting(chat: Chat, phone: str) -> str:
    rows = chat.rows(Conversation, Conversation.phone == phone)
    return rows[0].waiting_for if rows else ""


def reviews(chat: Chat) -> list[tuple[str, str]]:
    return [(r.kind, str(r.parse.get("asks", ""))) for r in chat.rows(ReviewItem)]


def billed(chat: Chat, number: str) -> None:
    """The office ships, delivers and bills the order, as the console does."""
    with chat.session() as session:
        dispatch(session, number, STAFF)
        deliver(session, number, STAFF)
        invoice(session, number, STAFF)


def test_a_rate_asked_then_ordered_at_that_rate(chat: Chat) -> None:
    assert "₹1,070.00" in chat.say(DEALER, "maggi ka rate kya hai")
    assert orders(chat) == []  # asking orders nothing
    draft = chat.say(DEALER, "maggi 10 peti")
    assert "*Order draft SO-1001*" in draft and "₹1,070.00" in draft
    chat.say(DEALER, "yes")
    assert orders(chat) == [("SO-1001", "confirmed", Decimal("11235.00"))]
    [line] = chat.rows(OrderLine)
    assert (line.unit_price, line.requested_price) == (Decimal("1070.00"), None)
    assert reviews(chat) == []


def test_two_dealers_of_different_tiers_each_get_their_own_price(chat: Chat) -> None:
    mine = chat.say(DEALER, "maggi ka rate kya hai")  # D01, tier A
    theirs = chat.say(OTHER_DEALER, "maggi ka rate kya hai")  # D02, tier B
    assert "₹1,070.00" in mine and "₹1,085.00" not in mine
    assert "₹1,085.00" in theirs and "₹1,070.00" not in theirs
    assert "₹11.15" in chat.say(DEALER, "maggi pc ka rate")  # per piece: the case price over 96
    assert orders(chat) == [] and reviews(chat) == []


def test_the_schemes_asked_are_his_current_ones_never_an_expired_one(chat: Chat) -> None:
    today = datetime.now(IST).date()
    with chat.session() as session:
        for code, name, ends in (
            ("MAGGI-OLD", "Maggi old offer 3% off", today - timedelta(days=1)),
            ("MAGGI-NOW", "Maggi this month 2% off", today + timedelta(days=7)),
        ):
            session.add(
                SchemeRow(
                    code=code,
                    name=name,
                    kind="qty_discount",
                    applies_to="sku",
                    target="MAG-MAS-70",
                    min_qty=Decimal(5),
                    min_uom="case",
                    discount_pct=Decimal(2),
                    recursive=False,
                    valid_from=date(2020, 1, 1),
                    valid_to=ends,
                    tiers=[],
                )
            )
    reply = chat.say(DEALER, "is mahine maggi pe offer kya hai")
    assert "Maggi this month 2% off" in reply and "Maggi Masala 70g: every 10 cases" in reply
    assert "Maggi old offer" not in reply
    assert "Parle biscuits" not in reply  # only the schemes on what he named
    everything = chat.say(DEALER, "koi scheme chal rahi hai?")
    assert "Parle biscuits quantity discount" in everything and "Maggi old offer" not in everything
    assert orders(chat) == [] and reviews(chat) == []


def test_stock_asked_for_short_and_missing_skus(chat: Chat) -> None:
    out = chat.say(DEALER, "5 peti thums up 2.25 milega kya")
    assert "Thums Up 2.25L" in out and "❌" in out
    short = chat.say(DEALER, "dhara 5 tin stock me hai?")
    assert "⚠️" in short and " 3 " in short  # what there is, as a short draft says it
    plenty = chat.say(DEALER, "sprite stock me hai?")
    assert "✅" in plenty and "Sprite 750ml" in plenty
    assert orders(chat) == [] and reviews(chat) == []


def test_the_bill_of_an_invoiced_order_is_sent_in_text(chat: Chat) -> None:
    chat.say(DEALER, "maggi 10 peti")
    chat.say(DEALER, "yes")
    billed(chat, "SO-1001")
    bill = chat.say(DEALER, "SO-1001 ka bill")
    assert "🧾" in bill and "INV/" in bill  # the tax invoice raised at dispatch names the bill
    assert "₹10,700.00" in bill and "₹535.00" in bill and "₹11,235.00" in bill  # lines, GST, total
    assert "🎁" in bill  # the free case of the 10+1 scheme
    [entry] = chat.rows(LedgerEntry, LedgerEntry.kind == "invoice")
    assert (entry.reference, entry.amount) == ("SO-1001", Decimal("11235.00"))
    assert bill == chat.say(DEALER, "invoice bhejo 1001")  # the same bill by its bare number
    assert orders(chat) == [("SO-1001", "invoiced", Decimal("11235.00"))] and reviews(chat) == []


def test_the_bill_of_a_confirmed_order_says_where_it_is(chat: Chat) -> None:
    chat.say(DEALER, "maggi 10 peti")
    chat.say(DEALER, "yes")
    reply = chat.say(DEALER, "last order ka bill bhejo")
    assert "🧾 *SO-1001*" in reply and "₹11,235.00" in reply
    assert chat.rows(LedgerEntry, LedgerEntry.kind == "invoice") == []
    assert orders(chat) == [("SO-1001", "confirmed", Decimal("11235.00"))]
    assert reviews(chat) == []  # no longer left for a person


def test_another_dealers_bill_is_not_found_as_a_missing_one_is(chat: Chat) -> None:
    chat.say(DEALER, "maggi 10 peti")
    chat.say(DEALER, "yes")
    billed(chat, "SO-1001")
    theirs = chat.say(OTHER_DEALER, "SO-1001 ka bill")
    assert "₹11,235.00" not in theirs and "🧾" not in theirs
    assert theirs == chat.say(OTHER_DEALER, "SO-1001 status")  # word for word what status says
    assert theirs.replace("SO-1001", "SO-1999") == chat.say(OTHER_DEALER, "SO-1999 ka bill")
    assert reviews(chat) == []


def test_a_rep_asks_the_price_for_a_shop(chat: Chat) -> None:
    named = chat.say(REP, "Ganesh Traders maggi ka rate")
    assert "₹1,085.00" in named and "Ganesh Traders" in named  # D02's tier B price
    which = chat.say(REP, "maggi ka rate kya hai")  # four shops and none named: which one?
    assert waiting(chat, REP) == "dealer"
    first = next(line for line in which.splitlines() if line.startswith("*1*"))
    answer = chat.say(REP, "1")
    assert "₹1,070.00" in answer  # his first shop, Shree Ganesh Kirana, is tier A
    assert "Shree Ganesh Kirana" in first and "Shree Ganesh Kirana" in answer
    assert orders(chat) == [] and waiting(chat, REP) == ""


def test_questions_in_devanagari_and_marathi(chat: Chat) -> None:
    assert "₹1,070.00" in chat.say(DEALER, "मैगी का रेट क्या है")
    marathi = chat.say(DEALER, "मॅगी चा भाव काय आहे")  # a spelling the parser is unsure of: offered, priced
    assert "Maggi 2-Minute Masala Noodles 70g" in marathi and "₹1,070.00" in marathi
    assert "✅" in chat.say(DEALER, "sprite milel ka")
    assert "Maggi Masala 70g: every 10 cases" in chat.say(DEALER, "कोई स्कीम चल रही है")
    assert orders(chat) == [] and reviews(chat) == []


def test_a_question_while_a_draft_waits_leaves_the_draft(chat: Chat) -> None:
    chat.say(DEALER, "maggi 10 peti")
    before = orders(chat)
    lines = [(ln.qty, ln.uom, ln.unit_price) for ln in chat.rows(OrderLine)]
    assert "₹1,070.00" in chat.say(DEALER, "maggi ka rate kya hai")  # "maggi" again: no line added
    assert "✅" in chat.say(DEALER, "sprite stock me hai?")
    assert "SO-1001" in chat.say(DEALER, "SO-1001 ka bill")
    assert orders(chat) == before == [("SO-1001", "awaiting_confirmation", Decimal("11235.00"))]
    assert [(ln.qty, ln.uom, ln.unit_price) for ln in chat.rows(OrderLine)] == lines
    assert "SO-1001" in chat.say(DEALER, "yes")
    assert [o.state for o in chat.rows(Order)] == ["confirmed"]


def test_a_question_while_a_question_is_open_keeps_it_open(chat: Chat) -> None:
    chat.say(DEALER, "lux 1 peti, maggi 2 peti")  # which Lux?
    assert waiting(chat, DEALER) == "pick"
    reply = chat.say(DEALER, "maggi ka rate kya hai")
    assert "₹1,070.00" in reply and waiting(chat, DEALER) == "pick"
    assert waiting(chat, DEALER) == "pick" and chat.say(DEALER, "last order ka bill bhejo")
    assert waiting(chat, DEALER) == "pick"
    chat.say(DEALER, "2")  # the pick is still answered
    assert [o.state for o in chat.rows(Order)] == ["awaiting_confirmation"]
    assert reviews(chat) == []


def test_orders_with_a_rate_and_balance_questions_keep_their_flow(chat: Chat) -> None:
    chat.say(DEALER, "maggi 2 peti rate 1000")  # an order with a price asked: the approver flow
    [line] = chat.rows(OrderLine)
    assert (line.qty, line.requested_price) == (Decimal("2"), Decimal("1000.00"))
    assert "₹42,350.00" in chat.say(DEALER, "payment kitna baki")  # his balance, not a question of ours
    assert "*Order draft SO-1002*" in chat.say(DEALER, "naya order: 10 peti maggi bhejo")
    assert [o.state for o in chat.rows(Order)] == ["awaiting_confirmation", "awaiting_confirmation"]


def test_a_product_the_bot_cannot_find_goes_to_a_person(chat: Chat) -> None:
    reply = chat.say(DEALER, "telma ka rate kya hai")
    assert "telma" in reply
    assert reviews(chat) == [("parse", "price")]
    [item] = chat.rows(ReviewItem)
    assert item.message_text == "telma ka rate kya hai"
    assert orders(chat) == []


def test_a_product_that_fits_two_is_offered_not_guessed(chat: Chat) -> None:
    reply = chat.say(DEALER, "lux ka rate")
    assert "Lux Soft Glow Rose" in reply and "Lux Fresh Glow Jasmine" in reply
    assert orders(chat) == [] and reviews(chat) == [] and waiting(chat, DEALER) == ""


def test_the_bill_of_a_dispatched_order_is_its_tax_invoice(chat: Chat) -> None:
    """The invoice is raised at dispatch and sent with it; asking for the bill then said it was not made."""
    chat.say(DEALER, "maggi 10 peti")
    chat.say(DEALER, "yes")
    with chat.session() as s:
        dispatch(s, "SO-1001", Actor.staff("ops@example.com"))
    bill = chat.say(DEALER, "SO-1001 ka bill")
    [doc] = chat.rows(Invoice)
    assert doc.number in bill and "₹11,235.00" in bill
    assert orders(chat) == [("SO-1001", "dispatched", Decimal("11235.00"))] and reviews(chat) == []
