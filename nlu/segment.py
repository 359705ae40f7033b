"""Tokens -> pieces (word, quantity, size, price...) -> item mentions.

    >>> # "kurkre 10rs 3 peti lais 10rs 2 peti": two items, no separator between them
    >>> # "5 maggi 3 yippee 2 top ramen": quantities before each item

`classify` reads each token with one or two tokens of look-ahead using the
tables in numbers, units, sizes and vocab. `split_items` cuts at separators
(new lines, commas, list markers), at "aur"/"and"/"+"/"&" once the left part
has a quantity, and inside a run of text wherever a new item name starts
after a quantity (or a quantity starts after a complete item, when the
dealer writes quantities first).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from rapidfuzz import fuzz, process

from nlu import tables, vocab
from nlu.index import Canon, CatalogIndex
from nlu.learned import Learned
from nlu.normalise import Token
from nlu.numbers import ALL_NUMBER_WORDS, BEFORE_UNIT_ONLY, NUMBER_WORDS, is_digits, number_at, word_number
from nlu.sizes import PRICE_WORDS, SIZE_UNITS, WALA_WORDS, WEAK_SIZE_WORDS, size_in
from nlu.units import MEASURES, UNIT_WORDS

# The word tables are data: nlu/rules/segment.txt says what each one means.
_RULES = tables.load("segment.txt")
SEPARATORS = tables.word_set(_RULES, "separators")
CONJUNCTIONS = tables.word_set(_RULES, "conjunctions")
QTY_MARKERS = tables.word_set(_RULES, "qty_markers")
_QTY_LEAD = tables.word_set(_RULES, "qty_marker_lead")  # "qty: 5", "qty - 5"
LIST_END = tables.word_set(_RULES, "list_end")
SPOKEN_BREAKS = tables.word_set(_RULES, "spoken_breaks")
SPOKEN_PAIRS = tables.pairs(_RULES, "spoken_pairs")
# Words that restate the quantity just given in other units: "5 ton yaani 100 bag", "3 box ya 30 strip",
# "2 peti = 80 btl". What follows is checked against the line, never added to it.
RESTATE = tables.word_set(_RULES, "restate")
# A rate the dealer asks for: "@1150", "@ rs 1150/-", "rate 1150 per case", "1150 rate", "bhav 1150/cs".
RATE_WORDS = tables.word_set(_RULES, "rate_words")
_RATE_LEAD = tables.word_set(_RULES, "rate_lead") | PRICE_WORDS
_PER_WORDS = tables.word_set(_RULES, "per_words")
MAX_RATE = Decimal(10) ** 9  # rupees a unit


@dataclass(slots=True)
class Piece:
    kind: str  # word soft num qty size measure price rate code mod corr sep conj filler
    text: str
    start: int
    end: int
    value: Decimal | None = None
    unit: str = ""  # qty: unit kind; measure: "kg" | "litre"
    word: str = ""  # the dealer's unit word
    size: tuple[str, Decimal] | None = None
    canon: Canon | None = None
    code: int | None = None
    mod: str = ""
    glued: bool = False  # a number written onto a letter ("c6", "x215"): part of a name, not a count


@dataclass(slots=True)
class Item:
    """One item mention. Add pieces with `add`: the item keeps its pieces grouped by kind."""

    pieces: list[Piece] = field(default_factory=list)
    bracket: bool = False  # "(20 pcs)", "yaani 100 bag": restates the item before it
    _kinds: dict[str, list[Piece]] | None = field(default=None, repr=False, compare=False)
    _span: tuple[int, int] | None = field(default=None, repr=False, compare=False)

    def add(self, piece: Piece) -> None:
        self.pieces.append(piece)
        self._kinds = None
        self._span = None

    @property
    def kinds(self) -> dict[str, list[Piece]]:
        """kind -> its pieces in message order. Read only: callers must not change the lists."""
        kinds = self._kinds
        if kinds is None:
            kinds = {}
            for p in self.pieces:
                if p.kind in kinds:
                    kinds[p.kind].append(p)
                else:
                    kinds[p.kind] = [p]
            self._kinds = kinds
        return kinds

    def of(self, *kinds: str) -> list[Piece]:
        """The pieces of these kinds, in message order (a new list each call)."""
        if len(kinds) == 1:
            return list(self.kinds.get(kinds[0], ()))
        return [p for p in self.pieces if p.kind in kinds]

    def has(self, *kinds: str) -> bool:
        by = self.kinds
        return any(k in by for k in kinds)

    @property
    def span(self) -> tuple[int, int]:
        span = self._span
        if span is None:
            span = self._span = (min(p.start for p in self.pieces), max(p.end for p in self.pieces))
        return span

    @property
    def start(self) -> int:
        return self.span[0]

    @property
    def end(self) -> int:
        return self.span[1]

    @property
    def has_name(self) -> bool:
        by = self.kinds
        return "word" in by or "code" in by

    @property
    def has_qty(self) -> bool:
        by = self.kinds
        return "qty" in by or "num" in by or "measure" in by


def _number_at(tokens: list[Token], i: int) -> Decimal | None:
    first = tokens[i].text[:1]
    if not first.isdigit() and tokens[i].text not in NUMBER_WORDS and tokens[i].text not in BEFORE_UNIT_ONLY:
        return None
    nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
    before_unit = nxt in UNIT_WORDS or (nxt in SIZE_UNITS and nxt not in WEAK_SIZE_WORDS)
    return word_number(tokens[i].text, before_unit=before_unit)


# Every word some rule below reads specially; any other word starting with a letter is a name word.
_SPECIAL = frozenset().union(
    SEPARATORS,
    {"-", "@"},
    CONJUNCTIONS,
    NUMBER_WORDS,
    BEFORE_UNIT_ONLY,
    ALL_NUMBER_WORDS,
    PRICE_WORDS,
    RATE_WORDS,
    RESTATE,
    SPOKEN_BREAKS,
    {first for first, _ in SPOKEN_PAIRS},
    QTY_MARKERS,
    UNIT_WORDS,
    vocab.SIZE_MODIFIERS,
    vocab.CORRECTIONS,
    vocab.LETTER_NAMES,
    vocab.STOPWORDS,
    {first for first, _ in vocab.GREETINGS},
    vocab.CHAT_WORDS,
    vocab.FILLERS,
    WALA_WORDS,
)


def classify(
    tokens: list[Token],
    index: CatalogIndex,
    codes: dict[int, tuple[int, int]],
    learned: Learned | None = None,
) -> list[Piece]:
    """`codes` maps a token position to (catalog entry, last token position) of a SKU code there;
    `learned` is the layer of taught words the message is read with (nlu/learned.py)."""
    tokens = _numbers_joined(tokens)
    pieces: list[Piece] = []
    n = len(tokens)
    i = 0
    lookup = index.lookup if learned is None else partial(learned.lookup, index=index)
    while i < n:
        t = tokens[i]
        w = t[0]
        if w not in _SPECIAL and w[:1].isalpha() and i not in codes:  # the common case: a name word
            joined = _split_word(tokens, i, index) or _spelled(tokens, i, index)
            if joined:  # "round up" for the catalog's "Roundup", "taf gore" for "Tafgor", "p p c"
                last = i + (len(joined) if _is_spelled(tokens, i, joined) else 2) - 1
                pieces.append(Piece("word", joined, t.start, tokens[last].end, canon=lookup(joined)))
                i = last + 1
                continue
            pieces.append(Piece("word", w, t[1], t[2], canon=lookup(w)))
            i += 1
            continue
        if w in SPOKEN_BREAKS or (w, tokens[i + 1].text if i + 1 < n else "") in SPOKEN_PAIRS:
            # voice typing spells the punctuation out: "comma", "full stop", "next line"
            end = i + (1 if w in SPOKEN_BREAKS else 2)
            pieces.append(Piece("sep", ",", t.start, tokens[end - 1].end))
            i = end
            continue
        nxt = tokens[i + 1].text if i + 1 < n else ""
        nxt2 = tokens[i + 2].text if i + 2 < n else ""
        prev = pieces[-1] if pieces else None
        if i in codes:
            entry, j = codes[i]
            pieces.append(Piece("code", w, t.start, tokens[j].end, code=entry))
            i = j + 1
            continue
        if w in SEPARATORS or w == "-":
            pieces.append(Piece("sep" if w != "-" else "dash", w, t.start, t.end))
            i += 1
            continue
        if (
            w in RESTATE
            and prev is not None
            and prev.kind in ("qty", "measure")
            and _number_at(tokens, i + 1)
        ):
            pieces.append(Piece("restate", w, t.start, t.end))
            i += 1
            continue
        if w in CONJUNCTIONS:
            known = index.lookup(w) if index.known(w) and w not in vocab.STOPWORDS else None
            if known is not None and _names_with(prev, w, index):
                pieces.append(Piece("word", w, t.start, t.end, canon=known))  # "ambuja plus": a name
            else:
                pieces.append(Piece("conj", w, t.start, t.end, canon=known))
            i += 1
            continue
        if w == "@" or w in RATE_WORDS:
            rate = _rate_at(tokens, i)
            if rate is not None:
                pieces.append(rate[0])
                i = rate[1]
                continue
            if w in RATE_WORDS:  # "maggi ka rate?": a question, not a name word
                pieces.append(Piece("filler", w, t.start, t.end))
                i += 1
                continue
        grade = _grade_at(tokens, i, index)
        if grade is not None:  # "12:32:16", "19 19 19", "12-32-16": a grade the catalog prints
            word, j = grade
            pieces.append(
                Piece("word", word, t.start, tokens[j - 1].end, canon=Canon(((word,),), 100.0, "exact"))
            )
            i = j
            continue
        value = _number_at(tokens, i)
        if value is not None and nxt in RATE_WORDS and is_number(w):
            rate = _rate_tail(tokens, i, value, i + 2)
            pieces.append(rate[0])
            i = rate[1]
            continue
        if value is not None and nxt == "x" and _pack_notation(tokens, i):
            # "10x10", "25x10", "8x4": how the pack or sheet is made up, never a quantity
            pieces.append(Piece("filler", w, t.start, tokens[i + 2].end))
            i += 3
            continue
        if value is not None and nxt == "+" and _plus_name(tokens, i, index):
            # "4+1 extension board": a name the catalog prints, not four and one
            for k in (i, i + 2):
                pieces.append(
                    Piece(
                        "word",
                        tokens[k].text,
                        tokens[k].start,
                        tokens[k].end,
                        canon=Canon(((tokens[k].text,),), 100.0, "exact"),
                    )
                )
            i += 3
            continue
        if value is not None:
            at_line_start = prev is None or prev.text == "\n"
            if nxt in LIST_END and (nxt == ")" or at_line_start) and "." not in w and is_digits(w):
                pieces.append(Piece("sep", w + nxt, t.start, tokens[i + 1].end))
                i += 2
                continue
            if nxt == "sq" and nxt2 == "mm":
                pieces.append(Piece("size", w, t.start, tokens[i + 2].end, value, size=("sqmm", value)))
                i += 3
                continue
            if nxt in SIZE_UNITS:
                size = size_in(value, nxt)
                kind = "measure" if UNIT_WORDS.get(nxt) in MEASURES else "size"
                unit = UNIT_WORDS.get(nxt, "")
                pieces.append(
                    Piece(kind, w, t.start, tokens[i + 1].end, value, unit=unit, word=nxt, size=size)
                )
                i += 2
                continue
            if nxt in PRICE_WORDS or nxt in WALA_WORDS:
                j = i + 2
                while j < n and tokens[j].text in WALA_WORDS | PRICE_WORDS:
                    j += 1
                pieces.append(Piece("price", w, t.start, tokens[j - 1].end, value))
                i = j
                continue
            said = nxt if nxt in UNIT_WORDS else misspelt_unit(nxt, index)
            if said and not _name_number(tokens, i, index, pieces):
                pieces.append(
                    Piece("qty", w, t.start, tokens[i + 1].end, value, unit=UNIT_WORDS[said], word=said)
                )
                i += 2
                continue
            if is_digits(w) and _name_number(tokens, i, index, pieces):
                pieces.append(Piece("word", w, t.start, t.end, canon=Canon(((w,),), 100.0, "exact")))
                i += 1
                continue
            glued = i > 0 and tokens[i - 1].end == t.start and tokens[i - 1].text[:1].isalpha()
            pieces.append(Piece("num", w, t.start, t.end, value, glued=glued))
            i += 1
            continue
        if w in PRICE_WORDS and i + 1 < n and word_number(nxt) is not None:
            j = i + 2
            while j < n and tokens[j].text in WALA_WORDS:
                j += 1
            pieces.append(Piece("price", w, t.start, tokens[j - 1].end, word_number(nxt)))
            i = j
            continue
        if w in QTY_MARKERS:
            j = i + 1
            while j < n and tokens[j].text in _QTY_LEAD:
                j += 1
            if j < n and word_number(tokens[j].text, before_unit=True) is not None:
                value = word_number(tokens[j].text, before_unit=True)
                unit_word = tokens[j + 1].text if j + 1 < n else ""
                if unit_word in UNIT_WORDS and UNIT_WORDS[unit_word] not in MEASURES:
                    pieces.append(
                        Piece(
                            "qty",
                            w,
                            t.start,
                            tokens[j + 1].end,
                            value,
                            unit=UNIT_WORDS[unit_word],
                            word=unit_word,
                        )
                    )
                    i = j + 2
                else:
                    pieces.append(Piece("qty", w, t.start, tokens[j].end, value, unit="", word=""))
                    i = j + 1
                continue
        if w in UNIT_WORDS:
            if UNIT_WORDS[w] == "dozen":
                pieces.append(Piece("qty", w, t.start, t.end, Decimal(1), unit="dozen", word=w))
            elif (prev is None or prev.kind not in ("qty", "num")) and lookup(w) is not None:
                # "4M box 50 nag", "cetzine tab 1 box": a unit word no number counts is a product word
                pieces.append(Piece("word", w, t.start, t.end, canon=lookup(w)))
            else:
                canon = index.lookup(w) if index.known(w) else None
                pieces.append(Piece("soft", w, t.start, t.end, canon=canon))
            i += 1
            continue
        if w in vocab.SIZE_MODIFIERS:
            pieces.append(Piece("mod", w, t.start, t.end, mod=vocab.SIZE_MODIFIERS[w]))
            i += 1
            continue
        if w in vocab.CORRECTIONS and not index.known(w):
            pieces.append(Piece("corr", w, t.start, t.end))
            i += 1
            continue
        if w in vocab.LETTER_NAMES and prev is not None and prev.kind == "word" and prev.canon is not None:
            letter = vocab.LETTER_NAMES[w]
            joined = prev.canon.alts[0][-1] + letter
            if joined in index.joined or joined in index.postings:
                pieces.append(Piece("word", w, t.start, t.end, canon=Canon(((letter,),), 100.0, "exact")))
                i += 1
                continue
        if len(w) == 1 and w in vocab.STOPWORDS and not _joins_words(tokens, i):
            pieces.append(Piece("word", w, t.start, t.end, canon=index.lookup(w)))
            i += 1
            continue
        if (w, nxt) in vocab.GREETINGS:
            pieces.append(Piece("filler", w, t.start, tokens[i + 1].end))
            i += 2
            continue
        chat = w in vocab.CHAT_WORDS and not any(
            (w, x.text) in index.name_pairs for x in tokens[i + 1 : i + 2]
        )
        if chat or ((w in vocab.FILLERS or w in vocab.STOPWORDS or w in WALA_WORDS) and not index.known(w)):
            pieces.append(Piece("filler", w, t.start, t.end))
            i += 1
            continue
        if not w[:1].isalnum():
            pieces.append(Piece("filler", w, t.start, t.end))
            i += 1
            continue
        pieces.append(Piece("word", w, t.start, t.end, canon=lookup(w)))
        i += 1
    return pieces


def _numbers_joined(tokens: list[Token]) -> list[Token]:
    """A number said in several words ("do sau", "dedh hazaar", "twelve hundred") becomes one token
    of digits spanning them, so every rule after reads it like "200"."""
    if not any(t.text in ALL_NUMBER_WORDS for t in tokens):
        return tokens
    words = [t.text for t in tokens]

    def before_unit(j: int) -> bool:
        return words[j] in UNIT_WORDS or (words[j] in SIZE_UNITS and words[j] not in WEAK_SIZE_WORDS)

    out: list[Token] = []
    i = 0
    while i < len(tokens):
        found = number_at(words, i, before_unit=before_unit) if words[i] in ALL_NUMBER_WORDS else None
        if found is None or found[1] <= i + 1:
            out.append(tokens[i])
            i += 1
            continue
        value, j = found
        out.append(Token(str(value), tokens[i].start, tokens[j - 1].end))
        i = j
    return out


def is_number(word: str) -> bool:
    """Digits, with at most one decimal point: '1150', '11.50'."""
    return word.replace(".", "", 1).isdigit()


def _rate_at(tokens: list[Token], i: int) -> tuple[Piece, int] | None:
    """A rate starting at '@' or a rate word: the piece and the index after it, or None when no
    number follows ('@ 1150', 'rate: rs 1150', 'bhav 1150/cs')."""
    n = len(tokens)
    j = i + 1
    while j < n and tokens[j].text in _RATE_LEAD:
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
    while j < n and tokens[j].text in PRICE_WORDS | RATE_WORDS:
        j += 1
    if j + 1 < n and tokens[j].text == "/" and tokens[j + 1].text == "-":
        j += 2
    word = ""
    if j + 1 < n and tokens[j].text in _PER_WORDS and tokens[j + 1].text in UNIT_WORDS:
        word = tokens[j + 1].text
        j += 2
    if value >= MAX_RATE:  # a slip of the finger: a rate without a value sends it to a person
        return Piece("rate", tokens[i].text, tokens[i].start, tokens[j - 1].end, word=word), j
    return Piece("rate", tokens[i].text, tokens[i].start, tokens[j - 1].end, value, word=word), j


def _grade_at(tokens: list[Token], i: int, index: CatalogIndex) -> tuple[str, int] | None:
    """A grade the catalog prints ("18:46:0"), written with colons, spaces or dashes: the grade as
    the catalog indexes it and the position after it, or None."""
    w = tokens[i].text
    if ":" in w:
        return (w, i + 1) if w in index.postings else None
    if not w.isdigit() or not index.grades:
        return None
    step = 2 if i + 1 < len(tokens) and tokens[i + 1].text == "-" else 1
    parts, ends = [w], [i + 1]
    j = i + step
    while j < len(tokens) and tokens[j].text.isdigit() and len(parts) < 4:
        if step == 2 and tokens[j - 1].text != "-":
            break
        parts.append(tokens[j].text)
        ends.append(j + 1)
        j += step
    for size in range(len(parts), 2, -1):
        joined = ":".join(parts[:size])
        if joined in index.grades:
            return joined, ends[size - 1]
    return None


_UNIT_SPELLINGS = [w for w in UNIT_WORDS if len(w) >= 4]
_MISSPELT: dict[str, str] = {}


def misspelt_unit(word: str, index: CatalogIndex) -> str:
    """The unit word `word` misspells after a number ('pattah' -> patta, 'botle' -> bottle), or ''.
    Only words of four letters or more that the catalog does not know, one slip at the most."""
    if len(word) < 4 or not word.isalpha() or word in _SPECIAL or index.known(word):
        return ""
    if word not in _MISSPELT:
        found = process.extractOne(word, _UNIT_SPELLINGS, scorer=fuzz.ratio, processor=None, score_cutoff=85)
        if len(_MISSPELT) > 10_000:
            _MISSPELT.clear()
        _MISSPELT[word] = found[0] if found else ""
    return _MISSPELT[word]


def _split_word(tokens: list[Token], i: int, index: CatalogIndex) -> str:
    """Two words a dealer (or his phone's voice typing) split from one catalog word: the word, or ''.
    Exact ('round up' -> roundup), or by sound when neither half is a catalog word by itself."""
    if i + 1 >= len(tokens):
        return ""
    a, b = tokens[i], tokens[i + 1]
    if not b.text.isalpha() or b.text in _SPECIAL or a.end == b.start:
        return ""
    joined = a.text + b.text
    if joined in index.postings:
        return joined
    if index.known(a.text) or index.known(b.text) or len(joined) < 6:
        return ""
    canon = index.lookup(joined)
    return joined if canon is not None and canon.how == "phonetic" else ""


def _names_with(prev: Piece | None, word: str, index: CatalogIndex) -> bool:
    """Does a product carry both the word before and `word` ("Ambuja Plus": 'plus' is its name)?"""
    if prev is None or prev.kind != "word" or prev.canon is None:
        return False
    return bool(index.products_for(prev.canon) & index.postings.get(word, set()))


def _pack_notation(tokens: list[Token], i: int) -> bool:
    """'10x10': digits, 'x', digits written together."""
    if i + 2 >= len(tokens):
        return False
    a, x, b = tokens[i], tokens[i + 1], tokens[i + 2]
    return a.end == x.start and x.end == b.start and b.text.isdigit() and a.text.isdigit()


def _spelled(tokens: list[Token], i: int, index: CatalogIndex) -> str:
    """Letters said one by one ("p p c", "o p c") that spell a catalog word: the word, or ''."""
    letters = []
    for t in tokens[i : i + 6]:
        if len(t.text) != 1 or not t.text.isalpha():
            break
        letters.append(t.text)
    for size in range(len(letters), 1, -1):
        word = "".join(letters[:size])
        if word in index.postings:
            return word
    return ""


def _is_spelled(tokens: list[Token], i: int, word: str) -> bool:
    return all(len(t.text) == 1 for t in tokens[i : i + len(word)]) and len(tokens) >= i + len(word) > i + 1


def _plus_name(tokens: list[Token], i: int, index: CatalogIndex) -> bool:
    """'4+1' written without spaces, both numbers in the catalog's names ("GM 4+1 Extension Board")."""
    if i + 2 >= len(tokens):
        return False
    a, plus, b = tokens[i], tokens[i + 1], tokens[i + 2]
    return (
        a.end == plus.start
        and plus.end == b.start
        and is_digits(b.text)
        and a.text in index.postings
        and b.text in index.postings
    )


def _joins_words(tokens: list[Token], i: int) -> bool:
    """'hide n seek': a one-letter 'n' between two words is 'and'; 'betnovate n 2 box' is a variant letter."""
    before = tokens[i - 1].text if i > 0 else ""
    after = tokens[i + 1].text if i + 1 < len(tokens) else ""
    return before.isalpha() and after.isalpha() and after not in UNIT_WORDS


def _name_number(tokens: list[Token], i: int, index: CatalogIndex, pieces: list[Piece]) -> bool:
    """Is the number at i part of a product name ("5 star", "7 up", "godrej no 1", "maggi 4 pack")?"""
    w = tokens[i].text
    if w not in index.postings:
        return False
    nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
    prev = pieces[-1] if pieces else None
    prev_word = prev.canon.alts[0][-1] if prev is not None and prev.kind == "word" and prev.canon else ""
    nxt_canon = index.lookup(nxt) if nxt and nxt.isalpha() else None
    nxt_words = {alt[0] for alt in nxt_canon.alts} if nxt_canon else set()
    right = any((w, x) in index.name_pairs for x in nxt_words)
    left = bool(prev_word) and (prev_word, w) in index.name_pairs
    if right and nxt not in UNIT_WORDS:
        return True
    if right and left:
        return True
    return left and prev_word not in index.first_words and nxt not in UNIT_WORDS


def split_items(pieces: list[Piece], index: CatalogIndex | None = None) -> list[Item]:
    """Items of the message; with the index, a bare number that the products named so far print
    ("havells pacer 1200 brown 5") is read as part of the name, not as a count that ends it."""
    items: list[Item] = []
    for chunk, bracket in _chunks(_corrected(pieces), index):
        found = _items_in(chunk, index)
        if bracket and found:
            found[0].bracket = True
        items.extend(found)
    return items


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
            # "5 maggi 3 yippee": a bare number before a name starts the next item - unless this item's
            # count was a number with its unit ("ek coil lifeline 1.5 red": 1.5 is a size)
            bare_start = (
                p.kind == "num"
                and not p.glued
                and nxt is not None
                and nxt.kind in NAMEISH
                and not current.has("qty")
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
    words = [w for w in current.of("word") if w.canon is not None]
    if not nums or not words:
        return False
    pool: set[int] | None = None
    for w in words:
        assert w.canon is not None
        found = index.products_for(w.canon)
        pool = set(found) if pool is None else pool & found
        if not pool:
            return False
    assert pool is not None
    last = nums[-1]
    value = last.value
    if value is None or len(pool) > 500:
        return False
    return any(value in index.entries[i].printed or last.text in index.entries[i].numbers for i in pool)
