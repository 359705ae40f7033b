"""Money helpers: parsing rupees, paisa rounding, contract strings and Indian grouping."""

from decimal import Decimal

import pytest

from domain.money import fmt_inr, from_paise, money_str, round_paisa, rupees, to_paise


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1180.80", Decimal("1180.80")),  # the catalog's plain form
        ("1,23,456", Decimal("123456")),  # Indian grouping commas are ignored
        ("₹ 99.5", Decimal("99.5")),  # a rupee sign and one decimal
        ("Rs. 45", Decimal("45")),  # "Rs." as dealers write it
        ("-200.00", Decimal("-200.00")),  # a negative balance (paid in advance)
        (" 0 ", Decimal("0")),  # surrounding spaces
        (".50", Decimal("0.50")),  # no leading zero
    ],
)
def test_rupees_reads_amounts_as_written(text: str, expected: Decimal) -> None:
    assert rupees(text) == expected


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("abc", "'abc' is not an amount in rupees"),  # words
        ("", "'' is not an amount in rupees"),  # empty
        ("12.345", "'12.345' has more than two decimals"),  # a fraction of a paisa
        ("1e3", "'1e3' is not an amount in rupees"),  # exponent forms are not money
        ("NaN", "'NaN' is not an amount in rupees"),  # nor is NaN
    ],
)
def test_rupees_names_the_bad_text(text: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint.replace(".", r"\.")):
        rupees(text)


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("237.312", "237.31"),  # below the half goes down
        ("19.525", "19.53"),  # an exact half goes up
        ("36.225", "36.23"),  # another exact half (q27's tax)
        ("158.976", "158.98"),  # above the half goes up
        ("-0.005", "-0.01"),  # half away from zero for negatives
        ("12", "12.00"),  # whole rupees gain two decimals
    ],
)
def test_round_paisa_rounds_half_up(amount: str, expected: str) -> None:
    assert str(round_paisa(Decimal(amount))) == expected


@pytest.mark.parametrize(
    ("amount", "contract", "people"),
    [
        ("0", "0.00", "₹0.00"),  # zero
        ("999.5", "999.50", "₹999.50"),  # no grouping below a thousand
        ("1234.5", "1234.50", "₹1,234.50"),  # thousands
        ("123456", "123456.00", "₹1,23,456.00"),  # lakh grouping (2 digits after the first 3)
        ("12345678.9", "12345678.90", "₹1,23,45,678.90"),  # crore
        ("-1500", "-1500.00", "-₹1,500.00"),  # negative: sign before the rupee sign
    ],
)
def test_money_is_written_with_two_decimals_and_indian_grouping(amount: str, contract: str,
                                                                people: str) -> None:
    assert money_str(Decimal(amount)) == contract
    assert fmt_inr(Decimal(amount)) == people


@pytest.mark.parametrize(
    ("amount", "paise"),
    [
        ("12.34", 1234),  # exact
        ("0.005", 1),  # half a paisa rounds up
        ("-45.20", -4520),  # negative
    ],
)
def test_paise_round_trip(amount: str, paise: int) -> None:
    assert to_paise(Decimal(amount)) == paise
    assert from_paise(paise) == round_paisa(Decimal(amount))
