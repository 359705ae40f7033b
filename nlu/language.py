"""The language of the bot's replies: one a dealer asks for, and the one a message is written in.

The words are data: `nlu/rules/language.toml` (Hinglish, Hindi in Devanagari and English), read
once into `RULES`. Locales are the replies' ones: "hi" Hindi in Devanagari, "hi_Latn" Hinglish
(Roman Hindi), "en" English.

`asked_language` takes a message only when it clearly asks for a language: a word naming one
language ("hindi", "English", "हिंदी", "hinglish"), not refused ("hindi nahi"), with a cue of asking
("me bolo", "please", "reply in", "chalega") or alone, and few other words; anything else (a
number, a product, a sentence about something else) is no request, so orders keep working.

    >>> asked_language("Hindi me bolo"), asked_language("English please"), asked_language("हिंदी में बोलो")
    ('hi', 'en', 'hi')
    >>> asked_language("Hinglish chalega"), asked_language("hindi nahi aati, english me likho")
    ('hi_Latn', 'en')
    >>> asked_language("hindi film ka gaana") is None, asked_language("english oven 5 pkt") is None
    (True, True)

`written_in` says which language a message is in: Devanagari script is Hindi; Roman text with more
Hindi words ("bhej do", "kitna", "hai", "nahi") than English ones is Hinglish, with more English
ones English; a message with neither ("yes", "2", "10 peti maggi", "balance") is undecided (None).

    >>> written_in("मैगी का रेट क्या है"), written_in("maggi 10 peti bhej do"), written_in("what is my balance")
    ('hi', 'hi_Latn', 'en')
    >>> written_in("10 peti maggi") is None, written_in("YES") is None
    (True, True)
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlu import tables
from nlu.devanagari import has_devanagari
from nlu.normalise import tokenize

RULES_FILE = Path(__file__).parent / "rules" / "language.toml"
LOCALES = ("hi", "hi_Latn", "en")
Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    names: dict[Phrase, str]  # a language's name, as its words -> locale
    cues: frozenset[str]
    fillers: frozenset[str]
    refused_after: frozenset[str]
    refused_before: frozenset[str]
    hinglish: frozenset[str]
    english: frozenset[str]
    max_other_words: int


def _words(texts: Sequence[str]) -> frozenset[str]:
    return frozenset(w for text in texts for w in tables.phrase_words(text))


def load_rules(path: Path = RULES_FILE) -> Rules:
    """The tables of a rules file; a locale we have no replies in, or a name given two languages, is
    an error naming the file."""
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    names: dict[Phrase, str] = {}
    for locale, texts in data.get("languages", {}).items():
        if locale not in LOCALES:
            raise ValueError(
                f"{path.name}: [languages] {locale} is no locale; locales are {', '.join(LOCALES)}"
            )
        for text in texts:
            words = tables.phrase_words(text)
            if not words:
                raise ValueError(f"{path.name}: [languages] {locale}: '{text}' has no words once normalised")
            if names.setdefault(words, locale) != locale:
                raise ValueError(f"{path.name}: '{text}' names {names[words]} and {locale}")
    words = data.get("words", {})
    detect = data.get("detect", {})
    hinglish, english = _words(detect.get("hinglish", ())), _words(detect.get("english", ()))
    if hinglish & english:
        both = ", ".join(sorted(hinglish & english))
        raise ValueError(f"{path.name}: [detect] {both} in both hinglish and english; a word is in one")
    return Rules(
        names=names,
        cues=_words(words.get("cues", ())),
        fillers=_words(words.get("fillers", ())),
        refused_after=_words(words.get("refused_after", ())),
        refused_before=_words(words.get("refused_before", ())),
        hinglish=hinglish,
        english=english,
        max_other_words=int(words.get("max_other_words", 2)),
    )


RULES = load_rules()


def _message_words(text: str) -> list[str]:
    return [t.text for t in tokenize(text) if t.text[0].isalnum()]


def _names(words: Sequence[str], rules: Rules) -> list[tuple[int, int, str]]:
    """(start, end, locale) of each language named, the longer name first where two overlap."""
    found, i = [], 0
    longest = max((len(p) for p in rules.names), default=1)
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            locale = rules.names.get(tuple(words[i : i + size]))
            if locale is not None:
                found.append((i, i + size, locale))
                i += size
                break
        else:
            i += 1
    return found


def _refused(words: Sequence[str], start: int, end: int, rules: Rules) -> bool:
    """'hindi nahi', 'not hindi', 'not in hindi': the language named is not wanted."""
    after = words[end] if end < len(words) else ""
    before = words[start - 1] if start > 0 else ""
    two_before = words[start - 2] if start > 1 else ""
    return (
        after in rules.refused_after
        or before in rules.refused_before
        or (before == "in" and two_before in rules.refused_before)
    )


def asked_language(text: str, rules: Rules = RULES) -> str | None:
    """The locale a message asks the replies to be in; None when it asks for none (see the module)."""
    words = _message_words(text)
    named = _names(words, rules)
    wanted = {locale for start, end, locale in named if not _refused(words, start, end, rules)}
    if len(wanted) != 1:
        return None
    taken = {i for start, end, _locale in named for i in range(start, end)}
    rest = [w for i, w in enumerate(words) if i not in taken]
    if any(w.isdigit() for w in rest):  # "english oven 5 pkt": an order
        return None
    cued = any(w in rules.cues for w in rest)
    refusals = rules.refused_after | rules.refused_before
    others = [w for w in rest if w not in rules.cues and w not in rules.fillers and w not in refusals]
    if len(others) > rules.max_other_words or not (cued or not rest):
        return None
    return wanted.pop()


def written_in(text: str, rules: Rules = RULES) -> str | None:
    """The locale a message is written in, or None when its words do not tell (see the module)."""
    devanagari = sum(1 for ch in text if "\u0900" <= ch <= "\u097f" and ch.isalpha())
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    if has_devanagari(text) and devanagari >= latin:
        return "hi"
    words = _message_words(text)
    hindi = sum(1 for w in words if w in rules.hinglish)
    english = sum(1 for w in words if w in rules.english)
    if hindi > english:
        return "hi_Latn"
    if english > hindi:
        return "en"
    return None
