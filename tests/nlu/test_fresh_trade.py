"""A held-out set of a fresh trade, written before the parser was changed for it.

tests/nlu/fresh/ holds a personal-care + electricals catalog (45 SKUs with near-duplicate
variants: Dove soap 75g/125g, two 180ml Dove shampoos, Clinic Plus sachet/bottle, Havells
32A SP/DP, Polycab/Finolex 1.5 sqmm, Syska/Wipro 9W) and 56 WhatsApp-style cases with traps:
a brand whose named product is absent ("nivea body lotion"), variant words missing, sizes in
another unit (0.5 kg, 1000 ml, 1/4 ltr, aadha kilo), quantity words after the item, MRP points
no variant has ("colgate 20 rs wala"), and two picks a person should check (a size-less name
that fits a sachet and a bottle; a brand carried from a line about another product).

Scored first with the parser as H1 left it: auto_accept_precision 0.9375 (2 wrong of 32
auto-accepted: fr22 "handwash" carried Dettol from the line before, fr46 "clinic plus
shampoo" took the bottle over the sachet), order_exact 0.885, touchless 0.909, intent 1.0,
customer 1.0. After the fix: auto_accept_precision 1.0, order_exact 0.904, touchless 0.879.

Print the metrics and the misses:  .venv/bin/orderbot eval --set tests/nlu/fresh
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from nlu.evaluation import load_units, read_jsonl, score
from nlu.parser import Parser
from tests.nlu.conftest import lines_of

FRESH = Path(__file__).resolve().parent / "fresh"

# A little under what the parser reached; auto_accept_precision must not move.
FLOORS = {
    "auto_accept_precision": 1.0,
    "intent_accuracy": 0.95,
    "order_exact": 0.88,
    "touchless_rate": 0.85,
    "line_f1": 0.92,
    "customer_accuracy": 0.9,
}


@cache
def fresh_parser() -> Parser:
    return Parser.from_csv(FRESH / "catalog.csv", FRESH / "dealers.csv")


@cache
def scored() -> tuple[dict[str, Any], list[dict[str, Any]]]:
    cases = read_jsonl(FRESH / "cases.jsonl")
    preds = [fresh_parser().parse(c["text"]).to_contract() for c in cases]
    return score(load_units(FRESH / "catalog.csv"), cases, preds)


@pytest.mark.parametrize("metric", sorted(FLOORS))  # each contract metric on the fresh set
def test_the_fresh_set_scores_at_least_its_floor(metric: str) -> None:
    metrics, misses = scored()
    assert metrics[metric] >= FLOORS[metric], f"{metric} {metrics[metric]}; misses: {misses}"


@pytest.mark.parametrize(
    ("text", "lines", "unmatched", "review"),
    [
        # no size said, and the name fits a 5.5ml sachet and a 175ml bottle: a size is missing
        ("clinic plus shampoo 10 pc", [], 1, True),
        # the size said: the bottle, sent without a person
        ("clinic plus 175 ml 10", [("CLP-175", "10", "pc")], 0, False),
        # same size, the variant adds a word ("aloe fresh") the dealer did not say: the plain one
        ("vaseline 50ml 2 box", [("VAS-PJ-50", "2", "box")], 0, False),
        # brand from the line before picks between two 200ml handwashes: suggested, not sent
        (
            "dettol liquid 500ml 6 pc\nhandwash 200ml 1 case",
            [("DET-AL-500", "6", "pc"), ("DET-HW-200", "1", "case")],
            0,
            True,
        ),
        # both brands named: no guess needed
        (
            "dettol handwash 200ml 2 peti\nlifebuoy handwash 200 ml 1 peti",
            [("DET-HW-200", "2", "case"), ("LIF-HW-200", "1", "case")],
            0,
            False,
        ),
        # the brand before has no such size: never the other brand's 12W
        ("wipro 9w bulb 1 box, 12w 2 box", [("WIP-LED-9", "1", "box")], 1, True),
        # a brand named without a quantity is asked about, not silently left out of the order
        ("dove soap 125g 2 peti, colgate", [("DOVE-BAR-125", "2", "case")], 1, True),
        # a catalog brand with a product it lacks, no quantity: also not dropped
        ("dove soap 125g 2 peti aur nivea lotion bhi", [("DOVE-BAR-125", "2", "case")], 1, True),
    ],
)
def test_thin_evidence_picks_go_to_a_person(
    text: str, lines: list[tuple[str, str, str]], unmatched: int, review: bool
) -> None:
    parsed = fresh_parser().parse(text)
    assert lines_of(parsed) == sorted(lines)
    assert len(parsed.unmatched) == unmatched
    assert parsed.needs_review is review


def test_a_line_picked_by_the_brand_before_offers_the_other_skus_it_was_chosen_from() -> None:
    parsed = fresh_parser().parse("dettol liquid 500ml 6 pc\nhandwash 200ml 1 case")
    guessed = next(ln for ln in parsed.lines if ln.sku == "DET-HW-200")
    assert guessed.confidence < 0.8
    assert [c.sku for c in guessed.candidates] == ["LIF-HW-200"]


def test_a_product_named_without_a_quantity_is_an_item_the_bot_asks_about() -> None:
    parsed = fresh_parser().parse("dove soap 125g 2 peti, colgate")
    (asked,) = parsed.unmatched
    assert (asked.text, asked.reason) == ("colgate", "no_quantity")
    assert asked.candidates  # the Colgate products, for the dealer or a person to pick from
