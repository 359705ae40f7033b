"""The parser generalises: held-out sets of other trades, scored as the contract scores them.

tests/nlu/trades/<trade>/ holds a catalog, a dealers list and labelled cases
(parsing-contract.md section 2) written for trades the parser was not tuned
on: pharma (strengths like 650, 40mg, 50mcg, 50/500; strips, bottles, vials) and
building materials (12mm bars by the ton, 1.5 sqmm wire, 20L buckets, 1/2 inch
fittings, 16A MCBs, 18mm ply), each in two sets with different catalogs.
Nothing here names a SKU to the parser: it only gets the catalog.

The metrics follow parsing-contract.md section 4 (the same definitions as
shared/tools/evalkit.py, re-done here so the suite does not need ../shared).
Floors sit a little under what the parser reached when they were set; the one
that must not move is auto_accept_precision: an order the bot would offer
without a person looking must be exactly right.

Print the metrics and the misses:  .venv/bin/python tests/nlu/test_other_trades.py
"""

from __future__ import annotations

import csv
import json
import sys
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from nlu.catalog import load_catalog_csv, load_dealers_csv
from nlu.parser import Parser
from nlu.types import INTENTS, Product

TRADES = Path(__file__).resolve().parent / "trades"

# Floors per set, a little under what the parser reached. pharma and building were
# written first; the parser's author read them afterwards and fixed what they showed,
# so on them these floors guard against regressions. pharma_b and building_b were
# written later and scored before the author saw them: they are the honest held-out
# figure (see the comments for what the parser reached blind).
FLOORS: dict[str, dict[str, float]] = {
    # 2026-11-22: intent 1.0, order_exact 1.0, touchless 0.974, line_f1 1.0, customer 1.0
    "pharma": {
        "auto_accept_precision": 0.995,
        "intent_accuracy": 0.95,
        "order_exact": 0.92,
        "touchless_rate": 0.90,
        "line_f1": 0.95,
        "customer_accuracy": 0.80,
    },
    # 2026-11-22: every metric 1.0 (0.955 / 0.855 / 0.810 / 0.900 before the author saw the set)
    "building": {
        "auto_accept_precision": 0.995,
        "intent_accuracy": 0.95,
        "order_exact": 0.92,
        "touchless_rate": 0.90,
        "line_f1": 0.95,
        "customer_accuracy": 0.75,
    },
    # blind: intent 1.0, order_exact 0.892, touchless 0.821, line_f1 0.936, customer 1.0, auto-accept 0.958
    "pharma_b": {
        "auto_accept_precision": 0.995,
        "intent_accuracy": 0.95,
        "order_exact": 0.85,
        "touchless_rate": 0.78,
        "line_f1": 0.90,
        "customer_accuracy": 0.66,
    },
    # blind: intent 0.957, order_exact 0.917, touchless 0.840, line_f1 0.946, customer 1.0, auto-accept 1.0
    "building_b": {
        "auto_accept_precision": 0.995,
        "intent_accuracy": 0.93,
        "order_exact": 0.87,
        "touchless_rate": 0.80,
        "line_f1": 0.90,
        "customer_accuracy": 0.66,
    },
}
FULL_SETS = ("building", "pharma")  # the ~60-SKU, ~60-case sets; the _b sets are smaller


@dataclass(frozen=True)
class Scored:
    metrics: dict[str, Any]
    misses: tuple[dict[str, Any], ...]


