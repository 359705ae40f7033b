"""Reply texts: WhatsApp-sized parts, Indian money, units in words, a long draft in numbered parts."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from bot import replies
from domain.credit import CreditCheck
from domain.money import fmt_inr
from domain.orders import Actor, State
from domain.quote import Quote
from domain.services.order_views import FreeView, LineView, OrderView

SPLITS = [
    # a short text is one part, unnumbered
    ("namaste", ["namaste"]),
    # exactly the limit is still one part
    ("x" * 1600, ["x" * 1600]),
    # two long lines become two numbered parts, cut at the line break
    ("a" * 1000 + "\n" + "b" * 1000, ["(1/2) " + "a" * 1000, "(2/2) " + "b" * 1000]),
]


@pytest.mark.parametrize(("text", "parts"), SPLITS)
def test_a_text_is_split_at_line_breaks_into_numbered_parts(text: str, parts: list[str]) -> None:
    assert replies.split(text) == parts


def test_one_line_longer_than_a_message_is_cut_at_a_space_and_nothing_is_lost() -> None:
    words = " ".join(f"word{i}" for i in range(700))
    parts = replies.split(words)
    assert all(len(p) <= replies.LIMIT for p in parts) and len(parts) == 4
    assert " ".join(p.split(" ", 1)[1] for p in parts).split() == words.split()


QTYS = [
    (Decimal("10"), "case", "10 cases"),  # plural
    (Decimal("1"), "box", "1 box"),  # singular
    (Decimal("0.500"), "kg", "0.5 kg"),  # exact decimals, no trailing zeros
    (Decimal("3"), "dozen", "3 dozen"),  # words that read the same
]


@pytest.mark.parametrize(("qty", "uom", "text"), QTYS)
def test_quantities_read_as_words(qty: Decimal, uom: str, text: str) -> None:
    assert replies.fmt_qty(qty, uom) == text


def test_times_are_shown_in_india() -> None:
    assert replies.fmt_when(datetime(2026, 11, 21, 23, 59, tzinfo=UTC)) == "22 Nov, 5:29 AM"


def _order(lines: int) -> tuple[OrderView, Quote]:
    line = LineView(
        "MAG-MAS-70",
        "Maggi 2-Minute Masala Noodles 70g",
        Decimal(10),
        "case",
        Decimal("1070.00"),
        Decimal("10700.00"),
        Decimal("214.00"),
        Decimal("10486.00"),
        Decimal("524.30"),
        ("TIER-A-2",),
    )
    count = Decimal(lines)
    view = OrderView(
        "SO-1043",
        "D01",
        State.AWAITING_CONFIRMATION,
        Actor.dealer("D01"),
        (line,) * lines,
        (FreeView("MAG-MAS-70", Decimal(1), "case", "MAGGI-10P1"),),
        Decimal("10700.00") * count,
        Decimal("214.00") * count,
        Decimal("524.30") * count,
        Decimal("11010.30") * count,
        None,
        "",
        datetime(2026, 11, 21, tzinfo=UTC),
        None,
    )
    credit = CreditCheck(Decimal("150000.00"), Decimal("42350.00"), Decimal("107650.00"), "ok", "within")
    quote = Quote(
        "D01",
        date(2026, 11, 21),
        (),
        (),
        ("Add 1 case of Maggi to get 2 cases free",),
        view.gross,
        view.discount,
        view.tax,
        view.total,
        credit,
    )
    return view, quote


def test_a_draft_shows_lines_schemes_free_goods_nudges_totals_credit_and_the_yes_prompt() -> None:
    view, quote = _order(1)
    text = replies.draft(
        view, quote, {"MAG-MAS-70": "Maggi 70g"}, {"TIER-A-2": "Tier A 2% off", "MAGGI-10P1": "10+1 Maggi"}
    )
    for fragment in [
        "*Order draft SO-1043*",
        "*1.* Maggi 2-Minute Masala Noodles 70g",
        "10 cases × ₹1,070.00 = ₹10,700.00",
        "less ₹214.00 (Tier A 2% off)",
        "🎁 *Free:* 1 case Maggi 70g",
        "(10+1 Maggi)",
        "💡 Add 1 case",
        "Subtotal: ₹10,700.00",
        "Discount: -₹214.00",
        "GST: ₹524.30",
        "*Total: ₹11,010.30*",
        "Credit left after this order: ₹96,639.70",
        "Reply *YES* to confirm, or send changes.",
    ]:
        assert fragment in text


def test_a_draft_over_the_limit_warns_instead_of_showing_credit_left() -> None:
    view, quote = _order(10)  # ₹1,10,103.00 against ₹1,07,650.00 available
    text = replies.draft(view, quote, {}, {})
    assert "over your credit limit of ₹1,50,000.00" in text and "Credit left" not in text


def test_a_long_draft_arrives_as_numbered_parts_each_within_the_limit() -> None:
    view, quote = _order(40)
    parts = replies.to_replies(replies.draft(view, quote, {}, {}))
    assert len(parts) >= 2
    assert all(len(p.body) <= replies.LIMIT for p in parts)
    assert [p.body.split(" ", 1)[0] for p in parts] == [
        f"({i}/{len(parts)})" for i in range(1, len(parts) + 1)
    ]
    assert "Reply *YES*" in parts[-1].body and "*Order draft SO-1043*" in parts[0].body


@pytest.mark.parametrize(
    ("note", "approved", "price_approved"),
    [
        # no note: the approval alone
        ("", "We will pack and dispatch it soon.", "✅ The special price for order SO-1043 is *approved*."),
        # "approved" (the form's default) says nothing more than the approval itself
        ("approved", "We will pack and dispatch it soon.", "is *approved*."),
        # a real note reaches the dealer, trimmed: on its own line after a hold, after the sentence otherwise
        ("  dispatch Monday ", "soon.\nNote: dispatch Monday", "*approved*. Note: dispatch Monday"),
    ],
)
def test_an_approvers_note_reaches_the_dealer_unless_it_only_says_approved(
    note: str, approved: str, price_approved: str
) -> None:
    view, _ = _order(1)
    assert replies.hold_approved(view, note).endswith(approved)
    first, prices = replies.price_exception_approved(view, note).split("\n", 1)
    assert first.endswith(price_approved)
    assert prices.endswith(f"New total: *{fmt_inr(view.total)}*.")  # what he now pays, line by line above


def test_a_special_price_reply_names_the_asked_rate_and_what_still_waits() -> None:
    view, _ = _order(1)
    line = dataclasses.replace(view.lines[0], requested_price=view.lines[0].unit_price - 50)
    asked = dataclasses.replace(view, lines=(line,))
    text = replies.price_pending(asked, held="⏳ on hold for credit")
    assert (
        f"{line.name}: {fmt_inr(line.requested_price)} a {line.uom} (list {fmt_inr(line.unit_price)})" in text
    )
    assert text.endswith("⏳ on hold for credit")
    assert "you asked" in replies.draft(asked, _order(1)[1], {}, {})
    assert "you asked" not in replies.draft(view, _order(1)[1], {}, {})
    assert replies.price_exception_approved(view, waits_for_credit=True).endswith("credit approval.")


@pytest.mark.parametrize(
    ("replaces", "note"),
    [
        ((), "We checked your order. Please look at it once more:"),  # a first draft
        (("SO-1041", "SO-1042"), "We checked your order; this replaces draft SO-1041, SO-1042. Please look"),
    ],
)
def test_a_reviewed_draft_says_it_was_checked_and_which_drafts_it_replaces(
    replaces: tuple[str, ...], note: str
) -> None:
    assert replies.draft_checked(replaces).startswith(note)


def test_console_and_conversation_share_one_default_for_how_to_pay() -> None:
    from bot.console import notify
    from bot.conversation import ordering

    assert "HOW_TO_PAY" not in vars(notify) and "HOW_TO_PAY" not in vars(ordering)  # one text, in replies
    assert "payment reference" in replies.HOW_TO_PAY


# (overdue bands given, oldest days, what the reminder says after "Namaste Ravi 🙏 A reminder: ")
REMINDERS = [
    # two bands with money, two empty ones left out, youngest first as given
    (
        {"0-30": "8000", "31-60": "4400", "61-90": "0", "90+": "0"},
        40,
        "*₹12,400.00* is overdue, the oldest by 40 days. "
        "By bill age: ₹8,000.00 0-30 days, ₹4,400.00 31-60 days.",
    ),
    # one band, paise kept; one day is singular
    (
        {"0-30": "0", "90+": "12400.50"},
        1,
        "*₹12,400.50* is overdue, the oldest by 1 day. By bill age: ₹12,400.50 90+ days.",
    ),
]


@pytest.mark.parametrize(("bands", "days", "says"), REMINDERS)
def test_a_payment_reminder_gives_the_overdue_total_and_each_band_with_money(
    bands: dict[str, str], days: int, says: str
) -> None:
    amounts = {label: Decimal(v) for label, v in bands.items()}
    text = replies.payment_reminder("Ravi", sum(amounts.values(), Decimal(0)), amounts, days, "Pay by UPI.")
    assert text == f"Namaste Ravi 🙏 A reminder: {says} Pay by UPI."


@pytest.mark.parametrize(
    ("asked", "credit", "says", "not_says"),
    [
        # held for a special price only: the rate he asked, not the credit check that passed
        (True, "ok", "approval of the rate you asked", "Held because"),
        # held for credit only: why
        (False, "hold", "Held because: over the limit", "rate you asked"),
        # both: both reasons
        (True, "hold", "Held because: over the limit", "nothing"),
    ],
)
def test_the_status_of_a_held_order_says_what_it_waits_for(
    asked: bool, credit: str, says: str, not_says: str
) -> None:
    view, _ = _order(1)
    line = view.lines[0]
    if asked:
        line = dataclasses.replace(line, requested_price=line.unit_price - 50)
    held = dataclasses.replace(
        view,
        state=State.ON_HOLD,
        lines=(line,),
        credit_decision=credit,
        credit_note="over the limit" if credit == "hold" else "within the limit of ₹1,50,000.00",
    )
    text = replies.order_status(held, [])
    assert says in text and not_says not in text
    assert "within the limit" not in text
