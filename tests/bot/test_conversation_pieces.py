"""An order sent in pieces: while a draft waits for the YES, a new order message adds to it, a correction
changes a line, a removal drops one; the same draft is priced again and sent, saying what changed.
Only an explicit new order ("naya order: ...") or an expired draft starts another draft."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from domain.models import Dealer, Order, OrderEvent, ReviewItem
from domain.quote import LineRequest
from domain.services.quoting import quote_for_dealer
from tests.bot.conversation_support import D01, REP_MANY, Chat

MAGGI, SPRITE, PARLE = "MAG-MAS-70", "SPR-750ML", "PAR-G-50"


def orders(chat: Chat) -> list[tuple[str, str]]:
    return [(o.number, o.state) for o in chat.rows(Order)]


def lines(chat: Chat, number: str = "SO-1001") -> list[tuple[str, Decimal, str]]:
    with chat.sessions() as session:
        order = session.scalars(sa.select(Order).where(Order.number == number)).one()
        return [(ln.sku.sku, ln.qty, ln.uom) for ln in order.lines]


PIECES = [
    # (the message, what the reply says, the draft's lines after it)
    # the first piece is a draft as always
    ("maggi 10 peti", ["*Order draft SO-1001*"], [(MAGGI, Decimal(10), "case")]),
    # a new product is added to the same draft, and the reply says so at the top
    ("aur 5 peti sprite bhi", ["Added: Sprite 750ml PET Bottle 5 cases", "*Order draft SO-1001*"],
     [(MAGGI, Decimal(10), "case"), (SPRITE, Decimal(5), "case")]),
    # "10 nahi 12 karo" changes the quantity of the line already there
    ("maggi 10 nahi 12 karo", ["Changed: Maggi 2-Minute Masala Noodles 70g 10 -> 12 cases",
                               "*Order draft SO-1001*"],
     [(MAGGI, Decimal(12), "case"), (SPRITE, Decimal(5), "case")]),
    # a removal drops the line
    ("sprite hata do", ["Removed: Sprite 750ml PET Bottle", "*Order draft SO-1001*"],
     [(MAGGI, Decimal(12), "case")]),
]


def test_an_order_sent_in_pieces_is_one_draft_that_says_what_each_piece_changed(chat: Chat) -> None:
    for text, says, after in PIECES:
        reply = chat.send(D01, text)
        for fragment in says:
            assert fragment in reply, (text, reply)
        assert reply.index(says[0]) < reply.index("*Order draft SO-1001*") or len(says) == 1
        assert lines(chat) == after, text
    assert orders(chat) == [("SO-1001", "awaiting_confirmation")]  # nothing replaced, nothing cancelled
    reasons = [e.reason for e in chat.rows(OrderEvent)]
    assert sum("changed by the dealer" in r for r in reasons) == 3


def test_the_status_history_says_the_draft_changed(chat: Chat) -> None:
    chat.play(D01, ["maggi 10 peti", "sprite 5 peti"])
    reply = chat.send(D01, "status SO-1001")
    assert "Draft changed" in reply and "Prices changed by our team" not in reply


def test_a_yes_after_the_pieces_confirms_the_merged_draft_at_its_whole_price(chat: Chat) -> None:
    chat.play(D01, [text for text, _, _ in PIECES])
    assert "*Order SO-1001 confirmed.*" in chat.send(D01, "yes")
    with chat.sessions() as session:
        order = session.scalars(sa.select(Order)).one()
        dealer = session.scalars(sa.select(Dealer).where(Dealer.code == "D01")).one()
        whole = quote_for_dealer(session, dealer, [LineRequest(MAGGI, Decimal(12), "case")])
        assert (order.state, order.total) == ("confirmed", whole.total)
        assert [(f.sku.sku, f.qty) for f in order.free_goods] == [(MAGGI, Decimal(1))]  # 10+1 on 12 cases


REMOVALS = [
    # every way of saying "drop it" drops only that line; the draft stays open
    "sprite hata do",
    "sprite cancel",
    "sprite nahi chahiye",
    "remove sprite",
    "sprite mat bhejo",
    "स्प्राइट हटा दो",
    "sprite 5 peti hata do",  # the quantity said with it is the line's own
]


@pytest.mark.parametrize("text", REMOVALS)
def test_a_removal_drops_only_that_line(chat: Chat, text: str) -> None:
    chat.play(D01, ["maggi 10 peti", "sprite 5 peti"])
    reply = chat.send(D01, text)
    assert "Removed: Sprite 750ml PET Bottle" in reply and "*Order draft SO-1001*" in reply
    assert lines(chat) == [(MAGGI, Decimal(10), "case")]
    assert orders(chat) == [("SO-1001", "awaiting_confirmation")]


QUANTITIES = [
    # (the message after "maggi 10 peti", the reply says, maggi's quantity after)
    # the same product and unit again adds to it
    ("maggi 2 peti", "Added: Maggi 2-Minute Masala Noodles 70g 2 cases (now 12 cases)", Decimal(12)),
    ("maggi 2 peti aur bhejo", "Added", Decimal(12)),
    ("maggi 2 peti extra kar do", "Added", Decimal(12)),  # "extra" outweighs the "kar do"
    # "12 kar do" with maggi in the draft makes it 12: he tells the bot what the line should be
    ("maggi 12 kar do", "Changed: Maggi 2-Minute Masala Noodles 70g 10 -> 12 cases", Decimal(12)),
    ("maggi 8 peti hi bhejna", "Changed: Maggi 2-Minute Masala Noodles 70g 10 -> 8 cases", Decimal(8)),
    ("maggi 8 peti kara", "Changed", Decimal(8)),  # Marathi: the cue the parser leaves unmatched
    ("मैगी 10 नहीं 12 करो", "Changed", Decimal(12)),
    # booking words are no correction
    ("maggi 5 peti order karo", "Added", Decimal(15)),
    # setting what is already there says so
    ("maggi 5 nahi 10 peti bhejna", "No change: Maggi 2-Minute Masala Noodles 70g is 10 cases", Decimal(10)),
]


@pytest.mark.parametrize(("text", "says", "qty"), QUANTITIES)
def test_a_product_already_in_the_draft_is_added_to_or_corrected(
    chat: Chat, text: str, says: str, qty: Decimal
) -> None:
    chat.send(D01, "maggi 10 peti")
    reply = chat.send(D01, text)
    assert says in reply and "*Order draft SO-1001*" in reply
    assert lines(chat) == [(MAGGI, qty, "case")]
    assert orders(chat) == [("SO-1001", "awaiting_confirmation")]


CORRECTIONS = [
    # (issue 11) (the draft, the message, the draft's lines after it): "in place of", "only" and "hi"
    # after a quantity set the line to what he says; "X ki jagah Y" of two products swaps them
    ("maggi 10 peti", "maggi 10 ki jagah 12 kar do", [(MAGGI, Decimal(12), "case")]),
    ("maggi 5 peti", "maggi 5 ki jagah 8 kardo", [(MAGGI, Decimal(8), "case")]),
    ("maggi 10 peti", "मैगी 10 की जगह 12 कर दो", [(MAGGI, Decimal(12), "case")]),
    ("maggi 10 peti", "maggi 10 aivaji 12 kara", [(MAGGI, Decimal(12), "case")]),  # Marathi ऐवजी
    ("maggi 10 peti", "maggi 12 instead of 10", [(MAGGI, Decimal(12), "case")]),
    ("maggi 10 peti", "maggi sirf 6 peti", [(MAGGI, Decimal(6), "case")]),
    ("maggi 10 peti", "मैगी सिर्फ 6 पेटी", [(MAGGI, Decimal(6), "case")]),
    ("maggi 10 peti", "maggi fakt 6 peti", [(MAGGI, Decimal(6), "case")]),  # Marathi फक्त
    ("maggi 10 peti", "maggi 4 peti hi chahiye", [(MAGGI, Decimal(4), "case")]),
    (
        "maggi 10 peti, good day kaju 2 box",
        "good day kaju 2 box ki jagah hide n seek 3 box",
        [(MAGGI, Decimal(10), "case"), ("PAR-HNS-100", Decimal(3), "case")],
    ),
    (
        "maggi 10 peti, good day kaju 2 box",
        "hide n seek 3 box instead of good day kaju",
        [(MAGGI, Decimal(10), "case"), ("PAR-HNS-100", Decimal(3), "case")],
    ),
    # these still add
    ("maggi 10 peti", "aur 5 peti maggi", [(MAGGI, Decimal(15), "case")]),
    ("maggi 10 peti", "maggi 5 peti aur", [(MAGGI, Decimal(15), "case")]),
]


@pytest.mark.parametrize(("draft", "text", "after"), CORRECTIONS)
def test_a_correction_sets_the_line_and_a_swap_replaces_the_product(
    chat: Chat, draft: str, text: str, after: list[tuple[str, Decimal, str]]
) -> None:
    chat.send(D01, draft)
    reply = chat.send(D01, text)
    assert "*Order draft SO-1001*" in reply, reply
    assert lines(chat) == after
    assert orders(chat) == [("SO-1001", "awaiting_confirmation")]
    assert chat.count(ReviewItem) == 0  # nothing he said is left for a person


def test_a_swap_whose_first_product_has_no_quantity_goes_to_a_person(chat: Chat) -> None:
    chat.send(D01, "maggi 10 peti, good day kaju 2 box")
    reply = chat.send(D01, "good day kaju ki jagah hide n seek 3 box")
    assert "Which one" not in reply  # picking either product would book the wrong one
    assert lines(chat) == [(MAGGI, Decimal(10), "case"), ("BRI-GDC-60", Decimal(2), "case")]  # no guess
    [item] = chat.rows(ReviewItem)
    assert item.message_text == "good day kaju ki jagah hide n seek 3 box"


@pytest.mark.parametrize(
    "text",
    ["naya order: parle g 5 peti", "alag order parle g 5 peti", "new order parle g 5 peti",
     "dusra order - parle g 5 peti", "नया ऑर्डर: parle g 5 peti"],
)
def test_an_explicit_new_order_starts_a_second_draft_and_leaves_the_first_open(chat: Chat, text: str) -> None:
    chat.send(D01, "maggi 10 peti")
    reply = chat.send(D01, text)
    assert "*Order draft SO-1002*" in reply and "Added" not in reply
    assert orders(chat) == [("SO-1001", "awaiting_confirmation"), ("SO-1002", "awaiting_confirmation")]
    assert lines(chat, "SO-1002") == [(PARLE, Decimal(5), "case")]
    assert lines(chat) == [(MAGGI, Decimal(10), "case")]
    assert chat.count(ReviewItem) == 0  # the cue words are not an item for a person


def test_the_next_piece_after_a_new_order_goes_to_the_new_draft(chat: Chat) -> None:
    chat.play(D01, ["maggi 10 peti", "naya order: parle g 5 peti"])
    assert "Added: Sprite" in chat.send(D01, "sprite 2 peti")
    assert lines(chat, "SO-1002") == [(PARLE, Decimal(5), "case"), (SPRITE, Decimal(2), "case")]
    assert lines(chat) == [(MAGGI, Decimal(10), "case")]


def test_naya_order_said_alone_makes_the_next_message_a_new_draft(chat: Chat) -> None:
    chat.send(D01, "maggi 10 peti")
    reply = chat.send(D01, "naya order")
    assert "Send its items" in reply and "Draft SO-1001 stays open" in reply
    assert "*Order draft SO-1002*" in chat.send(D01, "parle g 5 peti")
    assert lines(chat, "SO-1002") == [(PARLE, Decimal(5), "case")]
    assert orders(chat) == [("SO-1001", "awaiting_confirmation"), ("SO-1002", "awaiting_confirmation")]


def test_a_rep_adds_to_the_draft_he_placed_for_the_shop(chat: Chat) -> None:
    chat.send(REP_MANY, "Order for Ganesh Traders: maggi 2 peti")
    reply = chat.send(REP_MANY, "Order for Ganesh Traders: sprite 1 peti")
    assert "Added: Sprite 750ml PET Bottle 1 case" in reply and "*Order draft SO-1001*" in reply
    assert "Removed: Sprite" in chat.send(REP_MANY, "sprite hata do")
    assert lines(chat) == [(MAGGI, Decimal(2), "case")]
    assert orders(chat) == [("SO-1001", "awaiting_confirmation")]


def test_an_expired_draft_is_not_added_to(chat: Chat) -> None:
    chat.send(D01, "maggi 10 peti")
    chat.now = datetime.now(UTC) + timedelta(minutes=1441)  # draft_ttl_minutes is 1440
    reply = chat.send(D01, "aur 5 peti sprite bhi")
    assert "SO-1001 expired" in reply and "*Order draft SO-1002*" in reply and "Added" not in reply
    assert lines(chat, "SO-1002") == [(SPRITE, Decimal(5), "case")]
    assert orders(chat)[1] == ("SO-1002", "awaiting_confirmation")


def test_a_piece_keeps_the_draft_open_for_another_day(chat: Chat) -> None:
    chat.send(D01, "maggi 10 peti")
    chat.now = datetime.now(UTC) + timedelta(hours=20)
    chat.send(D01, "sprite 5 peti")
    [order] = chat.rows(Order)
    assert order.expires_at is not None and order.expires_at.replace(tzinfo=UTC) > chat.now


def test_removing_a_product_not_in_the_draft_changes_nothing_and_says_so(chat: Chat) -> None:
    chat.send(D01, "maggi 10 peti")
    reply = chat.send(D01, "sprite hata do")
    assert "Sprite 750ml PET Bottle is not in draft SO-1001" in reply
    assert lines(chat) == [(MAGGI, Decimal(10), "case")]


def test_removing_the_last_line_drops_the_draft(chat: Chat) -> None:
    chat.send(D01, "maggi 10 peti")
    assert "draft SO-1001 is dropped" in chat.send(D01, "maggi hata do")
    assert orders(chat) == [("SO-1001", "cancelled")]


def test_a_cancel_or_no_without_a_product_still_means_the_whole_draft(chat: Chat) -> None:
    chat.play(D01, ["maggi 10 peti", "sprite 5 peti"])
    assert "draft SO-1001 is dropped" in chat.send(D01, "nahi chahiye")
    assert orders(chat) == [("SO-1001", "cancelled")]


def test_a_removal_and_an_addition_in_one_message(chat: Chat) -> None:
    chat.play(D01, ["maggi 10 peti", "sprite 5 peti"])
    reply = chat.send(D01, "sprite hata do, parle g 5 peti")
    assert "Added: Parle-G" in reply and "Removed: Sprite" in reply
    assert lines(chat) == [(MAGGI, Decimal(10), "case"), (PARLE, Decimal(5), "case")]
    assert chat.count(ReviewItem) == 0


def test_no_draft_open_a_removal_is_not_an_order(chat: Chat) -> None:
    assert "Order draft" not in chat.send(D01, "sprite hata do")
    assert orders(chat) == []

