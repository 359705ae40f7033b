"""Master files uploaded on the console: staged, previewed, then applied - in the request, or as a
background job that shows its progress (issue 12, item 5).

    token = stage({"catalog.csv": data})          # a folder of its own under MASTERS_UPLOAD_DIR
    preview(factory, token)                         # import_dir(dry_run=True): what would change
    apply(factory, token, "asha@example.com")       # import it, in this process
    start(runtime, token, "asha@example.com", PREVIEW)  # either in the background: "rq" when
    status(token)                                   # REDIS_URL is set, else "thread"; then its
                                                    # Status(state="running", done=40000, total=120000)

States: staged -> previewing -> previewed (the lines say what would change; nothing
written) -> queued -> running -> done, or failed (a file refused) at any step.

A staged upload is a folder named by a random token holding the files under their
master names and `status.json`, the job's progress (written whole and renamed into
place, so a reader never sees half of it). The import itself is `import_file`, one
transaction per file as always, so progress cannot live in the database: on SQLite the
job holds the only write lock until the file is done. With rq the worker must see the
same folder (MASTERS_UPLOAD_DIR, shared, on the same host). Without Redis the job runs
in a thread of the web process: a restart of that process abandons it mid-file (nothing
of that file is written) and the page says so by the status not moving. After an apply
the next catalog's parser is built in the background (bot/parserbuild.py) while every
process keeps answering with the one it has.
"""

from __future__ import annotations

import json
import logging
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rq import Queue
from sqlalchemy.orm import Session, sessionmaker

from bot import parserbuild
from bot import runtime as runtimes
from bot.console import audit
from bot.dispatch import RqDispatcher
from bot.runtime import Runtime
from domain.errors import DomainError
from domain.importing import FileResult, ImportFailed, count_rows, files_in, import_dir, import_file

log = logging.getLogger(__name__)

TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
STATUS = "status.json"
MAX_SHOWN = 200  # bad rows and changed rows kept for the page
JOB_TIMEOUT = 3 * 60 * 60  # seconds rq lets one upload run
KEEP_FOR = 2 * 24 * 60 * 60  # seconds a staged upload (and its status) is kept
PREVIEW, APPLY = "preview", "apply"  # the two jobs
FINISHED = ("previewed", "done", "failed")


class UnknownUpload(DomainError):
    def __init__(self, token: str) -> None:
        super().__init__(
            f"no staged upload '{token[:64]}' (it was applied, or is too old): upload the files again"
        )


