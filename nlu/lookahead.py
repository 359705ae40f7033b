"""What a reader of `nlu.classify` asks of the tokens around it and of the catalog.

Is the number here part of a product's name ("5 star", "godrej no 1")? Are these two words one
catalog word split ("round up" for Roundup)? Is "12 32 16" a grade the catalog prints? Is
"pattah" a unit word misspelt? Each question is one small function of the tokens, a position and
the catalog index.

    >>> from nlu.normalise import tokenize
    >>> [t.text for t in numbers_joined(tokenize("do sau bag aur dedh hazaar"))]
    ['200', 'bag', 'aur', '1500']
"""

from __future__ import annotations

from decimal import Decimal

from rapidfuzz import fuzz, process

from nlu.index import CatalogIndex
from nlu.normalise import Token, singular
from nlu.numbers import ALL_NUMBER_WORDS, BEFORE_UNIT_ONLY, NUMBER_WORDS, is_digits, number_at, word_number
from nlu.pieces import Piece
from nlu.reading import SPECIAL
from nlu.sizes import SIZE_UNITS, WEAK_SIZE_WORDS
from nlu.units import UNIT_WORDS


def number_here(tokens: list[Token], i: int) -> Decimal | None:
    """The number token i is ("5", "das", "do" before a unit word), or None (also past the end)."""
    if i >= len(tokens):
        return None
    first = tokens[i].text[:1]
    if not first.isdigit() and tokens[i].text not in NUMBER_WORDS and tokens[i].text not in BEFORE_UNIT_ONLY:
        return None
    nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
    before_unit = nxt in UNIT_WORDS or (nxt in SIZE_UNITS and nxt not in WEAK_SIZE_WORDS)
    return word_number(tokens[i].text, before_unit=before_unit)


def numbers_joined(tokens: list[Token]) -> list[Token]:
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


def grade_at(tokens: list[Token], i: int, index: CatalogIndex) -> tuple[str, int] | None:
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


def names_with(prev: Piece | None, word: str, index: CatalogIndex) -> bool:
    """Does a product carry both the word before and `word` ("Ambuja Plus": 'plus' is its name)?"""
    if prev is None or prev.kind != "word" or prev.canon is None:
        return False
    return bool(index.products_for(prev.canon) & index.postings.get(word, set()))


def pack_notation(tokens: list[Token], i: int) -> bool:
    """'10x10': digits, 'x', digits written together."""
    if i + 2 >= len(tokens):
        return False
    a, x, b = tokens[i], tokens[i + 1], tokens[i + 2]
    return a.end == x.start and x.end == b.start and b.text.isdigit() and a.text.isdigit()


def spelled(tokens: list[Token], i: int, index: CatalogIndex) -> str:
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


def is_spelled(tokens: list[Token], i: int, word: str) -> bool:
    return all(len(t.text) == 1 for t in tokens[i : i + len(word)]) and len(tokens) >= i + len(word) > i + 1


def plus_name(tokens: list[Token], i: int, index: CatalogIndex) -> bool:
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


def joins_words(tokens: list[Token], i: int) -> bool:
    """'hide n seek': a one-letter 'n' between two words is 'and'; 'betnovate n 2 box' is a variant letter."""
    before = tokens[i - 1].text if i > 0 else ""
    after = tokens[i + 1].text if i + 1 < len(tokens) else ""
    return before.isalpha() and after.isalpha() and after not in UNIT_WORDS


def name_number(tokens: list[Token], i: int, index: CatalogIndex, pieces: list[Piece]) -> bool:
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


_UNIT_SPELLINGS = [w for w in UNIT_WORDS if len(w) >= 4]
_MISSPELT: dict[str, str] = {}


def misspelt_unit(word: str, index: CatalogIndex) -> str:
    """The unit word `word` misspells after a number ('pattah' -> patta, 'botle' -> bottle), or ''.
    Only words of four letters or more that the catalog does not know, one slip at the most."""
    if len(word) < 4 or not word.isalpha() or word in SPECIAL or index.known(word):
        return ""
    if word not in _MISSPELT:
        found = process.extractOne(word, _UNIT_SPELLINGS, scorer=fuzz.ratio, processor=None, score_cutoff=85)
        if len(_MISSPELT) > 10_000:
            _MISSPELT.clear()
        _MISSPELT[word] = found[0] if found else ""
    return _MISSPELT[word]


def _printed_word(word: str, index: CatalogIndex) -> bool:
    """Is `word` (or its singular: 'thums' -> 'thum') a word the catalog prints?"""
    return index.known(word) or index.known(singular(word))


def split_word(tokens: list[Token], i: int, index: CatalogIndex) -> str:
    """Two words a dealer (or his phone's voice typing) split from one catalog word: the word, or ''.
    Exact ('round up' -> roundup), or by sound when neither half is a catalog word by itself."""
    if i + 1 >= len(tokens):
        return ""
    a, b = tokens[i], tokens[i + 1]
    if not b.text.isalpha() or b.text in SPECIAL or a.end == b.start:
        return ""
    joined = a.text + b.text
    if joined in index.postings and not (_printed_word(a.text, index) and _printed_word(b.text, index)):
        return joined  # ("thums up" is two catalog words, and no "thumsup" of one alias)
    if index.known(a.text) or index.known(b.text) or len(joined) < 6:
        return ""
    canon = index.lookup(joined)
    return joined if canon is not None and canon.how == "phonetic" else ""
