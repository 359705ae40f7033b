"""One item mention -> one catalog entry, or an honest "cannot tell".

Steps, cheapest first, each narrowing a candidate set fetched from the index:
1. every name word must be explained by the product (posting-list
   intersection) - a word no candidate carries means "not in catalog";
2. sizes, strengths and MRP price points filter variants; a bare number
   is a size or price when a candidate prints it ("sprite 750"), else a quantity;
3. "chota"/"bada" keep the smallest/biggest of each variant family;
4. a catalog alias spelt exactly picks its SKU (or, with a size, its sibling);
5. one left: found. Several: the one whose name adds no distinguishing word
   ("tata salt" = Tata Salt, not Tata Salt Lite) - unless the candidates differ
   in size and the dealer said none ("clinic plus shampoo": sachet or bottle?);
   else the brand of the line before, which is only a guess for a person to
   check (`Match.guess`); else ambiguous - the item goes to review with its
   candidates.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from itertools import combinations

from nlu import vocab
from nlu.index import Canon, CatalogIndex, Entry
from nlu.learned import UNSURE, Learned, misspelt
from nlu.segment import Item, Piece
from nlu.sizes import CONFUSED_DIMS

APPROX_SIZE = Decimal("1.15")
_NONE: tuple[Piece, ...] = ()


@dataclass
class Match:
    entry: int | None
    how: str = ""
    score: float = 0.0
    reason: str = ""  # "" | "ambiguous" | "not_in_catalog" | "no_name"
    candidates: list[int] = field(default_factory=list)
    qty_nums: list[Piece] = field(default_factory=list)  # bare numbers that are quantities
    measure_qty: Piece | None = None
    approx: bool = False
    guess: str = ""  # why the pick is only a suggestion for review: "" | "previous brand"


def _unsettled(
    reason: str, candidates: Iterable[int], qty_nums: list[Piece], measure_qty: Piece | None
) -> Match:
    """No SKU for the item: why, and the five best-ranked candidates for a person to pick from."""
    return Match(
        None,
        reason=reason,
        candidates=heapq.nsmallest(5, candidates),
        qty_nums=qty_nums,
        measure_qty=measure_qty,
    )


def signature(item: Item) -> str:
    """Order-free key of an item's name, sizes and prices: for learned aliases."""
    parts: list[str] = []
    for p in item.of("word", "soft", "size", "measure", "price", "mod"):
        if p.kind in ("word", "soft"):
            parts.append(p.canon.alts[0][0] if p.canon else p.text)
        elif p.kind in ("size", "measure") and p.size:
            parts.append(f"{p.size[0]}:{p.size[1]}")
        elif p.kind == "price":
            parts.append(f"rs:{p.value}")
        else:
            parts.append(p.mod)
    return " ".join(sorted(parts))


def _role_numbers(item: Item, pool: Iterable[Entry]) -> tuple[list[Piece], list[Piece]]:
    """(bare numbers that are attributes, bare numbers that are quantities)."""
    kinds = item.kinds
    if "num" not in kinds:
        return [], []
    nums = list(kinds["num"])
    if "qty" in kinds:
        return nums, []

    def attribute(p: Piece) -> bool:
        v = p.value
        assert v is not None
        text = _digits(p)
        return any(
            v in e.printed or (v == int(v) and int(v) in e.prices) or text in e.numbers or text in e.counts
            for e in pool
        )

    def fractional(p: Piece) -> bool:
        v = p.value
        assert v is not None
        return v != v.to_integral_value() and (v * 2) != (v * 2).to_integral_value()

    # a number written onto a letter ("c6") or carried from the line before names a variant when a
    # candidate prints it; it is never the count
    named = [p for p in nums if p.glued and attribute(p)]
    if named:
        if len(named) == len(nums):
            return named, []
        ids = set(map(id, named))
        attrs, counts = _role_numbers(Item([q for q in item.pieces if id(q) not in ids]), pool)
        return named + attrs, counts
    countable = [p for p in nums if not fractional(p)]
    if len(nums) == 1:
        return ([], countable) if countable else (nums, [])
    loose = [p for p in countable if not attribute(p)]
    qty = loose[-1] if loose else (countable[-1] if countable else None)
    if qty is None:
        return nums, []
    return [p for p in nums if p is not qty], [qty]


