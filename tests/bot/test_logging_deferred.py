"""rq's worker logs a deferred reply as one INFO line, not as an ERROR with a traceback (bot.logging)."""

from __future__ import annotations

import logging
import traceback

from bot.jobs import DeliveryDeferred, ProcessingFailed
from bot.logging import DeferredIsNoFailure


def rq_record(exc: Exception) -> logging.LogRecord:
    """The record rq's Worker.handle_exception makes for a job that raised `exc`."""
    try:
        raise exc
    except Exception as raised:
        text = "".join(traceback.format_exception(raised))
    return logging.LogRecord(
        "rq.worker", logging.ERROR, __file__, 1,
        "Worker %s: job %s: exception raised while executing (%s)\n%s",
        ("w1", "job-42", "bot.jobs.deliver_outbox", text), None,
    )


def test_a_deferred_reply_is_one_info_line() -> None:
    record = rq_record(DeliveryDeferred("outbox 31: an earlier reply to the number is not due yet", 4))
    assert DeferredIsNoFailure().filter(record)
    assert record.levelno == logging.INFO and record.levelname == "INFO"
    assert record.getMessage() == (
        "job job-42: outbox 31: an earlier reply to the number is not due yet; retried when due"
    )
    assert "Traceback" not in record.getMessage()


def test_a_real_failure_keeps_its_error_and_traceback() -> None:
    record = rq_record(ProcessingFailed("inbound 7: KeyError while processing"))
    assert DeferredIsNoFailure().filter(record)
    assert record.levelno == logging.ERROR and "Traceback" in record.getMessage()


def test_other_records_pass_unchanged() -> None:
    record = logging.LogRecord("rq.worker", logging.INFO, __file__, 1, "job %s done", ("job-1",), None)
    assert DeferredIsNoFailure().filter(record) and record.getMessage() == "job job-1 done"
