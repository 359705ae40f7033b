"""The conversation: what the bot says back to each WhatsApp message.

`handle(session, inbound, now) -> list[Reply]` is the entry point the webhook
job calls (config MESSAGE_HANDLER, default "bot.conversation:handle") inside
the transaction that stored the message; everything it changes commits with the
replies. The flow lives in bot/conversation/flow.py; imports are deferred so
that loading this package (migrations import the state table) stays cheap.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from bot.messages import Inbound, Reply

__all__ = ["handle", "warm_up"]


def handle(session: Session, inbound: Inbound, now: datetime) -> Sequence[Reply]:
    """The replies to one inbound message (see bot/conversation/flow.py)."""
    from bot.conversation.flow import handle as run

    return run(session, inbound, now)


def warm_up() -> None:
    """Load the flow and build the parser for the configured database once (an rq worker calls this
    before forking jobs, so each job starts with the parser instead of building it)."""
    import logging

    from bot import runtime
    from bot.conversation import flow  # noqa: F401
    from bot.parsing import parser_for

    try:
        with runtime.current().sessions() as session:
            parser_for(session)
    except Exception as exc:  # an empty database at start: the first message builds it instead
        logging.getLogger(__name__).warning("parser not built at start (%s); built on first message", exc)