def _digits(p: Piece) -> str:
    """The number as a catalog prints it in a name: 'one' -> '1', '7377' -> '7377'."""
    v = p.value
    if v is None or p.text[:1].isdigit():
        return p.text
    return str(int(v)) if v == v.to_integral_value() else str(v)


def _fits_number(e: Entry, p: Piece) -> bool:
    v = p.value
    assert v is not None
    return v in e.printed or (v == int(v) and int(v) in e.prices) or _digits(p) in e.numbers


def resolve(
    item: Item,
    index: CatalogIndex,
    *,
    prev_brand: str = "",
    learned: Learned | None = None,
    candidates: bool = True,
) -> Match:
    """The item's one catalog entry, or why not; `candidates=False` skips gathering the few products
    shown to a person when there is none (a trial reading, as nlu/carry.py makes, needs no list)."""
    kinds = item.kinds
    codes = kinds.get("code")
    if codes and codes[0].code is not None:
        entry = codes[0].code
        _, qty = _role_numbers(item, [index.entries[entry]])
        return Match(entry, "code", 100.0, qty_nums=qty)
    words = kinds.get("word", _NONE)
    if learned is not None and not any(misspelt(w.canon) for w in words):  # the exact words, not a slip
        taught = learned.exact_entry(signature(item))
        if taught is not None:
            _, qty = _role_numbers(item, [index.entries[taught]])
            return Match(taught, "alias", 100.0, qty_nums=qty)
    if not words:
        return Match(None, reason="no_name")
    unknown = [w for w in words if w.canon is None]
    known = [w for w in words if w.canon is not None]
    products_for = index.products_for if learned is None else partial(learned.products_for, index=index)
    if unknown:
        qty = _role_numbers(item, ())[1]
        return Match(
            None,
            reason="not_in_catalog",
            candidates=_loose(known, products_for) if candidates else [],
            qty_nums=qty,
        )
    pool: set[int] | None = None
    for found in sorted((products_for(w.canon) for w in known if w.canon is not None), key=len):
        pool = found if pool is None else pool & found
        if not pool:
            qty = _role_numbers(item, ())[1]
            return Match(
                None,
                reason="not_in_catalog",
                candidates=_loose(known, products_for) if candidates else [],
                qty_nums=qty,
            )
    assert pool is not None
    for s in kinds.get("soft", _NONE):
        if s.canon is not None:
            narrowed = pool & products_for(s.canon)
            if narrowed:
                pool = narrowed
    score = min(w.canon.score for w in known if w.canon is not None)
    fuzzy = any(w.canon is not None and w.canon.how != "exact" for w in known)
    all_entries = index.entries
    entries = [all_entries[i] for i in pool]

    attrs, qty_nums = _role_numbers(item, entries)
    measures = kinds.get("measure")
    measure_qty: Piece | None = None
    sizes = [p.size for p in kinds.get("size", _NONE) if p.size]
    if measures:
        if qty_nums or "qty" in kinds:
            sizes += [p.size for p in measures if p.size]
        else:
            fitting = [p for p in measures if any(p.size in e.sizes for e in entries)]
            others = [p for p in measures if p not in fitting]
            sizes += [p.size for p in fitting if p.size]
            if others:
                measure_qty = others[-1]
                sizes += [p.size for p in others[:-1] if p.size]
    prices = [
        int(p.value) for p in kinds.get("price", _NONE) if p.value is not None and p.value == int(p.value)
    ]
    approx = False
    cands = list(pool)
    for size in sizes:
        exact = [i for i in cands if size in all_entries[i].sizes]
        if not exact:
            exact = [i for i in cands if _near(size, all_entries[i])]
            approx = bool(exact)
            if not exact:
                exact = [i for i in cands if _confused(size, all_entries[i])]
        cands = exact
    for price in prices:
        cands = [i for i in cands if price in all_entries[i].prices]
    for p in attrs:
        # a number the name prints by itself ("1 Way") before one inside a size ("1M")
        fits = [i for i in cands if _digits(p) in all_entries[i].numbers]
        fits = fits or [i for i in cands if _fits_number(all_entries[i], p)]
        cands = fits or [i for i in cands if _digits(p) in all_entries[i].counts]
    if not cands:
        return _unsettled("not_in_catalog", pool, qty_nums, measure_qty)
    for m in kinds.get("mod", _NONE):
        cands = [i for i in cands if _extreme(index, i, m.mod)]
    if not cands:
        return _unsettled("ambiguous", pool, qty_nums, measure_qty)
    if learned is not None and any(w.canon is not None and w.canon.how == UNSURE for w in known):
        # a slip of a taught word that could be another taught word or a catalog word: a person picks,
        # even when the other words leave one candidate
        return _unsettled("ambiguous", cands, qty_nums, measure_qty)

    result = Match(None, qty_nums=qty_nums, measure_qty=measure_qty, approx=approx)
    key = alias_key(item)
    sized = bool(sizes or prices or attrs)
    named = _alias_products(index, key, learned, sized=sized)
    if named:
        hit = [i for i in cands if i in named]
        exact_alias = key in index.aliases or (learned is not None and bool(learned.alias(key, sized=sized)))
        if not hit and sized:
            family = {j for i in named for j in index.families[index.entries[i].family]}
            hit = [i for i in cands if i in family]
        if len(hit) == 1:
            return _found(result, hit[0], "alias", score)
        if hit:
            cands = hit
        elif exact_alias:
            # the dealer spelt an alias, but its SKU and siblings do not fit: another product won't do
            score = min(score, 75.0)
    if sized and key in index.sized_aliases:
        # "roma 16a socket": an alias spelt with a size names its own SKU, and no sibling of it
        hit = [i for i in cands if i in index.sized_aliases[key]]
        if len(hit) == 1:
            return _found(result, hit[0], "alias", score)
    if len(cands) == 1:
        return _found(result, cands[0], "fuzzy" if fuzzy else "exact", score * (0.9 if approx else 1.0))
    said = set(key)
    branded = [i for i in cands if set(index.entries[i].brand.split()) == said]
    if len(branded) == 1:
        return _found(result, branded[0], "fuzzy" if fuzzy else "exact", score * 0.95)
    flagship = _flagship(item, index, cands, sized=sized)
    if flagship is not None:
        return _found(result, flagship, "fuzzy" if fuzzy else "exact", score * 0.9)
    if prev_brand:
        same = [i for i in cands if index.entries[i].brand == prev_brand]
        if len(same) == 1:
            # "dettol liquid 500ml, handwash 200ml": the dealer may mean Dettol's handwash or another's.
            # Offer it to a person as the likely pick; never send it on its own.
            result.guess = "previous brand"
            result.candidates = heapq.nsmallest(5, cands)
            return _found(result, same[0], "fuzzy" if fuzzy else "exact", score * 0.9)
    result.reason = "ambiguous"
    result.candidates = heapq.nsmallest(5, cands)
    return result


