"""Settings module for the Procfile's worker: `rq worker --with-scheduler -c bot.rqconfig ...`.

rq imports it in the worker's main process before any job runs. Importing it
builds the runtime from the environment and imports the message handler, so a
missing setting stops the worker at start with its name, and every forked job
starts warm instead of importing the conversation, the parser and the twilio
client again. Nothing connects here; each forked job gets fresh database
connections (bot.runtime disposes the inherited pool after a fork).
"""

from __future__ import annotations

from bot import jobs, runtime, sweeper

_runtime = runtime.current()
_handler = _runtime.handler

REDIS_URL = _runtime.settings.redis_url
QUEUES = [_runtime.settings.rq_queue]
JOBS = (jobs.process_inbound, jobs.deliver_outbox, sweeper.scheduled_sweep)
