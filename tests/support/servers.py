"""The bot's real processes for load tests and benchmarks: gunicorn, rq workers, a private Redis.

    env = service_env(db_url, fake.base_url, redis_url=url)       # what the Procfile's processes read
    with LogBook(tmp_path) as logs, web(env, logs, workers=4) as server, worker(env, logs) as pool:
        requests.post(server.url + WEBHOOK, ...)
        pool.kill_one()                                            # SIGKILL; the pool starts a new one

Every process listens on 127.0.0.1 on a free port, runs in its own process group
(so its children go with it), is killed when its `lifetime` runs out, and is
stopped when the `with` block ends, whatever happened inside. Commands come from
the Procfile itself, so the tests run what production runs. Output goes to files
in the LogBook, which tests scan for phone numbers and message bodies.

`RedisServer` is a redis-server of our own (random port, no persistence) that a
test may stop, restart or pause; the machine's shared Redis is never touched.
"""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from tests.support.botapp import settings

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
LIFETIME = 600.0  # seconds any process may live, whatever the test does
READY = "started with PID"  # what an rq worker logs once it takes jobs
MAX_CRASHES = 5  # workers that die by themselves before the pool stops replacing them


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(check: Callable[[], Any], timeout: float, what: str, every: float = 0.05) -> Any:
    """Call `check` until it returns something truthy; AssertionError naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout:.0f} s (last: {result!r})")
        time.sleep(every)


def service_env(db_url: str, twilio_base_url: str | None, **extra: Any) -> dict[str, str]:
    """The environment a Procfile process gets: the test settings, the real conversation by default."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "DATABASE_", "REDIS_"))}
    extra.setdefault("MESSAGE_HANDLER", "bot.conversation:handle")
    config = settings(db_url, twilio_base_url, **extra)
    env.update({k: str(v) for k, v in config.items() if v is not None and k != "TESTING"})
    env["PYTHONPATH"] = str(ROOT)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONUNBUFFERED"] = "1"
    return env


def procfile_kinds() -> list[str]:
    """The process types the Procfile declares ('web', 'worker', 'release', ...)."""
    lines = (ROOT / "Procfile").read_text().splitlines()
    return [line.partition(":")[0].strip() for line in lines if ":" in line and not line.startswith("#")]


def procfile_command(kind: str, env: Mapping[str, str]) -> list[str]:
    """The Procfile's `kind` line as argv, ${VAR:-default} filled from `env`, bound to 127.0.0.1."""
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, _, command = line.partition(":")
        if name.strip() == kind:
            break
    else:
        raise KeyError(f"Procfile has no {kind!r} process")
    argv = []
    for word in shlex.split(command):
        while "${" in word:
            start = word.index("${")
            end = word.index("}", start)
            var, _, default = word[start + 2 : end].partition(":-")
            word = word[:start] + env.get(var, default) + word[end + 1 :]
        argv.append(word.replace("0.0.0.0", "127.0.0.1"))
    return argv


