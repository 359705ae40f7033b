"""`orderbot eval --set DIR [--cases FILE]`: the contract's parse metrics on a labelled set.

DIR holds catalog.csv, an optional dealers.csv and *.jsonl cases (all of them
unless --cases names one file). Prints the metrics as JSON plus speed
(p50/p99 microseconds per message, catalog load excluded) and writes the
misses to a JSON file whose path it prints. `--half odd|even` keeps the
cases whose numeric id is odd or even (tune on one half, check on the other).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("eval", help="score the parser on a labelled set (contract metrics)")
    p.add_argument("--set", required=True, dest="set_dir", help="directory with catalog.csv and *.jsonl")
    p.add_argument("--cases", help="one cases file (default: every *.jsonl in the set)")
    p.add_argument("--half", choices=("odd", "even"), help="only cases whose numeric id is odd / even")
    p.add_argument("--misses", help="where to write the misses (default: a temp file)")
    p.set_defaults(func=run)


def _id_number(case_id: str) -> int | None:
    digits = re.findall(r"\d+", str(case_id))
    return int(digits[-1]) if digits else None


def run(args: argparse.Namespace) -> int:
    from nlu.catalog import CatalogError
    from nlu.evaluation import load_units, read_jsonl, score
    from nlu.parser import Parser

    set_dir = Path(args.set_dir)
    catalog = set_dir / "catalog.csv"
    dealers = set_dir / "dealers.csv"
    files = [Path(args.cases)] if args.cases else sorted(set_dir.glob("*.jsonl"))
    if not catalog.is_file() or not files:
        print(f"orderbot eval: {set_dir} needs catalog.csv and at least one *.jsonl", file=sys.stderr)
        return 2
    try:
        parser = Parser.from_csv(catalog, dealers if dealers.is_file() else None)
        cases = [c for f in files for c in read_jsonl(f)]
    except (CatalogError, OSError, ValueError) as exc:
        print(f"orderbot eval: {exc}", file=sys.stderr)
        return 2
    if args.half:
        want = 1 if args.half == "odd" else 0
        cases = [c for c in cases if (_id_number(c.get("id", "")) or 0) % 2 == want]
    preds, timings = [], []
    for c in cases:
        t0 = time.perf_counter()
        parsed = parser.parse(c["text"])
        timings.append((time.perf_counter() - t0) * 1e6)
        preds.append(parsed.to_contract())
    result, misses = score(load_units(catalog), cases, preds)
    timings.sort()
    if timings:
        result["speed_p50_us"] = round(timings[len(timings) // 2], 1)
        result["speed_p99_us"] = round(timings[min(len(timings) - 1, int(len(timings) * 0.99))], 1)
    out = Path(args.misses) if args.misses else Path(tempfile.gettempdir()) / "orderbot_eval_misses.json"
    out.write_text(json.dumps(misses, indent=1, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(result))
    print(f"misses: {out} ({len(misses)})")
    return 0
