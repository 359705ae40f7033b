"""Pieces -> item mentions: where one item of the message ends and the next begins.

    >>> # "kurkre 10rs 3 peti lais 10rs 2 peti": two items, no separator between them
    >>> # "5 maggi 3 yippee 2 top ramen": quantities before each item

`classify` (nlu/classify.py) reads each token into a piece with one or two tokens of look-ahead,
using the tables in numbers, units, sizes and vocab. `split_items` cuts at separators (new lines,
commas, list markers), at "aur"/"and"/"+"/"&" once the left part has a quantity, and inside a run
of text wherever a new item name starts after a quantity (or a quantity starts after a complete
item, when the dealer writes quantities first).

Pieces and items are nlu/pieces.py; both, `classify` and its word tables are importable from here.
"""

from __future__ import annotations

from dataclasses import replace

from nlu.classify import classify
from nlu.index import CatalogIndex
from nlu.lookahead import misspelt_unit
from nlu.pieces import Item, Piece
from nlu.quantities import MAX_RATE, is_number
from nlu.reading import (
    CONJUNCTIONS,
    LIST_END,
    QTY_MARKERS,
    RATE_WORDS,
    RESTATE,
    SEPARATORS,
    SPOKEN_BREAKS,
    SPOKEN_PAIRS,
)

__all__ = [
    "CONJUNCTIONS",
    "LIST_END",
    "MAX_RATE",
    "NAMEISH",
    "QTYISH",
    "QTY_MARKERS",
    "RATE_WORDS",
    "RESTATE",
    "SEPARATORS",
    "SPOKEN_BREAKS",
    "SPOKEN_PAIRS",
    "Item",
    "Piece",
    "classify",
    "is_number",
    "misspelt_unit",
    "split_items",
]


def split_items(pieces: list[Piece], index: CatalogIndex | None = None) -> list[Item]:
    """Items of the message; with the index, a bare number that the products named so far print
    ("havells pacer 1200 brown 5") is read as part of the name, not as a count that ends it."""
    items: list[Item] = []
    for chunk, bracket in _chunks(_each_lines(_corrected(pieces)), index):
        found = _items_in(chunk, index)
        if bracket and found:
            found[0].bracket = True
        items.extend(found)
    return items


def _each_lines(pieces: list[Piece]) -> list[Piece]:
    """'syska 9w aur 12w bulb 1-1 peti', 'PR 126 te PR 131 dono 25 bag': a count said for every item
    of a list. Each item gets the count, and the name words (never the numbers) the others said and
    it did not (the brand said first, the product said last), as a clerk reads one name with its
    variants."""
    if not any(p.mod == "each" or p.kind == "each" for p in pieces):
        return pieces
    out: list[Piece] = []
    line: list[Piece] = []
    for p in pieces:
        if p.kind == "sep" and p.text == "\n":
            out.extend(_each_line(line))
            out.append(p)
            line = []
        else:
            line.append(p)
    out.extend(_each_line(line))
    return out


def _each_line(line: list[Piece]) -> list[Piece]:
    marks = [k for k, p in enumerate(line) if p.kind == "each"]
    counts = [k for k, p in enumerate(line) if p.kind in ("qty", "num") and p.mod == "each"]
    for k in marks:  # "dono 25 bag", "2 peti each": the count beside the word
        near = [j for j in (k + 1, k - 1) if 0 <= j < len(line) and line[j].kind in ("qty", "num")]
        counts += near[:1]
    kept = [p if p.kind != "each" else replace(p, kind="filler") for p in line]
    if len(set(counts)) != 1:
        return kept
    q = counts[0]
    groups: list[list[Piece]] = [[]]
    for p in kept[:q]:
        if p.kind == "conj" or (p.kind == "sep" and p.text == ","):
            groups.append([])
        else:
            groups[-1].append(p)
    groups = [g for g in groups if any(p.kind in ("word", "code", "num", "size") for p in g)]
    if len(groups) < 2 or not any(p.kind in ("word", "code") for g in groups for p in g):
        return kept
    out: list[Piece] = []
    for g in groups:
        have = {p.text for p in g if p.kind == "word"}
        missing: list[Piece] = []
        for other in groups:
            for p in other:
                if other is not g and p.kind == "word" and p.text.isalpha() and p.text not in have:
                    missing.append(replace(p))
                    have.add(p.text)
        out.extend(g + missing + [replace(kept[q], mod="")])
        out.append(Piece("sep", ",", kept[q].start, kept[q].start))
    return out + kept[q + 1 :]


def _corrected(pieces: list[Piece]) -> list[Piece]:
    """'maggi 5 nahi 10 peti': a quantity, a correction word, then another quantity - drop the first."""
    out: list[Piece] = []
    for k, p in enumerate(pieces):
        if p.kind in QTYISH:
            rest = [q for q in pieces[k + 1 : k + 4] if q.kind not in ("filler",)]
            if len(rest) >= 2 and rest[0].kind == "corr" and rest[1].kind in QTYISH:
                continue
        out.append(p)
    return out


