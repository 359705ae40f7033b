"""A payment the dealer tells of (nlu/payments.py): amount, way and reference, and the messages that are
no payment told (orders, balance questions, questions about paying, payments still to come)."""

from __future__ import annotations

import doctest
import json
from decimal import Decimal
from pathlib import Path

import pytest

from nlu import payments
from nlu.payments import MODES, PaymentTold, load_rules, read_payment

D = Decimal
TOLD = [
    # (message, amount, mode, reference)
    # Hinglish
    ("payment kar diya 25000 gpay se, UTR 4471XXXX", D("25000"), "gpay", "4471XXXX"),
    ("₹12,500 bhej diye phonepe se ref 3391", D("12500"), "phonepe", "3391"),  # a sending verb + a way
    ("25000 neft kiya hai aaj", D("25000"), "neft", None),
    ("25 hazar jama kar diye", D("25000"), None, None),  # number words
    ("1.5 lakh RTGS kar diya", D("150000"), "rtgs", None),
    ("₹25k bhej diye gpay", D("25000"), "gpay", None),  # 25k
    ("Rs.25,000/- neft kiya", D("25000"), "neft", None),
    ("payment done 1,25,000", D("125000"), None, None),  # Indian grouping
    ("cheque de diya", None, "cheque", None),  # no amount: still told
    ("cheque no 004512 de diya 50000 ka", D("50000"), "cheque", "004512"),  # the cheque number is no amount
    ("cash diya salesman ko 7000", D("7000"), "cash", None),
    ("UPI se 5000 bheja", D("5000"), "upi", None),
    ("transfer kar diya 2 baje 3000", D("3000"), None, None),  # "2 baje" is a time
    ("SO-1043 ka payment 14542 kar diya", D("14542"), None, None),  # the order number is no amount
    ("kal 25000 NEFT kar diye hain, check kar lijiye", D("25000"), "neft", None),  # "check" = verify
    ("2 cheque diye 10000 aur 15000", None, "cheque", None),  # two amounts: a person reads it
    ("paid 5000 utr 123456789012", D("5000"), None, "123456789012"),
    ("123456789012 UTR 5000 paid", D("5000"), None, "123456789012"),  # the cue after the reference
    ("25000 rupaye bhej diye, mile kya?", D("25000"), None, None),  # told, and asks if it came: told
    # Hindi (Devanagari)
    ("पेमेंट कर दिया 5000", D("5000"), None, None),
    ("पैसे भेज दिए ₹५००० UTR ४४७१२२", D("5000"), None, "447122"),  # Devanagari digits
    ("चेक दे दिया 8000 का", D("8000"), "cheque", None),
    # Marathi
    ("पेमेंट केले २५००० रुपये", D("25000"), None, None),
    ("पैसे पाठवले 12000 फोनपे", D("12000"), "phonepe", None),
    ("payment kela 9,500 gpay ne", D("9500"), "gpay", None),
    # English
    ("paid 18,200 by RTGS UTR SBIN0012345678", D("18200"), "rtgs", "SBIN0012345678"),
    ("Payment Rs 18,500 done through GPay today, pls update", D("18500"), "gpay", None),
    ("I have paid 4000 cash to your salesman", D("4000"), "cash", None),
    ("Transferred 60,000 via IMPS, txn id T2312061234567", D("60000"), "imps", "T2312061234567"),
]


@pytest.mark.parametrize(("text", "amount", "mode", "ref"), TOLD)
def test_a_payment_told_is_read_with_its_amount_way_and_reference(
    text: str, amount: Decimal | None, mode: str | None, ref: str | None
) -> None:
    assert read_payment(text) == PaymentTold(amount, mode, ref)


NOT_TOLD = [
    # (message, why it is no payment told)
    ("maggi 10 peti bhej do", "an order"),
    ("10 peti maggi aur 5 peti parle g", "an order without a verb"),
    ("maggi 5 peti bhej diya kya", "asks if goods were sent"),
    ("25000 bhej diye", "a sending verb with no way, money word or reference"),
    ("balance", "a balance question"),
    ("payment pending kitna", "a balance question"),
    ("kitna payment baki hai bhai", "a balance question"),
    ("payment kab karna hai", "asks when to pay"),
    ("payment kaise karu?", "asks how to pay"),
    ("UPI se payment kaise karu", "asks how to pay, naming a way"),
    ("payment mila?", "asks if a payment came, telling none"),
    ("payment mila kya?", "the same"),
    ("payment kar diya kya?", "a question"),
    ("paid?", "a question"),
    ("payment nahi kiya abhi", "says it was not made"),
    ("kal payment kar dunga 5000", "a payment still to come"),
    ("17वी किस्त 2000 रुपये खाते में जमा होगी", "money that will be deposited (a forward)"),
    ("I will pay 5000 tomorrow", "a payment still to come"),
    ("order cancel please, paisa nahi hai abhi", "a cancel"),
    ("payment check karo", "check = verify, no verb of paying"),
    ("thank you", "chat"),
    ("haan", "a yes"),
    ("status SO-1043", "a status question"),
]


@pytest.mark.parametrize(("text", "why"), NOT_TOLD)
def test_a_message_that_tells_no_payment_gives_none(text: str, why: str) -> None:
    assert read_payment(text) is None, why


def test_every_way_of_paying_in_the_table_is_a_known_way() -> None:
    assert set(load_rules().mode_of.values()) <= {*MODES, payments.NOT_A_MODE}


def test_a_phrase_in_two_kinds_is_an_error_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "payments.toml"
    bad.write_text(
        '[phrases]\npaid = ["paid"]\nasks = ["paid"]\n[modes]\n[references]\n[words]\n', encoding="utf-8"
    )
    with pytest.raises(ValueError, match="payments.toml: 'paid' is in"):
        load_rules(bad)


def test_a_missing_table_is_an_error_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "payments.toml"
    bad.write_text('[phrases]\npaid = ["paid"]\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"payments.toml: no \[modes\] table"):
        load_rules(bad)


def test_no_order_of_the_shared_dev_sets_is_read_as_a_payment(shared_dir: Path) -> None:
    """The reader runs before the order flow: an order message it took would be lost."""
    sets = sorted((shared_dir / "eval").glob("*/dev.jsonl"))
    if not sets:
        pytest.skip("shared/eval has no dev sets")
    for path in sets:
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line) if line.strip() else None
            if case and case["intent"] == "order":
                assert read_payment(case["text"]) is None, case["text"]


def test_the_docstring_examples_hold() -> None:
    assert doctest.testmod(payments).failed == 0
