"""Replies in the dealer's language (issue 11), over the signed webhook: English, Hinglish or Hindi
(Devanagari), as he writes or as he chose ("Hindi me bolo", the console); notices from the console too.

The demo dealers have no language set (''), so each reply is in the language of the message it
answers, or of his last message that tells one (bot/languages.py).
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from flask.testing import FlaskClient
from werkzeug.security import generate_password_hash

from domain.models import AuditLog, Dealer, LedgerEntry, Order, StaffUser
from tests.bot.console.conftest import TOKEN
from tests.support.chat import DEALER, OTHER_DEALER, REP, Chat

PASSWORD = "a long password"


def language(chat: Chat, code: str = "D01") -> str:
    with chat.session() as s:
        return str(s.scalar(sa.select(Dealer.language).where(Dealer.code == code)))


def orders(chat: Chat) -> list[tuple[str, str, list[tuple[str, Decimal, str]]]]:
    """(number, state, [(sku, qty, uom)]) of every order, oldest first."""
    with chat.session() as s:
        return [
            (o.number, o.state, [(ln.sku.sku, ln.qty, ln.uom) for ln in o.lines])
            for o in s.scalars(sa.select(Order).order_by(Order.id))
        ]


def staff(chat: Chat, role: str = "approver") -> FlaskClient:
    """A console client logged in with `role` (added to the bot's database)."""
    chat.app.config["SESSION_COOKIE_SECURE"] = False  # the test client speaks plain http
    email = f"{role}@example.com"
    with chat.session() as s:
        s.add(
            StaffUser(
                email=email,
                role=role,
                password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"),
            )
        )
    client = chat.app.test_client()
    response = client.post(
        "/console/login",
        data={"email": email, "password": PASSWORD, "csrf_token": token(client, "/console/login")},
    )
    assert response.status_code == 302
    return client


def token(client: FlaskClient, page: str) -> str:
    found = TOKEN.search(client.get(page).get_data(as_text=True))
    assert found, f"no CSRF token on {page}"
    return found.group(1)


def post(client: FlaskClient, url: str, **data: str) -> None:
    response = client.post(url, data={**data, "csrf_token": token(client, "/console/dealers/D01")})
    assert response.status_code == 302, response.get_data(as_text=True)


MAGGI = "MAG-MAS-70"


def test_a_dealer_writing_devanagari_gets_hindi_drafts_confirmations_and_balance(chat: Chat) -> None:
    draft = chat.say(DEALER, "मैगी 10 पेटी भेज दो")
    assert "*ऑर्डर ड्राफ़्ट SO-1001*" in draft
    assert "10 पेटी × ₹1,070.00 = ₹10,700.00" in draft  # amounts and grouping as in English
    assert "कन्फ़र्म करने के लिए *YES* भेजें" in draft  # the keyword he types stays YES
    done = chat.say(DEALER, "हाँ")
    assert "✅ *ऑर्डर SO-1001 कन्फ़र्म हो गया।*" in done
    assert "रख लिया" in done
    balance = chat.say(DEALER, "balance")  # tells no language: his last message's, Hindi
    assert "आपकी बकाया राशि: *₹42,350.00*" in balance and "*अभी इतने का ऑर्डर कर सकते हैं:" in balance
    assert orders(chat) == [("SO-1001", "confirmed", [(MAGGI, Decimal(10), "case")])]
    assert language(chat) == ""  # nothing chosen: as he writes


def test_hindi_me_bolo_switches_the_replies_to_hindi_and_stores_it(chat: Chat) -> None:
    said = chat.say(DEALER, "Hindi me bolo")
    assert said == (
        "ठीक है 👍 अब से मैं हिंदी में जवाब दूँगा। बदलना हो तो लिखें, जैसे *English please* या *Hinglish chalega*।"
    )
    assert language(chat) == "hi"
    draft = chat.say(DEALER, "please send 10 cases of maggi")  # written in English, answered in Hindi
    assert "*ऑर्डर ड्राफ़्ट SO-1001*" in draft and "*टोटल:" in draft
    assert orders(chat) == [("SO-1001", "awaiting_confirmation", [(MAGGI, Decimal(10), "case")])]


def test_english_please_switches_back_to_english(chat: Chat) -> None:
    chat.say(DEALER, "हिंदी में बोलो")
    assert language(chat) == "hi"
    said = chat.say(DEALER, "English please")
    assert said.startswith("OK 👍 From now on I will reply in English.")
    assert language(chat) == "en"
    draft = chat.say(DEALER, "bhaiya 10 peti maggi bhej do")  # Hinglish, answered in English as chosen
    assert "10 cases × ₹1,070.00" in draft and "Reply *YES* to confirm, or send changes." in draft
    assert orders(chat) == [("SO-1001", "awaiting_confirmation", [(MAGGI, Decimal(10), "case")])]


def test_hinglish_chalega_gives_hinglish_even_to_devanagari(chat: Chat) -> None:
    said = chat.say(DEALER, "Hinglish chalega")
    assert said.startswith("Theek hai 👍 Ab se main Hinglish me reply karunga.")
    assert language(chat) == "hi_Latn"
    draft = chat.say(DEALER, "मैगी 2 पेटी")
    assert "2 peti × ₹1,070.00 = ₹2,140.00" in draft and "Confirm karne ke liye *YES* bhejein" in draft
    assert [o[1] for o in orders(chat)] == ["awaiting_confirmation"]


def test_a_language_set_in_the_console_is_used_by_the_next_reply_and_audited(chat: Chat) -> None:
    client = staff(chat, "ops")
    page = client.get("/console/dealers/D01").get_data(as_text=True)
    assert 'name="language"' in page and "As he writes" in page
    post(client, "/console/dealers/D01/language", language="hi_Latn")
    assert language(chat) == "hi_Latn"
    with chat.session() as s:
        audit = s.scalars(sa.select(AuditLog).where(AuditLog.action == "dealer.language")).one()
        assert (audit.target, audit.before, audit.after) == ("D01", {"language": ""}, {"language": "hi_Latn"})
    balance = chat.say(DEALER, "what is my balance")  # English words, the console's choice
    assert "Aapka baki: *₹42,350.00*" in balance
    post(client, "/console/dealers/D01/language", language="xx")  # not a language: refused
    assert language(chat) == "hi_Latn"


def test_an_order_drafted_and_confirmed_in_hinglish(chat: Chat) -> None:
    draft = chat.say(DEALER, "bhaiya 10 peti maggi aur 5 peti parle g bhej do")
    assert "*Order draft SO-1001*" in draft and "*Total: ₹14,542.50*" in draft
    assert "🎁 *Free:* 1 peti Maggi" in draft
    assert "Is order ke baad bacha credit: ₹93,107.50" in draft
    done = chat.say(DEALER, "haan")
    assert done.startswith("✅ *Order SO-1001 confirm ho gaya.* Total ₹14,542.50")
    assert "Aage: hum pack karke dispatch karenge" in done
    [(number, state, lines)] = orders(chat)
    assert (number, state) == ("SO-1001", "confirmed")
    assert (MAGGI, Decimal(10), "case") in lines and len(lines) == 2


def test_an_order_drafted_and_confirmed_in_hindi(chat: Chat) -> None:
    chat.say(DEALER, "हिंदी में बोलो")
    draft = chat.say(DEALER, "10 peti maggi")
    assert "*ऑर्डर ड्राफ़्ट SO-1001*" in draft and "इस ऑर्डर के बाद बची क्रेडिट:" in draft
    done = chat.say(DEALER, "yes")
    assert done.startswith("✅ *ऑर्डर SO-1001 कन्फ़र्म हो गया।* टोटल ₹")
    status = chat.say(DEALER, "status SO-1001")
    assert "*SO-1001*: *कन्फ़र्म*" in status and "*अब तक क्या हुआ*" in status
    assert orders(chat) == [("SO-1001", "confirmed", [(MAGGI, Decimal(10), "case")])]


def test_an_order_drafted_and_confirmed_in_english(chat: Chat) -> None:
    draft = chat.say(DEALER, "please send 10 cases of maggi")
    assert "*Order draft SO-1001*" in draft and "Reply *YES* to confirm, or send changes." in draft
    done = chat.say(DEALER, "yes")  # tells no language: his last message's, English
    assert done.startswith("✅ *Order SO-1001 confirmed.*")
    assert orders(chat) == [("SO-1001", "confirmed", [(MAGGI, Decimal(10), "case")])]


def test_a_short_answer_is_said_in_the_language_of_his_last_words(chat: Chat) -> None:
    chat.say(DEALER, "10 peti maggi bhej do")
    dropped = chat.say(DEALER, "NO")
    assert dropped == "Theek hai, draft SO-1001 hata diya. Changes ke saath order dobara bhejein."
    assert orders(chat) == [("SO-1001", "cancelled", [(MAGGI, Decimal(10), "case")])]


def test_a_payment_booked_in_the_console_is_told_in_the_language_he_last_wrote(chat: Chat) -> None:
    chat.say(DEALER, "मेरा बैलेंस कितना है")
    client = staff(chat)
    before = len(chat.fake.sent)
    post(client, "/console/dealers/D01/payments", amount="5000", reference="UTR-77", date="", note="")
    [notice] = [m.body for m in chat.fake.wait_for(before + 1)[before:] if m.to == f"whatsapp:{DEALER}"]
    assert notice == "🙏 *₹5,000.00* का भुगतान मिल गया (रेफ UTR-77)। आपका बकाया ₹37,350.00।"
    with chat.session() as s:
        entry = s.scalars(sa.select(LedgerEntry).where(LedgerEntry.reference == "UTR-77")).one()
        assert (entry.kind, entry.amount) == ("payment", Decimal("-5000.00"))


def test_a_console_notice_follows_his_chosen_language_over_his_last_words(chat: Chat) -> None:
    chat.say(OTHER_DEALER, "reply in english")
    chat.say(OTHER_DEALER, "मेरा बैलेंस कितना है")  # Devanagari, but English was chosen
    client = staff(chat)
    before = len(chat.fake.sent)
    response = client.post(
        "/console/dealers/D02/payments",
        data={"amount": "1000", "reference": "UTR-88", "csrf_token": token(client, "/console/dealers/D02")},
    )
    assert response.status_code == 302
    [notice] = [m.body for m in chat.fake.wait_for(before + 1)[before:] if m.to == f"whatsapp:{OTHER_DEALER}"]
    assert notice.startswith("🙏 Payment of *₹1,000.00* received (ref UTR-88).")
    assert language(chat, "D02") == "en"
    with chat.session() as s:
        assert (
            s.scalars(sa.select(LedgerEntry).where(LedgerEntry.reference == "UTR-88")).one().kind == "payment"
        )


def test_a_sentence_that_only_names_a_language_changes_nothing(chat: Chat) -> None:
    reply = chat.say(DEALER, "hindi film ka gaana")
    assert "Hindi" not in reply  # no confirmation of a language
    assert language(chat) == ""
    assert orders(chat) == []


def test_a_field_rep_asking_for_hindi_is_told_his_replies_follow_his_writing(chat: Chat) -> None:
    said = chat.say(REP, "Hindi me bolo")
    assert said.startswith("ठीक है 👍 आप जिस भाषा में लिखेंगे मैं उसी में जवाब दूँगा")
    with chat.session() as s:
        assert set(s.scalars(sa.select(Dealer.language))) == {""}  # no shop's choice changed
    draft = chat.say(REP, "Order for Shree Ganesh Kirana: maggi 5 peti bhej do")
    assert "*Order draft SO-1001*" in draft and "Kiske liye: Shree Ganesh Kirana" in draft
    assert orders(chat) == [("SO-1001", "awaiting_confirmation", [(MAGGI, Decimal(5), "case")])]
