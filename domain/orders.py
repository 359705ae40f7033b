"""Order states, the one table of legal transitions, and who may make each.

An order moves

    draft -> awaiting_confirmation -> confirmed | on_hold -> approved -> dispatched -> delivered -> invoiced

and may be cancelled from any state before dispatch. Every move is checked
against `TRANSITIONS` (data, not if-chains) by `check_transition`, which
names the order, the states and the actor when the move is not allowed.

>>> check_transition("SO-1043", State.AWAITING_CONFIRMATION, State.CONFIRMED, Actor.dealer("D201"))
<State.CONFIRMED: 'confirmed'>
>>> check_transition("SO-1043", State.DISPATCHED, State.CANCELLED, Actor.staff("asha"))
Traceback (most recent call last):
...
domain.orders.IllegalTransition: order SO-1043 cannot go from dispatched to cancelled
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from domain.errors import DomainError


class State(StrEnum):
    DRAFT = "draft"
    AWAITING_CONFIRMATION = "awaiting_confirmation"
    CONFIRMED = "confirmed"
    ON_HOLD = "on_hold"
    APPROVED = "approved"
    DISPATCHED = "dispatched"
    DELIVERED = "delivered"
    INVOICED = "invoiced"
    CANCELLED = "cancelled"


class ActorKind(StrEnum):
    DEALER = "dealer"
    REP = "rep"
    STAFF = "staff"
    SYSTEM = "system"


@dataclass(frozen=True)
class Actor:
    """Who made a move: a kind and a reference (dealer code, rep phone, staff user, job name)."""

    kind: ActorKind
    ref: str

    @classmethod
    def dealer(cls, code: str) -> Actor:
        return cls(ActorKind.DEALER, code)

    @classmethod
    def rep(cls, phone: str) -> Actor:
        return cls(ActorKind.REP, phone)

    @classmethod
    def staff(cls, user: str) -> Actor:
        return cls(ActorKind.STAFF, user)

    @classmethod
    def system(cls, job: str = "system") -> Actor:
        return cls(ActorKind.SYSTEM, job)

    def __str__(self) -> str:
        return f"{self.kind.value} {self.ref}"


_ANYONE: Final = frozenset(ActorKind)
_ORDERING: Final = frozenset({ActorKind.DEALER, ActorKind.REP, ActorKind.STAFF})
_STAFF: Final = frozenset({ActorKind.STAFF})
_BACK_OFFICE: Final = frozenset({ActorKind.STAFF, ActorKind.SYSTEM})

S = State
TRANSITIONS: Final[Mapping[tuple[State, State], frozenset[ActorKind]]] = {
    # (from, to): who may make the move
    (S.DRAFT, S.AWAITING_CONFIRMATION): _ANYONE,  # the priced draft is shown for a YES
    (S.AWAITING_CONFIRMATION, S.CONFIRMED): _ORDERING,  # YES, and the credit check passed
    (S.AWAITING_CONFIRMATION, S.ON_HOLD): _ORDERING,  # YES, but over the credit limit
    (S.ON_HOLD, S.APPROVED): _STAFF,  # an approver lets it through
    (S.CONFIRMED, S.APPROVED): _STAFF,  # distributors who approve every order
    (S.CONFIRMED, S.DISPATCHED): _BACK_OFFICE,
    (S.APPROVED, S.DISPATCHED): _BACK_OFFICE,
    (S.DISPATCHED, S.DELIVERED): frozenset({ActorKind.STAFF, ActorKind.SYSTEM, ActorKind.REP}),
    (S.DELIVERED, S.INVOICED): _BACK_OFFICE,
    (S.DRAFT, S.CANCELLED): _ANYONE,  # also the expiry job
    (S.AWAITING_CONFIRMATION, S.CANCELLED): _ANYONE,  # also the expiry job
    (S.CONFIRMED, S.CANCELLED): _ORDERING,
    (S.ON_HOLD, S.CANCELLED): _ORDERING,  # the dealer withdraws, or staff reject the hold
    (S.APPROVED, S.CANCELLED): _ORDERING,
}

# Orders the distributor has accepted and not yet billed or dropped: they count toward exposure.
COMMITTED: Final = frozenset({S.CONFIRMED, S.APPROVED, S.DISPATCHED, S.DELIVERED})
# Orders still waiting for the dealer's YES: these expire.
PENDING: Final = frozenset({S.DRAFT, S.AWAITING_CONFIRMATION})
CANCELLABLE: Final = frozenset(src for (src, dst) in TRANSITIONS if dst is S.CANCELLED)


class IllegalTransition(DomainError):
    """No row of TRANSITIONS leads from this state to that one."""

    def __init__(self, order: str, source: State, target: State) -> None:
        super().__init__(f"order {order} cannot go from {source.value} to {target.value}")
        self.order, self.source, self.target = order, source, target


class NotAllowed(DomainError):
    """The move exists, but not for this kind of actor."""

    def __init__(self, order: str, source: State, target: State, actor: Actor) -> None:
        super().__init__(
            f"order {order}: a {actor.kind.value} ({actor.ref}) may not move it from "
            f"{source.value} to {target.value}"
        )
        self.order, self.source, self.target, self.actor = order, source, target, actor


def check_transition(order: str, source: State, target: State, actor: Actor) -> State:
    """Return `target` when `actor` may move `order` from `source` to it; raise otherwise."""
    allowed = TRANSITIONS.get((source, target))
    if allowed is None:
        raise IllegalTransition(order, source, target)
    if actor.kind not in allowed:
        raise NotAllowed(order, source, target, actor)
    return target


def next_states(source: State, actor: Actor | None = None) -> tuple[State, ...]:
    """The states an order in `source` may move to (for `actor`, when given), in table order."""
    return tuple(
        dst
        for (src, dst), who in TRANSITIONS.items()
        if src is source and (actor is None or actor.kind in who)
    )


# --- stock reservation at confirmation -------------------------------------------------------------


@dataclass(frozen=True)
class Need:
    """Stock one order line needs, in the SKU's base units."""

    line: int  # position of the line in the order (0-based)
    sku: str
    base_qty: Decimal


@dataclass(frozen=True)
class Allocation:
    """What a line gets from stock. `tracked` is False for SKUs without a stock level."""

    line: int
    sku: str
    wanted: Decimal
    reserved: Decimal
    tracked: bool

    @property
    def short(self) -> Decimal:
        return self.wanted - self.reserved


def allocate_stock(needs: Sequence[Need], on_hand: Mapping[str, Decimal]) -> tuple[Allocation, ...]:
    """Reserve free stock for each line in order; SKUs missing from `on_hand` are not tracked.

    >>> allocate_stock([Need(0, "A", Decimal(10)), Need(1, "A", Decimal(5)), Need(2, "B", Decimal(3))],
    ...                {"A": Decimal(12)})[1]
    Allocation(line=1, sku='A', wanted=Decimal('5'), reserved=Decimal('2'), tracked=True)
    """
    left = {sku: max(qty, Decimal(0)) for sku, qty in on_hand.items()}
    out = []
    for need in needs:
        if need.sku not in left:
            out.append(Allocation(need.line, need.sku, need.base_qty, need.base_qty, tracked=False))
            continue
        take = min(need.base_qty, left[need.sku])
        left[need.sku] -= take
        out.append(Allocation(need.line, need.sku, need.base_qty, take, tracked=True))
    return tuple(out)


class ShortfallChoice(StrEnum):
    """What the dealer chose when stock is short."""

    SHIP_AVAILABLE = "ship_available"  # the order shrinks to what is in stock, re-priced
    BACK_ORDER = "back_order"  # the whole order stands; the short part ships later
