"""Replies in the dealer's language (issue 11): the catalogs are complete, every reply fits WhatsApp in
every language, and money, numbers and dates follow the locale's conventions."""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bot import i18n, replies, translations
from bot.i18n import ENGLISH, HINDI, HINGLISH, TRANSLATED, money, ngettext, speaking
from bot.replies import (
    account,
    approvals,
    claims,
    confirmation,
    drafts,
    fallbacks,
    language,
    payments,
    people,
    pieces,
    questions,
    status,
    stock,
    which,
)
from domain.credit import CreditCheck
from domain.gst import TaxSplit
from domain.ledger import Ageing, Entry, EntryKind, Statement, StatementLine
from domain.money import ZERO
from domain.orders import Actor, ActorKind, State
from domain.quote import QuoteLine
from domain.schemes import FreeGoods, SchemeRow
from domain.services.claims import ClaimView
from domain.services.claims import LineView as ClaimLine
from domain.services.enquiries import Availability, Bill, Offer
from domain.services.ledger import DealerSummary
from domain.services.order_views import EventView
from domain.services.stock import Shortfall
from tests.bot.test_replies import _order

LOCALES = [ENGLISH, HINDI, HINGLISH]

# -- the catalogs -----------------------------------------------------------------------------------


def test_the_template_holds_the_reply_texts_of_bot_replies() -> None:
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in translations.template() if m.id}
    assert "Reply *YES* to confirm, or send changes." in ids  # drafts.py
    assert "*Order draft {number}*" in ids
    assert "Confirmed" in ids and "case" in ids  # tables marked with N_()
    assert ("Oldest overdue: {days} day") in ids  # ngettext


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_msgid_is_translated_with_the_same_placeholders(locale: str) -> None:
    assert translations.problems(locale) == []  # `orderbot i18n update`, then translate (docs/languages.md)


@pytest.mark.parametrize("locale", TRANSLATED)
def test_the_catalog_keeps_the_yes_no_keywords_bold_marks_and_no_stale_msgids(locale: str) -> None:
    template = {m.id for m in translations.template() if m.id}
    catalog = translations.read(locale)
    for message in catalog:
        if not message.id:
            continue
        assert message.id in template, f"{locale}: {message.id!r} is no longer in bot/replies"
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        for keyword in ("*YES*", "*NO*", "YES {number}", "*0*", "*help*", "*both*", "*all*"):
            if keyword in ids[0]:
                assert all(keyword in s for s in strings), f"{locale}: {keyword} lost in {ids[0]!r}"
        assert all(s.count("*") == ids[0].count("*") for s in strings), f"{locale}: bold marks in {ids[0]!r}"


# -- formatting --------------------------------------------------------------------------------------

FORMATS = [
    # (locale, amount, money) - Indian grouping in all three; Babel's hi keeps Latin digits
    (ENGLISH, Decimal("123456"), "₹1,23,456.00"),
    (HINDI, Decimal("123456"), "₹1,23,456.00"),
    (HINGLISH, Decimal("123456"), "₹1,23,456.00"),
    (ENGLISH, Decimal("-1234567.8"), "-₹12,34,567.80"),  # a minus before the sign, lakhs and crores
    (HINDI, Decimal("99.995"), "₹100.00"),  # to the paisa, half up (domain.money.round_paisa)
    (HINGLISH, Decimal("0.5"), "₹0.50"),
]


@pytest.mark.parametrize(("locale", "amount", "shown"), FORMATS)
def test_money_is_shown_the_indian_way_in_every_language(locale: str, amount: Decimal, shown: str) -> None:
    with speaking(locale):
        assert money(amount) == shown


DATES = [
    # (locale, what, shown): months in the reader's script, India's time
    (ENGLISH, lambda: i18n.day(date(2026, 11, 5)), "05 Nov"),
    (HINDI, lambda: i18n.day(date(2026, 11, 5)), "05 नव॰"),
    (HINGLISH, lambda: i18n.day(date(2026, 11, 5), with_year=True), "05 Nov 2026"),
    (ENGLISH, lambda: i18n.when(datetime(2026, 11, 21, 23, 59, tzinfo=UTC)), "22 Nov, 5:29 AM"),
    (HINDI, lambda: i18n.when(datetime(2026, 11, 21, 8, 35, tzinfo=UTC)), "21 नव॰, 2:05 pm"),
    (ENGLISH, lambda: i18n.number(1600), "1,600"),
    (HINDI, lambda: i18n.number(Decimal("1234567.5")), "12,34,567.5"),
]


