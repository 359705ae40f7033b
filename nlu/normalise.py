"""Message text -> lower-case Latin tokens with offsets back into the original.

    >>> [t.text for t in tokenize("10cs MAGGI, parle-g 5box")]
    ['10', 'cs', 'maggi', ',', 'parle', '-', 'g', '5', 'box']
    >>> [t.text for t in tokenize("७ पेटी 👍")]
    ['7', 'peti']

Steps, all per character so every output character remembers its source:
unicode NFKC, Devanagari digits and letters to Latin, case folding, emoji and
stray symbols to spaces, and a space wherever digits meet letters ("10cs",
"kitkat10", "1LTR"). `phonetic` and `skeleton` give the keys fuzzy matching
uses for spelling variants ("ashirwad" ~ "aashirvaad", "colget" ~ "colgate").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from nlu import devanagari

KEEP_PUNCT = set(".,;:&+@/()*-\n'%=")
_TOKEN = re.compile(
    r"[0-9]+(?::[0-9]+){2,}|[0-9]+/[0-9]+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|[a-z]+(?:&[a-z]+)*|[.,;:&+@/()*\n%=-]"
)


class Token(NamedTuple):
    text: str
    start: int  # offsets in the original message
    end: int


def _clean(out: str) -> str:
    """Lower-cased NFKC text -> ASCII letters, digits, kept punctuation and spaces."""
    cleaned = []
    for c in out:
        if c.isascii() and (c.isalnum() or c in KEEP_PUNCT or c == " "):
            cleaned.append(c)
        elif c == "₹":
            cleaned.append(" rs ")
        elif c.isdigit():
            cleaned.append(str(unicodedata.digit(c, 0)))
        elif c.isalpha():
            ascii_form = unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode()
            cleaned.append(ascii_form or " ")
        else:
            cleaned.append(" ")
    return "".join(cleaned)


@lru_cache(maxsize=8192)
def _char(ch: str) -> str:
    """One non-Devanagari character as it reads in the normalised text: 'É' -> 'e', '🙏' -> ' '."""
    return _clean(unicodedata.normalize("NFKC", ch).lower())


def _char_pieces(text: str) -> list[tuple[str, int]]:
    """(output piece, source index) for each source character."""
    pieces: list[tuple[str, int]] = []
    dev = devanagari.has_devanagari(text)
    for i, ch in enumerate(text):
        if dev and "\u0900" <= ch <= "\u097f":
            if "\u0966" <= ch <= "\u096f":
                out = str(ord(ch) - 0x0966)
            else:
                out = devanagari.piece(text, i)
            pieces.append((_clean(out.lower()), i))
        else:
            pieces.append((_char(ch), i))
    return pieces


def normalise(text: str) -> tuple[str, list[int]]:
    """The normalised string and, per output character, its source index."""
    out: list[str] = []
    src: list[int] = []
    for piece, i in _char_pieces(text):
        for c in piece:
            if out:
                prev = out[-1]
                if (prev.isdigit() and c.isalpha()) or (prev.isalpha() and c.isdigit()):
                    out.append(" ")
                    src.append(i)
            out.append(c)
            src.append(i)
    return "".join(out), src


_ASCII_TOKEN = re.compile(
    r"[0-9]+(?::[0-9]+){2,}|[0-9]+/[0-9]+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|[a-z]+(?:'[a-z]+)?(?:&[a-z]+)*|[.,;:&+@/()*\n%=-]"
)


def _ascii_tokens(lowered: str) -> list[Token]:
    if "'" in lowered:
        return [Token(m.group().replace("'", ""), m.start(), m.end()) for m in _ASCII_TOKEN.finditer(lowered)]
    tokens = []
    new = tuple.__new__  # Token(...) without the keyword-handling constructor: this runs per token
    for m in _ASCII_TOKEN.finditer(lowered):
        start, end = m.span()
        tokens.append(new(Token, (m.group(), start, end)))
    return tokens


def tokenize(text: str) -> list[Token]:
    tokens = _tokens(text)
    if ":" in text:  # "00:52:34" and "0:52:34" are one grade
        tokens = [Token(_grade(t.text), t.start, t.end) if ":" in t.text[1:] else t for t in tokens]
    return tokens


def _grade(word: str) -> str:
    """A grade with its zeros as a number reads them: '13:00:45' -> '13:0:45'."""
    return ":".join(str(int(part)) for part in word.split(":"))


def _tokens(text: str) -> list[Token]:
    if text.isascii():
        return _ascii_tokens(text.lower())
    if not devanagari.has_devanagari(text):
        cleaned = "".join(map(_char, text))
        # every character became one (emoji, accents): offsets unchanged. Apostrophes are dropped
        # before tokenising on the slow path below ("1'0" -> 10), so those messages take it.
        if len(cleaned) == len(text) and "'" not in cleaned:
            return _ascii_tokens(cleaned)
    norm, src = normalise(text)
    norm = norm.replace("'", "")  # "lay's" -> "lays"; offsets shift only inside a word
    if len(norm) != len(src):
        src = [s for s, c in zip(src, normalise(text)[0], strict=True) if c != "'"]
    tokens = []
    for m in _TOKEN.finditer(norm):
        word = m.group()
        start = src[m.start()] if m.start() < len(src) else len(text)
        end = src[m.end() - 1] + 1 if m.end() - 1 < len(src) else len(text)
        tokens.append(Token(word, start, end))
    return tokens


def singular(word: str) -> str:
    """'biscuits' -> 'biscuit'; short words and '-ss' words stay."""
    if len(word) >= 5 and word.endswith("s") and not word.endswith("ss") and word.isalpha():
        return word[:-1]
    return word


_PHONETIC = (
    ("ph", "f"),
    ("w", "v"),
    ("ck", "k"),
    ("q", "k"),
    ("x", "ks"),
    ("z", "j"),
    ("ee", "i"),
    ("oo", "u"),
    ("y", "i"),
    ("c", "k"),
    ("kh", "k"),
    ("bh", "b"),
    ("dh", "d"),
    ("th", "t"),
    ("gh", "g"),
)


@lru_cache(maxsize=20_000)
def phonetic(word: str) -> str:
    """A sound-alike key: 'ashirwad' and 'aashirvaad' both give 'ashirvad'."""
    key = word
    for a, b in _PHONETIC:
        key = key.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", key)


def skeleton(word: str) -> str:
    """Consonants only after the phonetic key: 'colget' and 'colgate' both give 'klgt'."""
    key = phonetic(word)
    return key[0] + re.sub(r"[aeiou]", "", key[1:]) if key else key
