"""A claim about goods that came: damaged, leaking, expired, short, wrong, or to be taken back.

Dealers write "kal ki 3 peti me 1 peti tel leak thi", "date nikal gayi, 6 strip wapas bhejni hai",
"SO-1043 me 2 case maggi damage aaye", "२ पेटी खराब निकली", "3 dabba short aaye". The words are
data: `nlu/rules/claims.toml` (Hinglish, Hindi in Devanagari, Marathi and English), read once into
`RULES`.

`read_claim(text)` is None unless a cue of the table is in the message (the reader is strict: an
order, "maal accha tha" or "maal nahi aaya" is no claim). Otherwise it says:

- `reason`: the kind of the cue found, the first of `reasons` when several are said
  ("expiry wala maal wapas lo" is expired, not a plain return);
- `order_ref`: an order number named ("SO-1043"), and `latest` when the message points at the last
  delivery instead ("kal ki", "last order");
- `goods_text`: the message without its claim words, order number and filler words, for the
  parser to read the products and quantities from; `goods`: the quantities said ("6 strip"), with
  no product yet. `with_goods(parsed)` puts the parser's reading of `goods_text` in their place.

The quantity claimed: in "3 peti me 1 peti" the number before a part-of word ("me", "mein se",
"out of", "paiki") is what came and the one after it what is claimed; the first is kept in
`received` and left out of `goods_text`. A quantity the reader is not sure of is left for staff
(None) rather than guessed: more claimed than came, or a line the parser itself doubted.

    >>> told = read_claim("kal ki 3 peti me 1 peti tel leak thi")
    >>> told.reason, told.latest, told.goods_text, told.received
    ('leak', True, '1 peti tel', ((Decimal('3'), 'case'),))
    >>> [(g.qty, g.uom) for g in told.goods]
    [(Decimal('1'), 'case')]
    >>> read_claim("SO-1043 me 2 case maggi damage aaye").order_ref
    'SO-1043'
    >>> read_claim("expiry wala maal wapas lo 5 pkt parle g").reason
    'expired'
    >>> read_claim("२ पेटी खराब निकली").goods[0].qty
    Decimal('2')
    >>> read_claim("maal nahi aaya"), read_claim("10 peti maggi bhejo"), read_claim("maal accha tha")
    (None, None, None)

A claim and an order in one message ("5 peti maggi bhejo, pichli baar 2 peti damage thi") says so
(`also_orders`: a send cue outside the claim's own words, "wapas bhejni" being the claim's): which
goods are claimed and which ordered is for a person, never guessed.

    >>> read_claim("5 peti maggi bhejo, pichli baar 2 peti damage thi").also_orders
    True
    >>> read_claim("date nikal gayi, 6 strip wapas bhejni hai").also_orders
    False
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from nlu import spans, tables
from nlu.intent import SEND
from nlu.normalise import Token, tokenize
from nlu.numbers import word_number
from nlu.types import ParsedMessage
from nlu.units import UNIT_WORDS

RULES_FILE = Path(__file__).parent / "rules" / "claims.toml"
REASONS = ("damaged", "leak", "expired", "short", "wrong", "return")
KINDS = (*REASONS, "latest")
# review codes of a parsed line that doubt its quantity, not its product: the quantity goes to staff
QTY_DOUBTS = frozenset({"no_quantity", "conflicting_quantity", "unexplained_number", "unit", "unknown_unit"})
MAX_WORDS_BETWEEN = 3  # "5 peti maggi me 2 peti": product words between what came and the part-of word
DANGLING = ",.:;-!?/()|&+*#@~'\" "  # punctuation left with no words after it
_ORDER_REF = re.compile(r"\bso\s*[-#]?\s*(\d{3,7})\b", re.IGNORECASE)
Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    kind_of: dict[Phrase, str]  # phrase (as its words) -> one of KINDS
    reasons: tuple[str, ...]  # which reason wins when several are said, first first
    part_of: frozenset[Phrase]
    fillers: frozenset[str]


@dataclass(frozen=True)
class Goods:
    """One thing claimed: how many of what. Each part may be unknown (None): staff fill it."""

    qty: Decimal | None
    uom: str | None
    words: str  # the dealer's words for it
    sku: str | None = None
    candidates: tuple[str, ...] = ()  # SKUs the parser thought it could be


@dataclass(frozen=True)
class ClaimTold:
    """What a claim message says (see the module docstring)."""

    reason: str  # one of REASONS
    order_ref: str | None  # "SO-1043" when named
    latest: bool  # "kal ki", "last order": the dealer's latest delivery
    goods_text: str  # the words about the goods, for the parser
    goods: tuple[Goods, ...] = ()
    received: tuple[tuple[Decimal, str | None], ...] = ()  # the "3 peti" of "3 peti me 1 peti"
    notes: tuple[str, ...] = ()  # what the reader left for staff, in words
    also_orders: bool = False  # the words beside the claim ask to send goods too: a person reads it

    def with_goods(self, parsed: ParsedMessage) -> ClaimTold:
        """The claim with the goods the parser read from `goods_text` (its lines, then the items it
        could not match); the quantities alone stay when the parser read nothing.

        >>> from nlu.types import ParsedLine
        >>> told = read_claim("5 peti maggi me 7 peti damage")
        >>> line = ParsedLine("MAG-MAS-70", Decimal(7), "case", 1.0, "maggi 7 peti", (0, 12), "exact")
        >>> told.with_goods(ParsedMessage("order", lines=(line,))).goods[0].qty is None
        True
        """
        goods = [
            Goods(
                None if ln.review in QTY_DOUBTS else ln.qty,
                ln.uom,
                ln.text,
                ln.sku if not ln.review or ln.review in QTY_DOUBTS else None,
                tuple(c.sku for c in ln.candidates),
            )
            for ln in parsed.lines
        ]
        goods += [
            Goods(u.qty, u.uom, u.text, None, tuple(c.sku for c in u.candidates))
            for u in parsed.unmatched
            if u.qty is not None or u.candidates
        ]
        if not goods:
            return self
        return _checked(replace(self, goods=tuple(goods)))


def load_rules(path: Path = RULES_FILE) -> Rules:
    """The tables of a rules file; a phrase in two kinds, or a reason missing from `reasons`, is an error."""
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    kind_of = tables.phrase_kinds(data.get("phrases", {}), KINDS, path.name)
    words = data.get("words", {})
    reasons = tuple(words.get("reasons", ()))
    if sorted(reasons) != sorted(REASONS):
        raise ValueError(f"{path.name}: [words] reasons must list {', '.join(REASONS)} once each")
    part_of = frozenset(tables.phrase_words(text) for text in words.get("part_of", ()))
    fillers = frozenset(w for text in words.get("fillers", ()) for w in tables.phrase_words(text))
    return Rules(kind_of, reasons, part_of, fillers)


RULES = load_rules()


def read_claim(text: str, rules: Rules = RULES) -> ClaimTold | None:
    """What a claim message says, or None when the message is no claim (see the module docstring).

    >>> told = read_claim("date nikal gayi, 6 strip wapas bhejni hai")
    >>> told.reason, told.goods_text, [(g.qty, g.uom) for g in told.goods]
    ('expired', '6 strip', [(Decimal('6'), 'strip')])
    >>> read_claim("3 dabba short aaye").reason, read_claim("galat maal aaya").reason
    ('short', 'wrong')
    """
    tokens = [t for t in tokenize(text) if t.text != "\n"]
    found = _phrases(tokens, rules.kind_of)
    kinds = {kind for kind, _ in found}
    reasons = [r for r in rules.reasons if r in kinds]
    if not reasons:
        return None
    gone = {i for _, places in found for i in places}
    ref = _ORDER_REF.search(text)
    if ref is not None:
        gone |= {i for i, t in enumerate(tokens) if ref.start() <= t.start and t.end <= ref.end()}
    words = [i for i, t in enumerate(tokens) if i not in gone and t.text[0].isalnum()]
    received, came = _received(tokens, words, rules)
    kept = [i for i in words if i not in came and tokens[i].text not in rules.fillers]
    goods_text = _without(text, tokens, set(range(len(tokens))) - set(kept) - _marks(tokens))
    told = ClaimTold(
        reason=reasons[0],
        order_ref=f"SO-{ref.group(1)}" if ref is not None else None,
        latest="latest" in kinds,
        goods_text=goods_text,
        goods=_quantities(text, tokens, kept),
        received=received,
        also_orders=SEND in spans.find([tokens[i].text for i in kept]).labels,
    )
    return _checked(told)


def _marks(tokens: Sequence[Token]) -> set[int]:
    """Punctuation between words, kept so the parser still sees a shop header ("Laxmi Stores: ...")."""
    return {i for i, t in enumerate(tokens) if not t.text[0].isalnum()}


def _without(text: str, tokens: Sequence[Token], gone: set[int]) -> str:
    """`text` without the tokens at `gone`, spaces collapsed and no punctuation left dangling.

    >>> read_claim("Laxmi Stores: 2 peti maggi toot gayi").goods_text
    'Laxmi Stores: 2 peti maggi'
    """
    out: list[str] = []
    for i, token in enumerate(tokens):
        if i in gone:
            continue
        piece = text[token.start : token.end]
        if not token.text[0].isalnum() and (not out or out[-1][-1] in DANGLING):
            continue  # punctuation after nothing, or after punctuation: dropped
        glued = bool(out) and i > 0 and (i - 1) not in gone and tokens[i - 1].end == token.start
        if glued and not token.text[0].isalnum():
            out[-1] += piece
        else:
            out.append(piece)
    return " ".join(out).rstrip(DANGLING)


def _phrases(tokens: Sequence[Token], kind_of: dict[Phrase, str]) -> list[tuple[str, list[int]]]:
    """(kind, token positions) of the table's phrases in `tokens`, over their words (punctuation
    skipped), the longer of two overlapping ones counting, then the earlier."""
    at = [i for i, t in enumerate(tokens) if t.text[0].isalnum()]
    words = [tokens[i].text for i in at]
    found: list[tuple[str, list[int]]] = []
    taken: set[int] = set()
    longest = max((len(p) for p in kind_of), default=0)
    for size in range(min(len(words), longest), 0, -1):
        for start in range(len(words) - size + 1):
            kind = kind_of.get(tuple(words[start : start + size]))
            if kind is not None and taken.isdisjoint(range(start, start + size)):
                taken.update(range(start, start + size))
                found.append((kind, [at[k] for k in range(start, start + size)]))
    return found


def _number(tokens: Sequence[Token], i: int) -> Decimal | None:
    """The number token `i` says ("3", "teen"; "ek" only before a unit word)."""
    unit_next = i + 1 < len(tokens) and tokens[i + 1].text in UNIT_WORDS
    return word_number(tokens[i].text, before_unit=unit_next)


def _received(
    tokens: Sequence[Token], words: Sequence[int], rules: Rules
) -> tuple[tuple[tuple[Decimal, str | None], ...], set[int]]:
    """What came, said before a part-of word ("3 peti me 1 peti", "5 peti maggi me 2 peti"): the
    quantities with their units, and the positions of their words (left out of the goods).

    >>> read_claim("teen peti me ek peti phati hui").received
    ((Decimal('3'), 'case'),)
    """
    received: list[tuple[Decimal, str | None]] = []
    came: set[int] = set()
    longest = max((len(p) for p in rules.part_of), default=0)
    for k, i in enumerate(words):
        qty = _number(tokens, i)
        if qty is None:
            continue
        unit = k + 1 < len(words) and tokens[words[k + 1]].text in UNIT_WORDS
        after = k + (2 if unit else 1)
        for skip in range(MAX_WORDS_BETWEEN + 1):
            at = after + skip
            if at >= len(words):
                break
            if at > after and _number(tokens, words[at - 1]) is not None:
                break  # another quantity comes first: this one is not what came
            size = next(
                (
                    n
                    for n in range(longest, 0, -1)
                    if tuple(tokens[w].text for w in words[at : at + n]) in rules.part_of
                ),
                0,
            )
            if size and at + size < len(words) and _number(tokens, words[at + size]) is not None:
                received.append((qty, UNIT_WORDS[tokens[words[k + 1]].text] if unit else None))
                came |= {i, words[k + 1]} if unit else {i}
                came |= set(words[at : at + size])
                break
    return tuple(received), came


def _quantities(text: str, tokens: Sequence[Token], kept: Sequence[int]) -> tuple[Goods, ...]:
    """The quantities said ("6 strip", "1 bori"), each with the words up to the next one; no product
    is read here (the parser does that: ClaimTold.with_goods)."""
    goods: list[Goods] = []
    for k, i in enumerate(kept):
        qty = _number(tokens, i)
        if qty is None:
            continue
        nxt = tokens[kept[k + 1]].text if k + 1 < len(kept) else ""
        end = next((m for m in range(k + 1, len(kept)) if _number(tokens, kept[m]) is not None), len(kept))
        words = " ".join(text[tokens[m].start : tokens[m].end] for m in kept[k:end])  # as he wrote them
        goods.append(Goods(qty, UNIT_WORDS.get(nxt), words))
    return tuple(goods)


def _checked(told: ClaimTold) -> ClaimTold:
    """A claimed quantity more than what came, in the same unit, is left for staff (None) with a note.

    >>> told = read_claim("3 peti me 5 peti leak")
    >>> told.goods[0].qty, told.notes
    (None, ('5 case claimed of 3 case that came: quantity left for staff',))
    """
    if len(told.received) != 1 or len(told.goods) != 1:
        return told
    (came, came_uom), [one] = told.received[0], told.goods
    if one.qty is None or one.qty <= came or (came_uom and one.uom and came_uom != one.uom):
        return told
    note = f"{one.qty} {one.uom or ''} claimed of {came} {came_uom or ''} that came: quantity left for staff"
    return replace(told, goods=(replace(one, qty=None),), notes=(*told.notes, " ".join(note.split())))


__all__ = ["REASONS", "ClaimTold", "Goods", "Rules", "load_rules", "read_claim"]
