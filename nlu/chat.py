"""Small talk and account words: a greeting, a thanks, and a balance question wanting the entries.

The words are data (`nlu/rules/chat.toml`), read the way the parser reads messages.

    >>> greeting("Namaste ji 🙏"), greeting("namaste, 10 peti maggi bhejo")
    (True, False)
    >>> thanks("ok thank you sir"), thanks("thanks, ab 5 peti aur")
    (True, True)
    >>> wants_entries("statement bhejo"), wants_entries("balance kitna hai")
    (True, False)
"""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

from nlu.normalise import tokenize

RULES_FILE = Path(__file__).parent / "rules" / "chat.toml"
MAX_GREETING_WORDS = 6  # "good morning sir ji 🙏" yes; a greeting before an order is the order's


@cache
def _rules() -> dict[str, list[tuple[str, ...]]]:
    data = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
    out = {kind: [_words(p) for p in data[kind]["phrases"]] for kind in ("greeting", "thanks", "statement")}
    out["around"] = [_words(w) for w in data["greeting"]["around"]]
    return out


def _words(text: str) -> tuple[str, ...]:
    return tuple(t.text for t in tokenize(text) if t.text != "\n" and any(c.isalnum() for c in t.text))


def _has(words: tuple[str, ...], phrase: tuple[str, ...]) -> bool:
    n = len(phrase)
    return any(words[i : i + n] == phrase for i in range(len(words) - n + 1))


def greeting(text: str) -> bool:
    """The message is only a greeting: greeting phrases and the words that go around them."""
    words = _words(text)
    if not words or len(words) > MAX_GREETING_WORDS:
        return False
    rules = _rules()
    rest = list(words)
    found = False
    for phrase in sorted(rules["greeting"] + rules["around"], key=len, reverse=True):
        n = len(phrase)
        i = 0
        while i <= len(rest) - n:
            if tuple(rest[i : i + n]) == phrase:
                found = found or phrase in rules["greeting"]
                del rest[i : i + n]
            else:
                i += 1
    return found and not rest


def thanks(text: str) -> bool:
    """The message thanks us ("thank you sir", "dhanyavad")."""
    words = _words(text)
    return any(_has(words, p) for p in _rules()["thanks"])


def wants_entries(text: str) -> bool:
    """A balance question that asks for the statement's entries ("statement bhejo", "khata dikhao")."""
    words = _words(text)
    return any(_has(words, p) for p in _rules()["statement"])


__all__ = ["greeting", "thanks", "wants_entries"]