def read_cases(trade: str) -> list[dict[str, Any]]:
    with open(TRADES / trade / "cases.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@cache
def catalog(trade: str) -> dict[str, Product]:
    return {p.sku: p for p in load_catalog_csv(TRADES / trade / "catalog.csv")}


@cache
def parser(trade: str) -> Parser:
    dealers = load_dealers_csv(TRADES / trade / "dealers.csv")
    return Parser(list(catalog(trade).values()), dealers=dealers)


def base_lines(lines: list[dict[str, Any]], products: dict[str, Product]) -> set[tuple[str, ...]]:
    """Lines as (sku, quantity in base units); a line that cannot be converted stays distinct."""
    totals: dict[str, Decimal] = {}
    bad: set[tuple[str, ...]] = set()
    for i, line in enumerate(lines):
        product = products.get(str(line.get("sku")))
        factor = product.factor(str(line.get("uom"))) if product else None
        if factor is None:
            bad.add(("unusable", str(i), str(line.get("sku")), str(line.get("uom")), str(line.get("qty"))))
            continue
        totals[product.sku] = totals.get(product.sku, Decimal(0)) + Decimal(str(line["qty"])) * factor
    return {(sku, f"{qty.normalize():f}") for sku, qty in totals.items()} | bad


def score(trade: str) -> Scored:
    """Parse every case of a set and score it as parsing-contract.md section 4 does."""
    products, cases = catalog(trade), read_cases(trade)
    intent_ok = tp = fp = fn = orders = exact = clean = touchless = accepted = accepted_exact = 0
    cust_n = cust_ok = 0
    misses = []
    for case in cases:
        got = parser(trade).parse(case["text"]).to_contract()
        intent_ok += got["intent"] == case["intent"]
        if case["customer"] is not None:
            cust_n += 1
            cust_ok += got["customer"] == case["customer"]
        if case["intent"] != "order":
            if got["intent"] != case["intent"]:
                misses.append({"id": case["id"], "text": case["text"], "intent": got["intent"]})
            continue
        orders += 1
        gold = base_lines(case["lines"], products)
        pred = base_lines(got["lines"] if got["intent"] == "order" else [], products)
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
        ok = gold == pred and bool(case["unmatched"]) == bool(got["unmatched"])
        auto = got["needs_review"] is False
        exact += ok
        clean += not case["unmatched"]
        touchless += auto and not case["unmatched"]
        accepted += auto
        accepted_exact += auto and ok
        if not ok or (auto and case["unmatched"]):
            misses.append({"id": case["id"], "text": case["text"], "auto": auto, "gold": sorted(gold),
                           "got": sorted(pred), "unmatched_gold": case["unmatched"],
                           "unmatched_got": got["unmatched"], "customer": got["customer"]})
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    metrics = {
        "cases": len(cases), "orders": orders,
        "intent_accuracy": intent_ok / len(cases),
        "line_precision": precision, "line_recall": recall,
        "line_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "order_exact": exact / orders if orders else None,
        "touchless_rate": touchless / clean if clean else None,
        "auto_accept_precision": accepted_exact / accepted if accepted else None,
        "auto_accepted": accepted,
        "auto_accept_wrong": accepted - accepted_exact,
        "customer_accuracy": cust_ok / cust_n if cust_n else None,
    }
    return Scored(metrics, tuple(misses))


@cache
def scored(trade: str) -> Scored:
    return score(trade)


def _misses_text(result: Scored) -> str:
    return "\n".join(json.dumps(m, ensure_ascii=False, default=str) for m in result.misses)


# --- the sets themselves stay valid -------------------------------------------------------------------


@pytest.mark.parametrize("trade", sorted(FLOORS))  # each held-out set, pharma and building
def test_every_case_names_skus_units_and_dealers_its_set_has(trade: str) -> None:
    products = catalog(trade)
    with open(TRADES / trade / "dealers.csv", newline="", encoding="utf-8") as f:
        dealer_codes = {row["code"] for row in csv.DictReader(f)}
    problems, ids = [], set()
    for case in read_cases(trade):
        where = f"{trade}/cases.jsonl {case.get('id')}"
        if set(case) != {"id", "text", "intent", "lines", "unmatched", "customer", "note"}:
            problems.append(f"{where}: keys {sorted(case)}")
        if case["id"] in ids:
            problems.append(f"{where}: duplicate id")
        ids.add(case["id"])
        stray = case["intent"] != "order" and (case["lines"] or case["unmatched"])
        if case["intent"] not in INTENTS or stray:
            problems.append(f"{where}: intent {case['intent']!r} with lines {case['lines']}")
        if case["intent"] == "order" and not (case["lines"] or case["unmatched"]):
            problems.append(f"{where}: an order with neither lines nor unmatched items")
        pairs = [(line["sku"], line["uom"]) for line in case["lines"]]
        if len(pairs) != len(set(pairs)):
            problems.append(f"{where}: one SKU in one unit twice")
        for line in case["lines"]:
            product = products.get(line["sku"])
            if product is None or line["uom"] not in product.units or not line["qty"] > 0:
                problems.append(f"{where}: line {line} does not fit the catalog")
        if case["customer"] is not None and case["customer"] not in dealer_codes:
            problems.append(f"{where}: unknown customer {case['customer']}")
    assert problems == []


@pytest.mark.parametrize("trade", FULL_SETS)  # each full set covers what the hidden sets test
def test_every_set_has_orders_ambiguities_rep_orders_and_other_intents(trade: str) -> None:
    cases = read_cases(trade)
    orders = [c for c in cases if c["intent"] == "order"]
    assert len(catalog(trade)) >= 55
    assert len(cases) >= 60
    assert sum(1 for c in orders if c["unmatched"] and not c["lines"]) >= 8  # ambiguous or absent only
    assert sum(1 for c in orders if c["unmatched"] and c["lines"]) >= 3  # one bad item among good ones
    assert sum(1 for c in cases if c["customer"]) >= 4
    assert {c["intent"] for c in cases} == set(INTENTS)


# --- the parser on them ------------------------------------------------------------------------------


@pytest.mark.parametrize("trade", sorted(FLOORS))  # the figure that protects dealers from wrong deliveries
def test_orders_the_parser_would_auto_accept_are_exactly_right(trade: str) -> None:
    result = scored(trade)
    wrong = [m for m in result.misses if m.get("auto")]
    assert result.metrics["auto_accepted"] > 0, "nothing auto-accepted: precision would be meaningless"
    assert result.metrics["auto_accept_precision"] >= FLOORS[trade]["auto_accept_precision"], (
        "auto-accepted but wrong:\n"
        + "\n".join(json.dumps(m, ensure_ascii=False, default=str) for m in wrong)
    )


@pytest.mark.parametrize(  # every other metric keeps at least the level it had
    ("trade", "metric"),
    [(trade, metric) for trade, floors in sorted(FLOORS.items()) for metric in floors
     if metric != "auto_accept_precision"],
)
def test_held_out_set_keeps_its_floor(trade: str, metric: str) -> None:
    result = scored(trade)
    assert result.metrics[metric] is not None
    assert result.metrics[metric] >= FLOORS[trade][metric], (
        f"{trade} {metric} = {result.metrics[metric]:.4f}, floor {FLOORS[trade][metric]}\n"
        + _misses_text(result))


def main() -> int:
    """Print each set's metrics and misses (for people setting floors)."""
    for trade in sorted(FLOORS):
        result = score(trade)
        print(f"== {trade}")
        print(json.dumps({k: round(v, 4) if isinstance(v, float) else v for k, v in result.metrics.items()}))
        print(_misses_text(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
