"""What a packer picks (domain/picking.py): bought and free added up by SKU and unit, and the day's totals."""

from __future__ import annotations

import doctest
from datetime import date
from decimal import Decimal

import pytest

import domain.picking
from domain.orders import State
from domain.picking import PICKABLE, Item, OrderPick, PickLine, day_totals, pick

D = Decimal
MAG, RIN = ("MAG-MAS-70", "Maggi"), ("RIN-BAR-250", "Rin")

# (items of one order, lines picked: sku, uom, bought, free, pick, schemes)
PICKS = [
    ([], []),  # nothing ordered: nothing to pick
    (
        [Item(*MAG, "case", D(10))],
        [("MAG-MAS-70", "case", D(10), D(0), D(10), ())],
    ),  # no scheme: what was bought
    (
        [Item(*MAG, "case", D(10)), Item(*MAG, "case", D(1), "MAGGI-10P1")],
        [("MAG-MAS-70", "case", D(10), D(1), D(11), ("MAGGI-10P1",))],
    ),  # the free case is picked with the bought ones
    (
        [Item(*MAG, "case", D(2)), Item(*MAG, "pc", D(24))],
        [("MAG-MAS-70", "case", D(2), D(0), D(2), ()), ("MAG-MAS-70", "pc", D(24), D(0), D(24), ())],
    ),  # units are never converted: cases and loose pieces are separate lines
    (
        [Item(*RIN, "pc", D(12), "EASYWASH-RIN"), Item(*RIN, "pc", D(6), "OTHER"), Item(*MAG, "case", D(1))],
        [("MAG-MAS-70", "case", D(1), D(0), D(1), ()),
         ("RIN-BAR-250", "pc", D(0), D(18), D(18), ("EASYWASH-RIN", "OTHER"))],
    ),  # free goods of an SKU not bought, from two schemes; lines in SKU order
    (
        [Item(*MAG, "kg", D("0.5")), Item(*MAG, "kg", D("0.25"), "HALF")],
        [("MAG-MAS-70", "kg", D("0.5"), D("0.25"), D("0.75"), ("HALF",))],
    ),  # fractions stay exact
]  # fmt: skip


@pytest.mark.parametrize(("items", "picked"), PICKS)
def test_items_add_up_by_sku_and_unit(items: list[Item], picked: list[tuple[object, ...]]) -> None:
    assert [(ln.sku, ln.uom, ln.paid, ln.free, ln.qty, ln.schemes) for ln in pick(items)] == picked


def _order(number: str, *lines: PickLine) -> OrderPick:
    return OrderPick(number, "D01", "Shree Ganesh Kirana", "Nagpur", State.CONFIRMED, lines)


def test_the_days_totals_add_every_orders_lines() -> None:
    first = _order("SO-1", PickLine("MAG-MAS-70", "Maggi", "case", D(10), D(1), ("MAGGI-10P1",)))
    second = _order(
        "SO-2",
        PickLine("MAG-MAS-70", "Maggi", "case", D(20), D(2), ("MAGGI-10P1",)),
        PickLine("RIN-BAR-250", "Rin", "pc", D(0), D(12), ("EASYWASH-RIN",)),
    )
    found = day_totals(date(2026, 11, 21), [first, second])
    assert found.orders == (first, second)
    assert [(t.sku, t.paid, t.free, t.qty, t.schemes) for t in found.totals] == [
        ("MAG-MAS-70", D(30), D(3), D(33), ("MAGGI-10P1",)),
        ("RIN-BAR-250", D(0), D(12), D(12), ("EASYWASH-RIN",)),
    ]


def test_only_confirmed_and_approved_orders_are_picked() -> None:
    assert {s for s in State if s in PICKABLE} == {State.CONFIRMED, State.APPROVED}


def test_the_module_examples_hold() -> None:
    assert doctest.testmod(domain.picking).failed == 0
