"""Tokens -> pieces: each token read as a name word, a quantity, a size, a price, a rate ...

`classify` is a thin loop. A word no rule reads specially (most words: product names) is read at
once by `_read_name_word`. Any other token is offered to the readers of `READERS`, in order, and
the first that reads it wins; a token none of them reads is a name word. A reader takes the
message being read and a position, and gives back the pieces it read there and the position after
them, or None to pass. The words each reader is triggered by (the tables of nlu/rules/segment.txt,
units.txt, sizes.txt and vocab.txt) pick the few readers a word is offered to.

Numbers and what follows them are read by nlu/quantities.py; what readers share (the message being
read, the words of segment.txt) is nlu/reading.py; the questions they ask of the tokens around them
and of the catalog are nlu/lookahead.py.

    >>> from nlu.index import CatalogIndex
    >>> from nlu.normalise import tokenize
    >>> pieces = classify(tokenize("maggi 5 peti, @ 1150 per cs"), CatalogIndex([]), {})
    >>> [(p.kind, p.text) for p in pieces]
    [('word', 'maggi'), ('qty', '5'), ('sep', ','), ('rate', '@')]
    >>> pieces[1].unit, pieces[-1].value, pieces[-1].word
    ('case', Decimal('1150'), 'cs')
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial

from nlu import vocab
from nlu.index import CatalogIndex
from nlu.learned import Learned
from nlu.lookahead import (
    is_spelled,
    joins_words,
    names_with,
    number_here,
    numbers_joined,
    spelled,
    split_word,
)
from nlu.normalise import Token
from nlu.pieces import Piece
from nlu.quantities import read_grade, read_number, read_price, read_qty_marker, read_rate
from nlu.reading import (
    CONJUNCTIONS,
    EACH_WORDS,
    QTY_MARKERS,
    RATE_WORDS,
    RESTATE,
    SEPARATORS,
    SPECIAL,
    SPOKEN_BREAKS,
    SPOKEN_PAIRS,
    Read,
    Reader,
    Reading,
    exact,
    text_at,
    word_piece,
)
from nlu.sizes import PRICE_WORDS, WALA_WORDS
from nlu.units import UNIT_WORDS


def classify(
    tokens: list[Token],
    index: CatalogIndex,
    codes: dict[int, tuple[int, int]],
    learned: Learned | None = None,
) -> list[Piece]:
    """`codes` maps a token position to (catalog entry, last token position) of a SKU code there;
    `learned` is the layer of taught words the message is read with (nlu/learned.py)."""
    tokens = numbers_joined(tokens)
    lookup = index.lookup if learned is None else partial(learned.lookup, index=index)
    reading = Reading(tokens, index, codes, lookup, [])
    pieces = reading.pieces
    plans, any_word = (_PLANS, _ANY_WORD) if codes else (_PLANS_NO_CODES, _ANY_WORD_NO_CODES)
    n = len(tokens)
    i = 0
    while i < n:
        w = tokens[i][0]
        if w not in SPECIAL and w[:1].isalpha() and i not in codes:  # the common case: a name word
            found, i = _read_name_word(reading, i)
        else:
            for read in plans.get(w, any_word):
                got = read(reading, i)
                if got is not None:
                    break
            else:
                got = _read_word(reading, i)
            found, i = got
        pieces.extend(found)
    return pieces


# -- name words ------------------------------------------------------------------------------------


def _read_name_word(r: Reading, i: int) -> Read:
    """A word no rule reads specially: a name word, or with the words after it one catalog word
    ("round up" for the catalog's "Roundup", "taf gore" for "Tafgor", "p p c" spelt)."""
    tokens = r.tokens
    t = tokens[i]
    joined = ""
    if i + 1 < len(tokens):  # the word after it may finish it: only then are the joins worth trying
        nxt = tokens[i + 1]
        if len(t.text) == 1:
            joined = spelled(tokens, i, r.index)
        elif nxt.start != t.end and nxt.text[:1].isalpha():
            joined = split_word(tokens, i, r.index)
    if joined:
        last = i + (len(joined) if is_spelled(tokens, i, joined) else 2) - 1
        return (Piece("word", joined, t.start, tokens[last].end, canon=r.lookup(joined)),), last + 1
    return (Piece("word", t[0], t[1], t[2], canon=r.lookup(t[0])),), i + 1


def _read_word(r: Reading, i: int) -> Read:
    """What no reader read: a name word as it stands."""
    t = r.tokens[i]
    return (word_piece(t, r.lookup(t.text)),), i + 1


# -- marks between items ---------------------------------------------------------------------------


def _read_spoken_break(r: Reading, i: int) -> Read | None:
    """Punctuation voice typing spells out ("comma", "full stop", "next line"): a separator."""
    tokens = r.tokens
    w = tokens[i].text
    if w in SPOKEN_BREAKS:
        end = i + 1
    elif (w, text_at(tokens, i + 1)) in SPOKEN_PAIRS:
        end = min(i + 2, len(tokens))  # a one-word row ("fullstop", "") ends the message
    else:
        return None
    return (Piece("sep", ",", tokens[i].start, tokens[end - 1].end),), end


def _read_code(r: Reading, i: int) -> Read | None:
    """A SKU code the parser found in the message ("MAG-MAS-70")."""
    found = r.codes.get(i)
    if found is None:
        return None
    entry, j = found
    t = r.tokens[i]
    return (Piece("code", t.text, t.start, r.tokens[j].end, code=entry),), j + 1


def _read_separator(r: Reading, i: int) -> Read | None:
    """A new line or punctuation that ends an item; a dash, which may."""
    t = r.tokens[i]
    w = t.text
    if w not in SEPARATORS and w != "-":
        return None
    return (Piece("sep" if w != "-" else "dash", w, t.start, t.end),), i + 1


def _read_restate(r: Reading, i: int) -> Read | None:
    """'5 ton yaani 100 bag': the quantity just given, said again in other units."""
    t = r.tokens[i]
    prev = r.prev()
    if (
        t.text in RESTATE
        and prev is not None
        and prev.kind in ("qty", "measure")
        and number_here(r.tokens, i + 1) is not None
    ):
        return (Piece("restate", t.text, t.start, t.end),), i + 1
    return None


def _read_conjunction(r: Reading, i: int) -> Read | None:
    """'aur', '+', 'and' between items - or a name word when the product carries it ("ambuja plus")."""
    t = r.tokens[i]
    w = t.text
    if w not in CONJUNCTIONS:
        return None
    index = r.index
    known = index.lookup(w) if index.known(w) and w not in vocab.STOPWORDS else None
    if known is not None and names_with(r.prev(), w, index):
        return (word_piece(t, known),), i + 1
    return (Piece("conj", w, t.start, t.end, canon=known),), i + 1


# -- words rules read specially --------------------------------------------------------------------


def _read_unit_word(r: Reading, i: int) -> Read | None:
    """A unit word no number counts: 'dozen' is one dozen; a product word ("4M box 50 nag",
    "cetzine tab 1 box") when the catalog knows it and no count stands before it; else a soft word."""
    t = r.tokens[i]
    w = t.text
    if w not in UNIT_WORDS:
        return None
    if UNIT_WORDS[w] == "dozen":
        return (Piece("qty", w, t.start, t.end, Decimal(1), unit="dozen", word=w),), i + 1
    prev = r.prev()
    if (prev is None or prev.kind not in ("qty", "num")) and r.lookup(w) is not None:
        return (word_piece(t, r.lookup(w)),), i + 1
    canon = r.index.lookup(w) if r.index.known(w) else None
    return (Piece("soft", w, t.start, t.end, canon=canon),), i + 1


def _read_size_modifier(r: Reading, i: int) -> Read | None:
    """'chota', 'bada': the smaller or the bigger pack of a range."""
    t = r.tokens[i]
    mod = vocab.SIZE_MODIFIERS.get(t.text)
    if mod is None:
        return None
    return (Piece("mod", t.text, t.start, t.end, mod=mod),), i + 1


def _read_correction(r: Reading, i: int) -> Read | None:
    """'5 nahi 10': a word that takes the quantity before it back."""
    t = r.tokens[i]
    if t.text in vocab.CORRECTIONS and not r.index.known(t.text):
        return (Piece("corr", t.text, t.start, t.end),), i + 1
    return None


def _read_letter_name(r: Reading, i: int) -> Read | None:
    """'parle ji': a letter spelt out, when with the name word before it it is a catalog phrase."""
    t = r.tokens[i]
    prev = r.prev()
    if t.text not in vocab.LETTER_NAMES or prev is None or prev.kind != "word" or prev.canon is None:
        return None
    letter = vocab.LETTER_NAMES[t.text]
    joined = prev.canon.alts[0][-1] + letter
    if joined in r.index.joined or joined in r.index.postings:
        return (Piece("word", t.text, t.start, t.end, canon=exact(letter)),), i + 1
    return None


def _read_name_letter(r: Reading, i: int) -> Read | None:
    """'betnovate n 2 box': a one-letter stopword that joins no two words is a variant letter."""
    t = r.tokens[i]
    w = t.text
    if len(w) == 1 and w in vocab.STOPWORDS and not joins_words(r.tokens, i):
        return (word_piece(t, r.index.lookup(w)),), i + 1
    return None


def _read_greeting(r: Reading, i: int) -> Read | None:
    """'good morning': chat, though a catalog may print 'good' ("Good Day")."""
    tokens = r.tokens
    if (tokens[i].text, text_at(tokens, i + 1)) in vocab.GREETINGS:
        return (Piece("filler", tokens[i].text, tokens[i].start, tokens[i + 1].end),), i + 2
    return None


def _read_filler(r: Reading, i: int) -> Read | None:
    """Chat the catalog does not use ("bhaiya", "bhej do"); 'no', 'ok' unless a name pairs them."""
    tokens = r.tokens
    t = tokens[i]
    w = t.text
    index = r.index
    chat = w in vocab.CHAT_WORDS and not any((w, x.text) in index.name_pairs for x in tokens[i + 1 : i + 2])
    if chat or ((w in vocab.FILLERS or w in vocab.STOPWORDS or w in WALA_WORDS) and not index.known(w)):
        return (Piece("filler", w, t.start, t.end),), i + 1
    return None


def _read_each(r: Reading, i: int) -> Read | None:
    """'each', 'dono': the quantity beside it is for every item of the list before it."""
    t = r.tokens[i]
    return (Piece("each", t.text, t.start, t.end),), i + 1


def _read_symbol(r: Reading, i: int) -> Read | None:
    """A mark no rule reads ('@' without a rate, '#'): no name word."""
    t = r.tokens[i]
    if not t.text[:1].isalnum():
        return (Piece("filler", t.text, t.start, t.end),), i + 1
    return None


# -- the tables ------------------------------------------------------------------------------------

# (reader, the words it is triggered by; None: any token), in the order they are tried
READERS: tuple[tuple[Reader, frozenset[str] | None], ...] = (
    (_read_spoken_break, frozenset(SPOKEN_BREAKS | {first for first, _ in SPOKEN_PAIRS})),
    (_read_code, None),  # a SKU code is found by its position, not its word
    (_read_separator, frozenset(SEPARATORS | {"-"})),
    (_read_restate, frozenset(RESTATE)),
    (_read_conjunction, frozenset(CONJUNCTIONS)),
    (_read_each, frozenset(EACH_WORDS)),
    (read_rate, frozenset(RATE_WORDS | {"@"})),
    (read_grade, None),
    (read_number, None),
    (read_price, frozenset(PRICE_WORDS)),
    (read_qty_marker, frozenset(QTY_MARKERS)),
    (_read_unit_word, frozenset(UNIT_WORDS)),
    (_read_size_modifier, frozenset(vocab.SIZE_MODIFIERS)),
    (_read_correction, vocab.CORRECTIONS),
    (_read_letter_name, frozenset(vocab.LETTER_NAMES)),
    (_read_name_letter, vocab.STOPWORDS),
    (_read_greeting, frozenset(first for first, _ in vocab.GREETINGS)),
    (_read_filler, vocab.CHAT_WORDS | vocab.FILLERS | vocab.STOPWORDS | WALA_WORDS),
    (_read_symbol, None),
)


def _plan(word: str) -> tuple[Reader, ...]:
    """The readers `word` is offered to, in `READERS` order."""
    return tuple(read for read, words in READERS if words is None or word in words)


# Which readers a word is offered to, worked out once: a word no table names goes to those of any
# word. A message without SKU codes skips the code reader.
_ANY_WORD = _plan("")
_PLANS: dict[str, tuple[Reader, ...]] = {w: _plan(w) for _, words in READERS if words for w in words}
_ANY_WORD_NO_CODES = tuple(read for read in _ANY_WORD if read is not _read_code)
_PLANS_NO_CODES = {w: tuple(read for read in plan if read is not _read_code) for w, plan in _PLANS.items()}
