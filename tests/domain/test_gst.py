"""GST split and GSTIN checks (issue 12, item 2): hand-worked rows."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from domain.gst import gstin_problem, split, state_code, total_split, valid_gstin

SPLITS = [
    # tax, supplier state, place of supply -> cgst, sgst, igst, known
    (D("535.00"), "27", "27", D("267.50"), D("267.50"), D("0.00"), True),  # same state: half each
    (D("10.01"), "27", "Maharashtra", D("5.01"), D("5.00"), D("0.00"), True),  # odd paisa: CGST rounds up
    (D("0.01"), "27", "27", D("0.01"), D("0.00"), D("0.00"), True),
    (D("535.00"), "27", "24", D("0.00"), D("0.00"), D("535.00"), True),  # another state: IGST
    (D("535.00"), "Maharashtra", "Gujarat", D("0.00"), D("0.00"), D("535.00"), True),
    (D("535.00"), "27", None, D("267.50"), D("267.50"), D("0.00"), False),  # unknown: intra, said so
    (D("0.00"), "27", "24", D("0.00"), D("0.00"), D("0.00"), True),  # a 0% line
]


@pytest.mark.parametrize(("tax", "ours", "theirs", "cgst", "sgst", "igst", "known"), SPLITS)
def test_a_line_tax_is_split_by_place_of_supply(
    tax: D, ours: str, theirs: str | None, cgst: D, sgst: D, igst: D, known: bool
) -> None:
    got = split(tax, ours, theirs)
    assert (got.cgst, got.sgst, got.igst, got.known) == (cgst, sgst, igst, known)
    assert got.total == tax  # the split never changes the tax charged


def test_an_invoice_splits_line_by_line_so_it_matches_its_lines() -> None:
    got = total_split([D("10.01"), D("10.01"), D("5.00")], "27", "27")
    assert (got.cgst, got.sgst, got.igst) == (D("12.52"), D("12.50"), D("0.00"))


GSTINS = [
    ("27AAPFU0939F1ZV", None),  # valid (Maharashtra)
    ("27aapfu0939f1zv", None),  # case does not matter
    ("29AAGCR4375J1ZU", None),  # valid (Karnataka)
    ("27AAPFU0939F1ZA", "check character"),
    ("99AAPFU0939F1ZV", "no state code"),
    ("27AAPFU0939F1Z", "15 characters"),
    ("27AAPFU09391FZV", "not shaped like a GSTIN"),
]


@pytest.mark.parametrize(("gstin", "problem"), GSTINS)
def test_a_gstin_is_checked_for_shape_state_and_check_character(gstin: str, problem: str | None) -> None:
    found = gstin_problem(gstin)
    assert (found is None) == (problem is None) and valid_gstin(gstin) == (problem is None)
    if problem is not None:
        assert found is not None and problem in found


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("27", "27"),
        ("7", "07"),
        ("Maharashtra", "27"),
        ("tamil nadu", "33"),
        ("27 - Maharashtra", "27"),
        ("", None),
        ("Atlantis", None),
        ("25", None),
    ],
)
def test_a_state_is_its_gst_code_by_number_or_name(text: str, code: str | None) -> None:
    assert state_code(text) == code
