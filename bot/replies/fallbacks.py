"""When the bot cannot act on a message: it went wrong, was not understood, was empty, too long, a
file (or a message pointing at one), a bill asked for, too many too fast, or rejected by staff from the
review queue."""

from __future__ import annotations

from bot.i18n import _, number
from bot.replies.shape import LIMIT


def went_wrong() -> str:
    return _(
        "Sorry, I could not finish that. A person from our team will look at your message and reply here."
    )


def not_understood() -> str:
    return _(
        "Sorry, I did not understand that. Send *help* to see what I can do, or write your order like "
        "*10 peti maggi, 5 box parle g*."
    )


def empty_message() -> str:
    return _("Your message was empty. Send your order as text, e.g. *10 peti maggi*, or *help*.")


def too_long(length: int) -> str:
    text = _(
        "That message is too long for me ({length} characters; at most {limit}). "
        "Please send the order in two or three shorter messages."
    )
    return text.format(length=number(length), limit=number(LIMIT))


def media_received() -> str:
    return _(
        "📎 Got your file. A person from our team will look at it and reply here. "
        "For a quick order, type it as text, e.g. *10 peti maggi*."
    )


def claim_and_order() -> str:
    """A claim and an order in one message ("5 peti bhejo, pichli baar 2 peti damage thi"): which goods
    are claimed and which ordered is for a person; nothing is booked meanwhile."""
    return _(
        "📝 Your message has both a claim and an order. A person from our team will read it and reply "
        "here; nothing is booked yet. For a quicker answer, send the order and the claim as two messages."
    )


def file_mentioned(still_open: str = "") -> str:
    """A message pointing at a file or photo ("list attached hai, usi hisaab se bhej dena"): a person reads
    files; `still_open` asks the open question again.

    >>> file_mentioned("Please reply *1* or *2*.").splitlines()[1:]
    ['', 'Please reply *1* or *2*.']
    """
    text = _(
        "📎 Files and photos are read by a person from our team, who will reply here. "
        "For a quick order, type it as text, e.g. *10 peti maggi*."
    )
    return f"{text}\n\n{still_open}" if still_open else text


def bill_asked(still_open: str = "") -> str:
    """A bill or invoice asked for ("last order ka bill bhejo"): the office sends bills; `still_open` asks
    the open question again."""
    text = _("🧾 Bills are sent by our office. I have passed your request on; they will send it here.")
    return f"{text}\n\n{still_open}" if still_open else text


def please_wait() -> str:
    """The one reply a minute to a sender over the rate limit (bot/ratelimit.py)."""
    return _(
        "You have sent a lot of messages in the last minute, so I am taking a short break from reading them. "
        "Please wait a minute, then send your last message again."
    )


def review_rejected(reason: str, text: str = "") -> str:
    if text.strip():
        said = _(
            'Sorry, we could not take your message ("{text}"): {reason}. '
            "Please call our office if you need help."
        )
    else:
        said = _("Sorry, we could not take your message: {reason}. Please call our office if you need help.")
    return said.format(text=text.strip()[:80], reason=reason)
