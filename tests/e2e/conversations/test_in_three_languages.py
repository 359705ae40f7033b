"""Payments, claims, questions and orders in English, Hinglish and Hindi (issue 11, item 5), over the
signed webhook: each reply is in the dealer's language (his choice, else the language he writes in) and
what is stored is the same whatever the language.

Each conversation asserts the stored rows (reported payments, claims, orders and lines, the ledger,
dealers.language) and one or two words of the reply that only its language has.
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa

from domain.models import Claim, ClaimLine, Dealer, LedgerEntry, Order, ReportedPayment, ReviewItem
from domain.orders import Actor
from domain.services.orders import deliver, dispatch, invoice
from tests.e2e.conversations.test_language import staff, token
from tests.support.chat import DEALER, REP, Chat

D06 = "+919000000106"  # Sai Baba Super Market: a big credit limit, for orders short of stock
MAGGI, SPRITE = "MAG-MAS-70", "SPR-750ML"
STAFF = Actor.staff("ops@example.com")


def language(chat: Chat, code: str = "D01") -> str:
    with chat.session() as s:
        return str(s.scalar(sa.select(Dealer.language).where(Dealer.code == code)))


def reports(chat: Chat) -> list[tuple[str, Decimal | None, str, str, str]]:
    """(dealer code, amount, mode, reference, status) of every payment told."""
    with chat.session() as s:
        rows = s.scalars(sa.select(ReportedPayment).order_by(ReportedPayment.id))
        return [(r.dealer.code, r.amount, r.mode, r.reference, r.status) for r in rows]


def ledger(chat: Chat, kind: str) -> list[tuple[str | None, Decimal]]:
    return [(e.reference, e.amount) for e in chat.rows(LedgerEntry, LedgerEntry.kind == kind)]


def claims(chat: Chat) -> list[tuple[str, str, str, str | None, str]]:
    """(number, dealer code, reason, order number, status) of every claim."""
    with chat.session() as s:
        rows = s.scalars(sa.select(Claim).order_by(Claim.id))
        return [
            (c.number, c.dealer.code, c.reason, c.order.number if c.order else None, c.status) for c in rows
        ]


def claim_lines(chat: Chat) -> list[tuple[str | None, Decimal | None, str]]:
    with chat.session() as s:
        rows = s.scalars(sa.select(ClaimLine).order_by(ClaimLine.id))
        return [(ln.sku_code, None if ln.qty is None else ln.qty.normalize(), ln.uom) for ln in rows]


def orders(chat: Chat) -> list[tuple[str, str, list[tuple[str, Decimal, str]]]]:
    """(number, state, [(sku, qty, uom)]) of every order, oldest first."""
    with chat.session() as s:
        return [
            (o.number, o.state, sorted((ln.sku.sku, Decimal(ln.qty).normalize(), ln.uom) for ln in o.lines))
            for o in s.scalars(sa.select(Order).order_by(Order.id))
        ]


def confirmed(chat: Chat, phone: str = DEALER, text: str = "10 peti maggi") -> str:
    """An order told and confirmed: its number."""
    chat.say(phone, text)
    chat.say(phone, "yes")
    [(number, state, _)] = orders(chat)
    assert state == "confirmed"
    return number


# -- payments -------------------------------------------------------------------------------------------


def test_a_payment_told_in_devanagari_is_thanked_in_hindi_and_stored_awaiting(chat: Chat) -> None:
    reply = chat.say(DEALER, "पेमेंट कर दिया ₹५००० UTR ४४७१००११२२३३")
    assert "🙏 धन्यवाद! भुगतान नोट कर लिया:" in reply and "रकम: *₹5,000.00*" in reply
    assert "रेफ: 447100112233" in reply and "वेरिफ़ाई होते ही आपका बकाया अपडेट होगा" in reply
    assert reports(chat) == [("D01", Decimal("5000.00"), "", "447100112233", "awaiting")]
    assert ledger(chat, "payment") == [] and language(chat) == ""  # nothing booked, nothing chosen


def test_hindi_me_bolo_then_a_payment_in_roman_script_is_answered_in_hindi(chat: Chat) -> None:
    chat.say(DEALER, "Hindi me bolo")
    assert language(chat) == "hi"
    reply = chat.say(DEALER, "payment kar diya 25000 gpay se UTR 447100112233")  # Hinglish: his choice wins
    assert "भुगतान नोट कर लिया" in reply and "*₹25,000.00*" in reply and "Google Pay" in reply
    assert "Payment note" not in reply
    again = chat.say(DEALER, "sir 25000 gpay kiya tha UTR 447100112233")
    assert "पहले से नोट है" in again
    assert reports(chat) == [("D01", Decimal("25000.00"), "gpay", "447100112233", "awaiting")]


def test_a_payment_verified_on_the_console_is_told_in_the_hindi_he_chose(chat: Chat) -> None:
    chat.say(DEALER, "हिंदी में बोलो")
    chat.say(DEALER, "paid 25000 by NEFT, UTR 998877665544")  # written in English, answered in Hindi
    client = staff(chat)
    [payment] = chat.rows(ReportedPayment)
    before = len(chat.fake.sent)
    response = client.post(
        f"/console/payments/{payment.id}/verify",
        data={"amount": "25000", "csrf_token": token(client, "/console/payments")},
    )
    assert response.status_code == 302
    told = chat.fake.wait_for(before + 1)[-1].body or ""
    assert "✅ आपका *₹25,000.00* का भुगतान (रेफ 998877665544) वेरिफ़ाई होकर चढ़ गया।" in told
    assert "आपका बकाया ₹17,350.00" in told
    assert reports(chat) == [("D01", Decimal("25000.00"), "neft", "998877665544", "verified")]
    assert ledger(chat, "payment") == [("998877665544", Decimal("-25000.00"))]


def test_a_rep_telling_a_payment_in_hinglish_is_answered_in_hinglish(chat: Chat) -> None:
    reply = chat.say(REP, "Laxmi Provision Stores ka payment 15000 cash diya")
    assert "🙏 Dhanyavaad! *Laxmi Provision Stores* ka payment note kar liya:" in reply
    assert "verify hote hi balance update hoga" in reply
    assert reports(chat) == [("D03", Decimal("15000.00"), "cash", "", "awaiting")]


# -- claims ---------------------------------------------------------------------------------------------


def test_a_claim_told_in_hinglish_is_recorded_in_hinglish_and_stored(chat: Chat) -> None:
    number = confirmed(chat)
    with chat.session() as s:
        dispatch(s, number, STAFF)
    reply = chat.say(DEALER, f"{number} me 2 peti maggi toot gayi thi")
    assert f"📝 Claim *CL-1001* note ho gaya: damaged, order {number}" in reply
    assert "2 peti Maggi" in reply and "Hamara staff check karke yahin batayega" in reply
    assert claims(chat) == [("CL-1001", "D01", "damaged", number, "open")]
    assert claim_lines(chat) == [(MAGGI, Decimal(2), "case")]
    assert ledger(chat, "credit_note") == []
    assert "*Check ho rahe Claims*" in chat.say(DEALER, "statement")  # his statement lists it, in Hinglish


def test_english_please_then_a_claim_in_hinglish_is_recorded_in_english(chat: Chat) -> None:
    chat.say(DEALER, "English please")
    assert language(chat) == "en"
    number = confirmed(chat)
    with chat.session() as s:
        dispatch(s, number, STAFF)
    reply = chat.say(DEALER, f"{number} me 1 peti tel leak thi")
    assert "📝 Claim *CL-1001* recorded: leaking" in reply and "Our staff will check it" in reply
    assert claims(chat) == [("CL-1001", "D01", "leak", number, "open")]
    assert [qty for _, qty, _ in claim_lines(chat)] == [Decimal(1)]


# -- questions ------------------------------------------------------------------------------------------


def test_a_rate_asked_in_hindi_gets_his_own_price_in_hindi_and_orders_nothing(chat: Chat) -> None:
    reply = chat.say(DEALER, "मैगी का रेट क्या है")
    assert "*आज आपका रेट*" in reply and "₹1,070.00 प्रति पेटी + 5% GST = *₹1,123.50*" in reply
    assert "ऑर्डर के लिए मात्रा भेजें" in reply
    assert orders(chat) == [] and chat.rows(ReviewItem) == []


def test_the_schemes_asked_in_hindi_are_listed_in_hindi(chat: Chat) -> None:
    reply = chat.say(DEALER, "कोई स्कीम चल रही है")
    assert "*आज आपकी स्कीम*" in reply and "Maggi Masala 70g: every 10 cases" in reply  # names: master data
    assert "10 पेटी लें: 1 पेटी फ्री, हर 10 पेटी पर फिर से" in reply
    assert orders(chat) == [] and chat.rows(ReviewItem) == []


def test_stock_asked_in_hinglish_is_answered_in_hinglish(chat: Chat) -> None:
    reply = chat.say(DEALER, "sprite stock me hai kya?")
    assert "*Abhi ka stock*" in reply and "stock me hai" in reply
    assert "Stock din bhar badalta hai" in reply
    assert orders(chat) == [] and chat.rows(ReviewItem) == []


def test_a_bill_asked_in_english_is_sent_in_english(chat: Chat) -> None:
    number = confirmed(chat)
    with chat.session() as s:
        dispatch(s, number, STAFF)
        deliver(s, number, STAFF)
        invoice(s, number, STAFF)
    bill = chat.say(DEALER, f"please send the bill of {number}")
    assert "🧾 *Bill" in bill and "Date: " in bill and "*Total: ₹11,235.00*" in bill
    assert "Subtotal: ₹10,700.00" in bill and "🎁 *Free:* 1 case" in bill
    assert ledger(chat, "invoice") == [(number, Decimal("11235.00"))]
    assert orders(chat) == [(number, "invoiced", [(MAGGI, Decimal(10), "case")])]


def test_the_bill_of_an_order_not_yet_billed_asked_in_hindi_names_its_state_in_hindi(chat: Chat) -> None:
    number = confirmed(chat)
    reply = chat.say(DEALER, f"{number} का बिल भेजो")
    assert f"🧾 *{number}*: " in reply and "टोटल ₹11,235.00।" in reply
    assert "डिलीवरी के बाद बिल बनता है" in reply
    assert ledger(chat, "invoice") == [] and orders(chat)[0][1] == "confirmed"


# -- orders ---------------------------------------------------------------------------------------------


def test_an_order_in_pieces_in_hindi_is_confirmed_in_hindi_with_both_lines(chat: Chat) -> None:
    draft = chat.say(DEALER, "मैगी 10 पेटी")
    assert "*ऑर्डर ड्राफ़्ट SO-1001*" in draft
    changed = chat.say(DEALER, "5 पेटी स्प्राइट भी")
    assert "SO-1001" in changed and "*YES*" in changed
    assert orders(chat) == [
        ("SO-1001", "awaiting_confirmation", [(MAGGI, Decimal(10), "case"), (SPRITE, Decimal(5), "case")])
    ]
    done = chat.say(DEALER, "हाँ")
    assert "✅ *ऑर्डर SO-1001 कन्फ़र्म हो गया।*" in done
    assert orders(chat) == [
        ("SO-1001", "confirmed", [(MAGGI, Decimal(10), "case"), (SPRITE, Decimal(5), "case")])
    ]
    assert language(chat) == ""


def test_a_draft_short_of_stock_in_hinglish_asks_ship_or_wait_in_hinglish(chat: Chat) -> None:
    draft = chat.say(D06, "maggi 10 peti aur maggi 4 pack 2 cs bhej do")  # the 4-pack is out of stock
    assert "⚠️ *Stock kam hai:*" in draft and "stock me 0" in draft
    assert (
        "*1*) Confirm karo, jitna stock hai abhi bhej do" in draft
        and "*2*) Poora order confirm karo" in draft
    )
    again = chat.say(D06, "haan")  # a plain yes is neither choice: asked again, in Hinglish
    assert "Jitna stock hai abhi bhejne ke liye *1* bhejo" in again
    assert [state for _, state, _ in orders(chat)] == ["awaiting_confirmation"]
    chat.say(D06, "2")
    [(number, state, lines)] = orders(chat)
    assert (number, state, len(lines)) == ("SO-1001", "confirmed", 2)  # the short part back-ordered
