"""The next catalog's parser, built in the background after an import, while processes keep theirs.

    parserbuild.renew(factory, force=True)    # before an import: "keep your parser, one is coming"
    import_dir(factory, folder, progress=lambda *_: parserbuild.renew(factory))
    parserbuild.after_import(factory, queue)  # an rq job on `queue`, or built right here (None)

An import tells every process, before its first row, that the next parser is on
its way: a marker next to the parser files (bot/parsecache.py `hold`), good for
HOLD_FOR seconds and renewed as the import goes. After it, `build` makes the
parser for the catalog now in the database and writes its file, then takes the
marker away; processes that kept answering with their parser meanwhile load
that file on their next message (bot/parsing.py). The build runs as the rq job
`build_job` on the queue the caller gives (the workers' queue), or in the
calling thread when there is none (the CLI without Redis, a console upload's
background thread or rq job, tests).

Nothing here can leave a process waiting for ever: a failed build takes the
marker away, a lost one (a worker killed, a job never picked up) lets it expire
after BUILD_WAIT, and then each process builds the parser itself, as before.
An import that changed nothing the parser reads (prices, stock) finds the
file already there and builds nothing.
"""

from __future__ import annotations

import logging
import os
import time

from redis import Redis
from rq import Queue
from rq.serializers import JSONSerializer
from sqlalchemy.orm import Session, sessionmaker

from bot import parsecache, snapshot
from bot import runtime as runtimes
from nlu.parser import Parser

log = logging.getLogger(__name__)

HOLD_FOR = 120.0  # seconds an import's marker is good for after its last sign of life
BUILD_WAIT = 180.0  # seconds processes wait for a queued build, and again once it starts (100k: 25-40 s)
RENEW_EVERY = 10.0  # seconds between renewals of the marker while an import runs
JOB_TIMEOUT = 30 * 60  # seconds rq lets one build run

_renewed = 0.0


def renew(factory: sessionmaker[Session], force: bool = False) -> None:
    """Say (again) that an import is under way; at most every RENEW_EVERY seconds unless `force`."""
    global _renewed
    if not force and time.monotonic() - _renewed < RENEW_EVERY:
        return
    _renewed = time.monotonic()
    with factory() as session:
        parsecache.hold(session, HOLD_FOR)


def after_import(factory: sessionmaker[Session], queue: Queue | None = None) -> str:
    """Build the parser of the catalog now in the database: "rq" (a job on `queue`), "here" (built
    in this thread, when there is no queue or Redis refused the job), "none" (its file is there
    already, or the parser file is off) or "failed" (the database failed; processes build their own)."""
    try:
        with factory() as session:
            if parsecache.folder(session) is None or parsecache.ready(session, parsecache.key(session)):
                parsecache.release(session)
                return "none"
            parsecache.hold(session, BUILD_WAIT)
    except Exception:
        log.exception("the next catalog's parser not started; each process builds its own")
        _release(factory)
        return "failed"
    if queue is not None:
        try:
            queue.enqueue("bot.parserbuild.build_job", job_timeout=JOB_TIMEOUT, result_ttl=600)
            return "rq"
        except Exception as exc:  # Redis away: build it here rather than leave it to every process
            log.warning("parser build job not queued (%s); building it here", type(exc).__name__)
    return "here" if build(factory) else "failed"


def build(factory: sessionmaker[Session]) -> bool:
    """Build the current catalog's parser and write its file (this process's own parser is left
    alone), then take the marker away, whatever happened; True when the file is there."""
    began = time.monotonic()
    try:
        with factory() as session:
            version = parsecache.key(session)
            if parsecache.ready(session, version):
                return True
            parsecache.hold(session, BUILD_WAIT)  # from now: a job that waited behind others is not lost
            snap = snapshot.snapshot(session)
            parser = Parser(snap.products, snap.dealers)
            del snap
            written = parsecache.save(session, parser, version) is not None
    except Exception:
        log.exception("building the next catalog's parser failed; each process builds its own")
        return False
    finally:
        _release(factory)
    log.info("next catalog's parser %s in %.1f s", "written" if written else "not written",
             time.monotonic() - began)
    return written


def _release(factory: sessionmaker[Session]) -> None:
    try:
        with factory() as session:
            parsecache.release(session)
    except Exception:  # the marker then expires by itself
        log.exception("parser build marker not taken away")


def build_job() -> bool:
    """rq job: build the parser of the worker's database (see `after_import`)."""
    return build(runtimes.current().sessions)


def queue_from_env() -> Queue | None:
    """The workers' queue (REDIS_URL, RQ_QUEUE) for a command with no runtime; None without Redis."""
    url = os.environ.get("REDIS_URL")
    if not url:
        return None
    connection = Redis.from_url(url, socket_connect_timeout=1, socket_timeout=3)
    return Queue(os.environ.get("RQ_QUEUE") or "default", connection=connection, serializer=JSONSerializer)
