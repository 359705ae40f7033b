"""The order state table: every legal move, a sample of illegal ones, and who may make each."""

from __future__ import annotations

from decimal import Decimal

import pytest

from domain.orders import (
    CANCELLABLE,
    COMMITTED,
    TRANSITIONS,
    Actor,
    ActorKind,
    Allocation,
    IllegalTransition,
    Need,
    NotAllowed,
    State,
    allocate_stock,
    check_transition,
    next_states,
)

S = State
DEALER, REP = Actor.dealer("D201"), Actor.rep("+919826500011")
STAFF, SYSTEM = Actor.staff("asha"), Actor.system()

LEGAL = [
    # (from, to, an actor who may) - one row per row of the table
    (S.DRAFT, S.AWAITING_CONFIRMATION, SYSTEM),  # the bot shows the priced draft
    (S.AWAITING_CONFIRMATION, S.CONFIRMED, DEALER),  # the dealer says YES within the limit
    (S.AWAITING_CONFIRMATION, S.ON_HOLD, REP),  # a rep's YES over the limit waits for approval
    (S.ON_HOLD, S.APPROVED, STAFF),  # an approver releases the hold
    (S.CONFIRMED, S.APPROVED, STAFF),  # distributors who approve every order
    (S.CONFIRMED, S.DISPATCHED, STAFF),
    (S.APPROVED, S.DISPATCHED, SYSTEM),
    (S.DISPATCHED, S.DELIVERED, REP),  # the rep reports the delivery
    (S.DELIVERED, S.INVOICED, STAFF),
    (S.DRAFT, S.CANCELLED, SYSTEM),  # a draft expires
    (S.AWAITING_CONFIRMATION, S.CANCELLED, DEALER),  # the dealer says NO
    (S.CONFIRMED, S.CANCELLED, DEALER),  # cancelled before dispatch
    (S.ON_HOLD, S.CANCELLED, STAFF),  # a hold is rejected
    (S.APPROVED, S.CANCELLED, REP),
]


def test_every_row_of_the_table_has_a_legal_case() -> None:
    assert {(src, dst) for src, dst, _ in LEGAL} == set(TRANSITIONS)


@pytest.mark.parametrize(("source", "target", "actor"), LEGAL)
def test_a_legal_move_returns_the_new_state(source: State, target: State, actor: Actor) -> None:
    assert check_transition("SO-1001", source, target, actor) is target


ILLEGAL = [
    # (from, to) - none of these is in the table
    (S.DRAFT, S.CONFIRMED),  # nobody confirms what they have not seen priced
    (S.AWAITING_CONFIRMATION, S.APPROVED),  # approval follows a hold, not a YES
    (S.ON_HOLD, S.CONFIRMED),  # a hold is released by approval only
    (S.ON_HOLD, S.DISPATCHED),  # held goods do not leave
    (S.CONFIRMED, S.CONFIRMED),  # a second YES is not a move
    (S.CONFIRMED, S.INVOICED),  # no invoice before delivery
    (S.DISPATCHED, S.CANCELLED),  # too late to cancel once on the truck
    (S.DELIVERED, S.CANCELLED),
    (S.INVOICED, S.CANCELLED),  # an invoice is corrected by a credit note
    (S.INVOICED, S.DELIVERED),  # never backwards
    (S.CANCELLED, S.DRAFT),  # cancelled is final
    (S.CANCELLED, S.AWAITING_CONFIRMATION),
    (S.DELIVERED, S.DISPATCHED),
]


@pytest.mark.parametrize(("source", "target"), ILLEGAL)
def test_an_illegal_move_names_the_order_and_both_states(source: State, target: State) -> None:
    with pytest.raises(IllegalTransition) as caught:
        check_transition("SO-1043", source, target, STAFF)
    assert str(caught.value) == f"order SO-1043 cannot go from {source.value} to {target.value}"
    assert (caught.value.order, caught.value.source, caught.value.target) == ("SO-1043", source, target)


NOT_ALLOWED = [
    # (from, to, actor) - the move exists but not for this kind of actor
    (S.ON_HOLD, S.APPROVED, DEALER),  # a dealer cannot approve his own credit hold
    (S.ON_HOLD, S.APPROVED, REP),
    (S.ON_HOLD, S.APPROVED, SYSTEM),  # approval is a person's decision
    (S.CONFIRMED, S.DISPATCHED, DEALER),
    (S.DELIVERED, S.INVOICED, REP),
    (S.AWAITING_CONFIRMATION, S.CONFIRMED, SYSTEM),  # the YES must come from someone
]


@pytest.mark.parametrize(("source", "target", "actor"), NOT_ALLOWED)
def test_a_move_by_the_wrong_kind_of_actor_is_refused_with_who_it_was(
    source: State, target: State, actor: Actor
) -> None:
    with pytest.raises(NotAllowed) as caught:
        check_transition("SO-1043", source, target, actor)
    assert actor.kind.value in str(caught.value) and actor.ref in str(caught.value)


def test_cancellation_is_possible_exactly_before_dispatch() -> None:
    assert CANCELLABLE == {S.DRAFT, S.AWAITING_CONFIRMATION, S.CONFIRMED, S.ON_HOLD, S.APPROVED}


def test_exposure_counts_accepted_orders_until_they_are_invoiced() -> None:
    assert COMMITTED == {S.CONFIRMED, S.APPROVED, S.DISPATCHED, S.DELIVERED}


@pytest.mark.parametrize(
    ("source", "actor", "expected"),
    [
        # what the buttons offer each kind of actor
        (S.ON_HOLD, STAFF, (S.APPROVED, S.CANCELLED)),
        (S.ON_HOLD, DEALER, (S.CANCELLED,)),
        (S.INVOICED, STAFF, ()),  # final
        (S.CANCELLED, STAFF, ()),  # final
    ],
)
def test_next_states_lists_what_an_actor_may_do(
    source: State, actor: Actor, expected: tuple[State, ...]
) -> None:
    assert next_states(source, actor) == expected


def test_actor_reads_as_kind_and_reference() -> None:
    assert str(REP) == "rep +919826500011"
    assert REP.kind is ActorKind.REP


D = Decimal
ALLOCATIONS = [
    # (needs, on hand, expected (reserved, tracked) per line)
    ([("A", 10)], {"A": 20}, [(10, True)]),  # enough stock: all reserved
    ([("A", 10)], {"A": 10}, [(10, True)]),  # exactly enough is enough
    ([("A", 10)], {"A": 4}, [(4, True)]),  # short by 6
    ([("A", 10), ("A", 5)], {"A": 12}, [(10, True), (2, True)]),  # two lines share one SKU's stock in order
    ([("A", 3)], {"A": -5}, [(0, True)]),  # negative stock (data error) gives nothing, not a negative
    ([("B", 7)], {"A": 1}, [(7, False)]),  # B is not tracked: never short
]


@pytest.mark.parametrize(("needs", "on_hand", "expected"), ALLOCATIONS)
def test_stock_is_reserved_line_by_line_and_shortfalls_are_per_line(
    needs: list[tuple[str, int]], on_hand: dict[str, int], expected: list[tuple[int, bool]]
) -> None:
    got = allocate_stock(
        [Need(i, sku, D(q)) for i, (sku, q) in enumerate(needs)], {k: D(v) for k, v in on_hand.items()}
    )
    assert [(a.reserved, a.tracked) for a in got] == [(D(r), t) for r, t in expected]
    assert all(a.short == a.wanted - a.reserved for a in got)
    assert isinstance(got[0], Allocation)
