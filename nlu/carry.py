"""A name said once for several lines: "KEI 4 sqmm red 1 coil, black 1 coil", "Havells MCB / C6 SP - 12".

When an item's own words do not settle one SKU, a clerk reads it with the name
before it: the previous item's name words, sizes and numbers (its *context*),
with the new item's words taking the place of the ones they replace. The
search drops as few context pieces as it can: first none, then one, then two...
At the first level where some choice settles one SKU, every choice that settles
one must settle the same SKU; otherwise the item stays unsettled (two readings,
no guess).

    "havells pacer 1200 brown 5, ivory 3":  context havells pacer 1200 brown
        + ivory           -> nothing (brown and ivory)
        - brown + ivory   -> Havells Pacer 1200mm Ivory     (one drop, one SKU)

The new item's own words are never dropped, and an item with a word the
catalog does not know is never carried (its words are not explained).
"""

from __future__ import annotations

from collections.abc import Callable, Set
from dataclasses import replace
from itertools import combinations

from nlu.match import Match
from nlu.segment import Item, Piece

# Piece kinds a name carries on to the next item; quantities, rates and chat stay behind
CARRIED = ("word", "soft", "code", "size", "price", "mod", "num")
MAX_CONTEXT = 8  # pieces of context searched (2^8 readings at the most)


def context_of(item: Item, match: Match | None) -> list[Piece]:
    """The pieces of `item` the next item may carry: its name, sizes and the numbers that named it
    (a number that was its quantity stays behind)."""
    counts = set(map(id, match.qty_nums)) if match is not None else set()
    if match is not None and match.measure_qty is not None:
        counts.add(id(match.measure_qty))
    out: list[Piece] = []
    for p in item.pieces:
        if p.kind not in CARRIED or id(p) in counts:
            continue
        if p.kind == "num":
            p = replace(p, glued=True)  # carried, it names a variant; it is never the count
        out.append(p)
    return out[-MAX_CONTEXT:]


def carry(
    item: Item,
    context: list[Piece],
    resolve: Callable[[Item], Match],
    brands: Set[str] = frozenset(),
    variants: Set[str] = frozenset(),
) -> tuple[Match, Item] | None:
    """The one SKU `item` names when read with `context`, and the item read; None when no reading
    or two readings settle one SKU.

    A brand in the context stays unless the item names a brand of its own: after "wipro 9w bulb
    1 box", "12w 2 box" is Wipro's 12 W bulb or nothing, never another brand's."""
    if not context or any(p.kind == "word" and p.canon is None for p in item.pieces):
        return None
    own = item.pieces
    said_before = said_words(context)
    if any(p.kind == "code" or names_product(p, brands, variants | said_before) for p in own):
        # "pegasus 250 gm 10 pkt aur proclaim 20 pkt": the item names a product of its own, so the
        # sizes and numbers of the one before are not its; only the words (a brand) may carry
        context = [p for p in context if p.kind in ("word", "soft", "code")]
        if not context:
            return None
    own_said = said_words(own)
    if own_said and own_said <= said_before:
        # "montek lc kid 10 strip / montek lc 20 strip": the name said again without a word that told
        # the one before apart ('kid') means another variant: that word does not carry
        context = [
            p
            for p in context
            if not (
                p.kind == "word"
                and p.canon
                and any(w in variants and w not in own_said for a in p.canon.alts for w in a)
            )
        ]
        if not context:
            return None
    if any(_is_brand(p, brands) for p in own):
        droppable = list(range(len(context)))
    else:
        droppable = [k for k, p in enumerate(context) if not _is_brand(p, brands)]
    for drop in range(len(droppable) + 1):
        found: dict[int, tuple[Match, Item]] = {}
        for dropped in combinations(droppable, drop):
            kept = [p for k, p in enumerate(context) if k not in dropped]
            if not any(p.kind in ("word", "code") for p in kept) and not item.has_name:
                continue
            trial = Item(sorted(kept, key=lambda p: p.start) + own)
            match = resolve(trial)
            if match.entry is not None and not match.guess and not match.approx:
                found.setdefault(match.entry, (match, trial))
        if len(found) == 1:
            return next(iter(found.values()))
        if found:
            return None
    return None


def _is_brand(p: Piece, brands: Set[str]) -> bool:
    return p.kind == "word" and p.canon is not None and any(w in brands for alt in p.canon.alts for w in alt)


def names_product(p: Piece, brands: Set[str], variants: Set[str]) -> bool:
    """A word of the item that is neither a brand nor a word telling siblings apart (a colour, 'SP')."""
    if p.kind != "word" or p.canon is None:
        return False
    words = {w for alt in p.canon.alts for w in alt}
    return not any(w in brands or w in variants or w.isdigit() for w in words)


def said_words(pieces: list[Piece]) -> set[str]:
    """The catalog words the name words among `pieces` stand for (every reading of each)."""
    return {w for p in pieces if p.kind == "word" and p.canon for alt in p.canon.alts for w in alt}
