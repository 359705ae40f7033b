"""Scores parses against labelled cases with the contract's definitions (parsing-contract.md §4).

Same arithmetic as shared/tools/evalkit.py, reimplemented so the product
does not import the shared tools at run time:

    >>> cat = {"A": {"case": 10.0, "pc": 1.0}}
    >>> case = {"id": "1", "intent": "order", "lines": [{"sku": "A", "qty": 1, "uom": "case"}],
    ...         "unmatched": [], "customer": None}
    >>> pred = {"intent": "order", "lines": [{"sku": "A", "qty": 10, "uom": "pc"}], "unmatched": [],
    ...         "needs_review": False}
    >>> score(cat, [case], [pred])[0]["order_exact"]
    1.0
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nlu.catalog import parse_uoms

Catalog = dict[str, dict[str, float]]


def load_units(path: str | Path) -> Catalog:
    """sku -> {unit: factor} from a contract catalog CSV, its `uoms` read by the one reader the
    parser uses (nlu/catalog.py: 'Box:12' is box, a bad cell names its line)."""
    units: Catalog = {}
    with open(path, newline="", encoding="utf-8-sig") as f:
        for n, row in enumerate(csv.DictReader(f), start=2):
            uoms = parse_uoms(row["uoms"], f"{Path(path).name} line {n}")
            units[row["sku"]] = {unit: float(factor) for unit, factor in uoms}
    return units


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def base_lines(
    lines: Sequence[dict[str, Any]] | None, cat: Catalog
) -> set[tuple[str, ...] | tuple[Any, ...]]:
    """Lines as a set of (sku, quantity in base units); unusable lines stay distinct."""
    totals: dict[str, float] = {}
    bad: set[tuple[Any, ...]] = set()
    for i, line in enumerate(lines or []):
        sku, uom = line.get("sku"), line.get("uom")
        factor = cat.get(str(sku), {}).get(str(uom))
        try:
            qty = float(line.get("qty"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            factor = None
            qty = 0.0
        if factor is None:
            bad.add(("unusable", i, str(sku), str(uom), str(line.get("qty"))))
        else:
            totals[str(sku)] = totals.get(str(sku), 0.0) + qty * factor
    return {(sku, round(q, 6)) for sku, q in totals.items()} | bad


def score(
    cat: Catalog, cases: Sequence[dict[str, Any]], preds: Sequence[dict[str, Any] | None]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    if len(cases) != len(preds):
        raise ValueError(f"{len(cases)} cases but {len(preds)} predictions")
    intent_ok = tp = fp = fn = 0
    orders = exact = clean = touchless = accepted = accepted_exact = 0
    cust_n = cust_ok = 0
    misses: list[dict[str, Any]] = []
    for c, p in zip(cases, preds, strict=True):
        p = p or {}
        intent_ok += p.get("intent") == c["intent"]
        if c.get("customer") is not None:
            cust_n += 1
            cust_ok += p.get("customer") == c["customer"]
        if c["intent"] != "order":
            if p.get("intent") != c["intent"] or p.get("customer") != c.get("customer"):
                misses.append(
                    {
                        "id": c["id"],
                        "text": c["text"],
                        "intent_gold": c["intent"],
                        "intent_got": p.get("intent"),
                        "customer_gold": c.get("customer"),
                        "customer_got": p.get("customer"),
                    }
                )
            continue
        orders += 1
        gold = base_lines(c["lines"], cat)
        got = base_lines(p.get("lines") if p.get("intent") == "order" else [], cat)
        tp += len(gold & got)
        fp += len(got - gold)
        fn += len(gold - got)
        ok = gold == got and bool(c["unmatched"]) == bool(p.get("unmatched"))
        exact += ok
        auto = p.get("needs_review") is False
        clean += not c["unmatched"]
        touchless += auto and not c["unmatched"]
        accepted += auto
        accepted_exact += auto and ok
        if not ok or p.get("customer") != c.get("customer"):
            misses.append(
                {
                    "id": c["id"],
                    "text": c["text"],
                    "auto": auto,
                    "exact": ok,
                    "gold": sorted(map(str, gold)),
                    "got": sorted(map(str, got)),
                    "unmatched_gold": c["unmatched"],
                    "unmatched_got": p.get("unmatched"),
                    "customer_gold": c.get("customer"),
                    "customer_got": p.get("customer"),
                }
            )
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    result = {
        "cases": len(cases),
        "orders": orders,
        "intent_accuracy": round(intent_ok / len(cases), 4) if cases else None,
        "line_precision": round(prec, 4),
        "line_recall": round(rec, 4),
        "line_f1": round(2 * prec * rec / (prec + rec), 4) if prec + rec else 0.0,
        "order_exact": round(exact / orders, 4) if orders else None,
        "touchless_rate": round(touchless / clean, 4) if clean else None,
        "auto_accept_precision": round(accepted_exact / accepted, 4) if accepted else None,
        "auto_accept_wrong": accepted - accepted_exact,
        "customer_accuracy": round(cust_ok / cust_n, 4) if cust_n else None,
    }
    return result, misses
