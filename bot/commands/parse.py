"""`orderbot parse --catalog CATALOG.csv [--dealers DEALERS.csv] --jsonl`

Reads one JSON string per line on stdin, writes one contract JSON object per
line on stdout (shared/spec/parsing-contract.md section 3). Without --jsonl,
each stdin line is taken as plain text.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from nlu.catalog import CatalogError


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("parse", help="parse dealer messages against a catalog (contract JSONL)")
    p.add_argument("--catalog", required=True, help="catalog CSV (contract format)")
    p.add_argument("--dealers", help="dealers CSV (code,name,phone,town)")
    p.add_argument("--jsonl", action="store_true", help="stdin lines are JSON strings")
    p.add_argument("--dealer", help="code of the sending dealer (his learned aliases apply)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from nlu.parser import Parser

    try:
        parser = Parser.from_csv(args.catalog, args.dealers)
    except (CatalogError, OSError) as exc:
        print(f"orderbot parse: {exc}", file=sys.stderr)
        return 2
    for number, raw in enumerate(sys.stdin, start=1):
        line = raw.rstrip("\n")
        if args.jsonl:
            if not line.strip():
                continue
            try:
                text = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"orderbot parse: stdin line {number}: not JSON ({exc.msg})", file=sys.stderr)
                return 2
            if not isinstance(text, str):
                text = json.dumps(text, ensure_ascii=False)
        else:
            text = line
        result = parser.parse(text, dealer=args.dealer).to_contract()
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0
