"""Numbers and what follows them: a quantity ("5 peti"), a size ("70 g"), a price point ("10 rs"),
a rate ("@ 1150 per cs"), a grade the catalog prints ("12:32:16"), or a bare count.

`read_number` reads the number, then offers it with the word after it to the readers of
`AFTER_NUMBER`, in order: the first that reads it wins, and a number none of them reads is a bare
count. The words after a number each reader is triggered by pick the few it is offered to.

    >>> from nlu.index import CatalogIndex
    >>> from nlu.normalise import tokenize
    >>> from nlu.reading import Reading
    >>> tokens = tokenize("dolo 10 strip 70 g rs 5")
    >>> r = Reading(tokens, CatalogIndex([]), {}, lambda w: None, [])
    >>> [(p.kind, p.unit or p.size) for k in (1, 3) for p in read_number(r, k)[0]]
    [('qty', 'strip'), ('size', ('g', Decimal('70')))]
    >>> read_price(r, 5)[0][0].value
    Decimal('5')
"""

from __future__ import annotations

from decimal import Decimal

from nlu.lookahead import grade_at, misspelt_unit, name_number, number_here, pack_notation, plus_name
from nlu.normalise import Token
from nlu.numbers import is_digits, word_number
from nlu.pieces import Piece
from nlu.reading import (
    LIST_END,
    PER_WORDS,
    QTY_LEAD,
    QTY_MARKERS,
    RATE_LEAD,
    RATE_WORDS,
    NumberReader,
    Read,
    Reading,
    exact,
    text_at,
    word_piece,
)
from nlu.sizes import PRICE_WORDS, SIZE_UNITS, WALA_WORDS, size_in
from nlu.units import MEASURES, UNIT_WORDS

_PRICE_TAIL = WALA_WORDS | PRICE_WORDS  # "10 rs wala"
_RATE_TAIL = PRICE_WORDS | RATE_WORDS  # "1150 rs rate"
MAX_RATE = Decimal(10) ** 9  # rupees a unit


# -- numbers ---------------------------------------------------------------------------------------


def read_grade(r: Reading, i: int) -> Read | None:
    """'12:32:16', '19 19 19', '12-32-16': a grade the catalog prints, one name word."""
    grade = grade_at(r.tokens, i, r.index)
    if grade is None:
        return None
    word, j = grade
    return (Piece("word", word, r.tokens[i].start, r.tokens[j - 1].end, canon=exact(word)),), j


def read_number(r: Reading, i: int) -> Read | None:
    """A number ("5", "das", "do" before a unit word), read with what follows it by the first of
    `AFTER_NUMBER` that takes it; else a bare number."""
    tokens = r.tokens
    value = number_here(tokens, i)
    if value is None:
        return None
    nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
    for read in _AFTER_PLANS.get(nxt, _ANY_NEXT):
        got = read(r, i, value, nxt)
        if got is not None:
            return got
    return _read_count(r, i, value, nxt)


def _read_rate_after_number(r: Reading, i: int, value: Decimal, nxt: str) -> Read | None:
    """'1150 rate', '1150 rate per case'."""
    w = r.tokens[i].text
    if nxt in RATE_WORDS and is_number(w):
        piece, j = _rate_tail(r.tokens, i, value, i + 2)
        return (piece,), j
    return None


def _read_pack_notation(r: Reading, i: int, value: Decimal, nxt: str) -> Read | None:
    """'10x10', '25x10', '8x4': how the pack or sheet is made up, never a quantity."""
    tokens = r.tokens
    if nxt == "x" and pack_notation(tokens, i):
        return (Piece("filler", tokens[i].text, tokens[i].start, tokens[i + 2].end),), i + 3
    return None


def _read_each_count(r: Reading, i: int, value: Decimal, nxt: str) -> Read | None:
    """'25-25 bag', '1-1 peti', '50-50 nos': the same count for every item of the list before it."""
    tokens = r.tokens
    if nxt != "-" or i + 2 >= len(tokens):
        return None
    a, dash, b = tokens[i], tokens[i + 1], tokens[i + 2]
    if not (a.end == dash.start and dash.end == b.start and b.text == a.text and a.text.isdigit()):
        return None
    if a.text + b.text in r.index.dashed:
        return None  # "Britannia 50-50": a name the catalog writes with its dash
    unit = text_at(tokens, i + 3)
    if unit in UNIT_WORDS:
        piece = Piece(
            "qty", a.text, a.start, tokens[i + 3].end, value, unit=UNIT_WORDS[unit], word=unit, mod="each"
        )
        return (piece,), i + 4
    return (Piece("num", a.text, a.start, b.end, value, mod="each"),), i + 3


def _read_plus_name(r: Reading, i: int, value: Decimal, nxt: str) -> Read | None:
    """'4+1 extension board': a name the catalog prints, not four and one."""
    tokens = r.tokens
    if nxt == "+" and plus_name(tokens, i, r.index):
        return (
            word_piece(tokens[i], exact(tokens[i].text)),
            word_piece(tokens[i + 2], exact(tokens[i + 2].text)),
        ), i + 3
    return None


