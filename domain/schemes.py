"""Trade schemes: free goods, quantity slabs and value slabs (data contract section 2).

A scheme is every `schemes.csv` row with one `code`; each row is a slab. The
rows open to this dealer on this date (`valid_from`/`valid_to` inclusive,
`tiers` empty or naming his tier) take part; of those, the highest slab whose
threshold the order reaches applies:

- quantity kinds measure the matching lines in the slab's `min_uom`, each line
  converted with its own SKU's factors (mixed SKUs of a brand add up);
- `value_discount` measures the gross value of the matching lines.

Free goods are not order lines, so they never count toward a threshold.
Discount percentages of different schemes add up on a line; `quote_order`
takes the sum off the line's gross (not compounded).

Nudges. For every scheme some line of the order matches, the *next threshold*
is the smallest amount T above the current measure m at which the scheme
would give more than it gives now (a higher slab, or for a recursive
free-goods slab its next full multiple). A nudge is given when the dealer is
within 20% of it: m > 0 and T - m <= 20% of T. Example, "buy 10 cases get 1
free": 8 or 9 cases earn a nudge, 7 do not; at 18 cases the next threshold is
20. Nudges are worked out only when all slabs of the scheme share one
`min_uom`. The shortfall is said in `min_uom` (a fraction of it, for one SKU,
in that SKU's base unit, rounded up), or in rupees for value slabs.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal

from domain.money import fmt_inr
from domain.pricing import PricingError, SkuInfo, same_code

KINDS = ("free_goods", "qty_discount", "value_discount")
APPLIES_TO = ("sku", "brand", "category")
NUDGE_SHARE = Decimal("0.20")  # "within 20% of the next threshold"

PLURALS = {"case": "cases", "box": "boxes", "pack": "packs", "bag": "bags", "bottle": "bottles",
           "strip": "strips", "litre": "litres", "tin": "tins", "bucket": "buckets", "roll": "rolls",
           "ton": "tons"}  # pc, dozen and kg read the same for many


@dataclass(frozen=True)
class SchemeRow:
    """One slab (one `schemes.csv` row)."""

    code: str
    name: str
    kind: str
    applies_to: str
    target: str
    min_qty: Decimal | None = None
    min_uom: str = ""
    min_value: Decimal | None = None
    free_sku: str = ""
    free_qty: Decimal | None = None
    free_uom: str = ""
    discount_pct: Decimal | None = None
    recursive: bool = False
    valid_from: date | None = None
    valid_to: date | None = None
    tiers: tuple[str, ...] = ()

    def valid_on(self, on: date) -> bool:
        """Both ends inclusive; an empty end is open."""
        started = self.valid_from is None or self.valid_from <= on
        return started and (self.valid_to is None or on <= self.valid_to)

    def open_to(self, tier: str | None) -> bool:
        return not self.tiers or any(same_code(t, tier) for t in self.tiers)

    @property
    def threshold(self) -> Decimal:
        value = self.min_value if self.kind == "value_discount" else self.min_qty
        return value if value is not None else Decimal(0)

    def matches(self, info: SkuInfo) -> bool:
        if self.applies_to == "sku":
            return info.sku == self.target.strip()
        field = info.brand if self.applies_to == "brand" else info.category
        return bool(field) and field.strip().casefold() == self.target.strip().casefold()

    def unit_for(self, info: SkuInfo) -> str:
        """The unit a line of `info` is counted in: `min_uom`; when empty, the SKU's default unit
        for a one-SKU scheme and the base unit for a brand or category."""
        if self.min_uom:
            return self.min_uom
        return info.default_uom if self.applies_to == "sku" else info.base_uom


@dataclass(frozen=True)
class SchemeLine:
    """A priced order line, as schemes see it."""

    sku: str
    qty: Decimal
    uom: str
    gross: Decimal


@dataclass(frozen=True)
class FreeGoods:
    sku: str
    qty: Decimal
    uom: str
    scheme: str


@dataclass(frozen=True)
class SchemeResult:
    """`pcts[i]` / `codes[i]`: the discount percentage and scheme codes for input line i."""

    pcts: tuple[Decimal, ...]
    codes: tuple[tuple[str, ...], ...]
    free_goods: tuple[FreeGoods, ...]
    nudges: tuple[str, ...]


def apply_schemes(lines: Sequence[SchemeLine], skus: Mapping[str, SkuInfo], rows: Sequence[SchemeRow],
                  on: date, tier: str | None) -> SchemeResult:
    """Every scheme open to this dealer on `on`, applied to the priced lines."""
    pcts = [Decimal(0)] * len(lines)
    codes: list[list[str]] = [[] for _ in lines]
    free: list[FreeGoods] = []
    nudges: list[str] = []
    for code, slabs in _by_code(r for r in rows if r.valid_on(on) and r.open_to(tier)).items():
        scheme = _Scheme(code, slabs, lines, skus)
        applied = scheme.applied()
        if applied is not None:
            if applied.kind == "free_goods":
                free.append(_free_goods(applied, scheme.measure(applied), skus))
            else:
                for i in scheme.counted(applied):
                    pcts[i] += applied.discount_pct or Decimal(0)
                    codes[i].append(code)
        nudge = scheme.nudge()
        if nudge:
            nudges.append(nudge)
    return SchemeResult(tuple(pcts), tuple(tuple(c) for c in codes), tuple(free), tuple(nudges))


def _by_code(rows: Iterable[SchemeRow]) -> dict[str, list[SchemeRow]]:
    grouped: dict[str, list[SchemeRow]] = {}
    for row in rows:
        grouped.setdefault(row.code, []).append(row)
    return grouped


class _Scheme:
    """The slabs of one scheme code against one order."""

    def __init__(self, code: str, slabs: list[SchemeRow], lines: Sequence[SchemeLine],
                 skus: Mapping[str, SkuInfo]) -> None:
        self.code, self.slabs, self.lines, self.skus = code, slabs, lines, skus

    def counted(self, slab: SchemeRow) -> list[int]:
        """Indexes of the lines this slab matches and can measure."""
        found = []
        for i, line in enumerate(self.lines):
            info = self.skus.get(line.sku)
            if info is None or not slab.matches(info):
                continue
            if slab.kind != "value_discount" and info.factor(slab.unit_for(info)) is None:
                continue  # a SKU not sold in min_uom cannot be counted in it
            found.append(i)
        return found

    def measure(self, slab: SchemeRow) -> Decimal:
        total = Decimal(0)
        for i in self.counted(slab):
            line = self.lines[i]
            if slab.kind == "value_discount":
                total += line.gross
            else:
                info = self.skus[line.sku]
                total += line.qty * info.require_factor(line.uom) / info.require_factor(slab.unit_for(info))
        return total

    def applied(self) -> SchemeRow | None:
        reached = [s for s in self.slabs if s.threshold > 0 and self.measure(s) >= s.threshold]
        return max(reached, key=lambda s: (s.threshold, _benefit(s, s.threshold)), default=None)

    def _outcome(self, amount: Decimal) -> Decimal:
        """What the scheme gives when its (shared-unit) measure is `amount`."""
        reached = [s for s in self.slabs if s.threshold > 0 and amount >= s.threshold]
        best = max(reached, key=lambda s: (s.threshold, _benefit(s, amount)), default=None)
        return _benefit(best, amount) if best else Decimal(0)

    def nudge(self) -> str | None:
        first = self.slabs[0]
        if len({(s.kind, s.min_uom) for s in self.slabs}) != 1:
            return None  # slabs in different units: no one measure to speak of
        counted = self.counted(first)
        if not counted:
            return None
        if first.kind != "value_discount" and len(self._units(first, counted)) != 1:
            return None  # empty min_uom and SKUs of different default units
        m = self.measure(first)
        if m <= 0:
            return None
        now = self._outcome(m)
        candidates = []
        for s in self.slabs:
            if s.threshold <= 0:
                continue
            if m < s.threshold:
                candidates.append(s.threshold)
            elif s.kind == "free_goods" and s.recursive:
                candidates.append((m // s.threshold + 1) * s.threshold)
        better = sorted(t for t in candidates if self._outcome(t) > now)
        if not better:
            return None
        target = better[0]
        if target - m > target * NUDGE_SHARE:
            return None
        return self._say(first, target - m, self._outcome(target), now)

    def _say(self, slab: SchemeRow, short: Decimal, gain: Decimal, now: Decimal) -> str:
        what = self._label(slab)
        if slab.kind == "value_discount":
            add = f"Add {fmt_inr(short)} more of {what}"
        else:
            add = f"Add {self._quantity(slab, short)} of {what}"
        if slab.kind == "free_goods":
            info = self.skus.get(slab.free_sku or slab.target)
            unit = slab.free_uom or (info.default_uom if info else "")
            other = slab.free_sku and slab.free_sku != slab.target
            item = f" of {info.name if info else slab.free_sku}" if other else ""
            was = f" instead of {_num(now)}" if now > 0 else ""
            benefit = f"{_count(gain, unit)}{item} free{was}"
        else:
            was = f" instead of {_num(now)}%" if now > 0 else ""
            benefit = f"{_num(gain)}% off{was}"
        return f"{add} to get {benefit} ({self.code})"

    def _label(self, slab: SchemeRow) -> str:
        """The SKU's name, or the brand or category as the catalog spells it."""
        info = self.skus[self.lines[self.counted(slab)[0]].sku]
        if slab.applies_to == "sku":
            return info.name
        return info.brand if slab.applies_to == "brand" else info.category

    def _units(self, slab: SchemeRow, counted: list[int]) -> set[str]:
        return {slab.unit_for(self.skus[self.lines[i].sku]) for i in counted}

    def _quantity(self, slab: SchemeRow, short: Decimal) -> str:
        counted = self.counted(slab)
        skus = {self.lines[i].sku for i in counted}
        unit = self._units(slab, counted).pop()
        if short == short.to_integral_value() or len(skus) != 1:
            return _count(short.to_integral_value(rounding=ROUND_CEILING), unit, "more ")
        info = self.skus[skus.pop()]
        in_base = (short * info.require_factor(unit)).to_integral_value(rounding=ROUND_CEILING)
        return _count(in_base, info.base_uom, "more ")