@pytest.mark.parametrize(("locale", "what", "shown"), DATES)
def test_dates_times_and_numbers_follow_the_locale(locale: str, what: Callable[[], str], shown: str) -> None:
    with speaking(locale):
        assert what() == shown


PLURALS = [
    (ENGLISH, 1, "1 day"),
    (ENGLISH, 3, "3 days"),
    (HINDI, 3, "3 दिन"),
    (HINGLISH, 1, "1 din"),
]


@pytest.mark.parametrize(("locale", "n", "shown"), PLURALS)
def test_counted_words_take_the_locales_plural(locale: str, n: int, shown: str) -> None:
    with speaking(locale):
        assert ngettext("{n} day", "{n} days", n).format(n=n) == shown


def test_the_locale_is_english_outside_a_block_and_restored_after_one() -> None:
    assert i18n.current() == ENGLISH
    with speaking(HINDI):
        with speaking(""):  # '' (as he writes, undecided) and unknown locales read English
            assert i18n.current() == ENGLISH
        assert i18n.current() == HINDI and replies.noted() == "ठीक है 👍"
    assert i18n.current() == ENGLISH and replies.noted() == "OK 👍"


# -- every reply, long, in every language --------------------------------------------------------------

LONG = "Shree Ganesh Kirana and General Stores, Itwari Main Road, Nagpur"
NUMBERS = [f"SO-{n}" for n in range(1001, 1009)]
ORDER, QUOTE = _order(12)
ONE, _ = _order(1)
ASKED = dataclasses.replace(
    ORDER, lines=tuple(dataclasses.replace(ln, requested_price=Decimal("999.50")) for ln in ORDER.lines)
)
HELD = dataclasses.replace(ASKED, state=State.ON_HOLD, credit_decision="hold", credit_note="over limit " * 8)
OVER = CreditCheck(Decimal("150000.00"), Decimal("142350.00"), Decimal("7650.00"), "hold", "over")
SHORT = [Shortfall(i, "MAG-MAS-70", "case", Decimal(10), Decimal(3)) for i in range(1, 13)]
NAMES = {"MAG-MAS-70": "Maggi 2-Minute Masala Noodles 70g"}
SCHEMES = {"TIER-A-2": "Tier A 2% off on every case of noodles", "MAGGI-10P1": "10+1 Maggi"}
ENTRIES = tuple(
    Entry(i, kind, date(2026, 11, 1 + i % 28), Decimal("12345.67"), f"INV-{i:05d}")
    for i, kind in enumerate(list(EntryKind) * 6)
)
SUMMARY = DealerSummary(
    "D01",
    LONG,
    Decimal("1234567.89"),
    Decimal("1500000"),
    Decimal("1634567.89"),
    Decimal("-134567.89"),
    Ageing(date(2026, 11, 30), (), {"0-30": Decimal("1000"), "31-60": Decimal("2000"), "90+": Decimal("3")}),
    95,
    ENTRIES,
)
STATEMENT = Statement(
    date(2026, 9, 1),
    date(2026, 11, 30),
    Decimal("1000"),
    tuple(StatementLine(e, Decimal("99999.99")) for e in ENTRIES),
    Decimal("1"),
    Decimal("2"),
    Decimal("3"),
)
AT = datetime(2026, 11, 21, tzinfo=UTC)
EVENTS = [
    EventView(State.AWAITING_CONFIRMATION, State.CONFIRMED, Actor(ActorKind.DEALER, "D01"), "", AT),
    EventView(State.CONFIRMED, State.CONFIRMED, Actor(ActorKind.STAFF, "ops@x"), "", AT),  # prices changed
] * 6
CHANGES = [
    pieces.DraftChange("added", NAMES["MAG-MAS-70"], Decimal(5), "case", now=Decimal(15)),
    pieces.DraftChange("changed", "Sprite 750ml PET Bottle", Decimal(12), "case", Decimal(10), "case"),
    pieces.DraftChange("same", "Tata Salt 1kg", Decimal(5), "bag"),
    pieces.DraftChange("removed", "Parle-G Original Gluco Biscuits 50g"),
    pieces.DraftChange("absent", "Lux Jasmine Soap 100g"),
] * 4
REASON = "the dealer's account is on hold because of cheques returned twice this quarter"
CLAIM_LINES = (
    ClaimLine(1, 1, "MAG-MAS-70", NAMES["MAG-MAS-70"], "", (), Decimal(12), "case", None, None, None),
    ClaimLine(2, 2, "MAG-MAS-70", NAMES["MAG-MAS-70"], "", (), None, "case", None, None, None),
    ClaimLine(
        3, 3, None, "", "2 peti wala tel jo pichhli baar aaya tha " * 2, (), None, "", None, None, None
    ),
    ClaimLine(4, 4, None, "", "", (), None, "", None, None, None),
) * 5
CLAIM = ClaimView(
    1,
    "CL-10001",
    "D01",
    LONG,
    "+91",
    "SO-10043",
    "open",
    "leak",
    REASON,
    "",
    AT,
    (),
    CLAIM_LINES,
    Decimal(0),
    "",
    None,
    "",
)
PRICE_LINE = QuoteLine(
    "MAG-MAS-70",
    NAMES["MAG-MAS-70"],
    Decimal(1),
    "case",
    Decimal("1070"),
    Decimal("1070"),
    Decimal(0),
    Decimal("1070"),
    Decimal("192.60"),
    Decimal(18),
)
UNIT = dataclasses.replace(QUOTE, lines=(PRICE_LINE,), total=Decimal("1262.60"))
MANY = dataclasses.replace(
    QUOTE,
    lines=(dataclasses.replace(PRICE_LINE, qty=Decimal(120)),),
    free_goods=(FreeGoods("MAG-MAS-70", Decimal(12), "case", "MAGGI-10P1"),) * 3,
)
PRICES = [questions.price_lines(LONG, UNIT, MANY)] * 5 + [questions.not_found_block(LONG)]
SLABS = (
    SchemeRow(
        "M",
        "Maggi",
        "free_goods",
        "sku",
        "MAG-MAS-70",
        Decimal(10),
        "case",
        free_qty=Decimal(1),
        free_uom="case",
        recursive=True,
    ),
    SchemeRow(
        "M",
        "Maggi",
        "free_goods",
        "sku",
        "MAG-MAS-70",
        Decimal(25),
        "case",
        free_sku="TU225",
        free_qty=Decimal(3),
        free_uom="case",
    ),
    SchemeRow(
        "T", "Tea", "value_discount", "category", "Tea", min_value=Decimal(25000), discount_pct=Decimal("1.5")
    ),
    SchemeRow("T", "Tea", "qty_discount", "category", "Tea", Decimal(5), "case", discount_pct=Decimal(2)),
)
OFFERS = [Offer(f"S{i}", SCHEMES["TIER-A-2"] * 2, SLABS, date(2026, 12, 31)) for i in range(14)]
IN_STOCK = [
    Availability("MAG-MAS-70", "case", Decimal(120), "short", Decimal(35)),
    Availability("MAG-MAS-70", "case", None, "out", Decimal(0)),
    Availability("MAG-MAS-70", "case", Decimal(12), "in_stock", Decimal(0)),
    Availability("MAG-MAS-70", "case", None, "in_stock", Decimal(0)),
] * 6
BILL = Bill("INV-2026-000123", date(2026, 11, 21), date(2026, 12, 21), ORDER.total)
FREE_SHORT = [dataclasses.replace(s, free=True) for s in SHORT[:3]]