def _read_list_number(r: Reading, i: int, value: Decimal, nxt: str) -> Read | None:
    """'1)' or '2.' at a line's start, '3)' after a separator: a list number, which ends an item.
    Inside an open bracket, '2)' closes it: '(Pack of 2)' is no list number."""
    tokens = r.tokens
    w = tokens[i].text
    prev = r.prev()
    at_line_start = prev is None or prev.text == "\n"
    opened = any(t.text == "(" for t in tokens[max(0, i - 6) : i]) and not any(
        t.text == ")" for t in tokens[max(0, i - 6) : i]
    )
    after_break = at_line_start or (prev is not None and prev.kind == "sep" and prev.text != "(")
    if nxt in LIST_END and (after_break or (nxt == ")" and not opened)) and "." not in w and is_digits(w):
        return (Piece("sep", w + nxt, tokens[i].start, tokens[i + 1].end),), i + 2
    return None


def _read_square_mm(r: Reading, i: int, value: Decimal, nxt: str) -> Read | None:
    """'1.5 sq mm': a wire's size."""
    tokens = r.tokens
    if nxt == "sq" and text_at(tokens, i + 2) == "mm":
        t = tokens[i]
        return (Piece("size", t.text, t.start, tokens[i + 2].end, value, size=("sqmm", value)),), i + 3
    return None


def _read_size(r: Reading, i: int, value: Decimal, nxt: str) -> Read | None:
    """'70 g', '1.25 ltr', '12 mm': a size - or a measure ('20 kg'), which may be the quantity."""
    tokens = r.tokens
    if nxt not in SIZE_UNITS:
        return None
    t = tokens[i]
    size = size_in(value, nxt)
    kind = "measure" if UNIT_WORDS.get(nxt) in MEASURES else "size"
    unit = UNIT_WORDS.get(nxt, "")
    return (Piece(kind, t.text, t.start, tokens[i + 1].end, value, unit=unit, word=nxt, size=size),), i + 2


def _read_price_after_number(r: Reading, i: int, value: Decimal, nxt: str) -> Read | None:
    """'10 rs', '10 wala', '10 rs wala': an MRP price point, never a quantity."""
    tokens = r.tokens
    if nxt not in PRICE_WORDS and nxt not in WALA_WORDS:
        return None
    j = i + 2
    while j < len(tokens) and tokens[j].text in _PRICE_TAIL:
        j += 1
    return (Piece("price", tokens[i].text, tokens[i].start, tokens[j - 1].end, value),), j


def _read_qty(r: Reading, i: int, value: Decimal, nxt: str) -> Read | None:
    """'5 peti', '10 pattah' (a unit word misspelt): a quantity - unless the number is a name's."""
    tokens = r.tokens
    said = nxt if nxt in UNIT_WORDS else misspelt_unit(nxt, r.index)
    if said and "/" in tokens[i].text and r.index.known(said):
        return None  # "3/4 pipe", "1/2 box": a size before a product word the catalog prints, no count
    if said and not name_number(tokens, i, r.index, r.pieces):
        t = tokens[i]
        piece = Piece("qty", t.text, t.start, tokens[i + 1].end, value, unit=UNIT_WORDS[said], word=said)
        return (piece,), i + 2
    return None


def _read_name_number(r: Reading, i: int, value: Decimal, nxt: str) -> Read | None:
    """'5 star', '7 up', 'godrej no 1': a number of a product's name."""
    t = r.tokens[i]
    if is_digits(t.text) and name_number(r.tokens, i, r.index, r.pieces):
        return (word_piece(t, exact(t.text)),), i + 1
    if t.text.isdigit() and t.text in r.index.postings and _starts_item(r) and _count_after(r.tokens, i + 1):
        # "1509 60 bag", "3244 50 pkt": a number the catalog names a product by, its count after it
        return (word_piece(t, exact(t.text)),), i + 1
    return None


def _read_count(r: Reading, i: int, value: Decimal, nxt: str) -> Read:
    """A bare number: a count, or glued onto a letter ("c6", "x215") part of a name."""
    tokens = r.tokens
    t = tokens[i]
    glued = i > 0 and tokens[i - 1].end == t.start and tokens[i - 1].text[:1].isalpha()
    return (Piece("num", t.text, t.start, t.end, value, glued=glued),), i + 1


def read_price(r: Reading, i: int) -> Read | None:
    """'rs 10', 'rs 10 wala': an MRP price point."""
    tokens = r.tokens
    n = len(tokens)
    w = tokens[i].text
    nxt = text_at(tokens, i + 1)
    if w not in PRICE_WORDS or i + 1 >= n or word_number(nxt) is None:
        return None
    j = i + 2
    while j < n and tokens[j].text in WALA_WORDS:
        j += 1
    return (Piece("price", w, tokens[i].start, tokens[j - 1].end, word_number(nxt)),), j


