"""Cold start with a big catalog: a new process's first parsed order (target: <= 5 s at 100k SKUs).

    .venv/bin/python -m tests.bench.cold_start                   # 100,000 SKUs (import ~2 min)
    .venv/bin/python -m tests.bench.cold_start --db URL          # a database that holds the catalog
    .venv/bin/python -m tests.bench.cold_start --skus 10000

The memory benchmark's synthetic catalog (tests/bench/memory.py) is imported
into a fresh PostgreSQL schema. Then a new Python process, as a web worker or
rq worker starts, imports the message handler (bot.conversation), opens a
session and parses one order through bot.parsing; the time from starting the
process to the parsed order is measured from outside, with the process's
imports, its first parse, peak RSS and whether it built or loaded the parser.
Three processes, one after the other:

1. parser file off (ORDERBOT_PARSER_CACHE=off): every process builds, as before issue 13;
2. parser file on, none there yet: this process builds and writes it;
3. parser file on: this process loads it (bot/parsecache.py).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.memory import import_catalog
from tests.bench.webhook import database, machine
from tests.support.servers import ROOT

TARGET_S = 5.0
ORDER = "bhaiya 10 peti maggi aur 5 peti parle g bhej do"

CHILD = """
import json, sys, time
began = time.monotonic()
import bot.conversation  # the message handler, as web and worker import it
from bot import parsing
from domain.db import make_engine, session_factory
imported = time.monotonic()
with session_factory(make_engine(sys.argv[1]))() as session:
    parsing.parse(session, sys.argv[2])
    provider = parsing.provider_for(session)
parsed = time.monotonic()
status = open("/proc/self/status").read()
fields = (line.split(":", 1) for line in status.splitlines())
kb = {k: int(v.split()[0]) for k, v in fields if k in ("VmRSS", "VmHWM")}
print(json.dumps({"imports": imported - began, "first_parse": parsed - imported, "loaded": provider.loads,
                  "rss_mb": kb["VmRSS"] / 1024, "peak_mb": kb["VmHWM"] / 1024}))
"""


def first_order(db_url: str, cache: str) -> dict[str, float]:
    env = {**os.environ, "ORDERBOT_PARSER_CACHE": cache, "PYTHONPATH": str(ROOT)}
    began = time.monotonic()
    run = subprocess.run(
        [sys.executable, "-c", CHILD, db_url, ORDER],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    wall = time.monotonic() - began
    if run.returncode != 0:
        raise RuntimeError(run.stderr[-3000:])
    seen: dict[str, float] = json.loads(run.stdout.strip().splitlines()[-1])
    seen["wall"] = wall
    return seen


def row(name: str, seen: dict[str, float]) -> str:
    verdict = "met" if seen["wall"] <= TARGET_S else "MISSED"
    how = "loaded" if seen["loaded"] else "built"
    return (
        f"{name:<44}{seen['wall']:>8.1f}{seen['imports']:>9.1f}{seen['first_parse']:>9.1f}{how:>8}"
        f"{seen['rss_mb']:>8.0f}{seen['peak_mb']:>8.0f}  <= {TARGET_S:.0f} s: {verdict}"
    )


def run(skus: int, existing: str | None) -> list[str]:
    lines = [machine()]
    with database(existing) as db_url, tempfile.TemporaryDirectory() as tmp:
        if existing is None:
            lines.append(import_catalog(db_url, Path(tmp) / "masters", skus))
        cache = str(Path(tmp) / "parsers")
        lines.append(
            f"{'new process, first order':<44}{'wall s':>8}{'imports':>9}{'parse s':>9}{'parser':>8}"
            f"{'RSS MB':>8}{'peak MB':>8}"
        )
        lines.append(row("parser file off (every process builds)", first_order(db_url, "off")))
        lines.append(row("parser file on, none yet (builds, writes)", first_order(db_url, cache)))
        lines.append(row("parser file on (loads it)", first_order(db_url, cache)))
        lines.append(row("parser file on (loads it), again", first_order(db_url, cache)))
        size = sum(p.stat().st_size for p in Path(cache).glob("*.pickle"))
        lines.append(f"parser file: {size / 1e6:.1f} MB")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=100_000, help="catalog size (100000)")
    parser.add_argument("--db", help="a database that already holds this catalog (skips the import)")
    args = parser.parse_args(argv)
    for line in run(args.skus, args.db):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