# Every reply text of the modules wrapped in _(), called with long, realistic arguments.
INTRA_STATE = TaxSplit(Decimal("437.29"), Decimal("437.28"), ZERO)  # issue 12: the draft's GST line

CALLS: dict[str, Callable[[], str]] = {
    "balance": lambda: account.balance(SUMMARY, show_entries=30),
    "balance_rep": lambda: account.balance(dataclasses.replace(SUMMARY, balance=Decimal(-5)), for_rep=True),
    "statement": lambda: account.statement(LONG, STATEMENT),
    "payment_received": lambda: account.payment_received(Decimal("123456"), Decimal("-5000"), "UTR4471" * 4),
    "payment_reminder": lambda: account.payment_reminder(
        LONG, Decimal("12400"), {"0-30": Decimal("8000"), "31-60": Decimal("4400")}, 12, replies.HOW_TO_PAY
    ),
    "entry_word": lambda: account.entry_word(EntryKind.CREDIT_NOTE),
    "held": lambda: approvals.held(ORDER, OVER, "the shop's"),
    "price_pending": lambda: approvals.price_pending(ASKED, approvals.held(ASKED, OVER)),
    "hold_approved": lambda: approvals.hold_approved(ORDER, "dispatch on Monday morning " * 5),
    "hold_rejected": lambda: approvals.hold_rejected(ORDER, REASON),
    "zero_price_pending": lambda: approvals.zero_price_pending(ORDER, approvals.held(ORDER, OVER)),
    "zero_price_rejected": lambda: approvals.zero_price_rejected(ORDER, REASON),
    "price_exception_approved": lambda: approvals.price_exception_approved(
        ORDER, "ok", waits_for_credit=True
    ),
    "price_exception_approved_none": lambda: approvals.price_exception_approved(None, "ok"),
    "price_exception_rejected": lambda: approvals.price_exception_rejected(ORDER, REASON),
    "price_exception_rejected_none": lambda: approvals.price_exception_rejected(None, REASON),
    "confirmed": lambda: confirmation.confirmed(ORDER, SHORT, NAMES),
    "confirmed_shipped": lambda: confirmation.confirmed(ORDER, SHORT, NAMES, "ship_available"),
    "blocked": lambda: confirmation.blocked(REASON, replies.HOW_TO_PAY, "SO-1043"),
    "blocked_new": lambda: confirmation.blocked(REASON, replies.HOW_TO_PAY),
    "draft": lambda: drafts.draft(ASKED, QUOTE, NAMES, SCHEMES, dealer_name=LONG, note="n", changed="c"),
    "draft_over": lambda: drafts.draft(ORDER, dataclasses.replace(QUOTE, credit=OVER), NAMES, SCHEMES),
    "draft_dropped": lambda: drafts.draft_dropped("SO-1043"),
    "gst_line": lambda: drafts.gst_line(Decimal("874.57"), INTRA_STATE),
    "draft_expired": lambda: drafts.draft_expired("SO-1043"),
    "draft_checked": lambda: drafts.draft_checked(NUMBERS),
    "nothing_to_confirm": drafts.nothing_to_confirm,
    "yes_while_in_review": drafts.yes_while_in_review,
    "nothing_to_repeat": drafts.nothing_to_repeat,
    "empty_order": drafts.empty_order,
    "price_problem": lambda: drafts.price_problem(REASON),
    "noted": drafts.noted,
    "ask_pick": lambda: drafts.ask_pick("lux 1 peti", [LONG] * 9, 3, 7),
    "ask_quantity": lambda: drafts.ask_quantity(LONG, 2, 5),
    "pick_again": lambda: drafts.pick_again(9),
    "pick_again_no_none": lambda: drafts.pick_again(9, none=False),
    "sent_to_review": lambda: drafts.sent_to_review([LONG] * 20, placed=True),
    "sent_to_review_nothing": lambda: drafts.sent_to_review([]),
    "went_wrong": fallbacks.went_wrong,
    "not_understood": fallbacks.not_understood,
    "empty_message": fallbacks.empty_message,
    "too_long": lambda: fallbacks.too_long(4321),
    "media_received": fallbacks.media_received,
    "file_mentioned": lambda: fallbacks.file_mentioned("Please reply *1* or *2*."),
    "bill_asked": lambda: fallbacks.bill_asked("Please reply *1* or *2*."),
    "please_wait": fallbacks.please_wait,
    "review_rejected": lambda: fallbacks.review_rejected(REASON, LONG * 3),
    "review_rejected_no_text": lambda: fallbacks.review_rejected(REASON),
    "language_set": language.language_set,
    "language_follows_writing": language.language_follows_writing,
    "help_menu": lambda: people.help_menu(LONG, for_rep=True),
    "greeting": lambda: people.greeting(LONG),
    "thanks": people.thanks,
    "welcome_dealer": lambda: people.welcome_dealer(LONG),
    "unknown_sender": lambda: people.unknown_sender(LONG),
    "inactive_account": people.inactive_account,
    "rep_ask_dealer": lambda: people.rep_ask_dealer([LONG] * 12),
    "rep_not_assigned": lambda: people.rep_not_assigned(LONG),
    "not_your_shop": lambda: people.not_your_shop(LONG),
    "rep_no_dealers": people.rep_no_dealers,
    "rep_unknown_shop": people.rep_unknown_shop,
    "for_the_shop": lambda: people.for_the_shop(LONG, "x" * 1400),
    "draft_changes": lambda: pieces.draft_changes(CHANGES, "SO-1043"),
    "changes_said": lambda: pieces.changes_said(CHANGES, "SO-1043"),
    "draft_unchanged": lambda: pieces.draft_unchanged(CHANGES, "SO-1043"),
    "draft_emptied": lambda: pieces.draft_emptied(CHANGES, "SO-1043"),
    "draft_expired_new": lambda: pieces.draft_expired_new("SO-1043"),
    "new_order_items": lambda: pieces.new_order_items("SO-1043"),
    "order_status": lambda: status.order_status(HELD, EVENTS, LONG),
    "order_status_waiting": lambda: status.order_status(ORDER, EVENTS),
    "order_not_found": lambda: status.order_not_found("SO-99999"),
    "no_orders": status.no_orders,
    "ask_cancel": lambda: status.ask_cancel(ORDER),
    "cancel_again": lambda: status.cancel_again("SO-1043"),
    "cancelled": lambda: status.cancelled("SO-1043"),
    "cancel_kept": lambda: status.cancel_kept("SO-1043"),
    "nothing_to_cancel": status.nothing_to_cancel,
    "cannot_cancel": lambda: status.cannot_cancel("SO-1043", State.DISPATCHED),
    "order_moved": lambda: status.order_moved(ORDER, REASON),
    "invoice_attached": lambda: status.invoice_attached("INV/2026-27/0001"),
    "credit_note_attached": lambda: status.credit_note_attached("CN/2026-27/0001"),
    "draft_in_short": lambda: which.draft_in_short(ORDER, LONG),
    "which_yes": lambda: which.which_yes([which.draft_in_short(ORDER, LONG)] * 8, NUMBERS),
    "which_yes_two": lambda: which.which_yes(["a", "b"], NUMBERS[:2]),
    "which_yes_again": lambda: which.which_yes_again(NUMBERS),
    "which_yes_none": lambda: which.which_yes_none(NUMBERS),
    "still_waiting": lambda: which.still_waiting(NUMBERS),
    "still_waiting_one": lambda: which.still_waiting(NUMBERS[:1]),
    "also_waiting": lambda: which.also_waiting([which.draft_in_short(ORDER, LONG)] * 8, NUMBERS),
    "which_no": lambda: which.which_no([which.draft_in_short(ORDER, LONG)] * 8, NUMBERS),
    "which_no_again": lambda: which.which_no_again(NUMBERS),
    "which_no_none": lambda: which.which_no_none(NUMBERS),
    "claim_and_order": fallbacks.claim_and_order,
    # payments told in chat
    "mode_word": lambda: payments.mode_word("bank"),
    "payment_noted": lambda: payments.payment_noted(Decimal("1234567.89"), "neft", "UTR4471" * 4, shop=LONG),
    "payment_noted_nothing": lambda: payments.payment_noted(None, "", ""),
    "payment_noted_before": lambda: payments.payment_noted_before(
        Decimal("1234567.89"), "UTR4471" * 4, False
    ),
    "payment_noted_before_verified": lambda: payments.payment_noted_before(None, "", True),
    "payment_verified": lambda: payments.payment_verified(
        Decimal("1234567.89"), "UTR4471" * 4, Decimal("-5")
    ),
    "payment_not_verified": lambda: payments.payment_not_verified(
        Decimal("1234567.89"), "UTR4471" * 4, REASON
    ),
    "payment_not_verified_bare": lambda: payments.payment_not_verified(None, "", REASON),
    # claims
    "reason_word": lambda: claims.reason_word("wrong"),
    "claim_recorded": lambda: claims.claim_recorded(CLAIM, shop=LONG),
    "claim_recorded_bare": lambda: claims.claim_recorded(dataclasses.replace(CLAIM, order=None, lines=())),
    "claim_approved": lambda: claims.claim_approved(
        "CL-10001", Decimal("123456.50"), Decimal("1234567"), True
    ),
    "claim_approved_all": lambda: claims.claim_approved("CL-10001", Decimal("1.50"), Decimal("-1234567")),
    "claim_rejected": lambda: claims.claim_rejected("CL-10001", REASON * 3),
    "open_claims": lambda: claims.open_claims([CLAIM, dataclasses.replace(CLAIM, order=None)] * 10),
    # questions
    "price_lines": lambda: "\n".join(questions.price_lines(LONG, UNIT, MANY)),
    "price_answer": lambda: questions.price_answer(PRICES, LONG),
    "unsure_block": lambda: "\n".join(questions.unsure_block(LONG, PRICES)),
    "unsure_block_one": lambda: "\n".join(questions.unsure_block(LONG, PRICES[:1])),
    "not_found_block": lambda: "\n".join(questions.not_found_block(LONG)),
    "no_price": questions.no_price,
    "which_product": lambda: questions.which_product("price"),
    "which_product_stock": lambda: questions.which_product("stock"),
    "slab_text": lambda: "\n".join(questions.slab_text(slab, {"TU225": "Thums Up 2.25L"}) for slab in SLABS),
    "scheme_answer": lambda: questions.scheme_answer(OFFERS, {"TU225": "Thums Up 2.25L"}, LONG, LONG),
    "scheme_answer_none": lambda: questions.scheme_answer([], {}, LONG),
    "scheme_answer_today": lambda: questions.scheme_answer(OFFERS[:2], {}),
    "stock_line": lambda: "\n".join(ln for found in IN_STOCK[:4] for ln in questions.stock_line(LONG, found)),
    "stock_answer": lambda: questions.stock_answer([questions.stock_line(LONG, f) for f in IN_STOCK], LONG),
    "invoice_text": lambda: questions.invoice_text(ORDER, BILL, NAMES, SCHEMES, LONG),
    "not_billed": lambda: questions.not_billed(ORDER, replies.state_word(State.DISPATCHED), "on_the_way"),
    **{
        f"not_billed_{stage}": functools.partial(questions.not_billed, ORDER, "x", stage)
        for stage in questions.NOT_BILLED
    },
    # short of stock
    "short_draft": lambda: stock.short_draft(SHORT + FREE_SHORT, NAMES, True),
    "short_draft_nothing": lambda: stock.short_draft(SHORT, NAMES, False),
    "stock_short": lambda: stock.stock_short("SO-1043", SHORT + FREE_SHORT, NAMES),
    "nothing_in_stock": stock.nothing_in_stock,
    "ship_or_wait_again": stock.ship_or_wait_again,
    "ship_or_wait_again_none": lambda: stock.ship_or_wait_again(False),
    "shortfall_declined": lambda: stock.shortfall_declined("SO-1043"),
}
MODULES = [
    account,
    approvals,
    claims,
    confirmation,
    drafts,
    fallbacks,
    language,
    payments,
    people,
    pieces,
    questions,
    status,
    stock,
    which,
]


