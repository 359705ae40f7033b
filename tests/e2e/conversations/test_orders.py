"""Orders as dealers really send them, over the signed webhook (issue 11): in pieces, two at once, short of
stock, for the wrong shop, replayed. Each conversation asserts what is stored afterwards.

The texts the bot answers with are checked only where they carry the point (an order number, a
numbered choice); the stored orders, lines, stock and questions are the proof.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from bot.conversation.state import Conversation
from bot.models import InboundMessage
from domain.models import Claim, Order, OrderLine, ReportedPayment, ReviewItem, Sku, StockLevel
from tests.support.chat import DEALER, REP_OF_ONE, Chat
from tests.support.signing import WEBHOOK, inbound_form, post_signed

D06 = "+919000000106"  # Sai Baba Super Market: a big credit limit, for orders short of stock


def orders(chat: Chat) -> list[tuple[str, str]]:
    return [(o.number, o.state) for o in chat.rows(Order)]


def lines(chat: Chat, number: str) -> list[tuple[str, Decimal, str]]:
    with chat.session() as s:
        rows = s.execute(
            sa.select(Sku.sku, OrderLine.qty, OrderLine.uom)
            .join(OrderLine, OrderLine.sku_id == Sku.id)
            .join(Order, Order.id == OrderLine.order_id)
            .where(Order.number == number)
            .order_by(Sku.sku)
        )
        return [(sku, Decimal(qty).normalize(), uom) for sku, qty, uom in rows]


def waiting(chat: Chat, phone: str) -> str:
    rows = chat.rows(Conversation, Conversation.phone == phone)
    return rows[0].waiting_for if rows else ""


def reserved(chat: Chat, sku: str) -> Decimal:
    with chat.session() as s:
        level = s.scalars(sa.select(StockLevel).join(Sku).where(Sku.sku == sku)).one()
        return Decimal(level.reserved)


def test_an_order_sent_in_pieces_is_one_draft_changed_and_confirmed(chat: Chat) -> None:
    chat.say(DEALER, "maggi 10 peti")
    chat.say(DEALER, "aur 5 peti sprite bhi")
    chat.say(DEALER, "maggi 10 nahi 12 karo")
    reply = chat.say(DEALER, "sprite hata do")
    assert "SO-1001" in reply
    assert orders(chat) == [
        ("SO-1001", "awaiting_confirmation")
    ]  # never a second draft, never a cancelled one
    assert lines(chat, "SO-1001") == [("MAG-MAS-70", Decimal(12), "case")]
    assert "SO-1001" in chat.say(DEALER, "haan")
    assert orders(chat) == [("SO-1001", "confirmed")]
    assert reserved(chat, "MAG-MAS-70") > 0 and reserved(chat, "SPR-750ML") == 0


def test_a_piece_replayed_by_twilio_is_added_once(chat: Chat) -> None:
    chat.say(DEALER, "maggi 10 peti")
    form = inbound_form(DEALER, "aur 5 peti sprite bhi")
    client = chat.app.test_client()
    assert post_signed(client, WEBHOOK, form).status_code == 200
    chat.fake.wait_for(2)
    assert post_signed(client, WEBHOOK, form).status_code == 200  # the same MessageSid again
    assert lines(chat, "SO-1001") == [("MAG-MAS-70", Decimal(10), "case"), ("SPR-750ML", Decimal(5), "case")]
    assert len(chat.sent_to(DEALER)) == 2 and len(chat.rows(InboundMessage)) == 2


def test_naya_order_starts_a_second_draft_and_a_bare_yes_asks_which(chat: Chat) -> None:
    chat.say(DEALER, "maggi 8 peti")
    chat.say(DEALER, "naya order: parle g 5 peti")
    question = chat.say(DEALER, "yes")
    assert "*1*) SO-1001" in question and "*2*) SO-1002" in question
    assert orders(chat) == [("SO-1001", "awaiting_confirmation"), ("SO-1002", "awaiting_confirmation")]
    assert "SO-1002" in chat.say(DEALER, "2")
    assert orders(chat) == [("SO-1001", "awaiting_confirmation"), ("SO-1002", "confirmed")]
    assert waiting(chat, DEALER) == ""


def test_a_bare_no_with_two_drafts_asks_which_and_drops_only_the_one_named(chat: Chat) -> None:
    chat.say(DEALER, "maggi 8 peti")
    chat.say(DEALER, "naya order: parle g 5 peti")
    question = chat.say(DEALER, "nahi")
    assert "*1*) SO-1001" in question and "*2*) SO-1002" in question
    assert orders(chat) == [("SO-1001", "awaiting_confirmation"), ("SO-1002", "awaiting_confirmation")]
    chat.say(DEALER, "1")
    assert orders(chat) == [("SO-1001", "cancelled"), ("SO-1002", "awaiting_confirmation")]


def test_a_draft_short_of_stock_shows_the_shortfall_before_the_yes_and_back_orders(chat: Chat) -> None:
    draft = chat.say(D06, "maggi 10 peti, maggi 4 pack 2 cs")  # the 4-pack is out of stock
    assert "SO-1001" in draft and "*1*)" in draft and "*2*)" in draft
    assert waiting(chat, D06) == "shortfall" and orders(chat) == [("SO-1001", "awaiting_confirmation")]
    assert "SO-1001" in chat.say(D06, "2")
    assert orders(chat) == [("SO-1001", "confirmed")]
    assert len(lines(chat, "SO-1001")) == 2  # the whole order stands, the short part back-ordered


def test_shipping_what_is_in_stock_drops_the_line_with_none(chat: Chat) -> None:
    chat.say(D06, "maggi 10 peti, maggi 4 pack 2 cs")
    chat.say(D06, "1")
    assert orders(chat) == [("SO-1001", "confirmed")]
    assert lines(chat, "SO-1001") == [("MAG-MAS-70", Decimal(10), "case")]


def test_mat_bhejo_to_a_draft_short_of_stock_confirms_nothing(chat: Chat) -> None:
    chat.say(D06, "maggi 10 peti, maggi 4 pack 2 cs")
    chat.say(D06, "mat bhejo")
    assert orders(chat) == [("SO-1001", "cancelled")]
    assert reserved(chat, "MAG-MAS-70") == 0 and waiting(chat, D06) == ""


def test_a_draft_with_nothing_in_stock_never_offers_to_ship_what_is_in_stock(chat: Chat) -> None:
    draft = chat.say(D06, "thums up 2.25 ltr 5 cs")  # none in stock
    assert "*2*" in draft and "*1*)" not in draft
    chat.say(D06, "1")  # not offered: asked again, nothing confirmed
    assert orders(chat) == [("SO-1001", "awaiting_confirmation")]
    chat.say(D06, "2")
    assert orders(chat) == [("SO-1001", "confirmed")]


def test_a_yes_after_a_cancel_question_and_a_new_draft_confirms_the_new_draft_only(chat: Chat) -> None:
    chat.say(DEALER, "maggi 2 peti")
    chat.say(DEALER, "yes")
    assert "SO-1001" in chat.say(DEALER, "cancel SO-1001")
    assert waiting(chat, DEALER) == "cancel"
    chat.say(DEALER, "parle g 5 peti")  # another order: the cancel question lapses
    reply = chat.say(DEALER, "yes")
    assert "SO-1002" in reply
    assert orders(chat) == [("SO-1001", "confirmed"), ("SO-1002", "confirmed")]


def test_a_dealer_ordering_for_another_shop_books_nothing_on_either(chat: Chat) -> None:
    chat.say(DEALER, "order for Agarwal General Stores: 10 peti maggi")
    assert orders(chat) == []
    chat.say(DEALER, "10 peti maggi")  # his own order still goes through
    assert [(o.number, o.dealer_id) for o in chat.rows(Order)] == [("SO-1001", 1)]


def test_a_rep_asking_the_balance_of_a_shop_not_his_learns_nothing(chat: Chat) -> None:
    reply = chat.say(REP_OF_ONE, "balance Laxmi Provision Stores")  # 903 serves Bhole Provision only
    assert "Laxmi Provision Stores" in reply
    assert "96,480" not in reply and "6,400" not in reply  # neither that shop's nor his own shop's balance
    assert "6,400" in chat.say(REP_OF_ONE, "balance")  # his own shop's, asked plainly


def test_a_file_pointed_at_during_a_question_keeps_the_question_and_the_orders(chat: Chat) -> None:
    chat.say(DEALER, "maggi 10 peti")
    chat.say(DEALER, "lux 1 peti")  # which Lux? - a question is open
    assert waiting(chat, DEALER) == "pick"
    before = lines(chat, "SO-1001")
    chat.say(DEALER, "list attached hai, usi hisaab se bhej dena")
    assert waiting(chat, DEALER) == "pick"
    assert lines(chat, "SO-1001") == before and orders(chat) == [("SO-1001", "awaiting_confirmation")]
    assert [r.parse.get("asks") for r in chat.rows(ReviewItem)] == ["attachment"]


def test_a_refusal_that_corrects_the_draft_keeps_it_and_goes_to_a_person(chat: Chat) -> None:
    """Once "maggi galat likha, 4 peti hi chahiye" dropped the whole draft as a NO."""
    chat.say(DEALER, "maggi 10 peti")
    chat.say(DEALER, "maggi galat likha, 4 peti hi chahiye")
    assert orders(chat) == [("SO-1001", "awaiting_confirmation")]
    assert lines(chat, "SO-1001") == [("MAG-MAS-70", Decimal(10), "case")]
    [item] = chat.rows(ReviewItem)
    said = "maggi galat likha, 4 peti hi chahiye"
    assert (item.message_text, item.parse["drafted_as"]) == (said, "SO-1001")
    chat.say(DEALER, "nahi")  # a plain NO still drops it
    assert orders(chat) == [("SO-1001", "cancelled")]


def test_a_payment_told_with_an_ok_in_it_never_confirms_the_draft(chat: Chat) -> None:
    """'25k gpay kiya': the 'k' of 25k once read as an OK and confirmed the open draft."""
    chat.say(DEALER, "tide 2 peti bhejo")
    chat.say(DEALER, "25k gpay kiya")
    assert orders(chat) == [("SO-1001", "awaiting_confirmation")]
    assert [(p.amount, p.mode) for p in chat.rows(ReportedPayment)] == [(Decimal("25000.00"), "gpay")]


def test_lines_held_for_a_question_are_drafted_when_a_new_order_comes_instead(chat: Chat) -> None:
    """'tide 2 peti, lux 1 peti' asks which Lux; a new order instead of an answer once lost the Tide."""
    chat.say(DEALER, "tide 2 peti, lux 1 peti")
    assert waiting(chat, DEALER) == "pick"
    chat.say(DEALER, "maggi 3 peti bhi bhejna")
    [number] = [n for n, _ in orders(chat)]
    assert lines(chat, number) == [("MAG-MAS-70", Decimal(3), "case"), ("TIDE-1KG", Decimal(2), "case")]
    assert [r.message_text for r in chat.rows(ReviewItem)] == ["tide 2 peti, lux 1 peti"]  # Lux: a person


def test_help_during_a_cancel_question_keeps_it_so_the_next_yes_cancels(chat: Chat) -> None:
    chat.say(DEALER, "maggi 2 peti bhejo")
    chat.say(DEALER, "cancel")
    chat.say(DEALER, "help")
    assert waiting(chat, DEALER) == "cancel"
    chat.say(DEALER, "yes")
    assert orders(chat) == [("SO-1001", "cancelled")]


def test_a_marathi_claim_never_drops_the_open_draft(chat: Chat) -> None:
    chat.say(DEALER, "maggi 10 peti")
    chat.say(DEALER, "कालच्या मालात 2 पेटी तेल गळत होते")  # yesterday's goods: 2 cases of oil leaking
    assert orders(chat) == [("SO-1001", "awaiting_confirmation")]
    assert [c.reason for c in chat.rows(Claim)] == ["leak"]


@pytest.mark.parametrize("yes", ["ho", "होय", "hn"])  # Marathi yes, in Latin and Devanagari; "hn" = haan
def test_a_short_yes_in_marathi_or_hinglish_confirms_the_draft(chat: Chat, yes: str) -> None:
    chat.say(DEALER, "maggi 5 peti pathva")
    chat.say(DEALER, yes)
    assert orders(chat) == [("SO-1001", "confirmed")]