def _found(result: Match, entry: int, how: str, score: float) -> Match:
    result.entry, result.how, result.score = entry, how, score
    return result


def _near(size: tuple[str, Decimal], e: Entry) -> bool:
    """'2 ltr' for a 2.25 L pack: a whole-number size a little under the printed one."""
    dim, value = size
    if value <= 0:
        return False
    return any(d == dim and value < v <= value * APPROX_SIZE for d, v in e.sizes)


def _confused(size: tuple[str, Decimal], e: Entry) -> bool:
    """'1.5mm' written for the 1.5 sq mm wire: same number, a dimension dealers mix up."""
    dim, value = size
    return any((dim, d) in CONFUSED_DIMS and v == value for d, v in e.sizes)


def _extreme(index: CatalogIndex, i: int, mod: str) -> bool:
    e = index.entries[i]
    ranks = [index.entries[j].size_rank for j in index.families[e.family]]
    return e.size_rank == (min(ranks) if mod == "min" else max(ranks))


def alias_key(item: Item) -> tuple[str, ...]:
    words: set[str] = set()
    for p in item.of("word", "soft"):
        if p.canon is not None:
            words.update(p.canon.alts[0])
    return tuple(sorted(words))


def _alias_products(
    index: CatalogIndex, key: tuple[str, ...], learned: Learned | None, *, sized: bool
) -> set[int] | frozenset[int]:
    """Products of the alias the dealer spelt (a taught one first, then the catalog's): exactly, or the
    longest alias whose product also carries every other word said ("aashirvaad atta" -> the
    "aashirvaad" alias)."""
    if learned is not None:
        taught = learned.alias(key, sized=sized)
        if taught:
            return taught
    if key in index.aliases:
        return index.aliases[key]
    said = set(key)
    if len(key) > 8:
        return set()
    # only words some alias uses can be in one: the same subsets are found, in the same order
    if learned is None:
        usable = [w for w in key if w in index.alias_words]
        longest = index.longest_alias
    else:
        usable = [w for w in key if w in index.alias_words or learned.uses(w)]
        longest = max(index.longest_alias, learned.longest_alias())
    for size in range(min(len(key) - 1, len(usable), longest), 0, -1):  # longest first
        for alias in combinations(usable, size):  # key is sorted, so are its subsets
            named: set[int] | frozenset[int] | None = None
            if learned is not None:
                named = learned.alias(alias, sized=sized)
            named = named or index.aliases.get(alias)
            if named:
                rest = said - set(alias)
                # products that also carry every other word said (postings hold each product's tokens)
                if learned is None:
                    found = named.intersection(*(index.postings.get(w, ()) for w in rest))
                else:
                    found = named.intersection(*(learned.postings(w, index) for w in rest))
                if found:
                    return found
    return set()


