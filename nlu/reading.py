"""A message being read into pieces: what every reader of nlu/classify.py looks at.

The words that shape a message (nlu/rules/segment.txt: separators, conjunctions, quantity markers,
rate and restate words), the words some rule reads specially, and `Reading`: the tokens, the
catalog, the SKU codes found and the pieces read so far. A reader takes a `Reading` and a position
and gives back what it read there (`Read`: the pieces and the position after them), or None.

    >>> "aur" in CONJUNCTIONS, "\\n" in SEPARATORS, ("full", "stop") in SPOKEN_PAIRS
    (True, True, True)
    >>> "peti" in SPECIAL, "maggi" in SPECIAL
    (True, False)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from nlu import tables, vocab
from nlu.index import Canon, CatalogIndex
from nlu.normalise import Token
from nlu.numbers import ALL_NUMBER_WORDS, BEFORE_UNIT_ONLY, NUMBER_WORDS
from nlu.pieces import Piece
from nlu.sizes import PRICE_WORDS, WALA_WORDS
from nlu.units import UNIT_WORDS

# The word tables are data: nlu/rules/segment.txt says what each one means.
_RULES = tables.load("segment.txt")
SEPARATORS = tables.word_set(_RULES, "separators")
CONJUNCTIONS = tables.word_set(_RULES, "conjunctions")
QTY_MARKERS = tables.word_set(_RULES, "qty_markers")
QTY_LEAD = tables.word_set(_RULES, "qty_marker_lead")  # "qty: 5", "qty - 5"
LIST_END = tables.word_set(_RULES, "list_end")
SPOKEN_BREAKS = tables.word_set(_RULES, "spoken_breaks")
SPOKEN_PAIRS = tables.pairs(_RULES, "spoken_pairs")
# Words that restate the quantity just given in other units: "5 ton yaani 100 bag", "3 box ya 30 strip",
# "2 peti = 80 btl". What follows is checked against the line, never added to it.
RESTATE = tables.word_set(_RULES, "restate")
# A rate the dealer asks for: "@1150", "@ rs 1150/-", "rate 1150 per case", "1150 rate", "bhav 1150/cs".
RATE_WORDS = tables.word_set(_RULES, "rate_words")
RATE_LEAD = tables.word_set(_RULES, "rate_lead") | PRICE_WORDS
PER_WORDS = tables.word_set(_RULES, "per_words")
EACH_WORDS = tables.word_set(_RULES, "each_words")

# Every word some reader reads specially; any other word starting with a letter is a name word.
SPECIAL = frozenset().union(
    SEPARATORS,
    {"-", "@"},
    CONJUNCTIONS,
    NUMBER_WORDS,
    BEFORE_UNIT_ONLY,
    ALL_NUMBER_WORDS,
    PRICE_WORDS,
    RATE_WORDS,
    RESTATE,
    EACH_WORDS,
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


@dataclass(frozen=True, slots=True)
class Reading:
    """A message being read: what every reader may look at."""

    tokens: list[Token]
    index: CatalogIndex
    codes: dict[int, tuple[int, int]]  # token position -> (catalog entry, last position) of a SKU code
    lookup: Callable[[str], Canon | None]  # a word's catalog reading, taught words included
    pieces: list[Piece]  # read so far: readers look at the last one, only the loop adds

    def prev(self) -> Piece | None:
        return self.pieces[-1] if self.pieces else None


Read = tuple[tuple[Piece, ...], int]  # the pieces read, and the position after them
Reader = Callable[[Reading, int], Read | None]
NumberReader = Callable[[Reading, int, Decimal, str], Read | None]  # + the number, the word after it


def text_at(tokens: list[Token], j: int) -> str:
    """The token at j, or "" past the end."""
    return tokens[j].text if j < len(tokens) else ""


def word_piece(t: Token, canon: Canon | None) -> Piece:
    """The token as a name word."""
    return Piece("word", t.text, t.start, t.end, canon=canon)


def exact(word: str) -> Canon:
    """A reading the catalog prints as it is: a grade, a number of its names, a letter."""
    return Canon(((word,),), 100.0, "exact")
