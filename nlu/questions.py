"""A question about a price, a scheme, stock, or a bill: what is asked, about which products.

Dealers ask "parle g 20 wala kitne ka padega", "maggi 1 peti kitne ki", "is mahine tide pe offer kya
hai", "sprite stock me hai?", "मैगी का रेट क्या है" and "SO-1043 ka bill". The words are data:
`nlu/rules/questions.toml` (Hinglish, Hindi in Devanagari, Marathi and English) for prices, schemes
and stock; a bill is the [bill] table of `nlu/rules/intents.txt`, which the parser already reads.

`read_question(text, parsed, read)` is conservative: it gives None unless the message has a cue of
one kind and is no other request.

- an order stays an order: a message that asks to send ("10 peti maggi bhejo"), or says a rate
  with an item ("maggi 10 peti rate 1050", "@1150": the order flow asks an approver), is no
  question; nor is a request for the whole rate list;
- a balance, status, cancel, repeat, YES or NO (the parser's intent), a complaint or a file
  pointed at is left as it is ("payment kitna baki" is a balance question);
- the products are read by `read` (the parser's `items`) from the message without the question's
  words ("maggi 1 peti" of "maggi 1 peti kitne ki"); a unit word said alone ("maggi peti ka rate")
  is the unit asked in. A product the parser is sure of is `products`; one it is not sure of is
  `unsure`, with the products it may be (never a guess);
- a bill names an order ("SO-1043 ka bill", "invoice bhejo 1043") or none (his latest).

    >>> question_kind("maggi ka rate kya hai", ParsedMessage("other"))
    'price'
    >>> question_kind("10 peti maggi bhejo", ParsedMessage("order"))
    >>> question_kind("SO-1043 ka bill", ParsedMessage("other", order_ref="SO-1043"))
    'bill'
    >>> products_text("is mahine tide pe offer kya hai")
    'tide'
    >>> products_text("maggi 1 peti kitne ki"), bare_unit("maggi peti ka rate")
    ('maggi 1 peti', 'case')
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from nlu import spans, tables
from nlu.normalise import Token, tokenize
from nlu.types import ParsedMessage
from nlu.units import MEASURES, UNIT_WORDS

RULES_FILE = Path(__file__).parent / "rules" / "questions.toml"
KINDS = ("price", "scheme", "stock", "list")  # "list": the whole rate list, left to today's flow
QUESTIONS = ("price", "scheme", "stock", "bill")
LEAVE_INTENTS = frozenset({"balance", "status", "cancel", "repeat", "confirm", "reject"})
LEAVE_LABELS = frozenset({"complaint", "attachment", "strong_reject", "send"})  # of rules/intents.txt
_NUMBER = re.compile(r"\b(?:[a-z]{1,4}\s*[-#]?\s*)?(\d{3,7})\b", re.IGNORECASE)
Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    kind_of: dict[Phrase, str]  # phrase (as its words) -> one of KINDS
    fillers: frozenset[str]


@dataclass(frozen=True)
class Asked:
    """A product asked about: `qty` in `uom` when he gave a quantity ("1 peti"), else None and `uom`
    the unit he named alone ("peti"), or "" for the product's own order unit."""

    sku: str
    uom: str
    qty: Decimal | None
    text: str


@dataclass(frozen=True)
class Unsure:
    """Words the parser cannot settle on one product: `skus` are the ones it may be (best first),
    empty when nothing in the catalog fits."""

    text: str
    skus: tuple[str, ...]


@dataclass(frozen=True)
class Question:
    kind: str  # one of QUESTIONS
    products: tuple[Asked, ...] = ()
    unsure: tuple[Unsure, ...] = ()
    order_ref: str | None = None  # a bill: the order number as he wrote it; None for his latest


def load_rules(path: Path = RULES_FILE) -> Rules:
    """The tables of a rules file; a phrase in two kinds or with no words is an error naming the file."""
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    kind_of = tables.phrase_kinds(data.get("phrases", {}), KINDS, path.name)
    fillers = frozenset(
        w for text in data.get("words", {}).get("fillers", ()) for w in tables.phrase_words(text)
    )
    return Rules(kind_of, fillers)


RULES = load_rules()


def _words(tokens: Sequence[Token]) -> list[int]:
    return [i for i, t in enumerate(tokens) if t.text[0].isalnum()]


def _cues(tokens: Sequence[Token], rules: Rules) -> list[tuple[int, str, list[int]]]:
    """(first position, kind, token positions) of the cue phrases, the longer of two overlapping
    ones counting, in message order."""
    at = _words(tokens)
    words = [tokens[i].text for i in at]
    found: list[tuple[int, str, list[int]]] = []
    taken: set[int] = set()
    for size in range(min(len(words), 5), 0, -1):
        for start in range(len(words) - size + 1):
            kind = rules.kind_of.get(tuple(words[start : start + size]))
            if kind is not None and taken.isdisjoint(range(start, start + size)):
                taken.update(range(start, start + size))
                found.append((at[start], kind, [at[k] for k in range(start, start + size)]))
    return sorted(found)