def _flagship(item: Item, index: CatalogIndex, cands: list[int], *, sized: bool) -> int | None:
    """The one candidate whose name adds nothing that tells variants apart, if exactly one.

    Not when the candidates come in different sizes and the dealer named no size, strength or
    price (`sized`): "clinic plus shampoo" may be the sachet or the bottle - a size is missing.
    """
    if not sized and len({index.entries[i].sizes for i in cands}) > 1:
        return None
    said: set[str] = set()
    for p in item.of("word", "soft"):
        if p.canon is not None:
            for alt in p.canon.alts:
                said.update(alt)
    names = [set(index.entries[i].name_words) for i in cands]
    shared = set.intersection(*names)
    # numbers in names: formulation codes when every candidate prints one ("Amistar 23 SC" / "Amistar
    # Top 325 SC"), but a strength that tells one apart when only some do ("Pantocid 40" / "Pantocid DSR")
    codes = all(any(w.isdigit() for w in name - shared - said) for name in names)

    def tells_apart(w: str) -> bool:
        if w in vocab.STOPWORDS:
            return False
        return not codes if w.isdigit() else w not in vocab.DESCRIPTORS

    plain = []
    for i, name in zip(cands, names, strict=True):
        extra = {w for w in name - shared - said if tells_apart(w)}
        if not extra:
            plain.append(i)
    return plain[0] if len(plain) == 1 else None


def _loose(known: list[Piece], products_for: Callable[[Canon], set[int]]) -> list[int]:
    """A few products sharing the most known words, for a reviewer (looks at the rarest words only)."""
    sets = sorted((products_for(w.canon) for w in known if w.canon is not None), key=len)
    counts: dict[int, int] = {}
    for found in sets[:2]:
        for i in heapq.nsmallest(50, found):
            counts[i] = counts.get(i, 0) + 1
    return sorted(counts, key=lambda i: (-counts[i], i))[:5]
