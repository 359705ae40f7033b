"""Whatever a dealer sends, parse returns a contract-valid answer and never raises.

Hypothesis feeds the parser arbitrary unicode up to 5,000 characters, and text
built from the catalog's own words, numbers and unit words (which reaches the
matching and quantity code far more often than random characters do). The run
is derandomized so CI sees the same examples every time.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from nlu.catalog import load_catalog_csv, load_dealers_csv
from nlu.parser import Parser
from nlu.types import INTENTS, Product

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"

UNIT_WORDS = ["cs", "case", "peti", "ctn", "box", "dabba", "pcs", "nos", "pkt", "dzn", "darjan", "bag",
              "bori", "katta", "patta", "strip", "ladi", "btl", "tin", "ltr", "kg", "ton", "roll", "x", "@",
              "rs", "wala"]
GLUE = [" ", " ", " ", ", ", "\n", " aur ", " and ", " + ", " & ", "-", ": ", "\n1. ", " 🙏 ", ""]
NUMBER_WORDS = ["ek", "do", "teen", "dedh", "aadha", "half", "dozen", "one", "ten", "१०", "५", "0", "1/2",
                "2.5", "1,00,000", "99999999999999999999", "-5", "1e9", "0.0001", "nan", "inf"]


@cache
def products() -> dict[str, Product]:
    return {p.sku: p for p in load_catalog_csv(FIXTURES / "catalog.csv")}


@cache
def dealer_codes() -> frozenset[str]:
    return frozenset(d.code for d in load_dealers_csv(FIXTURES / "dealers.csv"))


@cache
def parser() -> Parser:
    return Parser.from_csv(FIXTURES / "catalog.csv", FIXTURES / "dealers.csv")


@cache
def catalog_words() -> list[str]:
    words = set()
    for p in products().values():
        for text in (p.name, p.brand, p.size, *p.aliases):
            words.update(text.lower().split())
    return sorted(words)


def order_like() -> st.SearchStrategy[str]:
    """Messages assembled from catalog words, numbers, unit words and separators."""
    token = st.one_of(
        st.sampled_from(catalog_words()),
        st.sampled_from(UNIT_WORDS),
        st.sampled_from(NUMBER_WORDS),
        st.integers(min_value=0, max_value=10**6).map(str),
        st.text(max_size=4),
    )
    piece = st.tuples(token, st.sampled_from(GLUE)).map("".join)
    return st.lists(piece, max_size=120).map("".join)


def assert_contract_valid(text: str) -> None:
    message = parser().parse(text)
    crashes = [note for note in message.notes if "error" in note]
    assert crashes == [], f"parse fell back to its safety net: {crashes}"  # the net must not be needed
    got: dict[str, Any] = message.to_contract()
    json.dumps(got)  # the CLI prints it: it must be plain JSON
    assert set(got) >= {"intent", "lines", "unmatched", "customer", "confidence", "needs_review"}
    assert got["intent"] in INTENTS
    assert isinstance(got["needs_review"], bool)
    assert isinstance(got["confidence"], int | float) and 0 <= got["confidence"] <= 1
    assert got["customer"] is None or got["customer"] in dealer_codes()
    assert all(isinstance(u, str) for u in got["unmatched"])
    if got["unmatched"]:
        assert got["needs_review"] is True, f"unmatched {got['unmatched']} but needs_review is false"
    for line in got["lines"]:
        product = products().get(line["sku"])
        assert product is not None, f"sku {line['sku']!r} is not in the catalog"
        assert line["uom"] in product.units, f"{line['sku']} is not sold in {line['uom']!r}"
        assert isinstance(line["qty"], int | float) and line["qty"] > 0, f"qty {line['qty']!r}"
        assert isinstance(line["text"], str)
        assert 0 <= line["confidence"] <= 1
    for line in message.lines:  # the spans point into the message the dealer sent
        start, end = line.span
        assert 0 <= start <= end <= len(text)


FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@FUZZ
@given(st.text(max_size=5000))
@example("")  # empty
@example("   \n\t  ")  # only whitespace
@example("🙏🙏👍😀🪔")  # only emoji
@example("10 20 30 4.5 1/2 १२३ 99999999999999999999999")  # only numbers
@example("x" * 5000)  # the longest message, one run-on token
@example("\x00\ud7ff\ufffd\u202e\u0301")  # control, surrogate-edge, replacement, bidi, combining mark
def test_parse_never_raises_on_any_unicode(text: str) -> None:
    assert_contract_valid(text)


@FUZZ
@given(order_like())
@example("maggi 5 nahi 10 peti, 0 case parle g, -3 dzn colgate")  # correction, zero and negative counts
@example("order for Ganesh:\n1. maggi\n2.\n3. 1e9 cs tata salt")  # rep order with empty and huge lines
def test_parse_never_raises_on_order_like_text(text: str) -> None:
    assert_contract_valid(text)
