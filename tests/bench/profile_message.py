"""Where one order message's time goes in a worker: phases, SQL round trips, and a pyinstrument profile.

    .venv/bin/python -m tests.bench.profile_message                   # 300 orders on PostgreSQL
    .venv/bin/python -m tests.bench.profile_message --html /tmp/p.html  # also pyinstrument's page

The jobs run in this process as an rq worker runs them (`bot.jobs.run_process`,
then `run_deliver` for each reply, through the inline dispatcher), on a fresh
PostgreSQL schema with the demo masters and DEALERS load-test dealers, replying
to the fake Twilio API (served by a thread of this process). Messages are stored
as the webhook stores them before timing starts; WARM orders run first so
imports and caches are paid for. What it prints per message, averaged:

- SQL statements sent to the database (a SQLAlchemy `before_cursor_execute`
  listener; each is a round trip), split into processing and delivery;
- CPU and wall ms of processing and of delivery;
- pyinstrument's share of the sampled time in the parts issue 13 names (the
  parse, pricing, the conversation, SQL execution, the Twilio call, logging).

What an rq worker adds on top (the job's fetch, its registries, its result) is
the difference between this per-message CPU and `tests.bench.worker_cpu`'s.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from pyinstrument import Profiler
from pyinstrument.frame import Frame

from bot import jobs
from bot.config import load_settings
from bot.runtime import Runtime, build_runtime
from bot.store import parse_inbound, store_inbound
from tests.bench.webhook import DEALERS, ArrivalsFake, database, machine
from tests.load.masters import import_masters, masters, shop_phone
from tests.load.storm import order_text
from tests.support.botapp import migrate, settings
from tests.support.signing import inbound_form

WARM = 30
# (label, where a frame's file or function says it belongs); the first match on the stack wins
PARTS = (
    ("parse (bot.parsing -> nlu)", ("bot/parsing.py",)),
    ("pricing (domain/services/quoting.py)", ("domain/services/quoting.py",)),
    ("Twilio client + HTTP (bot/outbound.py)", ("bot/outbound.py",)),
    ("logging", ("/logging/",)),
    ("SQLAlchemy + psycopg (all SQL)", ("sqlalchemy/", "psycopg/")),
)


class Statements:
    """Counts statements sent through an engine (one round trip each)."""

    def __init__(self, engine: sa.Engine) -> None:
        self.count = 0
        self.kinds: Counter[str] = Counter()
        sa.event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        self.count += 1
        self.kinds[" ".join(statement.split()[:1]).upper()] += 1


@contextmanager
def timed(into: list[float], cpu: list[float]) -> Iterator[None]:
    wall0, cpu0 = time.perf_counter(), time.process_time()
    yield
    into.append(time.perf_counter() - wall0)
    cpu.append(time.process_time() - cpu0)


class Split:
    """Times processing and delivery apart: the runtime's dispatcher delivers after processing."""

    def __init__(self, rt: Runtime, statements: Statements) -> None:
        self.rt, self.statements = rt, statements
        self.deliver_wall: list[float] = []
        self.deliver_cpu: list[float] = []
        self.deliver_sql = 0

    def deliver(self, outbox_id: int, after: float = 0) -> bool:
        before = self.statements.count
        with timed(self.deliver_wall, self.deliver_cpu):
            jobs.run_deliver(self.rt, outbox_id)
        self.deliver_sql += self.statements.count - before
        return True

    def process(self, message_id: int) -> bool:
        jobs.run_process(self.rt, message_id)
        return True

    def close(self) -> None:
        pass


def shares(root: Frame | None) -> dict[str, float]:
    """Seconds of the profile in each of PARTS (a frame counts for the first part on its stack)."""
    found: dict[str, float] = {}

    def walk(frame: Frame, part: str | None) -> None:
        if part is None:
            where = f"{frame.file_path or ''}:{frame.function or ''}"
            part = next((label for label, keys in PARTS if any(k in where for k in keys)), None)
            if part is not None:
                found[part] = found.get(part, 0.0) + frame.time
                return
        for child in frame.children:
            walk(child, part)

    if root is not None:
        walk(root, None)
    return dict(found)


def run(count: int, html: Path | None, profile: bool = True) -> list[str]:
    lines = [machine()]
    with database() as db_url, tempfile.TemporaryDirectory() as tmp, ArrivalsFake() as fake:
        migrate(db_url)
        import_masters(db_url, masters(Path(tmp) / "masters", DEALERS))
        config = settings(db_url, fake.base_url, MESSAGE_HANDLER="bot.conversation:handle")
        rt = build_runtime(load_settings(config))
        statements = Statements(rt.engine)
        split = Split(rt, statements)
        rt.dispatcher = split
        stored = [
            store_inbound(rt.sessions, parse_inbound(inbound_form(shop_phone(n), order_text(n))))
            for n in range(WARM + count)
        ]
        ids = [message_id for message_id in stored if message_id is not None]
        for message_id in ids[:WARM]:
            jobs.run_process(rt, message_id)
        split.deliver_wall, split.deliver_cpu, split.deliver_sql = [], [], 0
        statements.count, statements.kinds = 0, Counter()
        process_wall: list[float] = []
        process_cpu: list[float] = []
        profiler = Profiler(interval=0.0005)
        if profile:
            profiler.start()
        for message_id in ids[WARM:]:
            with timed(process_wall, process_cpu):
                jobs.run_process(rt, message_id)  # delivery runs inside, timed apart by Split
        session = profiler.stop() if profile else None
        rt.close()
    if html is not None and profile:
        html.write_text(profiler.output_html())
    deliver_total_cpu = sum(split.deliver_cpu)
    deliver_total_wall = sum(split.deliver_wall)
    total_sql = statements.count
    process_sql = total_sql - split.deliver_sql
    lines += [
        f"in-process jobs (no rq), PostgreSQL, {count} signed orders from {DEALERS} dealers, "
        f"{len(split.deliver_cpu)} replies",
        f"  processing: CPU {(sum(process_cpu) - deliver_total_cpu) / count * 1000:.2f} ms, "
        f"wall {(sum(process_wall) - deliver_total_wall) / count * 1000:.2f} ms, "
        f"{process_sql / count:.1f} SQL statements per message",
        f"  delivery:   CPU {deliver_total_cpu / count * 1000:.2f} ms, "
        f"wall {deliver_total_wall / count * 1000:.2f} ms, "
        f"{split.deliver_sql / count:.1f} SQL statements per message",
        "  statements by kind per message: "
        + ", ".join(f"{kind} {n / count:.1f}" for kind, n in statements.kinds.most_common()),
    ]
    if session is None:
        return lines
    lines.append(f"  pyinstrument ({session.duration:.1f} s sampled; parts of the total):")
    total = session.duration or 1.0
    found = shares(session.root_frame())
    found = {label: found.get(label, 0.0) for label, _ in PARTS}
    found["everything else (conversation, replies, jobs)"] = max(0.0, total - sum(found.values()))
    for label, seconds in sorted(found.items(), key=lambda kv: -kv[1]):
        share = seconds / total * 100
        lines.append(f"    {label:<42}{share:5.1f} %  {seconds / count * 1000:6.2f} ms/message")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=300, help="orders timed (300)")
    parser.add_argument("--html", type=Path, help="write pyinstrument's HTML profile here")
    parser.add_argument("--no-profile", action="store_true", help="time and count only (no sampling)")
    args = parser.parse_args(argv)
    for line in run(args.messages, args.html, not args.no_profile):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
