"""Renaming every brand and product word of a dev set costs the parser no accuracy.

A metamorphic test: each shared dev set is parsed twice, once as it is and once
with its brand and product words renamed to made-up words through one map, in
the catalog (name, brand, category, size, aliases) and in the messages alike
(tests/nlu/renaming.py says how). A parser that reads the catalog scores the
same on both; one that knows brands by heart, or tunes rules to the dev set's
words, does not. Each of order_exact, auto_accept_precision and touchless_rate
may fall by at most 0.01.

Kept as they are: digits, sizes, unit/number/size words, the nlu vocabulary
tables, intent cues, colours (tests/nlu/trade_words.py), and the customers -
dealers.csv and every word of a dealer's name or town, in catalog and messages.

Dropped from both sides: messages with Devanagari letters. The parser
transliterates them ("पॉलीकैब" -> polikaib, read as Polycab), so their brand
words cannot be renamed word by word in the text.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest

from nlu.evaluation import load_units, read_jsonl, score
from nlu.parser import Parser
from tests.nlu.renaming import REWRITTEN_FIELDS, Renaming, words_of

METRICS = ("order_exact", "auto_accept_precision", "touchless_rate")
MAX_DROP = 0.01
DEVANAGARI = re.compile("[\u0900-\u097f]")


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or ()), list(reader)


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, columns)
        writer.writeheader()
        writer.writerows(rows)


def renamed_set(folder: Path, into: Path) -> tuple[Renaming, list[dict[str, Any]], list[dict[str, Any]]]:
    """Writes the renamed catalog into `into`; returns the map, the kept cases and their renamed copies."""
    columns, rows = read_csv(folder / "catalog.csv")
    _, dealers = read_csv(folder / "dealers.csv")
    cases = [c for c in read_jsonl(folder / "dev.jsonl") if not DEVANAGARI.search(c["text"])]
    dealer_words = words_of(d[f] for d in dealers for f in ("name", "town"))
    renaming = Renaming.build(rows, dealer_words=dealer_words, message_texts=[c["text"] for c in cases])
    new_rows = [{**r, **{f: renaming.catalog_text(r.get(f) or "") for f in REWRITTEN_FIELDS}} for r in rows]
    left = words_of(row.get(f) or "" for row in new_rows for f in REWRITTEN_FIELDS) & set(renaming.words)
    assert not left, f"{folder.name}: the renamed catalog still has the words {sorted(left)[:10]}"
    write_csv(into / "catalog.csv", columns, new_rows)
    skus = [row["sku"] for row in rows]
    renamed = [
        {**c, "text": renaming.text(c["text"], protect=skus),
         "unmatched": [renaming.text(u, protect=skus) for u in c["unmatched"]]}
        for c in cases
    ]
    return renaming, cases, renamed


def scored(catalog: Path, dealers: Path, cases: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict]]:
    parser = Parser.from_csv(catalog, dealers)
    preds = [parser.parse(c["text"]).to_contract() for c in cases]
    result, _ = score(load_units(catalog), cases, preds)
    return result, preds


def exact(case: dict[str, Any], pred: dict[str, Any], units: dict[str, dict[str, float]]) -> bool:
    """The contract's order_exact for one order case."""
    one, _ = score(units, [case], [pred])
    return one["order_exact"] == 1.0


@pytest.mark.parametrize("trade", ["fmcg", "electricals", "agri"])
def test_renaming_every_brand_and_product_word_costs_no_accuracy(
    shared_dir: Path, trade: str, tmp_path: Path
) -> None:
    folder = shared_dir / "eval" / trade
    if not (folder / "dev.jsonl").is_file():
        pytest.skip(f"{folder / 'dev.jsonl'} is not there")
    renaming, cases, renamed = renamed_set(folder, tmp_path)
    dropped = len(read_jsonl(folder / "dev.jsonl")) - len(cases)
    before, preds = scored(folder / "catalog.csv", folder / "dealers.csv", cases)
    after, renamed_preds = scored(tmp_path / "catalog.csv", folder / "dealers.csv", renamed)
    print(f"\n{trade}: {len(cases)} cases ({dropped} with Devanagari dropped), {len(renaming.words)} catalog "
          f"words renamed ({len(renaming.clashes)} respelt to keep clear of other words)")
    for metric in METRICS:
        print(f"  {metric:22} before {before[metric]}  after {after[metric]}")

    fell = [
        f"{m} fell from {before[m]} to {after[m]} (more than {MAX_DROP})"
        for m in METRICS
        if before[m] is not None and after[m] is not None and after[m] < before[m] - MAX_DROP
    ]
    if after["touchless_rate"] is not None and after["auto_accept_precision"] is None:
        fell.append("auto_accept_precision: nothing is auto-accepted after renaming")
    units = load_units(folder / "catalog.csv")
    wrong_accepts, lost, reviewed = [], [], []
    for case, new, pred, new_pred in zip(cases, renamed, preds, renamed_preds, strict=True):
        if case["intent"] != "order":
            continue
        if new_pred.get("needs_review") is False and not exact(new, new_pred, units):
            was = pred.get("needs_review") is False and not exact(case, pred, units)
            wrong_accepts.append(_shown(case, new, new_pred) + (" (also before renaming)" if was else ""))
        elif exact(case, pred, units) and not exact(new, new_pred, units):
            lost.append(_shown(case, new, new_pred))
        elif pred.get("needs_review") is False and new_pred.get("needs_review") is not False:
            reviewed.append(_shown(case, new, new_pred))
    print(*wrong_accepts, *lost, *reviewed, sep="\n")
    assert not fell, "\n".join(
        [f"[{trade}] after renaming brand and product words:", *fell,
         f"auto-accepted wrongly after renaming ({len(wrong_accepts)}):", *wrong_accepts[:6],
         f"right before renaming, wrong after ({len(lost)}):", *lost[:6],
         f"auto-accepted before renaming, sent to review after ({len(reviewed)}):", *reviewed[:6],
         f"renamed words (a few): {dict(list(sorted(renaming.words.items()))[:12])}"]
    )


def _shown(case: dict[str, Any], new: dict[str, Any], pred: dict[str, Any]) -> str:
    got = [(ln["sku"], ln["qty"], ln["uom"]) for ln in pred.get("lines", [])]
    gold = [(ln["sku"], ln["qty"], ln["uom"]) for ln in case["lines"]]
    return (f"  {case['id']}: {new['text']!r} (was {case['text']!r}): gold {gold}, got {got}, "
            f"unmatched {pred.get('unmatched')}, needs_review {pred.get('needs_review')}")
