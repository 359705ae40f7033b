"""The parse and eval commands as other tools call them."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from bot.cli import main


def test_parse_jsonl_writes_one_contract_object_per_input_line(
    trade_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    texts = ["apex 20L 2\nberger silk 20L 1", "", "👍", "x" * 5000]
    monkeypatch.setattr(sys, "stdin", io.StringIO("".join(json.dumps(t) + "\n" for t in texts)))
    code = main(
        [
            "parse",
            "--catalog",
            str(trade_dir / "catalog.csv"),
            "--dealers",
            str(trade_dir / "dealers.csv"),
            "--jsonl",
        ]
    )
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    assert len(out) == len(texts)
    # the contract's keys, and why each unmatched item is unmatched (nlu.types.REASONS)
    assert set(out[0]) == {
        "intent",
        "lines",
        "unmatched",
        "unmatched_reasons",
        "customer",
        "confidence",
        "needs_review",
    }
    assert out[0]["lines"] == [
        {
            "sku": "AP-APX-20L",
            "qty": 2,
            "uom": "bucket",
            "confidence": out[0]["lines"][0]["confidence"],
            "text": "apex 20L 2",
        },
        {
            "sku": "BER-SIL-20L",
            "qty": 1,
            "uom": "bucket",
            "confidence": out[0]["lines"][1]["confidence"],
            "text": "berger silk 20L 1",
        },
    ]
    assert out[2]["intent"] == "confirm"


def test_parse_names_a_bad_catalog_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "catalog.csv"
    bad.write_text("sku,name,uoms,default_uom\nA,Thing,case:x,case\n", encoding="utf-8")
    assert main(["parse", "--catalog", str(bad), "--jsonl"]) == 2
    assert "catalog.csv line 2" in capsys.readouterr().err


def test_eval_prints_the_contract_metrics_and_writes_the_misses(
    trade_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cases = trade_dir / "cases.jsonl"
    cases.write_text(
        "\n".join(
            json.dumps(c)
            for c in [
                {
                    "id": "p1",
                    "text": "apex 20L 2",
                    "intent": "order",
                    "lines": [{"sku": "AP-APX-20L", "qty": 2, "uom": "bucket"}],
                    "unmatched": [],
                    "customer": None,
                },
                {
                    "id": "p2",
                    "text": "tractor white 2",
                    "intent": "order",
                    "lines": [],
                    "unmatched": ["tractor white"],
                    "customer": None,
                },
                {
                    "id": "p3",
                    "text": "balance?",
                    "intent": "balance",
                    "lines": [],
                    "unmatched": [],
                    "customer": None,
                },
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    misses = tmp_path / "misses.json"
    try:
        code = main(["eval", "--set", str(trade_dir), "--misses", str(misses)])
    finally:
        cases.unlink()
    out = capsys.readouterr().out.splitlines()
    result = json.loads(out[0])
    assert code == 0
    assert result["order_exact"] == 1.0 and result["auto_accept_precision"] == 1.0
    assert result["intent_accuracy"] == 1.0 and result["touchless_rate"] == 1.0
    assert result["speed_p50_us"] > 0
    assert out[1].startswith(f"misses: {misses}")
    assert json.loads(misses.read_text()) == []
