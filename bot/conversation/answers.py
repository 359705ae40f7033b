"""Answers to the bot's numbered questions, as dealers type them.

>>> [number_answer(text) for text in ("2", "option 3", "do", "none", "hi")]
[2, 3, 2, 0, None]
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# answers to a numbered question, as dealers type them
NUMBER_WORDS: Mapping[str, int] = {
    "zero": 0,
    "none": 0,
    "koi nahi": 0,
    "koi bhi nahi": 0,
    "ek": 1,
    "one": 1,
    "first": 1,
    "pehla": 1,
    "do": 2,
    "two": 2,
    "second": 2,
    "doosra": 2,
    "dusra": 2,
    "teen": 3,
    "three": 3,
    "third": 3,
    "char": 4,
    "chaar": 4,
    "four": 4,
    "paanch": 5,
    "panch": 5,
    "five": 5,
}
_NUMBER = re.compile(r"^\s*(?:option\s*|no\.?\s*|#)?(\d{1,2})\s*[).]?\s*$", re.I)


def number_answer(text: str) -> int | None:
    """'2', '2)', 'option 2', 'do', 'none' -> the number; None when the text is not a number."""
    match = _NUMBER.match(text)
    if match:
        return int(match.group(1))
    return NUMBER_WORDS.get(text.strip().lower().strip(".!"))
