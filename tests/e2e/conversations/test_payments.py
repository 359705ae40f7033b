"""Payments told on WhatsApp, over the signed webhook on the demo masters: kept awaiting verification with
the balance unchanged, verified by staff (console or service) into one ledger entry and a WhatsApp message,
never booked twice; told by a rep for a shop, in Hindi and Marathi, beside an open draft."""

from __future__ import annotations

import re
from decimal import Decimal

import sqlalchemy as sa
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from bot.conversation.state import Conversation
from domain.models import LedgerEntry, Order, ReportedPayment, StaffUser
from domain.services.reported_payments import verify_payment
from tests.support.chat import DEALER, OTHER_DEALER, REP, Chat
from tests.support.signing import WEBHOOK, inbound_form, post_signed

D = Decimal
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
D01_BALANCE = "₹42,350.00"  # fixtures/dealers.csv


def reports(chat: Chat) -> list[tuple[str, Decimal | None, str, str, str, str]]:
    """(dealer code, amount, mode, reference, told by, status) of every reported payment."""
    with chat.session() as s:
        rows = s.scalars(sa.select(ReportedPayment).order_by(ReportedPayment.id))
        return [(r.dealer.code, r.amount, r.mode, r.reference, r.told_by, r.status) for r in rows]


def booked(chat: Chat) -> list[tuple[str, Decimal, str | None]]:
    """(dealer code, amount, reference) of every payment in the ledger."""
    with chat.session() as s:
        rows = s.scalars(sa.select(LedgerEntry).where(LedgerEntry.kind == "payment").order_by(LedgerEntry.id))
        return [(r.dealer.code, r.amount, r.reference) for r in rows]


def report_id(chat: Chat) -> int:
    with chat.session() as s:
        found = s.scalar(sa.select(sa.func.max(ReportedPayment.id)))
        assert found is not None
        return int(found)


def approver(chat: Chat) -> FlaskClient:
    """A console client logged in as an approver (added to the bot's database)."""
    chat.app.config["SESSION_COOKIE_SECURE"] = False  # the test client speaks plain http
    with chat.session() as s:
        s.add(
            StaffUser(
                email="approver@example.com",
                role="approver",
                password_hash=generate_password_hash("a long password", method="pbkdf2:sha256:1000"),
            )
        )
    client = chat.app.test_client()
    response = client.post(
        "/console/login",
        data={"email": "approver@example.com", "password": "a long password", "csrf_token": token(client)},
    )
    assert response.status_code == 302
    return client


def token(client: FlaskClient, page: str = "/console/login") -> str:
    found = TOKEN.search(client.get(page).get_data(as_text=True))
    assert found
    return found.group(1)


def console_action(chat: Chat, client: FlaskClient, url: str, told: bool = True, **data: str) -> str:
    """Post a console form; wait for the dealer's WhatsApp message when one is `told`; the page after."""
    before = len(chat.fake.sent)
    response = client.post(url, data={**data, "csrf_token": token(client, "/console/payments")})
    assert response.status_code == 302
    if told:
        chat.fake.wait_for(before + 1)
    return str(client.get("/console/payments").get_data(as_text=True))


def test_a_payment_told_is_noted_awaiting_and_the_balance_is_unchanged(chat: Chat) -> None:
    reply = chat.say(DEALER, "payment kar diya 25000 gpay se, UTR 447100112233")
    # told in Hinglish, thanked in Hinglish (docs/languages.md)
    assert "Payment note kar liya" in reply and "*₹25,000.00*" in reply and "Google Pay" in reply
    assert "Ref: 447100112233" in reply and "verify hote hi aapka balance update hoga" in reply
    assert reports(chat) == [("D01", D("25000.00"), "gpay", "447100112233", DEALER, "awaiting")]
    assert booked(chat) == []
    assert D01_BALANCE in chat.say(DEALER, "balance")