def test_the_table_calls_every_reply_of_the_translated_modules() -> None:
    public = {
        name
        for module in MODULES
        for name, fn in vars(module).items()
        if inspect.isfunction(fn) and fn.__module__ == module.__name__ and not name.startswith("_")
    }
    assert public <= set(CALLS)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("name", sorted(CALLS))
def test_every_reply_fits_whatsapp_in_every_language(name: str, locale: str) -> None:
    with speaking(locale):
        text = CALLS[name]()
    parts = replies.split(text)
    assert text.strip() and all(len(part) <= replies.LIMIT for part in parts)
    assert "{" not in text.replace("{}", "")  # no placeholder left unfilled


@pytest.mark.parametrize(
    "name",
    [
        "draft",
        "confirmed",
        "balance",
        "order_status",
        "help_menu",
        "ask_cancel",
        "payment_noted",
        "payment_verified",
        "claim_recorded",
        "claim_approved",
        "price_answer",
        "scheme_answer",
        "stock_answer",
        "invoice_text",
        "short_draft",
        "shortfall_declined",
    ],
)
def test_hindi_and_hinglish_replies_differ_from_english_but_keep_numbers_and_amounts(name: str) -> None:
    texts = {}
    for locale in LOCALES:
        with speaking(locale):
            texts[locale] = CALLS[name]()
    assert len(set(texts.values())) == 3
    for token in ("SO-1043", money(ORDER.total), "*YES*"):
        if token in texts[ENGLISH]:
            assert token in texts[HINDI] and token in texts[HINGLISH]