def _labels(tokens: Sequence[Token]) -> frozenset[str]:
    """The cue labels of rules/intents.txt in the message (bill, send, complaint ...)."""
    return frozenset(spans.find([t.text for t in tokens if t.text != "\n"]).labels)


def question_kind(text: str, parsed: ParsedMessage, rules: Rules = RULES) -> str | None:
    """The kind of question the message asks (one of QUESTIONS), or None when it is no clear question
    or is another request as well (see the module docstring). `parsed` is the parser's reading."""
    if parsed.intent in LEAVE_INTENTS:
        return None
    if any(ln.rate is not None for ln in parsed.lines) or any(u.rate is not None for u in parsed.unmatched):
        return None  # "maggi 10 peti rate 1050": an order with a price asked
    tokens = tokenize(text)
    labels = _labels(tokens)
    if "complaint" in labels or "attachment" in labels:
        return None
    if "bill" in labels:
        return "bill"
    cues = _cues(tokens, rules)
    if not cues or any(kind == "list" for _, kind, _ in cues) or labels & LEAVE_LABELS:
        return None
    return cues[0][1]


def products_text(text: str, rules: Rules = RULES) -> str:
    """The message without its question's words, fillers and a unit word said alone: the products it
    names, for the parser; each cut is a comma, so the names on either side stay apart."""
    tokens = tokenize(text)
    cut = {i for _, _, places in _cues(tokens, rules) for i in places}
    cut |= {i for i in _words(tokens) if tokens[i].text in rules.fillers or _alone_unit(tokens, i)}
    out: list[str] = []
    for i, token in enumerate(tokens):
        if i in cut:
            if out and out[-1] != ",":
                out.append(",")
        elif token.text[0].isalnum() or token.text in ".-&+/@":
            out.append(text[token.start : token.end])
    return " ".join(out).strip(" ,").replace(" ,", ",")


def _alone_unit(tokens: Sequence[Token], i: int) -> bool:
    """A unit word with no number before it ("maggi peti ka rate"), as opposed to "1 peti"."""
    kind = UNIT_WORDS.get(tokens[i].text)
    if kind is None or kind in MEASURES:
        return False
    return i == 0 or not tokens[i - 1].text[0].isdigit()


def bare_unit(text: str) -> str:
    """The unit a unit word said alone names ("maggi peti ka rate" -> 'case'), or ''."""
    tokens = tokenize(text)
    found = [UNIT_WORDS[tokens[i].text] for i in _words(tokens) if _alone_unit(tokens, i)]
    return found[0] if found else ""


def read_question(
    text: str, parsed: ParsedMessage, read: Callable[[str], ParsedMessage], rules: Rules = RULES
) -> Question | None:
    """The question a message asks, or None (see the module docstring). `read(text)` is the parser's
    `items` reading (every product named, with or without a quantity), called only for a question.

    >>> from nlu.types import ParsedLine
    >>> line = ParsedLine("MAG-70", Decimal(1), "case", 0.97, "maggi 1 peti", (0, 12), "alias")
    >>> items = lambda text: ParsedMessage("order", (line,))
    >>> q = read_question("maggi 1 peti kitne ki", ParsedMessage("order"), items)
    >>> q.kind, q.products
    ('price', (Asked(sku='MAG-70', uom='case', qty=Decimal('1'), text='maggi 1 peti'),))
    """
    kind = question_kind(text, parsed, rules)
    if kind is None:
        return None
    if kind == "bill":
        return _bill(text, parsed, read)
    about = products_text(text, rules)
    found = read(about) if about else ParsedMessage("other")
    unit = bare_unit(text)
    products, unsure = [], []
    for line in found.lines:
        if line.review:
            unsure.append(Unsure(line.text, (line.sku, *(c.sku for c in line.candidates))))
        elif line.qty > 0:
            products.append(Asked(line.sku, line.uom, line.qty, line.text))
        else:
            products.append(Asked(line.sku, unit, None, line.text))
    for item in found.unmatched:
        unsure.append(Unsure(item.text, tuple(c.sku for c in item.candidates)))
    return Question(kind, tuple(products), tuple(unsure))


def _bill(text: str, parsed: ParsedMessage, read: Callable[[str], ParsedMessage]) -> Question | None:
    """A bill asked for: the order it names, or None for his latest; None when the message also
    quotes items with quantities (that is for a person, as before)."""
    ref = parsed.order_ref
    if ref is None:
        number = _NUMBER.search(text)
        ref = number.group(1) if number else None
    if ref is None and any(ln.qty > 0 for ln in read(text).lines):
        return None
    return Question("bill", order_ref=ref)


__all__ = [
    "Asked",
    "Question",
    "Rules",
    "Unsure",
    "bare_unit",
    "load_rules",
    "products_text",
    "question_kind",
    "read_question",
]
