"""A catalog import with a big catalog: messages answered while the next parser is built elsewhere.

    .venv/bin/python -m tests.bench.catalog_switch                 # 100,000 SKUs (import ~2 min)
    .venv/bin/python -m tests.bench.catalog_switch --skus 10000
    .venv/bin/python -m tests.bench.catalog_switch --db URL        # a database that holds the catalog

The memory benchmark's synthetic catalog is imported into a fresh PostgreSQL
schema and this process (a "web worker") gets its parser. Then, twice:

1. as before issue 13's background build: an import commits a change to one
   SKU and no build is announced; the next message builds the parser itself;
2. as now: the import announces the build (bot/parserbuild.py), commits, and a
   second process (the rq worker's job) builds the next parser and writes its
   file; meanwhile this process parses a message every 0.1 s.

For each: the slowest message after the commit, the median of the others, how
many were answered by the previous catalog's parser, and the seconds from the
commit to the first message parsed by the new catalog's parser.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from bot import parserbuild, parsing
from domain.db import make_engine, session_factory
from domain.models import Sku
from tests.bench.memory import import_catalog
from tests.bench.webhook import database, machine
from tests.support.servers import ROOT

ORDER = "bhaiya 10 peti maggi aur 5 peti parle g bhej do"
WORKER = """
import sys, time
from bot import parserbuild
from domain.db import make_engine, session_factory
began = time.monotonic()
ok = parserbuild.build(session_factory(make_engine(sys.argv[1])))
print(f"{ok} {time.monotonic() - began:.1f}")
"""


def touch_one_sku(factory: sa.orm.sessionmaker[sa.orm.Session], n: int) -> None:
    """What an import that renames one SKU commits."""
    with factory() as session, session.begin():
        first = session.scalar(sa.select(Sku.id).order_by(Sku.id).limit(1))
        session.execute(sa.update(Sku).where(Sku.id == first).values(
            name=f"Renamed product {n}", updated_at=sa.func.current_timestamp()))


def timed_parse(factory: sa.orm.sessionmaker[sa.orm.Session], provider: parsing.ParserProvider) -> float:
    began = time.monotonic()
    with factory() as session:
        provider.parse(session, ORDER)
    return time.monotonic() - began


def summary(name: str, times: list[float], stale: int, switch_s: float) -> str:
    rest = sorted(times)[:-1] or times
    return (f"{name:<42}{len(times):>6}{max(times):>10.2f}{statistics.median(rest) * 1000:>12.1f}"
            f"{stale:>7}{switch_s:>11.1f}")


def run(skus: int, existing: str | None) -> list[str]:
    lines = [machine()]
    with database(existing) as db_url, tempfile.TemporaryDirectory() as tmp:
        os.environ["ORDERBOT_PARSER_CACHE"] = str(Path(tmp) / "parsers")
        if existing is None:
            lines.append(import_catalog(db_url, Path(tmp) / "masters", skus))
        engine = make_engine(db_url)
        factory = session_factory(engine)
        provider = parsing.ParserProvider()
        lines.append(f"this process's first parser: {timed_parse(factory, provider):.1f} s")
        with factory() as session:
            checks = []
            for _ in range(21):
                began = time.monotonic()
                parsing.versions(session)
                checks.append(time.monotonic() - began)
        check_ms = statistics.median(checks) * 1000
        lines.append(f"the version check a message makes (parsing.versions): median {check_ms:.1f} ms; "
                     f"a parse alone: {_parse_ms(provider):.2f} ms")
        lines.append(f"{'after an import that renames one SKU':<42}{'msgs':>6}{'slowest s':>10}"
                     f"{'median ms':>12}{'stale':>7}{'switch s':>11}")

        touch_one_sku(factory, 1)  # 1: no build announced
        began = time.monotonic()
        times = [timed_parse(factory, provider)]
        switched = time.monotonic() - began
        times += [timed_parse(factory, provider) for _ in range(20)]
        lines.append(summary("no background build (as before)", times, 0, switched))

        parserbuild.renew(factory, force=True)  # 2: announced, then built by another process
        touch_one_sku(factory, 2)
        assert parserbuild.after_import(factory, _NoQueue()) == "rq"  # type: ignore[arg-type]
        began = time.monotonic()
        worker = subprocess.Popen([sys.executable, "-c", WORKER, db_url], cwd=ROOT, text=True,
                                  stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(ROOT)})
        times, builds, switched = [], provider.builds, 0.0
        stale_before = provider.stale_uses
        while provider.builds == builds and time.monotonic() - began < 600:
            times.append(timed_parse(factory, provider))
            if provider.builds != builds:
                switched = time.monotonic() - began
            else:
                time.sleep(0.1)
        times += [timed_parse(factory, provider) for _ in range(20)]
        out, _ = worker.communicate(timeout=600)
        lines.append(summary("background build (worker process)", times, provider.stale_uses - stale_before,
                             switched))
        lines.append(f"worker's build: {out.strip()} s; files this process loaded: {provider.loads}")
        engine.dispose()
    return lines


def _parse_ms(provider: parsing.ParserProvider) -> float:
    assert provider.parser is not None
    began = time.monotonic()
    for _ in range(20):
        provider.parser.parse(ORDER)
    return (time.monotonic() - began) * 1000 / 20


class _NoQueue:
    """The enqueue the console or CLI makes; this benchmark starts the worker's job itself."""

    def enqueue(self, *args: object, **kwargs: object) -> None:
        pass


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
