"""Devanagari -> rough Latin, letter by letter; fuzzy matching does the rest.

    >>> transliterate("मैगी 10 पेटी")
    'maigi 10 peti'
    >>> transliterate("टाटा नमक")
    'tata namak'

Each source character maps to its own output piece, so a caller can keep
character offsets (see `nlu.normalise`). The inherent vowel "a" is written
after a consonant unless a vowel sign, a virama or the end of a word follows.
"""

from __future__ import annotations

import re

CONSONANTS = {
    "क": "k",
    "ख": "kh",
    "ग": "g",
    "घ": "gh",
    "ङ": "n",
    "च": "ch",
    "छ": "chh",
    "ज": "j",
    "झ": "jh",
    "ञ": "n",
    "ट": "t",
    "ठ": "th",
    "ड": "d",
    "ढ": "dh",
    "ण": "n",
    "त": "t",
    "थ": "th",
    "द": "d",
    "ध": "dh",
    "न": "n",
    "प": "p",
    "फ": "f",
    "ब": "b",
    "भ": "bh",
    "म": "m",
    "य": "y",
    "र": "r",
    "ल": "l",
    "व": "v",
    "श": "sh",
    "ष": "sh",
    "स": "s",
    "ह": "h",
    "क़": "k",
    "ख़": "kh",
    "ग़": "g",
    "ज़": "z",
    "ड़": "d",
    "ढ़": "dh",
    "फ़": "f",
    "ळ": "l",
}
VOWELS = {
    "अ": "a",
    "आ": "a",
    "इ": "i",
    "ई": "i",
    "उ": "u",
    "ऊ": "u",
    "ऋ": "ri",
    "ए": "e",
    "ऐ": "ai",
    "ओ": "o",
    "औ": "au",
    "ऑ": "o",
    "ऍ": "e",
}
VOWEL_SIGNS = {
    "ा": "a",
    "ि": "i",
    "ी": "i",
    "ु": "u",
    "ू": "u",
    "ृ": "ri",
    "े": "e",
    "ै": "ai",
    "ो": "o",
    "ौ": "au",
    "ॉ": "o",
    "ॅ": "e",
}
MARKS = {"ं": "n", "ँ": "n", "ः": "h", "्": "", "़": "", "।": ".", "॥": "."}
VIRAMA = "्"


def piece(text: str, i: int) -> str:
    """The Latin for text[i], looking one character ahead for the inherent vowel."""
    ch = text[i]
    if ch in CONSONANTS:
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if nxt == "़" and i + 2 < len(text):
            nxt = text[i + 2]
        if nxt in VOWEL_SIGNS or nxt == VIRAMA or nxt == "़" or not _is_devanagari_letter(nxt):
            return CONSONANTS[ch]
        if nxt in CONSONANTS:
            after = text[i + 2] if i + 2 < len(text) else ""
            if not _is_devanagari_letter(after) and after not in VOWEL_SIGNS:
                return CONSONANTS[ch] + "a"  # second-to-last consonant keeps its vowel: "namak"
        return CONSONANTS[ch] + "a"
    if ch in VOWELS:
        return VOWELS[ch]
    if ch in VOWEL_SIGNS:
        return VOWEL_SIGNS[ch]
    if ch in MARKS:
        return MARKS[ch]
    return ch


def _is_devanagari_letter(ch: str) -> bool:
    return bool(ch) and ("\u0900" <= ch <= "\u097f") and ch not in MARKS


_DEVANAGARI = re.compile("[\u0900-\u097f]")


def has_devanagari(text: str) -> bool:
    return _DEVANAGARI.search(text) is not None


def transliterate(text: str) -> str:
    if not has_devanagari(text):
        return text
    return "".join(piece(text, i) for i in range(len(text)))
