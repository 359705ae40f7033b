"""A dealer's conversation with the bot: message in context -> reply says / state after.

Each row plays messages from one dealer on a fresh copy of the demo database
(fixtures/) and checks the reply to the last one and what was stored.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from bot.conversation.state import Conversation
from domain.models import Order, ReviewItem, Setting
from tests.bot.conversation_support import D01, D02, D03, D06, D09, Chat


def states(chat: Chat) -> list[str]:
    return [o.state for o in chat.rows(Order)]


def open_reviews(kind: str) -> Callable[[Chat], int]:
    return lambda chat: chat.count(ReviewItem, ReviewItem.kind == kind)


ORDER = "bhaiya 10 peti maggi aur 5 peti parle g bhej do"

FLOWS = [
    # an order becomes a priced draft with lines, free goods, totals, credit left and the YES prompt
    ([ORDER], ["*Order draft SO-1001*", "10 cases × ₹1,070.00 = ₹10,700.00", "🎁 *Free:* 1 case",
               "*Total: ₹14,542.50*", "Credit left after this order: ₹93,107.50", "Reply *YES* to confirm"],
     states, ["awaiting_confirmation"]),
    # Hinglish YES confirms: order number, stock reserved per line, what happens next
    ([ORDER, "haan"], ["*Order SO-1001 confirmed.*", "10 cases - reserved", "dispatch"], states,
     ["confirmed"]),
    # a thumbs-up confirms too
    ([ORDER, "👍"], ["confirmed"], states, ["confirmed"]),
    # "theek hai" confirms too
    ([ORDER, "theek hai"], ["confirmed"], states, ["confirmed"]),
    # NO drops the draft
    ([ORDER, "no"], ["draft SO-1001 is dropped"], states, ["cancelled"]),
    # a corrected message changes the open draft (here to what it was), never replacing it
    ([ORDER, "maggi 5 nahi 10 peti bhejna"], ["No change: Maggi", "*Order draft SO-1001*"], states,
     ["awaiting_confirmation"]),
    # digits in a YES are not an order number
    ([ORDER, "yes sir 100%"], ["confirmed"], states, ["confirmed"]),
    # YES with nothing pending is answered gently
    (["yes"], ["Nothing is waiting for your YES"], states, []),
    # balance: what he owes, limit, available, ageing
    (["kitna baki hai mera?"], ["You owe: *₹42,350.00*", "Credit limit: ₹1,50,000.00",
                                "*Available to order: ₹1,07,650.00*", "0-30: ₹42,350.00"], states, []),
    # "credit left" is a balance question
    (["credit left"], ["Available to order"], states, []),
    # a statement adds the latest entries
    (["statement bhejo"], ["*Latest entries*", "opening"], states, []),
    # the available figure counts an accepted order not yet billed
    ([ORDER, "yes", "balance"], ["Orders not yet billed: ₹14,542.50", "*Available to order: ₹93,107.50*"],
     states, ["confirmed"]),
    # help lists what the bot can do, with examples
    (["help"], ["*balance*", "*status SO-1043*", "*repeat*", "*cancel*", "10 peti maggi"], states, []),
    # greetings and thanks get a short friendly reply
    (["namaste"], ["Namaste 🙏"], states, []),
    (["thank you"], ["welcome"], states, []),
    # junk gets a clear reply pointing at help
    (["asdf qwer zxcv"], ["did not understand", "*help*"], states, []),
    # status with no orders
    (["order kab aayega?"], ["no orders with us yet"], states, []),
    # status of the last order, with its history
    ([ORDER, "yes", "order kab aayega?"],
     ["*SO-1001*: *Confirmed*", "*History*", "Priced and sent for your YES"], states, ["confirmed"]),
    # status by number, with or without the prefix
    ([ORDER, "yes", "status 1001"], ["*SO-1001*: *Confirmed*"], states, ["confirmed"]),
    # the number alone asks about that order
    ([ORDER, "yes", "1001"], ["*SO-1001*: *Confirmed*"], states, ["confirmed"]),
    # an order number that does not exist
    (["status of order SO-9999?"], ["could not find order *SO-9999*"], states, []),
    # repeat with nothing confirmed before
    (["pichla order repeat karo"], ["no confirmed order to repeat"], states, []),
    # repeat makes a new draft from the last confirmed order
    ([ORDER, "yes", "pichla order repeat karo"], ["*Order draft SO-1002*", "Maggi"], states,
     ["confirmed", "awaiting_confirmation"]),
    # cancel asks first ...
    ([ORDER, "yes", "order cancel kar do"], ["Cancel order *SO-1001*", "*YES* to cancel"], states,
     ["confirmed"]),
    # ... YES cancels ...
    ([ORDER, "yes", "order cancel kar do", "haan"], ["Order SO-1001 is cancelled"], states, ["cancelled"]),
    # ... NO keeps it
    ([ORDER, "yes", "order cancel kar do", "no"], ["stays as it is"], states, ["confirmed"]),
    # nothing to cancel
    (["cancel"], ["no order that can still be cancelled"], states, []),
    # an item not in the catalog goes to a person; the clear lines are drafted
    (["telma 5 box, maggi 2 peti"], ["*Order draft SO-1001*", "telma 5 box", "person from our team"],
     open_reviews("parse"), 1),
    # YES while the order is with a person is recorded on the review item for staff
    (["telma 5 box", "yes"], ["Noted", "with our team"],
     lambda chat: [r.parse.get("confirmed") for r in chat.rows(ReviewItem)], [True]),
    # nothing clear at all: no draft, a review item with the parse
    (["telma 5 box"], ["could not be sure", "telma 5 box", "person from our team"], states, []),
    # an ambiguous item becomes a numbered question
    (["lux 1 peti, maggi 2 peti"], ["Which one did you mean by *lux 1 peti*?", "*1*) Lux", "*2*) Lux",
                                    "*0*) None of these"], states, []),
    # the number answers it and the draft continues with both items
    (["lux 1 peti, maggi 2 peti", "2"], ["*Order draft SO-1001*", "Rose", "1 case", "Maggi"], states,
     ["awaiting_confirmation"]),
    # writing the item out again with one of the options answers the question, with its quantity
    (["lux 1 peti, maggi 2 peti", "nahi, lux rose 3 peti chahiye"],
     ["*Order draft SO-1001*", "Rose", "3 cases", "Maggi"], states, ["awaiting_confirmation"]),
    # a number out of range asks again, the question stays open
    (["lux 1 peti, maggi 2 peti", "7"], ["number from 1 to 2"], states, []),
    # a YES while the question waits for a number asks for the number again
    (["lux 1 peti, maggi 2 peti", "haan"], ["number from 1 to 2"], states, []),
    # a product without a quantity gets "how many?" ...
    (["maggi bhejo"], ["How many *Maggi 2-Minute Masala Noodles 70g*?"], states, []),
    # ... and the answer drafts it
    (["maggi bhejo", "4 peti"], ["*Order draft SO-1001*", "4 cases"], states, ["awaiting_confirmation"]),
    # an item without a quantity beside clear ones is asked about the same way
    (["lux rose 2 peti, colgate 100g", "3 dzn"], ["*Order draft SO-1001*", "Rose", "3 dozen"], states,
     ["awaiting_confirmation"]),
    # "none of these" drafts the rest and sends the item to a person
    (["lux 1 peti, maggi 2 peti", "0"], ["*Order draft SO-1001*", "lux 1 peti", "person"],
     open_reviews("parse"), 1),
    # a new order while a question is open: the question lapses, the new order is drafted
    (["lux 1 peti", "maggi 3 peti"], ["*Order draft SO-1001*", "3 cases"], states, ["awaiting_confirmation"]),
    # media is acknowledged and queued for review
    (["__media__"], ["Got your file"], open_reviews("media"), 1),
    # an empty message
    ([""], ["message was empty"], states, []),
    # a message over 1,600 characters
    (["maggi 2 peti " * 150], ["too long", "1,949 characters", "at most 1,600"], states, []),
]


@pytest.mark.parametrize(("messages", "says", "after", "expected"), FLOWS)
def test_a_dealer_message_in_context_gets_the_right_reply_and_state(
    chat: Chat, messages: list[str], says: list[str], after: Callable[[Chat], object], expected: object
) -> None:
    reply = ""
    for text in messages:
        reply = chat.send(D01, "", media=("https://api.twilio.com/media/1",)) if text == "__media__" \
            else chat.send(D01, text)
    for fragment in says:
        assert fragment in reply
    assert after(chat) == expected


def test_every_reply_fits_one_whatsapp_message(chat: Chat) -> None:
    chat.play(D01, [ORDER, "yes", "statement", "help", "status", "lux 1 peti", "9"])
    assert all(len(r.body) <= 1600 for _, _, out in chat.sent for r in out)
    assert all(out for _, _, out in chat.sent)  # every message got an answer


def test_an_order_over_the_limit_is_held_for_approval_and_the_dealer_told_by_how_much(chat: Chat) -> None:
    draft = chat.send(D03, "maggi 5 peti")  # Laxmi: ₹96,480 owed of ₹1,00,000
    assert "over your credit limit of ₹1,00,000.00" in draft
    reply = chat.send(D03, "yes")
    assert "*Order SO-1001 is on hold*" in reply and "over your credit limit" in reply
    assert states(chat) == ["on_hold"]
    assert chat.count(ReviewItem, ReviewItem.kind == "credit_hold") == 1


def test_a_blocked_dealer_is_told_why_and_how_to_pay(chat: Chat) -> None:
    with chat.sessions() as session, session.begin():
        session.add(Setting(key="credit_block", value="yes"))
        session.add(Setting(key="payment_instructions", value="UPI demo@upi, then send the reference here."))
    reply = chat.send(D09, "maggi 1 peti")  # Rahman: cash only, limit 0
    assert "🚫" in reply and "over the limit" in reply and "UPI demo@upi" in reply
    assert states(chat) == ["cancelled"]


def test_a_draft_short_of_stock_says_so_before_the_yes_and_back_order_confirms(chat: Chat) -> None:
    draft = chat.send(D06, "thums up 2.25 ltr 50 cs")  # none in stock: "ship what is there" is not offered
    assert "*Short of stock:*" in draft and "0 in stock" in draft and "*1*)" not in draft
    assert "Please reply *2* to wait" in chat.send(D06, "yes")
    assert states(chat) == ["awaiting_confirmation"]
    done = chat.send(D06, "2")
    assert "confirmed" in done and "back-order" in done
    assert states(chat) == ["confirmed"]


def test_an_expired_draft_is_not_confirmed(chat: Chat) -> None:
    chat.send(D01, ORDER)
    with chat.sessions() as session, session.begin():
        for order in session.scalars(sa.select(Order)):
            order.expires_at = datetime.now(UTC) - timedelta(minutes=1)
    assert "expired" in chat.send(D01, "yes")
    assert states(chat) == ["cancelled"]


def test_the_open_question_is_kept_in_the_database_for_any_process(chat: Chat) -> None:
    chat.send(D01, "lux 1 peti")
    [row] = chat.rows(Conversation, Conversation.phone == D01)
    assert row.waiting_for == "pick" and row.data["questions"][0]["text"] == "lux 1 peti"
    chat.send(D01, "1")
    [row] = chat.rows(Conversation, Conversation.phone == D01)
    assert row.waiting_for == ""


CROSS = [
    # another dealer's order number is "not found", exactly like a number that does not exist
    ("status SO-1001", "could not find order *SO-1001*"),
    ("order SO-1001 kab aayega", "could not find order *SO-1001*"),
    ("cancel SO-1001", "could not find order *SO-1001*"),
    ("SO-1001", "could not find order *SO-1001*"),
]


@pytest.mark.parametrize(("question", "answer"), CROSS)
def test_a_dealer_never_sees_or_touches_another_dealers_order(chat: Chat, question: str, answer: str) -> None:
    chat.play(D01, [ORDER, "yes"])  # SO-1001 is D01's: ₹14,542.50
    reply = chat.send(D02, question)
    assert answer in reply
    assert "14,542.50" not in reply and "Shree Ganesh" not in reply and "Maggi" not in reply
    assert states(chat) == ["confirmed"]
    assert chat.send(D02, "yes").startswith("👍 Nothing is waiting")  # a YES cannot cancel or confirm it


def test_a_dealers_balance_shows_only_his_own_account(chat: Chat) -> None:
    reply = chat.send(D02, "balance")
    assert "Ganesh Traders" in reply and "₹18,200.00" in reply
    assert "42,350" not in reply and "Shree Ganesh" not in reply


def test_a_business_rule_refusing_midway_is_told_and_left_for_a_person(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    from bot.conversation import account
    from domain.errors import DomainError

    def refuse(turn: object, dealer: object) -> None:
        chat_state = turn.conv  # type: ignore[attr-defined]
        chat_state.ask("cancel", {"order": "SO-1"}, turn.now)  # type: ignore[attr-defined]
        raise DomainError("the ledger is being closed for the day")

    monkeypatch.setattr(account, "balance", refuse)
    reply = chat.send(D01, "balance")
    assert reply.startswith("Sorry, I could not finish that.")
    [item] = chat.rows(ReviewItem)
    assert item.kind == "parse" and "ledger is being closed" in item.parse["error"]
    [row] = chat.rows(Conversation, Conversation.phone == D01)
    assert row.waiting_for == ""  # what the failed step changed is rolled back


PICKED = [
    # no unit said: the picked SKU's default unit
    (["lux 3, maggi 2 peti", "1"], "3 cases × ₹2,520.00"),
    # a unit the SKU is sold in is kept
    (["lux 2 dzn", "1"], "2 dozen × ₹420.00"),
    # a unit the SKU is not sold in is booked as the parser books it ("box" of a case-only SKU -> case)
    (["lux 2 box, maggi 2 peti", "2"], "2 cases × ₹2,520.00"),
    # ... but a bag is no case: a unit no unit of the SKU means goes to a person, nothing is guessed
    (["lux 2 bag, maggi 2 peti", "2"], "person from our team"),
    # no sensible unit for the picked SKU: a person decides, nothing is guessed
    (["lux 2 strip", "1"], "person from our team"),
]


@pytest.mark.parametrize(("messages", "says"), PICKED)
def test_a_picked_option_takes_the_quantity_and_unit_the_dealer_gave(
    chat: Chat, messages: list[str], says: str
) -> None:
    reply = ""
    for text in messages:
        reply = chat.send(D01, text)
    assert says in reply


NAMED = [
    # "order no 1001" asks about SO-1001; the newer draft waiting for a YES is not dropped
    (["maggi 2 peti", "yes", "maggi 1 peti", "order no 1001"], "*SO-1001*: *Confirmed*",
     ["confirmed", "awaiting_confirmation"]),
    # cancel names the older order: that one is asked about, not the newest
    (["maggi 2 peti", "yes", "maggi 1 peti", "yes", "cancel 1001"], "Cancel order *SO-1001*",
     ["confirmed", "confirmed"]),
    # the number first, then the status words
    (["maggi 2 peti", "yes", "1001 kidhar hai"], "*SO-1001*: *Confirmed*", ["confirmed"]),
    # a lowercase "so 1001" the parser does not read as a number is still that order
    (["maggi 2 peti", "yes", "so 1001 status"], "*SO-1001*: *Confirmed*", ["confirmed"]),
]


@pytest.mark.parametrize(("messages", "says", "after"), NAMED)
def test_a_message_naming_an_order_number_is_about_that_order(
    chat: Chat, messages: list[str], says: str, after: list[str]
) -> None:
    reply = ""
    for text in messages:
        reply = chat.send(D01, text)
    assert says in reply
    assert states(chat) == after


def test_a_rate_asked_below_list_is_drafted_at_list_and_waits_for_an_approver(chat: Chat) -> None:
    draft = chat.send(D01, "maggi 2 peti @1000")  # D01's list price is ₹1,070.00 a case (tier A)
    assert "2 cases × ₹1,070.00" in draft and "you asked ₹1,000.00 a case: needs our approval" in draft
    assert "goes to our approver" in draft
    reply = chat.send(D01, "yes")
    assert "*Order SO-1001* waits for our approval of the rate you asked" in reply
    assert "₹1,000.00 a case (list ₹1,070.00)" in reply
    assert states(chat) == ["on_hold"]
    assert chat.count(ReviewItem, ReviewItem.kind == "price_exception") == 1
    assert chat.count(ReviewItem, ReviewItem.kind == "credit_hold") == 0


def test_a_rate_at_or_above_list_asks_nothing(chat: Chat) -> None:
    draft = chat.send(D01, "maggi 2 peti rate 1100")
    assert "you asked" not in draft and "2 cases × ₹1,070.00" in draft
    assert "*Order SO-1001 confirmed.*" in chat.send(D01, "yes")
    assert chat.count(ReviewItem, ReviewItem.kind == "price_exception") == 0


def test_the_rate_stays_with_an_item_the_dealer_is_asked_to_pick(chat: Chat) -> None:
    chat.send(D01, "lux 1 peti @2400, maggi 2 peti")
    draft = chat.send(D01, "2")  # Rose
    assert "Rose" in draft and "you asked ₹2,400.00 a case" in draft


def test_two_items_with_quantities_first_are_both_drafted(chat: Chat) -> None:
    # "10 peti maggi 5 tata salt": the second number starts the second item (it was one unknown item)
    reply = chat.send(D01, "10 peti maggi 5 tata salt")
    assert "Maggi" in reply and "Tata Salt" in reply and "Which one" not in reply


def test_a_bracket_that_disagrees_with_its_line_goes_to_a_person_not_to_a_pick_question(chat: Chat) -> None:
    # 2 cases of 24 bottles are 48, not 24: the dealer is not asked to pick a product for "24 btl"
    reply = chat.send(D01, "thums up 2 peti (24 btl)")
    assert "Which one did you mean" not in reply
    assert "person from our team" in reply
