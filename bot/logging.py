"""Phone numbers never reach a log in full; message bodies are never logged at all.

`install_log_masking()` wraps the log-record factory, so every record made in
the process, by any logger and for any handler (gunicorn, rq, pytest's caplog),
has its phone numbers masked as it is made: the message, its arguments and a
traceback's text.

>>> mask_phones("reply to whatsapp:+919826104573 queued")
'reply to whatsapp:+91******4573 queued'
>>> mask_phones("WaId 919826104573, sid SM0123456789012345")
'WaId 91******4573, sid SM0123456789012345'
>>> mask_phones('"GET /simulator/messages?phone=%2B919826104573 HTTP/1.1" 200')  # URL-encoded
'"GET /simulator/messages?phone=%2B91******4573 HTTP/1.1" 200'

Bodies are kept out by discipline: code logs ids, phones and lengths, never
`Body`, and tests/bot/test_logging.py runs a conversation and searches the log.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import traceback
from typing import Any

# A run of 10-15 digits (optionally after '+') that is not part of a word, so SIDs like SM0123... survive;
# right after a URL escape ('%2B', 'whatsapp%3A') it is a number too, as an access log line shows it.
PHONE = re.compile(r"(?:(?<=%[0-9A-Fa-f]{2})|(?<![\w+%]))(\+?)(\d{10,15})(?!\w)")

_installed = False


def mask_phone(phone: str) -> str:
    """'+919826104573' -> '+91******4573': country code and the last four digits stay."""
    match = PHONE.fullmatch(phone.strip())
    return _mask(match) if match else phone


def mask_phones(text: str) -> str:
    return PHONE.sub(_mask, text)


def _mask(match: re.Match[str]) -> str:
    plus, digits = match.group(1), match.group(2)
    return f"{plus}{digits[:2]}{'*' * (len(digits) - 6)}{digits[-4:]}"


def install_log_masking() -> None:
    """Mask phone numbers in every log record from now on (safe to call more than once)."""
    global _installed
    if _installed:
        return
    previous = logging.getLogRecordFactory()

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        _mask_record(record)
        return record

    logging.setLogRecordFactory(factory)
    _installed = True


def configure_logging() -> None:
    """Masking on, and when nothing else set logging up, bot.* at LOG_LEVEL (INFO) to stderr.

    gunicorn, rq and pytest bring their own handlers; a bare process gets one line per record.
    """
    install_log_masking()
    bot_logger = logging.getLogger("bot")
    if logging.getLogger().handlers or bot_logger.handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    bot_logger.addHandler(handler)
    bot_logger.setLevel(os.environ.get("LOG_LEVEL", "INFO").upper())


def _mask_record(record: logging.LogRecord) -> None:
    try:
        message = record.getMessage()
    except Exception:  # a malformed call; leave it for logging's own error report
        return
    record.msg = mask_phones(message)
    record.args = None
    if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
        record.exc_text = mask_phones("".join(traceback.format_exception(*record.exc_info)).rstrip("\n"))
    if record.stack_info:
        record.stack_info = mask_phones(record.stack_info)


class DeferredIsNoFailure(logging.Filter):
    """For rq's worker logger: rq logs every exception a job raises at ERROR with its traceback. A
    reply Twilio deferred (429, 5xx) or one waiting behind an earlier reply to the same number
    (bot.jobs.DeliveryDeferred) is the retry doing its work, not a failure an operator must read:
    one INFO line instead (rq's record: 'Worker %s: job %s: exception raised ...', name, id, func, text)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args if isinstance(record.args, tuple) else ()
        text = str(args[-1]) if len(args) == 4 else ""
        if record.levelno < logging.ERROR or "bot.jobs.DeliveryDeferred" not in text:
            return True
        last = next(ln for ln in reversed(text.splitlines()) if "DeliveryDeferred" in ln)
        record.msg, record.args = "job %s: %s; retried when due", (args[1], last.split(": ", 1)[-1])
        record.levelno, record.levelname, record.exc_info, record.exc_text = logging.INFO, "INFO", None, None
        return True