@dataclass
class Status:
    """Where an applied upload is: queued, running, done or failed (a file refused)."""

    state: str = "staged"  # see the module doc
    how: str = ""  # "rq", "thread" or "request"
    job: str = ""  # PREVIEW or APPLY
    by: str = ""
    file: str = ""  # the file being imported
    done: int = 0  # its rows written so far
    total: int = 0  # its rows
    lines: list[str] = field(default_factory=list)  # FileResult.lines() of each file imported
    failed_file: str = ""
    errors: list[str] = field(default_factory=list)
    more: int = 0  # bad rows beyond MAX_SHOWN

    @property
    def finished(self) -> bool:
        return self.state in FINISHED

    @property
    def percent(self) -> int:
        return 100 if self.finished else (self.done * 100 // self.total if self.total else 0)


def root() -> Path:
    return Path(os.environ.get("MASTERS_UPLOAD_DIR") or Path(tempfile.gettempdir()) / "orderbot-masters")


def folder(token: str) -> Path:
    """The staged upload's folder; UnknownUpload for a token that is malformed or not staged."""
    path = root() / token
    if not TOKEN.fullmatch(token) or not path.is_dir():
        raise UnknownUpload(token)
    return path


def stage(files: dict[str, bytes]) -> str:
    """Keep the uploaded files (master name -> bytes) for a preview and a later apply; the token."""
    _forget_old()
    token = secrets.token_urlsafe(24)
    path = root() / token
    path.mkdir(parents=True, mode=0o700)
    for name, data in files.items():
        (path / name).write_bytes(data)
    save(path, Status())
    return token


def _forget_old() -> None:
    """Remove staged uploads older than KEEP_FOR (previewed and never applied, or long finished)."""
    if not root().is_dir():
        return
    cutoff = time.time() - KEEP_FOR
    for path in root().iterdir():
        if TOKEN.fullmatch(path.name) and path.is_dir() and path.stat().st_mtime < cutoff:
            shutil.rmtree(path, ignore_errors=True)


def rows(token: str) -> int:
    """Data rows in the staged files (their layout checked: ImportFailed names a bad header)."""
    path = folder(token)
    return sum(count_rows(path / name) for name in files_in(path))


def preview(factory: sessionmaker[Session], token: str) -> list[FileResult]:
    """What applying the upload would change, nothing written; ImportFailed at the first bad file."""
    return import_dir(factory, folder(token), dry_run=True)


def run_preview(factory: sessionmaker[Session], token: str, by: str, how: str = "request") -> Status:
    """`preview` noting progress and its outcome in the status (a background preview of a big file)."""
    return _preview_at(factory, folder(token), by, how)


def _preview_at(factory: sessionmaker[Session], path: Path, by: str, how: str) -> Status:
    state = _read(path)
    state.state, state.how, state.by, state.job = "previewing", how, by, PREVIEW
    save(path, state)

    def progress(name: str, done: int, total: int) -> None:
        state.file, state.done, state.total = name, done, total
        save(path, state)

    try:
        results = import_dir(factory, path, dry_run=True, progress=progress)
    except ImportFailed as exc:
        errors = [str(e) for e in exc.errors]
        state.state, state.failed_file = "failed", exc.file
        state.errors, state.more = errors[:MAX_SHOWN], max(len(errors) - MAX_SHOWN, 0)
    except DomainError as exc:
        state.state, state.errors = "failed", [str(exc)]
    else:
        state.state, state.file = "previewed", ""
        state.lines = [line for result in results for line in result.lines(MAX_SHOWN)]
    save(path, state)
    return state


def status(token: str) -> Status:
    return _read(folder(token))


def _read(where: Path) -> Status:
    return Status(**json.loads((where / STATUS).read_text(encoding="utf-8")))


def save(where: Path, state: Status) -> None:
    """Write the status of the upload staged in `where` (whole, then renamed into place)."""
    path = where / STATUS
    spare = path.with_suffix(".tmp")
    spare.write_text(json.dumps(asdict(state)), encoding="utf-8")
    os.replace(spare, path)


def apply(
    factory: sessionmaker[Session], token: str, by: str, how: str = "request", queue: Queue | None = None
) -> Status:
    """Import the staged files in FILES order, as `orderbot import` does, noting progress and each
    file in the audit log; the first refused file stops it (files before it stay imported). Then
    the next catalog's parser is built in the background (`_next_parser`; `queue`: the workers')."""
    return _apply_at(factory, folder(token), by, how, queue)


def _apply_at(
    factory: sessionmaker[Session], path: Path, by: str, how: str, queue: Queue | None = None
) -> Status:
    state = _read(path)
    if state.state not in ("staged", "previewed", "queued") or not _claim(path):
        return state  # applied already, or being applied (a double click, a retried job): never twice
    parserbuild.renew(factory, force=True)  # processes keep their parser until the next one is built
    try:
        return _import_files(factory, path, state, by, how)
    finally:
        _next_parser(factory, how, queue)


def _next_parser(factory: sessionmaker[Session], how: str, queue: Queue | None) -> None:
    """Build the imported catalog's parser (bot/parserbuild.py): in this job or thread when the
    upload ran in the background already, else as a job on `queue`, or in a thread of its own."""
    if how != "request":
        parserbuild.after_import(factory)
    elif queue is not None:
        parserbuild.after_import(factory, queue)
    else:
        threading.Thread(
            target=parserbuild.after_import, args=(factory,), name="parser-build", daemon=True
        ).start()


def _import_files(factory: sessionmaker[Session], path: Path, state: Status, by: str, how: str) -> Status:
    state.lines = []
    state.state, state.how, state.by, state.job = "running", how, by, APPLY

    def progress(done: int, total: int) -> None:
        state.done, state.total = done, total
        save(path, state)
        parserbuild.renew(factory)

    for name in files_in(path):
        state.file, state.done, state.total = name, 0, 0
        save(path, state)
        try:
            result = import_file(factory, path / name, progress=progress)
        except ImportFailed as exc:
            return _failed(factory, path, state, name, [str(e) for e in exc.errors])
        except DomainError as exc:
            return _failed(factory, path, state, name, [str(exc)])
        state.lines.extend(result.lines(MAX_SHOWN))
        with factory() as session, session.begin():
            audit.record(
                session,
                "masters.import",
                name,
                by=by,
                after={"rows": result.rows, "summary": str(result), "changes": list(result.changes[:50])},
            )
    state.state, state.file = "done", ""
    save(path, state)
    _drop_files(path)
    return state


def _claim(path: Path) -> bool:
    """True for the one caller that may apply the upload (making a folder is atomic)."""
    try:
        (path / "applying").mkdir()
    except FileExistsError:
        return False
    return True


def _drop_files(path: Path) -> None:
    """The staged files are not needed once applied (the status stays for the page)."""
    for name in files_in(path):
        (path / name).unlink(missing_ok=True)


def _failed(
    factory: sessionmaker[Session], path: Path, state: Status, name: str, errors: list[str]
) -> Status:
    state.state, state.failed_file = "failed", name
    state.errors, state.more = errors[:MAX_SHOWN], max(len(errors) - MAX_SHOWN, 0)
    save(path, state)
    _drop_files(path)
    with factory() as session, session.begin():
        audit.record(
            session,
            "masters.import_refused",
            name,
            by=state.by,
            after={"bad_rows": len(errors), "first": errors[0][:300]},
        )
    return state


def start(rt: Runtime, token: str, by: str, job: str = APPLY) -> str:
    """Preview or apply the upload in the background: an rq job when REDIS_URL is set, else a thread."""
    path = folder(token)
    state = _read(path)
    if state.state not in ("staged", "previewed"):
        return state.how  # started already (a double click)
    state.state, state.by, state.job = ("queued" if job == APPLY else "previewing"), by, job
    if isinstance(rt.dispatcher, RqDispatcher):
        state.how = "rq"
        save(path, state)
        rt.dispatcher.queue.enqueue(f"bot.masters_upload.{job}_job", token, by, job_timeout=JOB_TIMEOUT)
        return "rq"
    state.how = "thread"
    save(path, state)
    threading.Thread(
        target=_thread, args=(rt.sessions, path, by, job), name=f"masters-{token[:8]}", daemon=True
    ).start()
    return "thread"


def apply_job(token: str, by: str) -> str:
    """rq job: apply a staged upload (see `start`)."""
    return apply(runtimes.current().sessions, token, by, "rq").state


def preview_job(token: str, by: str) -> str:
    """rq job: preview a staged upload (see `start`)."""
    return run_preview(runtimes.current().sessions, token, by, "rq").state


def _thread(factory: sessionmaker[Session], path: Path, by: str, job: str) -> None:
    """The job in a thread of this process; `path` is the upload's folder, resolved when it started."""
    try:
        (_apply_at if job == APPLY else _preview_at)(factory, path, by, "thread")
    except Exception:  # a thread has no one to raise to: the status says it stopped
        log.exception("master upload %s stopped", path.name[:8])
        state = _read(path)
        state.state, state.errors = "failed", ["the import stopped on an unexpected error (see the log)"]
        save(path, state)
