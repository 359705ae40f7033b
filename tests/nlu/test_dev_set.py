"""The shared FMCG dev set, parsed in-process and scored with the contract's definitions."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu.evaluation import load_units, read_jsonl, score
from nlu.parser import Parser

FLOORS = {
    "auto_accept_precision": 0.995,
    "order_exact": 0.90,
    "touchless_rate": 0.85,
    "intent_accuracy": 0.97,
    "customer_accuracy": 0.90,
}


@pytest.fixture(scope="module")
def fmcg(shared_dir: Path) -> Path:
    folder = shared_dir / "eval" / "fmcg"
    if not (folder / "dev.jsonl").is_file():
        pytest.skip("shared/eval/fmcg/dev.jsonl is not there")
    return folder


@pytest.mark.parametrize("half", ["odd", "even"])
def test_the_dev_set_meets_the_metric_floors_on_both_halves(fmcg: Path, half: str) -> None:
    parser = Parser.from_csv(fmcg / "catalog.csv", fmcg / "dealers.csv")
    cases = [c for c in read_jsonl(fmcg / "dev.jsonl") if int(c["id"].lstrip("d")) % 2 == (half == "odd")]
    preds = [parser.parse(c["text"]).to_contract() for c in cases]
    result, misses = score(load_units(fmcg / "catalog.csv"), cases, preds)
    for metric, floor in FLOORS.items():
        assert result[metric] >= floor, (metric, result, misses[:5])