def _chunks(pieces: list[Piece], index: CatalogIndex | None = None) -> list[tuple[list[Piece], bool]]:
    """Pieces cut at separators and conjunctions, each chunk with whether it restates the
    quantity before it: a bracket holding a quantity ("(20 pcs)"), or what follows "yaani" / "=".
    A bracket without a quantity ("(Rs 5)", "(70g)") is part of the name around it."""
    chunks: list[tuple[list[Piece], bool]] = []
    current: list[Piece] = []
    later: list[Piece] = []  # a restatement inside an item ("2 peti (80 btl) confidor"), for after it
    k, n = 0, len(pieces)
    while k < n:
        p = pieces[k]
        if p.kind == "sep" and p.text == "(":
            close = _bracket_end(pieces, k)
            inside = pieces[k + 1 : close]
            has_count = any(q.kind in ("qty", "num", "measure") for q in current)
            if any(q.kind == "qty" for q in inside) or (
                has_count and any(q.kind == "measure" for q in inside)
            ):
                if current and not any(q.kind in ("word", "code") for q in current):
                    later = inside  # the item's name is still to come
                else:
                    if current:
                        chunks.append((current, False))
                    chunks.append((inside, True))
                    current = []
            else:
                current.extend(inside)
            k = close + 1 if close < n and pieces[close].text == ")" else close
            continue
        if p.kind == "restate":
            end = k + 1
            while end < n and pieces[end].kind not in ("qty", "measure", "sep", "conj"):
                end += 1
            if current:
                chunks.append((current, False))
            chunks.append((pieces[k + 1 : end + 1], True))
            current = []
            k = end + 1
            continue
        if p.kind == "sep":
            if current:
                chunks.append((current, False))
            if later:
                chunks.append((later, True))
            current, later = [], []
        elif p.kind == "conj":
            # "dolo 650 aur 10 strip": a number the products named print is no count to end on
            has_qty = any(q.kind in ("qty", "measure") for q in current) or (
                any(q.kind == "num" for q in current) and not _printed_so_far(Item(list(current)), index)
            )
            if has_qty:
                chunks.append((current, False))
                if later:
                    chunks.append((later, True))
                current, later = [], []
            else:
                current.append(Piece("word" if p.canon else "filler", p.text, p.start, p.end, canon=p.canon))
        else:
            current.append(p)
        k += 1
    if current:
        chunks.append((current, False))
    if later:
        chunks.append((later, True))
    return chunks


def _bracket_end(pieces: list[Piece], k: int) -> int:
    """Where the bracket opened at k closes: its ")", else the end of its line (or of the message)."""
    for j in range(k + 1, len(pieces)):
        if pieces[j].text == ")" and pieces[j].kind == "sep":
            return j
        if pieces[j].text == "\n":
            return j
    return len(pieces)


NAMEISH = ("word", "code", "mod", "soft")
QTYISH = ("qty", "num")


def _size_before_name(current: Item, rest: list[Piece]) -> bool:
    """'astral 1/2 elbow 100 nos': the bare number inside the name is a size, not a quantity."""
    if current.of("qty"):
        return False
    bare = current.of("num")
    if bare and all(p.value is not None and p.value != p.value.to_integral_value() for p in bare):
        return True
    return any(q.kind == "qty" for q in rest) and not any(q.kind == "num" for q in rest)


def _items_in(chunk: list[Piece], index: CatalogIndex | None = None) -> list[Item]:
    sig = [p for p in chunk if p.kind not in ("filler", "dash")]
    if not sig:
        return []
    qty_first = False
    for k, p in enumerate(sig):
        if p.kind in ("word", "code"):
            break
        if p.kind == "qty" or (
            p.kind == "num"
            and not p.glued
            and k + 1 < len(sig)
            and sig[k + 1].kind in NAMEISH
            and not any(q.kind == "qty" for q in sig[k + 1 :])  # "1.5 black 4 coil": 4 coil is the count
        ):
            qty_first = True
            break
    items: list[Item] = []
    current = Item()
    has_word = has_qty = False
    for k, p in enumerate(sig):
        nxt = sig[k + 1] if k + 1 < len(sig) else None
        if qty_first:
            # "5 maggi 3 yippee", "10 peti maggi 5 tata salt": a bare number before a name starts the
            # next item - unless this item's count was a number with its unit and the products it
            # names print this one ("ek coil lifeline 1.5 red": 1.5 is the size)
            bare_start = (
                p.kind == "num"
                and not p.glued
                and nxt is not None
                and nxt.kind in NAMEISH
                and not (current.has("qty") and _prints(current, p, index))
            )
            if (p.kind == "qty" or bare_start) and has_word and has_qty:
                items.append(current)
                current, has_word, has_qty = Item(), False, False
        elif p.kind in ("word", "code") and has_word and has_qty and not _size_before_name(current, sig[k:]):
            if not _printed_so_far(current, index):
                items.append(current)
                current, has_word, has_qty = Item(), False, False
        elif (
            p.kind == "num"
            and has_word
            and current.has("qty")
            and nxt is not None
            and nxt.kind in ("word", "code")
        ):
            # "havells1.5red3coil 1.5black3coil": after a count with its unit, a number and a name
            # start the next item
            items.append(current)
            current, has_word, has_qty = Item(), False, False
        current.add(p)
        if p.kind in ("word", "code"):
            has_word = True
        if p.kind in QTYISH:
            has_qty = True
    if current.pieces:
        items.append(current)
    return items


def _printed_so_far(current: Item, index: CatalogIndex | None) -> bool:
    """Is every count of `current` a bare number that a product its words name prints
    ("pacer 1200", "c 40")? Then a word after it continues the name."""
    if index is None or current.has("qty"):
        return False
    nums = current.of("num")
    return bool(nums) and _prints(current, nums[-1], index)


def _prints(current: Item, last: Piece, index: CatalogIndex | None) -> bool:
    """Does a product that the words of `current` name print the number `last` ("lifeline" 1.5)?"""
    if index is None:
        return False
    words = [w for w in current.of("word") if w.canon is not None]
    if not words:
        return False
    pool: set[int] | None = None
    for w in words:
        assert w.canon is not None
        found = index.products_for(w.canon)
        pool = set(found) if pool is None else pool & found
        if not pool:
            return False
    assert pool is not None
    value = last.value
    if value is None or len(pool) > 500:
        return False
    return any(value in index.entries[i].printed or last.text in index.entries[i].numbers for i in pool)
