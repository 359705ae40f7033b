"""Accepting a fixed review item: the workflow behind the review page's Accept button.

    with writing() as session:
        done = accept(session, item_id, lines, catalog, actor=staff(), staff_id=current_user.id)
    deliver(done.outbox)        # then flash done.message, or show done.errors

The view only turns the form into lines, calls this and redirects. Accepting:

1. checks the lines against the catalog (`review_draft.check`: a unit the SKU is not sold in is an
   error naming the SKU's units, never a default filled in);
2. fixes the dealer's draft made from the clear part of the message in place (same number), or
   places a new order (`place_order`); when the dealer had already said YES (the stored parse has
   "confirmed": true) the order is confirmed at once (`confirm_order`);
3. teaches the parser the dealer's words for every line whose SKU staff chose (changed, added from
   loose words, or confirmed over a doubtful guess), and says which fixes teach nothing because
   the next parse would not change (the catalog or a learned alias has the words already, or the
   parser reads them right already);
4. closes the item, writes the audit row and queues the message to the dealer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bot import snapshot
from bot.console import audit, notify, queries
from bot.console import review_draft as rd
from bot.console.teach import Taught, nothing_to_learn, teach
from bot.parsing import parser_for
from domain.models import ReviewItem
from domain.orders import PENDING, Actor, ShortfallChoice, State
from domain.services.orders import cancel_order, confirm_order, place_order, revise_order
from nlu.parser import AUTO_CONFIDENCE
from nlu.types import Product

KINDS = queries.QUEUE_KINDS


@dataclass(frozen=True)
class Accepted:
    """What accepting did: the message for staff and the outbox rows to deliver, or the errors."""

    message: str = ""
    outbox: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def catalog(session: Session) -> dict[str, Product]:
    return {p.sku: p for p in snapshot.products(session)}


def accept(
    session: Session,
    item_id: int,
    lines: list[rd.DraftLine],
    products: Mapping[str, Product],
    actor: Actor,
    staff_id: int,
) -> Accepted:
    """Place (and maybe confirm) the fixed order, teach the parser, queue the dealer's message.

    Raises DomainError (or queries.ConsoleError) when the order cannot be placed; the caller's
    transaction then rolls back whole.
    """
    good, errors = rd.check(lines, products)
    if errors:
        return Accepted(errors=errors)
    item = queries.review_item(session, item_id, KINDS, lock=True)
    if item is None or not queries.holds_claim(item, staff_id):
        raise queries.ConsoleError("this item is no longer yours to accept (released, taken over or done)")
    dealer = item.dealer
    if dealer is None:
        raise queries.ConsoleError("the sender is not a dealer: add him as a dealer first, or reject")
    earlier = earlier_drafts(session, item)
    replaced: list[str] = []  # drafts cancelled for this one (none: the dealer's draft is fixed in place)
    if earlier:  # the clear lines were drafted already: that draft becomes the checked order, same number
        placed = revise_order(session, earlier[-1], good, actor, why=f"checked from review item {item.id}")
        for old in earlier[:-1]:
            cancel_order(
                session, old, actor, f"merged into {earlier[-1]}, checked from review item {item.id}"
            )
            replaced.append(old)
    else:
        placed = place_order(
            session, dealer.code, good, actor, source_ref=f"review:{item.id}", note=f"reviewed by {actor.ref}"
        )
    order = placed.order
    if (item.parse or {}).get("confirmed"):
        done = confirm_order(session, order.number, actor, shortfall=ShortfallChoice.BACK_ORDER)
        order = done.order
        with notify.speaking_to(session, dealer.phone):  # the notice in the dealer's language
            body = notify.confirmation(session, done)
        outcome = f"{order.number} confirmed for {dealer.name}: credit {done.decision}"
    else:
        with notify.speaking_to(session, dealer.phone):
            body = notify.draft(session, placed, replaced)
        outcome = f"{order.number} sent to {dealer.name} for a YES"
    taught, untaught = _teach_all(session, lines, dealer.id, dealer.code, actor.ref)
    queries.close(item, "done", f"accepted as {order.number}", order_id=_order_id(session, order.number))
    audit.record(
        session,
        "review.accept",
        f"review {item.id}",
        before={"message": item.message_text, "parse": item.parse},
        after={
            "order": order.number,
            "state": order.state,
            "lines": good,
            "taught": [t.phrase + " = " + t.sku for t in taught],
            "not_taught": untaught,
        },
        by=actor.ref,
    )
    outbox = notify.send(
        session,
        dealer.phone,
        body,
        key=f"review:{item.id}:accepted",
        template="order_update",
        fields={"1": order.number, "2": order.state.value},
    )
    if taught:
        outcome += "; learned " + ", ".join(f"'{t.phrase}' = {t.sku}" for t in taught)
    if untaught:
        outcome += "; nothing learned from " + "; ".join(untaught) + " (the next parse would not change)"
    return Accepted(message=outcome, outbox=outbox)


def _teach_all(
    session: Session, lines: list[rd.DraftLine], dealer_id: int, dealer_code: str, by: str
) -> tuple[list[Taught], list[str]]:
    """Teach each line staff chose; the lessons, and why each other chosen line taught nothing."""
    taught: list[Taught] = []
    untaught: list[str] = []
    for line in lines:
        if not teaches(line):
            continue
        why = nothing_to_learn(session, line.words, line.sku, dealer_id) or _reads_right(
            session, line, dealer_code
        )
        lesson = None if why else teach(session, line.words, line.sku, dealer_id, by)
        if lesson is not None:
            taught.append(lesson)
        elif why:
            untaught.append(why)
    return taught, untaught


def _reads_right(session: Session, line: rd.DraftLine, dealer_code: str) -> str:
    """'' unless the parser already reads the line's words as its SKU, sure of it."""
    parsed = parser_for(session).parse(line.words, dealer=dealer_code)
    first = parsed.lines[0] if len(parsed.lines) == 1 and not parsed.unmatched else None
    if (
        first is not None
        and first.sku == line.sku
        and first.confidence >= AUTO_CONFIDENCE
        and not first.review
    ):
        return f"the parser already reads '{line.words}' as {line.sku}"
    return ""


def earlier_drafts(session: Session, item: ReviewItem) -> list[str]:
    """Drafts made from this message before review (the clear lines), still waiting for a YES."""
    numbers = {item.order.number} if item.order else set()
    drafted = (item.parse or {}).get("drafted_as")
    if isinstance(drafted, str) and drafted:
        numbers.add(drafted)
    out = []
    for number in sorted(numbers):
        found = queries.order_detail(session, number)
        if found is not None and found.dealer_id == item.dealer_id and State(found.state) in PENDING:
            out.append(found.number)
    return out


def teaches(line: rd.DraftLine) -> bool:
    """Staff chose this SKU for the dealer's words: a change, a line from loose words, or a doubtful guess."""
    if not line.words.strip():
        return False
    try:
        doubtful = float(line.conf or 0) < AUTO_CONFIDENCE
    except ValueError:
        doubtful = True
    return line.changed or doubtful


def _order_id(session: Session, number: str) -> int | None:
    found = queries.order_detail(session, number)
    return None if found is None else found.id
