"""Webhook benchmark: gunicorn as the Procfile runs it (2 workers) on PostgreSQL, with --workers rq workers.

    .venv/bin/python -m tests.bench.webhook                  # 120 s sustained at 50 msg/s (about 4 minutes)
    .venv/bin/python -m tests.bench.webhook --duration 20    # a shorter run
    .venv/bin/python -m tests.bench.webhook --duration 0 --rounds 5   # capacity only: median of 5 pairs

Everything runs on 127.0.0.1: a fresh PostgreSQL schema (TEST_POSTGRES_URL) with
the demo masters and DEALERS load-test dealers, a private redis-server on a free
port, the fake Twilio API in this process (it notes when each reply arrives),
gunicorn and the rq worker from the Procfile. Three phases, one table:

1. capacity: CLIENTS closed-loop clients for BURST seconds on GET /healthz, then on
   POST /webhooks/twilio/whatsapp with signed realistic orders (a different
   dealer each time): requests/s, p50, p99. Target: webhook >= 0.5x healthz.
2. sustained: signed orders at --rate messages/s (open loop: each request leaves
   at its scheduled time, whatever the earlier ones did) for --duration seconds:
   webhook p50/p99 (target p99 <= 250 ms) and message-to-reply - from sending
   the webhook to the fake Twilio API receiving the reply - p50/p99 (target
   p99 <= 1 s). Replies still missing DRAIN seconds after the last message
   count as "never" and are reported.
The capacity burst of webhooks runs last, so its backlog cannot slow phase 2. With
--rounds K the capacity phase is K pairs of bursts (/healthz, then webhooks, the
workers draining the webhooks' jobs in between), and the ratio is the median of
the K pairs. "sent twice" counts replies beyond one per message (the fake Twilio's
record per recipient).

Below the table, where each capacity burst's CPU went, in ms per request, read
from /proc (Linux): the gunicorn processes, the rq worker, and this process (the
clients, and the fake Twilio API the worker's replies reach). The rq worker takes
the burst's jobs while it runs, so it competes with gunicorn for the same cores;
/healthz gives it nothing to do. PostgreSQL and Redis are not counted (they may
be serving other work on the machine).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
import sqlalchemy as sa
from werkzeug.wrappers import Request, Response

from tests.load.masters import import_masters, masters, shop_phone
from tests.load.storm import order_text
from tests.support.botapp import migrate
from tests.support.fake_twilio import FakeTwilio
from tests.support.servers import BIN, READY, LogBook, RedisServer, service_env, wait_until, web, worker
from tests.support.signing import WEBHOOK, inbound_form, signature

POSTGRES = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
DEALERS = 600  # at 50 msg/s each dealer writes 5 times a minute, under the 20-a-minute limit
CLIENTS = 4
BURST = 10.0
DRAIN = 60.0


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


def machine() -> str:
    model = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            model = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    cpus = len(os.sched_getaffinity(0))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return f"machine: {cpus} cores, {model}, Python {platform.python_version()}; load average at start {load}"


class ArrivalsFake(FakeTwilio):
    """The fake Twilio API, noting when each message arrived, per recipient."""

    def __init__(self) -> None:
        super().__init__()
        self.arrivals: dict[str, list[float]] = defaultdict(list)

    def _create_message(self, request: Request) -> Response:
        response = super()._create_message(request)
        if response.status_code == 201:
            with self._lock:
                self.arrivals[request.form.get("To", "").removeprefix("whatsapp:")].append(time.monotonic())
        return response


@dataclass
class Result:
    name: str
    count: int
    seconds: float
    latencies: list[float]
    errors: int = 0

    @property
    def rps(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0

    def row(self, target: str = "") -> str:
        p50, p99 = percentile(self.latencies, 0.5) * 1000, percentile(self.latencies, 0.99) * 1000
        return (f"{self.name:<34}{self.count:>8}{self.rps:>10.1f}{p50:>10.1f}{p99:>10.1f}{self.errors:>8}  "
                f"{target}")


HEADER = f"{'measure':<34}{'n':>8}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}  target"

_local = threading.local()


def _http() -> requests.Session:
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session  # type: ignore[no-any-return]


class Messages:
    """Signed inbound orders, each from the next dealer in turn; remembers when each was sent."""

    def __init__(self, base_url: str, first: int, dealers: int) -> None:
        self.base_url, self.first, self.dealers = base_url, first, dealers
        self.sent: dict[str, list[float]] = defaultdict(list)
        self._n = 0
        self._lock = threading.Lock()

    def post(self) -> tuple[int, float]:
        with self._lock:
            n, self._n = self._n, self._n + 1
        phone = shop_phone(self.first + n % self.dealers)
        form = inbound_form(phone, order_text(n))
        url = self.base_url + WEBHOOK
        headers = {"X-Twilio-Signature": signature(url, form)}
        began = time.monotonic()
        with self._lock:
            self.sent[phone].append(began)
        status = _http().post(url, data=form, headers=headers, timeout=30).status_code
        return status, time.monotonic() - began


def cpu_seconds(pgids: dict[int, str]) -> dict[str, float]:
    """CPU seconds used so far by the live processes of each process group, and by this process (Linux)."""
    used = dict.fromkeys(pgids.values(), 0.0)
    tick = os.sysconf("SC_CLK_TCK")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        name = pgids.get(int(fields[2]))  # the process group; [11] and [12] are user and system ticks
        if name is not None:
            used[name] += (int(fields[11]) + int(fields[12])) / tick
    used["clients (this process)"] = time.process_time()
    return used


def cpu_line(result: Result, before: dict[str, float], after: dict[str, float]) -> str:
    count = max(result.count, 1)
    return f"  CPU ms per request, {result.name.split(' (')[0]}: " + ", ".join(
        f"{name} {(after[name] - before[name]) / count * 1000:.1f}" for name in after)


def closed_loop(name: str, call: Callable[[], tuple[int, float]], seconds: float) -> Result:
    """CLIENTS threads calling `call` back to back for `seconds`."""
    stop = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]

    def client() -> None:
        while time.monotonic() < stop:
            status, took = call()
            latencies.append(took)
            errors[0] += status >= 400

    began = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Result(name, len(latencies), time.monotonic() - began, latencies, errors[0])


def healthz(base_url: str) -> Callable[[], tuple[int, float]]:
    def call() -> tuple[int, float]:
        began = time.monotonic()
        status = _http().get(f"{base_url}/healthz", timeout=30).status_code
        return status, time.monotonic() - began

    return call


def open_loop(messages: Messages, rate: float, seconds: float) -> Result:
    """One message every 1/rate seconds for `seconds`, each sent on time by a pool of threads."""
    total = int(rate * seconds)
    latencies: list[float] = []
    errors = [0]
    late = [0]
    began = time.monotonic()

    def one(i: int) -> None:
        due = began + i / rate
        wait = due - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        elif wait < -0.05:
            late[0] += 1
        status, took = messages.post()
        latencies.append(took)
        errors[0] += status >= 400

    with ThreadPoolExecutor(64) as pool:
        list(pool.map(one, range(total)))
    result = Result(f"POST webhook at {rate:g} msg/s", total, time.monotonic() - began, latencies, errors[0])
    if late[0]:
        print(f"  note: {late[0]} of {total} messages left more than 50 ms after their time (client busy)")
    return result


def message_to_reply(messages: Messages, fake: ArrivalsFake, deadline: float) -> tuple[list[float], int, int]:
    """Pair each dealer's k-th message with his k-th reply; (delays, messages with none, extra replies)."""
    delays, missing, extra = [], 0, 0
    for phone, sent in messages.sent.items():
        arrived = fake.arrivals.get(phone, [])
        extra += max(0, len(arrived) - len(sent))
        for k, at in enumerate(sent):
            if k < len(arrived) and arrived[k] <= deadline:
                delays.append(arrived[k] - at)
            else:
                missing += 1
    return delays, missing, extra