def read_qty_marker(r: Reading, i: int) -> Read | None:
    """'x 10', 'qty: 5 box': a quantity after its marker."""
    tokens = r.tokens
    n = len(tokens)
    t = tokens[i]
    if t.text not in QTY_MARKERS:
        return None
    j = i + 1
    while j < n and tokens[j].text in QTY_LEAD:
        j += 1
    if j >= n or word_number(tokens[j].text, before_unit=True) is None:
        return None
    value = word_number(tokens[j].text, before_unit=True)
    unit_word = text_at(tokens, j + 1)
    if unit_word in UNIT_WORDS and UNIT_WORDS[unit_word] not in MEASURES:
        unit = UNIT_WORDS[unit_word]
        return (Piece("qty", t.text, t.start, tokens[j + 1].end, value, unit=unit, word=unit_word),), j + 2
    return (Piece("qty", t.text, t.start, tokens[j].end, value, unit="", word=""),), j + 1


# -- rates -----------------------------------------------------------------------------------------


def read_rate(r: Reading, i: int) -> Read | None:
    """'@ 1150', 'rate: rs 1150 per case', 'bhav 1150/cs'; a rate word without a number is chat
    ("maggi ka rate?": a question, not a name word)."""
    t = r.tokens[i]
    w = t.text
    if w != "@" and w not in RATE_WORDS:
        return None
    rate = _rate_at(r.tokens, i)
    if rate is not None:
        return (rate[0],), rate[1]
    if w in RATE_WORDS:
        return (Piece("filler", w, t.start, t.end),), i + 1
    return None


def _rate_at(tokens: list[Token], i: int) -> tuple[Piece, int] | None:
    """A rate starting at '@' or a rate word: the piece and the index after it, or None when no
    number follows ('@ 1150', 'rate: rs 1150', 'bhav 1150/cs')."""
    n = len(tokens)
    j = i + 1
    while j < n and tokens[j].text in RATE_LEAD:
        j += 1
    if j >= n or not is_number(tokens[j].text):
        return None
    if j + 1 < n and tokens[j + 1].text in UNIT_WORDS:
        if tokens[i].text in RATE_WORDS:  # "same rate 5 cs maggi": 5 cases, not a rate
            return None
        # "maggi @ 10 cs": a rate or a quantity? a rate without a value sends it to a person
        return Piece("rate", tokens[i].text, tokens[i].start, tokens[j].end), j + 1
    return _rate_tail(tokens, i, Decimal(tokens[j].text), j + 1)


def _rate_tail(tokens: list[Token], i: int, value: Decimal, j: int) -> tuple[Piece, int]:
    """The rate's piece from token i, reading what may follow its number: 'rs', '/-', 'rate',
    and 'per case' / '/cs' (the unit the rate is for, kept in `word`)."""
    n = len(tokens)
    while j < n and tokens[j].text in _RATE_TAIL:
        j += 1
    if j + 1 < n and tokens[j].text == "/" and tokens[j + 1].text == "-":
        j += 2
    word = ""
    if j + 1 < n and tokens[j].text in PER_WORDS and tokens[j + 1].text in UNIT_WORDS:
        word = tokens[j + 1].text
        j += 2
    if value >= MAX_RATE:  # a slip of the finger: a rate without a value sends it to a person
        return Piece("rate", tokens[i].text, tokens[i].start, tokens[j - 1].end, word=word), j
    return Piece("rate", tokens[i].text, tokens[i].start, tokens[j - 1].end, value, word=word), j


def is_number(word: str) -> bool:
    """Digits, with at most one decimal point: '1150', '11.50'."""
    return word.replace(".", "", 1).isdigit()


# -- the table -------------------------------------------------------------------------------------

# (reader, the words after the number it is triggered by; None: any), in the order tried. A number
# none of them reads is a bare count.
AFTER_NUMBER: tuple[tuple[NumberReader, frozenset[str] | None], ...] = (
    (_read_rate_after_number, frozenset(RATE_WORDS)),
    (_read_pack_notation, frozenset({"x"})),
    (_read_each_count, frozenset({"-"})),
    (_read_plus_name, frozenset({"+"})),
    (_read_list_number, frozenset(LIST_END)),
    (_read_square_mm, frozenset({"sq"})),
    (_read_size, frozenset(SIZE_UNITS)),
    (_read_price_after_number, frozenset(PRICE_WORDS | WALA_WORDS)),
    (_read_qty, None),  # a unit word, or one misspelt
    (_read_name_number, None),
)


def _after_plan(word: str) -> tuple[NumberReader, ...]:
    """The readers of a number that `word` follows, in `AFTER_NUMBER` order."""
    return tuple(read for read, words in AFTER_NUMBER if words is None or word in words)


_ANY_NEXT = _after_plan("")  # the readers of a number before a word no table names
_AFTER_PLANS = {w: _after_plan(w) for _, words in AFTER_NUMBER if words for w in words}


def _starts_item(r: Reading) -> bool:
    """Nothing of an item is read yet on this line or after the last separator."""
    prev = r.prev()
    return prev is None or prev.kind in ("sep", "conj", "dash", "filler")


def _count_after(tokens: list[Token], j: int) -> bool:
    """A number with its unit word starts at j ("60 bag")."""
    return number_here(tokens, j) is not None and j + 1 < len(tokens) and tokens[j + 1].text in UNIT_WORDS
