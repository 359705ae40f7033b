"""The review screen ops staff work from (issue 12, item 6): candidates with why, a catalog search, the
units of the chosen SKU, a unit never filled in silently, teaching that says when it teaches nothing,
and the accept workflow as a service (bot/console/review_service.py)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import sqlalchemy as sa

from bot.console import review_draft as rd
from bot.console import review_service
from domain.models import LearnedAlias, Order, ReviewItem
from domain.orders import Actor
from tests.bot.console.conftest import Console
from tests.bot.console.test_review import claimed, lines_form

CANDIDATES = [  # six: the page shows the best five, each with how it was found and its score
    {"sku": "LUX-JAS-100", "name": "Lux Jasmine 100g", "score": 0.71, "how": "fuzzy"},
    {"sku": "LUX-ROSE-100", "name": "Lux Rose 100g", "score": 0.69, "how": "alias"},
    {"sku": "DET-ORG-125", "name": "Dettol Original 125g", "score": 0.41, "how": "fuzzy"},
    {"sku": "HAM-100", "name": "Hamam 100g", "score": 0.4, "how": "fuzzy"},
    {"sku": "SAN-SAN-100", "name": "Santoor 100g", "score": 0.39, "how": "exact"},
    {"sku": "COL-ST-100", "name": "Colgate 100g", "score": 0.2, "how": "code"},
]


def unsure_parse(uom: str = "case", text: str = "lux 1 peti") -> dict[str, Any]:
    """A stored parse with one line the parser was not sure of (LUX-JAS-100 at 0.71)."""
    return {
        "lines": [
            {
                "sku": "LUX-JAS-100",
                "qty": 1,
                "uom": uom,
                "text": text,
                "confidence": 0.71,
                "span": [0, len(text)],
                "how": "fuzzy",
                "candidates": CANDIDATES,
            }
        ],
        "unmatched": [],
    }


def test_an_unsure_line_shows_the_best_five_candidates_with_how_found_and_score(console: Console) -> None:
    ops, item = claimed(console, "lux 1 peti", **unsure_parse())
    page = ops.get(f"/console/review/{item}").get_data(as_text=True)
    shown = [c["sku"] for c in CANDIDATES if f'value="pick:0:{c["sku"]}"' in page]
    assert shown == ["LUX-JAS-100", "LUX-ROSE-100", "DET-ORG-125", "HAM-100", "SAN-SAN-100"]
    assert "similar spelling, 0.71" in page and "alias, 0.69" in page and "exact name, 0.39" in page
    assert 'data-best="1"' in page and "Press <kbd>A</kbd> to take LUX-JAS-100 for line 1" in page
    assert '<span class="pill on_hold">unsure</span>' in page
    # the units of the chosen SKU, to choose from; the page's script, never an inline one
    assert '<select class="uom" name="line-0-uom"' in page
    assert '<option value="dozen">dozen</option>' in page and '<option value="case" selected>' in page
    assert "static/review.js" in page and "<script>" not in page


@pytest.mark.parametrize(
    ("query", "first", "units"),
    [
        ("lux rose", "LUX-ROSE-100", ["case", "dozen", "pc"]),
        ("LUX-JAS-100", "LUX-JAS-100", ["case", "dozen", "pc"]),  # a SKU code first
        ("colgate 200", "COL-ST-200", ["case", "dozen", "pc"]),
    ],
)
def test_the_catalog_search_finds_products_with_their_units(
    console: Console, query: str, first: str, units: list[str]
) -> None:
    found = console.client("ops").get("/console/review/search", query_string={"q": query})
    assert found.status_code == 200 and found.mimetype == "application/json"
    rows = json.loads(found.get_data(as_text=True))
    assert rows[0]["sku"] == first and rows[0]["units"] == units and rows[0]["why"]
    assert len(rows) <= 8


def test_the_search_is_for_staff_only_and_finds_nothing_for_nothing(console: Console) -> None:
    assert console.client(None).get("/console/review/search?q=lux").status_code in (302, 401)
    ops = console.client("ops")
    assert json.loads(ops.get("/console/review/search?q=").get_data(as_text=True)) == []
    assert json.loads(ops.get("/console/review/search?q=zzqqxx").get_data(as_text=True)) == []


@pytest.mark.parametrize(
    ("uom", "op", "kept"),
    [
        ("ladi", "pick:0:LUX-ROSE-100", "ladi"),  # not sold by 'ladi': kept for staff, never 'case'
        ("dozen", "pick:0:LUX-ROSE-100", "dozen"),  # sold by dozen: kept
        ("", "pick:0:DHA-MUS-15L", "tin"),  # no unit, and the SKU is sold in one only: that one
        ("", "pick:0:LUX-ROSE-100", ""),  # no unit, several to choose from: staff choose
    ],
)
def test_picking_a_sku_never_fills_in_a_unit_the_dealer_did_not_give(
    console: Console, uom: str, op: str, kept: str
) -> None:
    ops, item = claimed(console, "lux 1 ladi", **unsure_parse(uom, "lux 1 ladi"))
    form = lines_form(("lux 1 ladi", "LUX-JAS-100", "1", uom, "LUX-JAS-100", "0.71"))
    html = console.post(ops, f"/console/review/{item}", {**form, "op": op}).get_data(as_text=True)
    sku = op.rsplit(":", 1)[1]
    assert f'name="line-0-sku" value="{sku}"' in html
    assert f'<option value="{kept}" selected>' in html


@pytest.mark.parametrize(
    ("uom", "error"),
    [
        ("ladi", "line 1: LUX-ROSE-100 is not sold by &#39;ladi&#39;: choose its unit (case, dozen, pc)"),
        ("", "line 1: choose the unit of LUX-ROSE-100 (case, dozen, pc)"),
    ],
)
def test_accepting_a_line_without_a_unit_it_is_sold_in_asks_for_the_unit(
    console: Console, uom: str, error: str
) -> None:
    ops, item = claimed(console, "lux 1 ladi", **unsure_parse(uom, "lux 1 ladi"))
    form = lines_form(("lux 1 ladi", "LUX-ROSE-100", "1", uom, "LUX-JAS-100", "0.71"))
    response = console.post(ops, f"/console/review/{item}", {**form, "op": "accept"})
    assert response.status_code == 400 and error in response.get_data(as_text=True)
    with console.session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Order)) == 0


@pytest.mark.parametrize(
    ("words", "sku", "says"),
    [
        ("maggi masala 2 peti", "MAG-MAS-70", "already MAG-MAS-70&#39;s name or alias in the catalog"),
        ("10 peti", "MAG-MAS-70", "has no product words to learn"),
    ],
)
def test_a_fix_that_would_not_change_the_next_parse_learns_nothing_and_says_so(
    console: Console, words: str, sku: str, says: str
) -> None:
    ops, item = claimed(console, words, **unsure_parse("case", words))
    form = lines_form((words, sku, "2", "case", "LUX-JAS-100", "0.71"))
    response = console.post(ops, f"/console/review/{item}", {**form, "op": "accept"}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "nothing learned from" in page and says in page and "the next parse would not change" in page
    with console.session() as s:
        assert s.scalars(sa.select(LearnedAlias)).all() == []
        assert s.scalars(sa.select(Order)).one().state == "awaiting_confirmation"


def test_accepting_is_a_service_the_view_only_calls(console: Console) -> None:
    _, item = claimed(console, "lux 1 peti", **unsure_parse())
    with console.session() as s:
        staff_id = s.scalar(sa.select(ReviewItem.claimed_by_id).where(ReviewItem.id == item))
    assert staff_id is not None
    lines = [rd.DraftLine("LUX-ROSE-100", "1", "case", "lux 1 peti", "LUX-JAS-100", "0.71")]
    with console.app.app_context(), console.session() as s, s.begin():
        products = review_service.catalog(s)
        done = review_service.accept(s, item, lines, products, Actor.staff("ops@example.com"), staff_id)
    assert done.errors == [] and done.outbox
    assert (
        "sent to Shree Ganesh Kirana for a YES" in done.message
        and "learned 'lux' = LUX-ROSE-100" in done.message
    )
    with console.session() as s:
        row = s.get(ReviewItem, item)
        assert row is not None and row.status == "done"


def test_with_no_unsure_line_the_key_adds_the_best_candidate_for_words_not_placed(console: Console) -> None:
    ops, item = claimed(console)  # 'lux 1 peti' was not placed: Lux Jasmine or Lux Rose
    page = ops.get(f"/console/review/{item}").get_data(as_text=True)
    assert re.search(r'value="adopt:0:LUX-[A-Z]+-100" title="[^"]*" data-best="1"', page)
    assert "Press <kbd>A</kbd> to add LUX-" in page and "for 'lux 1 peti'" in page