def _benefit(slab: SchemeRow, amount: Decimal) -> Decimal:
    """Free quantity or discount percentage a slab gives at `amount` (assumed reached)."""
    if slab.kind == "free_goods":
        times = amount // slab.threshold if slab.recursive else Decimal(1)
        return (slab.free_qty or Decimal(0)) * times
    return slab.discount_pct or Decimal(0)


def _free_goods(slab: SchemeRow, measure: Decimal, skus: Mapping[str, SkuInfo]) -> FreeGoods:
    sku = slab.free_sku or (slab.target if slab.applies_to == "sku" else "")
    if not sku:
        raise PricingError(f"scheme {slab.code}: a {slab.applies_to} scheme must name its free_sku")
    info = skus.get(sku)
    uom = slab.free_uom or (info.default_uom if info else "")
    if not uom:
        raise PricingError(f"scheme {slab.code}: free_sku {sku} is not in the catalog and has no free_uom")
    return FreeGoods(sku, _benefit(slab, measure), uom, slab.code)


def _num(value: Decimal) -> str:
    """2 -> '2', 2.50 -> '2.5'."""
    return f"{value.normalize():f}"


def _count(qty: Decimal, unit: str, between: str = "") -> str:
    """'1 case', '2 cases', '6 pc'; `between` goes before the unit ('2 more cases')."""
    word = unit if qty == 1 else PLURALS.get(unit, unit)
    return f"{_num(qty)} {between}{word}"