def test_verified_on_the_console_it_is_booked_once_and_the_dealer_told_his_balance(chat: Chat) -> None:
    chat.say(DEALER, "payment kar diya 25000 gpay se, UTR 447100112233")
    staff = approver(chat)
    page = console_action(chat, staff, f"/console/payments/{report_id(chat)}/verify", amount="25000")
    assert "0 awaiting verification" in page
    assert booked(chat) == [("D01", D("-25000.00"), "447100112233")]
    assert reports(chat)[0][-1] == "verified"
    told = chat.sent_to(DEALER)[-1]
    assert "verify hokar book ho gaya" in told and "₹25,000.00" in told and "Aapka baki ₹17,350.00" in told
    again = console_action(chat, staff, f"/console/payments/{report_id(chat)}/verify", False, amount="25000")
    assert "already verified" in again
    assert len(booked(chat)) == 1 and sum("verify hokar book ho gaya" in m for m in chat.sent_to(DEALER)) == 1
    assert "₹17,350.00" in chat.say(DEALER, "balance")  # the balance shows the verified payment


def test_the_same_utr_told_twice_is_noted_once_and_booked_once(chat: Chat) -> None:
    chat.say(DEALER, "25000 neft kiya hai, UTR 998877665544")
    again = chat.say(DEALER, "sir 25000 ka NEFT kar diya tha UTR 998877665544")
    assert "pehle se note hai" in again
    assert len(reports(chat)) == 1
    with chat.session() as s:
        verify_payment(s, report_id(chat), amount=None, reference=None, by="staff@example.com")
    assert "pehle hi verify hokar book ho chuka hai" in chat.say(DEALER, "payment done UTR 998877665544")
    assert len(reports(chat)) == 1 and booked(chat) == [("D01", D("-25000.00"), "998877665544")]


def test_a_replayed_message_notes_the_payment_once_and_answers_once(chat: Chat) -> None:
    form = inbound_form(DEALER, "₹12,500 bhej diye phonepe se ref 3391")
    client = chat.app.test_client()
    assert post_signed(client, WEBHOOK, form).status_code == 200
    chat.fake.wait_for(1)
    assert post_signed(client, WEBHOOK, form).status_code == 200  # Twilio retries the same MessageSid
    assert len(chat.sent_to(DEALER)) == 1
    assert reports(chat) == [("D01", D("12500.00"), "phonepe", "3391", DEALER, "awaiting")]


def test_a_rep_tells_a_payment_for_the_shop_he_names(chat: Chat) -> None:
    reply = chat.say(REP, "Laxmi Provision Stores ka payment 15000 cash diya")
    assert "*Laxmi Provision Stores* ka payment note kar liya" in reply and "*₹15,000.00*" in reply
    assert reports(chat) == [("D03", D("15000.00"), "cash", "", REP, "awaiting")]


def test_a_rep_with_several_shops_is_asked_which_and_his_answer_notes_it(chat: Chat) -> None:
    question = chat.say(REP, "cheque de diya 8000 ka, cheque no 004512")
    assert reports(chat) == []
    [line] = [ln for ln in question.splitlines() if "Ganesh Traders" in ln]
    number = re.search(r"\d+", line)
    assert number is not None
    reply = chat.say(REP, number.group())
    assert "*Ganesh Traders* ka payment note kar liya" in reply and "Ref: 004512" in reply
    assert reports(chat) == [("D02", D("8000.00"), "cheque", "004512", REP, "awaiting")]


def test_a_payment_told_in_hindi_devanagari(chat: Chat) -> None:
    reply = chat.say(DEALER, "पेमेंट कर दिया ₹५००० UTR ४४७१००११२२३३")
    assert "*₹5,000.00*" in reply and "447100112233" in reply
    assert reports(chat) == [("D01", D("5000.00"), "", "447100112233", DEALER, "awaiting")]
    assert booked(chat) == []


def test_a_payment_told_in_marathi(chat: Chat) -> None:
    reply = chat.say(OTHER_DEALER, "पैसे पाठवले 12000 फोनपे ने")
    assert "*₹12,000.00*" in reply and "PhonePe" in reply
    assert reports(chat) == [("D02", D("12000.00"), "phonepe", "", OTHER_DEALER, "awaiting")]


def test_a_payment_told_while_a_draft_waits_leaves_the_draft_alone(chat: Chat) -> None:
    draft = chat.say(DEALER, "10 peti maggi")
    assert "SO-1001" in draft
    reply = chat.say(DEALER, "aur haan 20000 RTGS kar diya hai aaj")
    assert "Payment note kar liya" in reply and "SO-1001" not in reply
    with chat.session() as s:
        [order] = s.scalars(sa.select(Order)).all()
        assert order.state == "awaiting_confirmation" and len(order.lines) == 1
    assert reports(chat) == [("D01", D("20000.00"), "rtgs", "", DEALER, "awaiting")]
    assert "SO-1001" in chat.say(DEALER, "yes")
    assert [o.state for o in chat.rows(Order)] == ["confirmed"]


