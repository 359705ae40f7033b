"""Memory per web worker with a 100k-SKU catalog loaded (target: <= 300 MB each).

    .venv/bin/python -m tests.bench.memory               # 100,000 SKUs (import takes a few minutes)
    .venv/bin/python -m tests.bench.memory --skus 10000  # a quicker look

A synthetic catalog (tests/bench/synthetic.py, the parser benchmark's) of
--skus SKUs and the demo dealers are imported into a fresh PostgreSQL schema
with `orderbot import`. gunicorn then runs as the Procfile says (2 workers,
--preload) with jobs inline (no REDIS_URL), so each web worker builds the
parser for the whole catalog on its first message - the most a web worker
ever holds. Dealers send orders for synthetic SKUs until both workers have
built it; then each worker's RSS (all pages it maps), PSS (shared pages split
among the processes sharing them) and USS (its own pages) are read from
/proc. An rq worker (Procfile, which builds the parser at start) is measured
the same way, once rq's scheduler process has forked from it: the two share
the parser's pages, so the worker's PSS and USS depend on whether the
scheduler is up (rq logs "started with PID" before it forks the scheduler).
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

from tests.bench.synthetic import catalog, messages
from tests.bench.webhook import database, machine
from tests.load.masters import import_masters
from tests.support.fake_twilio import FakeTwilio
from tests.support.servers import READY, ROOT, LogBook, RedisServer, service_env, wait_until, web, worker
from tests.support.signing import WEBHOOK, inbound_form, signature

LIMIT_MB = 300
TIMEOUT = 600  # gunicorn --timeout for this measurement
WARM = 5  # order messages timed once the parser is built
DEALER_PHONES = [f"+9190000001{n:02d}" for n in range(1, 11)]


def import_catalog(db_url: str, folder: Path, skus: int) -> str:
    """Write the synthetic catalog of `skus` SKUs into `folder` and import it into `db_url`; says how long."""
    write_catalog(folder, skus)
    began = time.monotonic()
    import_masters(db_url, folder, timeout=3600)
    return f"catalog: {skus:,} synthetic SKUs imported in {time.monotonic() - began:.0f} s"


def write_catalog(folder: Path, skus: int) -> None:
    """catalog.csv in the data contract's columns, from the parser benchmark's synthetic catalog."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "catalog.csv").open("w", newline="") as out:
        rows = csv.writer(out)
        rows.writerow(
            [
                "sku",
                "name",
                "uoms",
                "default_uom",
                "brand",
                "category",
                "size",
                "price",
                "aliases",
                "gst_rate",
            ]
        )
        for n, p in enumerate(catalog(skus)):
            uoms = "|".join(f"{unit}:{factor}" for unit, factor in p.uoms)
            price = f"{100 + n % 900}.00"
            rows.writerow(
                [
                    p.sku,
                    p.name,
                    uoms,
                    p.default_uom,
                    p.brand,
                    p.category,
                    p.size,
                    price,
                    "|".join(p.aliases),
                    "18",
                ]
            )
    (folder / "dealers.csv").write_text((ROOT / "fixtures" / "dealers.csv").read_text())