@contextmanager
def database(existing: str | None = None) -> Iterator[str]:
    """A fresh schema in TEST_POSTGRES_URL, dropped afterwards; or `existing`, left as it is."""
    if existing is not None:
        yield existing
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'create schema "{schema}"'))
    sep = "&" if "?" in POSTGRES else "?"
    try:
        yield f"{POSTGRES}{sep}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'drop schema "{schema}" cascade'))
        admin.dispose()


@contextmanager
def profiled(pid: int, seconds: float, out: Path | None) -> Iterator[None]:
    """py-spy (pip install py-spy) samples `pid` and its children for `seconds`, collapsed stacks to `out`."""
    if out is None:
        yield
        return
    spy = subprocess.Popen(
        [str(BIN / "py-spy"), "record", "--pid", str(pid), "--subprocesses", "--duration", str(int(seconds)),
         "--rate", "50", "--format", "raw", "--output", str(out), "--nonblocking"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        yield
    finally:
        try:
            spy.wait(timeout=seconds + 60)
        except subprocess.TimeoutExpired:
            spy.kill()


def run(duration: float, rate: float, logs_dir: Path, profile: Path | None = None, workers: int = 2,
        rounds: int = 1) -> list[str]:
    lines = [machine()]
    logbook = LogBook(logs_dir)
    # the servers' lifetime (tests' default: 10 minutes) covers the run: a capacity pair with one
    # worker draining its burst takes about two minutes
    lifetime = 600 + duration + 2 * DRAIN + rounds * 240
    with database() as db_url, tempfile.TemporaryDirectory() as tmp, ArrivalsFake() as fake, \
            RedisServer(logbook, lifetime) as redis_server:
        migrate(db_url)
        import_masters(db_url, masters(Path(tmp) / "masters", DEALERS * (1 + rounds)))
        env = service_env(db_url, fake.base_url, REDIS_URL=redis_server.url)
        with web(env, logbook, workers=2, lifetime=lifetime) as server, \
                worker(env, logbook, count=workers, lifetime=lifetime) as pool:
            for proc in pool.procs:
                wait_until(lambda proc=proc: READY in proc.log.read_text(), 120, "the rq workers taking jobs")
            groups = {server.proc.pid: "gunicorn"} | {proc.pid: "rq workers" for proc in pool.procs}
            sustained = reply = None
            if duration > 0:
                sustained_msgs = Messages(server.url, 0, DEALERS)
                with profiled(pool.procs[0].pid, min(duration, 60), profile):
                    sustained = open_loop(sustained_msgs, rate, duration)
                end = time.monotonic()
                wait_until(lambda: sum(map(len, fake.arrivals.values())) >= sustained.count or
                           time.monotonic() > end + DRAIN, DRAIN + 5, "the replies")
                time.sleep(2)  # a reply sent twice would arrive late
                delays, missing, extra = message_to_reply(sustained_msgs, fake, end + DRAIN)
                reply = Result("message -> reply at the same rate", len(delays), sustained.seconds, delays,
                               missing)
            pairs = []
            for k in range(rounds):
                drained = sum(map(len, fake.arrivals.values()))
                wait_until(lambda: _backlog(redis_server.url) == 0, DRAIN, "the queue to drain")
                before = cpu_seconds(groups)
                health = closed_loop("GET /healthz (capacity)", healthz(server.url), BURST)
                health_cpu = cpu_line(health, before, cpu_seconds(groups))
                burst_msgs = Messages(server.url, DEALERS * (1 + k), DEALERS)
                before = cpu_seconds(groups)
                capacity = closed_loop("POST webhook (capacity)", burst_msgs.post, BURST)
                capacity_cpu = cpu_line(capacity, before, cpu_seconds(groups))
                pairs.append((health, capacity, health_cpu, capacity_cpu))
                # one worker drains a burst of a few thousand in about two minutes: wait by its size
                wait_until(lambda drained=drained, n=capacity.count: sum(map(len, fake.arrivals.values()))
                           >= drained + n, DRAIN * 2 + capacity.count / 10, "the burst's replies")
    ratios = sorted(c.rps / h.rps if h.rps else 0.0 for h, c, _, _ in pairs)
    median = ratios[len(ratios) // 2] if ratios else 0.0
    lines += [
        f"gunicorn 2 workers (Procfile), {workers} rq worker(s), PostgreSQL, "
        f"{CLIENTS} closed-loop clients for capacity",
        HEADER,
    ]
    for health, capacity, _, _ in pairs:
        ratio = capacity.rps / health.rps if health.rps else 0.0
        lines += [health.row(), capacity.row(f"{ratio:.2f}x of healthz")]
    if pairs:
        met = "met" if median >= 0.5 else "MISSED"
        each = ", ".join(f"{r:.2f}" for r in ratios)
        lines.append(f"webhook / healthz, median of {len(pairs)}: {median:.2f}x (>= 0.5x: {met}); "
                     f"each: {each}")
    if sustained is not None and reply is not None:
        p99 = percentile(reply.latencies, 0.99) if not reply.errors else float("inf")
        lines += [
            sustained.row(f"p99 <= 250 ms: {verdict(percentile(sustained.latencies, 0.99), 0.25)}"),
            reply.row(f"p99 <= 1000 ms: {verdict(p99, 1.0)}"
                      + (f"; {reply.errors} not back {DRAIN:.0f} s after the end" if reply.errors else "")
                      + f"; sent twice: {extra}"),
        ]
    for _, _, health_cpu, capacity_cpu in pairs:
        lines += [health_cpu, capacity_cpu]
    return lines


def _backlog(redis_url: str) -> int:
    """Jobs still waiting in the rq queues (the workers' queue and the replies' queue)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    try:
        return sum(int(client.llen(key)) for key in client.scan_iter("rq:queue:*"))  # type: ignore[misc,arg-type]
    finally:
        client.close()


def verdict(value: float, limit: float) -> str:
    return "met" if value <= limit else f"MISSED ({value * 1000:.0f} ms)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=120.0, help="seconds at the sustained rate (120)")
    parser.add_argument("--rate", type=float, default=50.0, help="messages per second sustained (50)")
    parser.add_argument("--logs", type=Path, help="keep the servers' logs in this folder")
    parser.add_argument("--profile", type=Path, help="py-spy the rq worker (and its jobs) into this file")
    parser.add_argument("--workers", type=int, default=2, help="rq worker processes on the one queue (2)")
    parser.add_argument("--rounds", type=int, default=1, help="capacity pairs; their median (1)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for line in run(args.duration, args.rate, args.logs or Path(tmp) / "logs", args.profile, args.workers,
                        args.rounds):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
