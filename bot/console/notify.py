"""What the console tells a dealer on WhatsApp, and the call that queues it.

The texts come from bot/replies/ (every reply the bot sends is built there);
this module only gathers what the texts about an order need from the database
(product and scheme names, the payment instructions) and queues the result.

    outbox_ids = send(session, dealer.phone, text, key="payment:17",
                     template="payment_received", fields={"1": "₹5,000.00", "2": "₹12,300.00"})

The texts are built in the dealer's language: inside `with speaking_to(session, phone):` (his
chosen language, else the language of his last message that tells one, else English; see
bot/languages.py).

`send` adds outbox rows in the caller's transaction (deduplicated by `key`,
so an action retried never messages twice) and returns their ids for delivery
after the commit. `template` names the approved template sent instead when the
dealer is outside WhatsApp's 24-hour window.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy.orm import Session

from bot import replies
from bot.i18n import speaking
from bot.languages import reply_locale
from bot.names import order_schemes, scheme_names, sku_names
from bot.store import queue_message
from domain.services.credit import setting
from domain.services.order_views import Confirmation, Placed


@contextmanager
def speaking_to(session: Session, phone: str) -> Iterator[str]:
    """Build the texts inside the block in the language of the dealer (or rep) at `phone`."""
    with speaking(reply_locale(session, phone)) as locale:
        yield locale


def send(
    session: Session,
    phone: str,
    body: str,
    *,
    key: str,
    template: str | None = None,
    fields: Mapping[str, str] | None = None,
    media_url: str | None = None,
) -> list[int]:
    """Queue `body` to `phone`, in numbered parts when longer than one WhatsApp message (replies.split);
    the outbox ids, none when `key` was queued before. `media_url` (a file, e.g. the signed link to an
    invoice PDF: bot/invoice_links.py) goes with the first part."""
    ids = []
    for i, part in enumerate(replies.split(body)):
        row = queue_message(
            session,
            phone,
            part,
            template=template,
            template_vars=fields,
            dedupe_key=key if i == 0 else f"{key}:{i + 1}",
            media_url=media_url if i == 0 else None,
        )
        if row is not None:
            ids.append(row.id)
    return ids


def draft(session: Session, placed: Placed, replaces: Iterable[str] = ()) -> str:
    """The reviewed order, priced, waiting for the dealer's YES (replies.draft); it may replace drafts."""
    order = placed.order
    return replies.draft(
        order,
        placed.quote,
        sku_names(session, [f.sku for f in order.free_goods]),
        scheme_names(session, order_schemes(order)),
        heading="Order draft",
        note=replies.draft_checked(list(replaces)),
    )


def confirmation(session: Session, done: Confirmation) -> str:
    """The outcome of confirming a reviewed order the dealer had already said yes to."""
    order = done.order
    if done.price_asked:
        held = replies.held(order, done.credit) if done.decision == "hold" else ""
        return replies.price_pending(order, held)
    if done.decision == "ok":
        free = sku_names(session, [f.sku for f in order.free_goods])
        return replies.confirmed(order, done.shortfalls, free)
    if done.decision == "hold":
        return replies.held(order, done.credit)
    how = setting(session, "payment_instructions", replies.HOW_TO_PAY)
    return replies.blocked(done.credit.reason, how, order.number)