def memory_mb(pid: int) -> tuple[float, float, float]:
    """(RSS, PSS, USS) of `pid` in MB."""
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, value = line.split(":", 1)
        fields[name] = int(value.split()[0])
    uss = fields.get("Private_Clean", 0) + fields.get("Private_Dirty", 0)
    return fields["Rss"] / 1024, fields["Pss"] / 1024, uss / 1024


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def run(skus: int, logs_dir: Path, existing: str | None = None) -> list[str]:
    lines = [machine()]
    logbook = LogBook(logs_dir)
    with database(existing) as db_url, tempfile.TemporaryDirectory() as tmp, FakeTwilio() as fake:
        if existing is None:
            lines.append(import_catalog(db_url, Path(tmp) / "masters", skus))
        env = service_env(db_url, fake.base_url, RATE_LIMIT_PER_MINUTE="1000")
        texts = [m.text for m in messages(catalog(skus), 40, seed=11)]
        lines.append(
            f"gunicorn as the Procfile says but --timeout {TIMEOUT} (a 30 s timeout kills the first "
            "message of a 100k catalog), jobs inline"
        )
        with web(env, logbook, workers=2, extra=("--timeout", str(TIMEOUT))) as server:
            master = server.proc.pid
            workers = wait_until(lambda: len(children(master)) == 2 and children(master), 60, "2 workers up")
            time.sleep(2)  # let the second finish booting
            before = {pid: memory_mb(pid) for pid in workers}
            gunicorn_log = server.proc.log

            def both_built() -> bool:
                text = gunicorn_log.read_text()  # each worker builds the parser or loads its file
                made = sum(text.count(f"parser {how}: {skus} products") for how in ("built", "loaded"))
                return made >= len(workers)

            def send(n: int, text: str) -> float:
                """Seconds to answer `text` inline; inf when gunicorn's 30 s timeout killed the worker."""
                form = inbound_form(DEALER_PHONES[n % len(DEALER_PHONES)], text)
                url = server.url + WEBHOOK
                began = time.monotonic()
                headers = {"X-Twilio-Signature": signature(url, form)}
                try:
                    ok = requests.post(url, data=form, headers=headers, timeout=120).status_code == 200
                except requests.RequestException:
                    ok = False
                return time.monotonic() - began if ok else float("inf")

            sent, builds = 0, []
            while not both_built():  # a balance question builds the parser without pricing anything
                assert sent < 40, "the web workers did not both build the parser"
                # two at once, so each worker gets one: with the parser file an answer takes a second,
                # and one idle worker can take every request sent one after the other
                with ThreadPoolExecutor(2) as pool:
                    builds += pool.map(lambda n: send(n, "balance kitna hai"), (sent, sent + 1))
                sent += 2
            after = {pid: memory_mb(pid) for pid in workers}
            warm = sorted(send(n, texts[n]) for n in range(WARM))
        with RedisServer(logbook) as redis_server:
            rq_env = service_env(db_url, fake.base_url, REDIS_URL=redis_server.url)
            with worker(rq_env, logbook) as pool:
                rq_pid = pool.procs[0].pid
                wait_until(lambda: READY in pool.procs[0].log.read_text(), 900, "the rq worker ready")
                scheduler = wait_until(lambda: children(rq_pid), 60, "rq's scheduler forked")[0]
                time.sleep(2)  # let the scheduler finish starting
                rq, rq_scheduler = memory_mb(rq_pid), memory_mb(scheduler)
    lines.append(f"{'process':<40}{'RSS MB':>9}{'PSS MB':>9}{'USS MB':>9}  target RSS <= {LIMIT_MB} MB")
    for n, pid in enumerate(workers, 1):
        rss0, pss0, uss0 = before[pid]
        lines.append(f"{f'web worker {n}, app loaded':<40}{rss0:>9.0f}{pss0:>9.0f}{uss0:>9.0f}")
        rss, pss, uss = after[pid]
        verdict = "met" if rss <= LIMIT_MB else f"MISSED by {rss - LIMIT_MB:.0f} MB"
        name = f"web worker {n}, {skus:,}-SKU parser built"
        lines.append(f"{name:<40}{rss:>9.0f}{pss:>9.0f}{uss:>9.0f}  {verdict}")
    lines.append(f"{'rq worker (parser built at start)':<40}{rq[0]:>9.0f}{rq[1]:>9.0f}{rq[2]:>9.0f}")
    name = "rq scheduler (forked from the worker)"
    lines.append(f"{name:<40}{rq_scheduler[0]:>9.0f}{rq_scheduler[1]:>9.0f}{rq_scheduler[2]:>9.0f}")
    lines.append(f"first message to a web worker (builds the parser): slowest {max(builds):.1f} s")
    lines.append(
        f"an order answered inline (parser built), {WARM} orders: median {warm[WARM // 2]:.1f} s, "
        f"slowest {warm[-1]:.1f} s"
    )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skus", type=int, default=100_000, help="catalog size (100000)")
    parser.add_argument("--logs", type=Path, help="keep the servers' logs in this folder")
    parser.add_argument("--db", help="a database that already holds this catalog (skips the import)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for line in run(args.skus, args.logs or Path(tmp) / "logs", args.db):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
