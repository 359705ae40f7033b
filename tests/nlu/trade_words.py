"""General trade language for the property and metamorphic tests: the words no brand owns.

Unit words, size words, number words, the vocabulary tables, intent cues and
colours. `tests/nlu/test_rename.py` leaves these words alone when it renames a
catalog's brand and product words; `tests/nlu/test_never_guess.py` does not use
them as made-up unit words or gibberish.

    >>> {"peti", "sqmm", "dedh", "bhaiya", "red", "cancel"} <= GENERAL
    True
    >>> "maggi" in GENERAL
    False

The tables are read by name from nlu/, never collected wholesale: a brand word
someone writes into an nlu table must still be renamed, or the rename test could
not notice a parser that knows brands by heart.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from importlib import resources
from types import ModuleType
from typing import Any

from nlu import customer, intent, nonitems, numbers, segment, sizes, spans, units, vocab

COLOURS = frozenset(
    """
red black blue green yellow white grey gray brown pink orange purple violet silver golden gold cream ivory
maroon multicolour multicolor lal laal kala kaala neela nila peela pila hara safed safaid
""".split()
)

_WORD = re.compile(r"[a-z]+")


def words_in(tables: Iterable[Any]) -> set[str]:
    """Every lower-case letter run in the keys and string values of some tables (phrases split)."""
    found: set[str] = set()

    def add(value: Any) -> None:
        if isinstance(value, str):
            found.update(_WORD.findall(value.lower()))
        elif isinstance(value, dict):
            for key, inner in value.items():
                add(key)
                add(inner)
        elif isinstance(value, list | tuple | set | frozenset):
            for inner in value:
                add(inner)

    for table in tables:
        add(table)
    return found


def optional(module: ModuleType, *names: str) -> list[Any]:
    """The tables of `module` that exist: the chat-language tables move as nlu/ is reworked."""
    return [getattr(module, name) for name in names if hasattr(module, name)]


def rule_files(*names: str) -> list[Any]:
    """The word lists nlu keeps as data (nlu/rules/*.toml: phone, address, date, header words), if there."""
    folder = resources.files("nlu") / "rules"
    return [tomllib.loads((folder / n).read_text(encoding="utf-8")) for n in names if (folder / n).is_file()]


# The trade-language tables are named (a missing one is an error); the chat-language ones are optional.
GENERAL: frozenset[str] = frozenset(
    words_in(
        [
            units.UNIT_WORDS,
            sizes.SIZE_UNITS,
            sizes.PRICE_WORDS,
            sizes.WALA_WORDS,
            numbers.NUMBER_WORDS,
            numbers.BEFORE_UNIT_ONLY,
            vocab.FILLERS,
            vocab.SYNONYMS,
            vocab.DESCRIPTORS,
            vocab.SIZE_MODIFIERS,
            vocab.CORRECTIONS,
            vocab.PACKAGING,
            vocab.STOPWORDS,
            vocab.LETTER_NAMES,
            vocab.CHAT_WORDS,
            vocab.GREETINGS,
            COLOURS,
            *optional(intent, "CUES"),
            *optional(segment, "CONJUNCTIONS", "QTY_MARKERS", "RATE_WORDS"),
            *optional(customer, "CUE_WORDS", "PARTY_WORDS", "HEADER_ENDS"),
            *optional(spans, "ORDER_REF_PHRASES"),
            *optional(segment, "RESTATE"),
            *optional(nonitems, "UNITS"),  # "8 way", "4 pole", "3 core": counts the unit tables lack
            *rule_files("nonitems.toml", "customer.toml"),
        ]
    )
)
