"""Settings module for the Procfile's worker: `rq worker --with-scheduler -c bot.rqconfig ...`.

rq imports it in the worker's main process before any job runs. Importing it
builds the runtime from the environment and imports the message handler, so a
missing setting stops the worker at start with its name, and every forked job
starts warm instead of importing the conversation, the parser and the twilio
client again. When the handler's module has a `warm_up()` function, it is
called here too (to import what the handler defers, or load caches), once.
Database connections opened here are not reused by the forked jobs: bot.runtime
disposes the inherited pool in each child.
"""

from __future__ import annotations

import importlib

from bot import jobs, runtime, sweeper

_runtime = runtime.current()
_handler = _runtime.handler
_warm_up = getattr(importlib.import_module(_handler.__module__), "warm_up", None)
if callable(_warm_up):
    _warm_up()

REDIS_URL = _runtime.settings.redis_url
QUEUES = [_runtime.settings.rq_queue]
JOBS = (jobs.process_inbound, jobs.deliver_outbox, sweeper.scheduled_sweep)
