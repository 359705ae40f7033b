"""Settings module for the Procfile's worker: `rq worker --with-scheduler -c bot.rqconfig ...`.

rq imports it in the worker's main process before any job runs. Importing it
builds the runtime from the environment, imports the message handler and the
twilio client's Messages API, and calls the handler module's `warm_up()` when
it has one, so a missing setting stops the worker at start with its name and
the first job pays for no imports. It also schedules the periodic sweep and the
next daily payment-reminder run (both keyed by job id, so every worker start
schedules them once), so a worker that starts after Redis lost its data still
sweeps what was stored and still reminds. A database that fails at that moment
does not stop the worker: the reminder run (its hour is a database setting) is
then left unscheduled with a warning, and the first scheduled sweep that reaches
the database schedules it (bot.reminders.ensure_scheduled). The sweep needs no
database to be scheduled, and every enqueue and sweep schedules it again.

The Procfile runs rq's SimpleWorker: jobs run in the worker process, with warm
caches and no fork per job (about 5x faster per job here). With the forking
Worker each job starts from this warm state; database connections are never
shared with a child (bot.runtime disposes the inherited pool after a fork).
"""

from __future__ import annotations

import importlib
import logging

from redis.exceptions import RedisError
from sqlalchemy.exc import SQLAlchemyError

from bot import jobs, reminders, runtime, sweeper
from bot.dispatch import RqDispatcher, queue_names
from bot.logging import DeferredIsNoFailure

log = logging.getLogger(__name__)

_runtime = runtime.current()
_handler = _runtime.handler
_sender_warm_up = getattr(_runtime.sender, "warm_up", None)
if callable(_sender_warm_up):
    _sender_warm_up()
_warm_up = getattr(importlib.import_module(_handler.__module__), "warm_up", None)
if callable(_warm_up):
    _warm_up()

if isinstance(_runtime.dispatcher, RqDispatcher):
    try:
        _runtime.dispatcher.ensure_sweeper()
        reminders.schedule_next(_runtime.dispatcher.queue)
    except RedisError:  # Redis is not up yet; the first enqueue or sweep schedules the sweep
        pass
    except SQLAlchemyError as exc:  # schedule_next reads the `reminder_hour` setting
        log.warning(
            "daily payment-reminder run not scheduled at worker start: the database failed (%s: %s); "
            "the first scheduled sweep that reaches the database schedules it",
            type(exc).__name__,
            next(iter(str(exc).splitlines()), ""),
        )



logging.getLogger("rq.worker").addFilter(DeferredIsNoFailure())  # a deferred reply: one INFO line

REDIS_URL = _runtime.settings.redis_url
QUEUES = queue_names(_runtime.settings)  # replies first
JOBS = (jobs.drain_inbound, jobs.process_inbound, jobs.deliver_outbox, sweeper.scheduled_sweep,
        reminders.scheduled_reminders)
