"""The version check every message makes (bot/parsing.versions), at a big catalog, against the scan
it replaced (issue 13: count and newest updated_at of skus and dealers, three aggregates of
learned_aliases).

    .venv/bin/python -m tests.bench.version_check                # 100,000 SKUs on PostgreSQL (import ~2 min)
    .venv/bin/python -m tests.bench.version_check --skus 10000
    .venv/bin/python -m tests.bench.version_check --db URL       # a database that holds the catalog
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot import parsing
from domain.db import make_engine, session_factory
from domain.models import Dealer, LearnedAlias, Sku
from tests.bench.memory import import_catalog
from tests.bench.webhook import database, machine

RUNS = 101


def scan(session: Session) -> object:
    """The check before issue 13's counters: seven aggregates, the catalog's read by full scans."""
    return session.execute(sa.select(
        sa.select(sa.func.count(Sku.id)).scalar_subquery(),
        sa.select(sa.func.max(Sku.updated_at)).scalar_subquery(),
        sa.select(sa.func.count(Dealer.id)).scalar_subquery(),
        sa.select(sa.func.max(Dealer.updated_at)).scalar_subquery(),
        sa.select(sa.func.coalesce(sa.func.max(LearnedAlias.id), 0)).scalar_subquery(),
        sa.select(sa.func.count(LearnedAlias.id)).scalar_subquery(),
        sa.select(sa.func.count(LearnedAlias.id)).where(LearnedAlias.promoted.is_(True)).scalar_subquery(),
    )).one()


def median_ms(session: Session, check: object) -> float:
    times = []
    for _ in range(RUNS):
        began = time.perf_counter()
        check(session)  # type: ignore[operator]
        times.append(time.perf_counter() - began)
    return statistics.median(times) * 1000


def run(skus: int, existing: str | None) -> list[str]:
    lines = [machine()]
    with database(existing) as db_url, tempfile.TemporaryDirectory() as tmp:
        if existing is None:
            lines.append(import_catalog(db_url, Path(tmp), skus))
        engine = make_engine(db_url)
        with session_factory(engine)() as session:
            count = session.scalar(sa.select(sa.func.count(Sku.id)))
            session.execute(sa.text("analyze"))
            for name, check in (("scan (before)", scan), ("parsing.versions (counters)", parsing.versions)):
                check(session)  # warm: plans cached, pages in memory
                lines.append(f"{name:<30} {count:,} SKUs: median {median_ms(session, check):.3f} ms "
                             f"of {RUNS} in one session")
        engine.dispose()
    return lines


def main() -> None:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--skus", type=int, default=100_000)
    args.add_argument("--db", help="a PostgreSQL URL whose catalog is used as it is")
    chosen = args.parse_args()
    print("\n".join(run(chosen.skus, chosen.db)))


if __name__ == "__main__":
    main()