class LogBook:
    """A folder of process logs, plus in-process records, that tests search for secrets."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self._count = 0

    def new(self, name: str) -> Path:
        self._count += 1
        return self.folder / f"{self._count:03d}-{name}.log"

    def text(self) -> str:
        return "\n".join(p.read_text(errors="replace") for p in sorted(self.folder.glob("*.log")))

    def leaks(self, secrets: list[str]) -> list[str]:
        """The secrets (phone digits, message bodies) that appear in any log."""
        text = self.text()
        return [s for s in secrets if s and s in text]

    def __enter__(self) -> LogBook:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


@dataclass
class Proc:
    """One process we started, in its own process group, killed when `lifetime` runs out."""

    argv: list[str]
    env: Mapping[str, str]
    log: Path
    lifetime: float = LIFETIME
    popen: subprocess.Popen[bytes] | None = None
    killed: bool = False  # killed on purpose by a test
    _timer: threading.Timer | None = field(default=None, repr=False)

    def start(self) -> Proc:
        out = self.log.open("ab")
        self.popen = subprocess.Popen(
            self.argv, env=dict(self.env), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
        out.close()
        self._timer = threading.Timer(self.lifetime, self.kill)
        self._timer.daemon = True
        self._timer.start()
        return self

    @property
    def pid(self) -> int:
        assert self.popen is not None
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def signal_group(self, sig: int) -> None:
        if self.popen is None:
            return
        try:
            os.killpg(self.popen.pid, sig)
        except ProcessLookupError:
            pass

    def kill(self) -> None:
        """SIGKILL the process and everything in its group (a work-horse, gunicorn's workers)."""
        self.signal_group(signal.SIGKILL)
        if self.popen is not None:
            self.popen.wait(timeout=10)

    def stop(self, grace: float = 10.0) -> None:
        """SIGTERM, then SIGKILL after `grace` seconds; always leaves no process of the group behind."""
        if self._timer is not None:
            self._timer.cancel()
        if self.popen is None:
            return
        if self.popen.poll() is None:
            self.signal_group(signal.SIGTERM)
            try:
                self.popen.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        self.kill()


@dataclass
class Web:
    url: str
    proc: Proc


@contextmanager
def web(
    env: Mapping[str, str],
    logs: LogBook,
    workers: int = 2,
    lifetime: float = LIFETIME,
    extra: tuple[str, ...] = (),
) -> Iterator[Web]:
    """gunicorn as the Procfile runs it (preloaded app), `workers` processes; ready when /healthz is 200.

    `extra` arguments go after the Procfile's (gunicorn lets a later one win, e.g. ("--timeout", "600")).
    """
    port = free_port()
    full = {**env, "WEB_CONCURRENCY": str(workers), "PORT": str(port)}
    full.setdefault("PUBLIC_BASE_URL", f"http://127.0.0.1:{port}")
    proc = Proc([*procfile_command("web", full), *extra], full, logs.new("gunicorn"), lifetime).start()
    server = Web(f"http://127.0.0.1:{port}", proc)
    try:
        wait_until(lambda: _healthy(server.url) or not proc.alive(), 60, "gunicorn answering /healthz")
        if not proc.alive():
            raise AssertionError(f"gunicorn exited at start:\n{proc.log.read_text()[-3000:]}")
        yield server
    finally:
        proc.stop()


def _healthy(url: str) -> bool:
    try:
        return requests.get(f"{url}/healthz", timeout=2).status_code == 200
    except requests.RequestException:
        return False


class WorkerPool:
    """`count` rq workers (the Procfile's command); a supervisor thread starts a new one when one dies."""

    def __init__(self, env: Mapping[str, str], logs: LogBook, count: int, lifetime: float) -> None:
        self.env, self.logs, self.count, self.lifetime = env, logs, count, lifetime
        self.procs: list[Proc] = []
        self.started = 0
        self.kills = 0
        self.crashes = 0  # workers that died by themselves (an import error, a crash)
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._supervise, name="rq-supervisor", daemon=True)

    def start(self) -> WorkerPool:
        with self._lock:
            for _ in range(self.count):
                self._spawn()
        self._thread.start()
        return self

    def _spawn(self) -> None:
        self.started += 1
        proc = Proc(procfile_command("worker", self.env), self.env, self.logs.new("rq-worker"), self.lifetime)
        self.procs.append(proc.start())

    def _supervise(self) -> None:
        while not self._stop.wait(0.2):
            with self._lock:
                dead = [p for p in self.procs if not p.alive()]
                for proc in dead:
                    self.procs.remove(proc)
                    proc.stop()  # reaps what is left of its group
                    if not proc.killed:
                        self.crashes += 1
                    if self.crashes > MAX_CRASHES:
                        continue  # it keeps crashing (see its log): stop replacing it
                    self._spawn()

    def kill_one(self, timeout: float = 60.0) -> int:
        """SIGKILL the oldest worker that is ready (taking jobs) and its work-horse; the killed pid.

        The supervisor starts a replacement, as a platform restarts a dead process.
        """

        def ready() -> Proc | None:
            with self._lock:
                return next((p for p in self.procs if p.alive() and READY in p.log.read_text()), None)

        proc: Proc = wait_until(ready, timeout, "an rq worker ready to be killed", every=0.1)
        with self._lock:
            proc.killed = True
            proc.kill()
            self.kills += 1
        return proc.pid

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        with self._lock:
            for proc in self.procs:
                proc.stop()


@contextmanager
def worker(
    env: Mapping[str, str], logs: LogBook, count: int = 1, lifetime: float = LIFETIME
) -> Iterator[WorkerPool]:
    """`count` supervised rq workers as the Procfile runs them (with the scheduler)."""
    pool = WorkerPool(env, logs, count, lifetime).start()
    try:
        yield pool
    finally:
        pool.stop()


@contextmanager
def other_processes(
    env: Mapping[str, str], logs: LogBook, lifetime: float = LIFETIME
) -> Iterator[list[Proc]]:
    """Every long-running Procfile process besides web and worker (a clock, a sweeper), if there are any."""
    kinds = [k for k in procfile_kinds() if k not in ("web", "worker", "release")]
    procs = [Proc(procfile_command(k, env), env, logs.new(k), lifetime).start() for k in kinds]
    try:
        yield procs
    finally:
        for proc in procs:
            proc.stop()


class RedisServer:
    """A private redis-server on a free port without persistence: stop(), start() again, pause(), resume()."""

    def __init__(self, logs: LogBook, lifetime: float = LIFETIME) -> None:
        self.port = free_port()
        self.logs, self.lifetime = logs, lifetime
        self.proc: Proc | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        argv = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no", "--protected-mode", "yes"]
        self.proc = Proc(argv, dict(os.environ), self.logs.new("redis"), self.lifetime).start()
        wait_until(self._answers, 10, f"redis-server on port {self.port} answering")
        return self

    def _answers(self) -> bool:
        import redis

        try:
            with redis.Redis(port=self.port, socket_connect_timeout=0.5) as client:
                return bool(client.ping())
        except redis.RedisError:
            return False

    def stop(self) -> None:
        """Shut it down: clients get 'connection refused'; everything it held is gone."""
        if self.proc is not None:
            self.proc.signal_group(signal.SIGCONT)
            self.proc.kill()
            self.proc = None

    def pause(self) -> None:
        """SIGSTOP: connections hang until resume(); nothing is lost."""
        assert self.proc is not None
        self.proc.signal_group(signal.SIGSTOP)

    def resume(self) -> None:
        assert self.proc is not None
        self.proc.signal_group(signal.SIGCONT)

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