def test_a_payment_without_an_amount_is_noted_and_staff_book_the_amount_received(chat: Chat) -> None:
    reply = chat.say(DEALER, "cheque de diya")
    assert "Amount: not given" in reply and "Our staff will check it" in reply
    assert reports(chat) == [("D01", None, "cheque", "", DEALER, "awaiting")]
    staff = approver(chat)
    page = console_action(chat, staff, f"/console/payments/{report_id(chat)}/verify", False, amount="")
    assert "told without an amount" in page and booked(chat) == []  # nothing booked, the page says why
    console_action(
        chat, staff, f"/console/payments/{report_id(chat)}/verify", amount="7,500", reference="004513"
    )
    assert booked(chat) == [("D01", D("-7500.00"), "004513")]
    assert "₹7,500.00" in chat.sent_to(DEALER)[-1]


def test_rejected_on_the_console_it_books_nothing_and_the_dealer_is_told_why(chat: Chat) -> None:
    chat.say(DEALER, "paid 18,200 by RTGS UTR SBIN0012345678")
    staff = approver(chat)
    page = console_action(
        chat, staff, f"/console/payments/{report_id(chat)}/reject", reason="no such credit in our bank"
    )
    assert "rejected: no such credit in our bank" in page
    assert reports(chat)[0][-1] == "rejected" and booked(chat) == []
    told = chat.sent_to(DEALER)[-1]
    assert "could not verify" in told and "no such credit in our bank" in told
    assert D01_BALANCE in chat.say(DEALER, "balance")


def test_a_payment_told_with_a_balance_question_gets_both_answers(chat: Chat) -> None:
    reply = chat.say(DEALER, "50000 NEFT kiya hai aaj, ab balance kitna bacha")
    assert "Payment note kar liya" in reply and "*₹50,000.00*" in reply
    assert D01_BALANCE in reply  # the balance answered too, as before: nothing is booked yet
    assert reports(chat) == [("D01", D("50000.00"), "neft", "", DEALER, "awaiting")]


def test_questions_about_paying_note_no_payment(chat: Chat) -> None:
    assert D01_BALANCE in chat.say(DEALER, "payment pending kitna")
    chat.say(DEALER, "payment mila kya?")
    chat.say(DEALER, "payment kab karna hai")
    chat.say(DEALER, "kal payment kar dunga 5000")
    assert reports(chat) == [] and booked(chat) == []


def test_a_payment_told_with_an_order_notes_the_payment_and_drafts_the_order(chat: Chat) -> None:
    reply = chat.say(DEALER, "payment kar diya 10000 UTR 447100112299, aur 10 peti maggi bhejo")
    assert "Payment note kar liya" in reply and "SO-1001" in reply
    assert reports(chat) == [("D01", D("10000.00"), "", "447100112299", DEALER, "awaiting")]
    assert [o.state for o in chat.rows(Order)] == ["awaiting_confirmation"]


def test_an_order_is_still_an_order(chat: Chat) -> None:
    reply = chat.say(DEALER, "10 peti maggi bhej do")
    assert "SO-1001" in reply and "Payment note" not in reply  # neither English nor Hinglish
    assert [o.state for o in chat.rows(Order)] == ["awaiting_confirmation"] and reports(chat) == []


def test_a_payment_told_while_the_bot_asks_which_product_is_noted_and_the_question_stays(chat: Chat) -> None:
    assert "*1*)" in chat.say(DEALER, "lux 1 peti")  # which Lux?
    reply = chat.say(DEALER, "payment kar diya 15000 neft se")
    assert "₹15,000.00" in reply and "1" in reply.splitlines()[-1]  # noted; the question asked again
    assert reports(chat) == [("D01", D("15000.00"), "neft", "", DEALER, "awaiting")]
    [conversation] = chat.rows(Conversation, Conversation.phone == DEALER)
    assert conversation.waiting_for == "pick"
    chat.say(DEALER, "1")  # and the question still takes its answer
    assert [o.state for o in chat.rows(Order)] == ["awaiting_confirmation"]
