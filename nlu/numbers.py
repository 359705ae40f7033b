"""Number words and digits -> Decimal.

`word_number` reads one token; `number_at` reads the longest number starting at a token, over several
(the word table is rules/numbers.tsv, which says what each kind of word does).

>>> word_number("das"), word_number("dedh"), word_number("half"), word_number("12")
(Decimal('10'), Decimal('1.5'), Decimal('0.5'), Decimal('12'))
>>> word_number("do") is None  # "do" is "two" only before a unit word ("do peti", not "bhej do")
True
>>> word_number("do", before_unit=True)
Decimal('2')
>>> word_number("3/4")
Decimal('0.75')
>>> number_at("do sau bag".split(), 0), number_at("saade paanch sau".split(), 0)
((Decimal('200'), 2), (Decimal('550'), 3))
>>> number_at("one hundred and twenty".split(), 0), number_at("dhai hazaar".split(), 0)
((Decimal('120'), 4), (Decimal('2500'), 2))
>>> number_at("bhej do".split(), 1) is None
True
>>> number_at("do peti".split(), 0, before_unit=lambda j: j == 1)
(Decimal('2'), 1)
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import NamedTuple

KINDS = frozenset({"number", "article", "scale", "fraction", "prefix"})
_ALONE = ("number", "article", "scale", "fraction")  # kinds that are a number by themselves
_READS = {"always": False, "before-unit": True}  # column 5 -> before_unit_only
_AND = "and"  # "one hundred and twenty", "one and a half"


@dataclass(frozen=True, slots=True)
class NumberWord:
    """One row of rules/numbers.tsv: `word` read as `kind` is worth `value`."""

    word: str
    value: Decimal
    kind: str
    english: bool  # composes the English way: "twenty five", "one fifty"
    before_unit_only: bool  # also an ordinary word: a number only before a unit or inside a longer number


def parse_rows(text: str, source: str = "numbers.tsv") -> dict[str, dict[str, NumberWord]]:
    """Table text -> word -> kind -> row. A bad row raises, naming its line and what is wrong.

    >>> parse_rows("das\\t10\\tnumber\\thi\\talways")["das"]["number"].value
    Decimal('10')
    >>> parse_rows("# a comment\\ndas\\tten\\tnumber\\thi\\talways")
    Traceback (most recent call last):
    ...
    ValueError: numbers.tsv line 2: value 'ten' is not a number
    """
    table: dict[str, dict[str, NumberWord]] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        row = _parse_row(line, f"{source} line {n}")
        kinds = table.setdefault(row.word, {})
        if row.kind in kinds:
            raise ValueError(f"{source} line {n}: {row.word!r} is already a {row.kind}")
        alone = [k for k in kinds if k in _ALONE]
        if row.kind in _ALONE and alone:
            raise ValueError(f"{source} line {n}: {row.word!r} is already a {alone[0]}; a word has one value")
        kinds[row.kind] = row
    return table


def _parse_row(line: str, where: str) -> NumberWord:
    cells = [c.strip() for c in line.split("\t")]
    if len(cells) != 5:
        raise ValueError(f"{where}: {len(cells)} columns, not 5 (word, value, kind, langs, read)")
    word, value, kind, langs, read = cells
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise ValueError(f"{where}: value {value!r} is not a number") from None
    if kind not in KINDS:
        raise ValueError(f"{where}: kind {kind!r} is not one of {', '.join(sorted(KINDS))}")
    if read not in _READS:
        raise ValueError(f"{where}: read {read!r} is not 'always' or 'before-unit'")
    if not word.isalpha() or word != word.lower():
        raise ValueError(f"{where}: word {word!r} is not a lower-case token")
    return NumberWord(word, number, kind, "en" in langs.split(), _READS[read])


_TABLE = parse_rows((resources.files("nlu") / "rules" / "numbers.tsv").read_text(encoding="utf-8"))


def _standalone(before_unit_only: bool) -> dict[str, Decimal]:
    return {
        word: row.value
        for word, kinds in _TABLE.items()
        for row in kinds.values()
        if row.kind in _ALONE and row.before_unit_only == before_unit_only
    }


# A word that is a number wherever it stands ("das", "sau", "dedh", "twenty", "hazaar").
NUMBER_WORDS: dict[str, Decimal] = _standalone(False)
# Words that are also ordinary words ("bhej do", "ek baar", "be", "so"): numbers only right before a unit.
BEFORE_UNIT_ONLY: dict[str, Decimal] = _standalone(True)
# Every word `number_at` may read, prefixes included ("saade", "sava"); "and" is left to the conjunctions.
ALL_NUMBER_WORDS: frozenset[str] = frozenset(_TABLE)

_READ: dict[str, Decimal] = {}  # digit strings already read
_DIGITS = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_FRACTION = re.compile(r"^([0-9]+)/([1-9][0-9]?)$")  # 1/2, 3/4; "50/500" is a strength, a word


def word_number(word: str, *, before_unit: bool = False) -> Decimal | None:
    known = _READ.get(word)
    if known is not None:
        return known
    if _DIGITS.match(word):
        try:
            value = Decimal(word)
        except InvalidOperation:  # pragma: no cover - the regex admits only valid numbers
            return None
        if len(_READ) < 10_000:  # Decimals are immutable: one per spelling is enough
            _READ[word] = value
        return value
    fraction = _FRACTION.match(word)
    if fraction:
        top, bottom = int(fraction.group(1)), int(fraction.group(2))
        return (
            (Decimal(top) / Decimal(bottom)).quantize(Decimal("0.0001")).normalize() if top < bottom else None
        )
    if word in NUMBER_WORDS:
        return NUMBER_WORDS[word]
    if before_unit and word in BEFORE_UNIT_ONLY:
        return BEFORE_UNIT_ONLY[word]
    return None


def is_digits(word: str) -> bool:
    """Digits with an optional decimal or fraction: '12', '1.5', '3/4'."""
    return bool(_DIGITS.match(word) or _FRACTION.match(word))


def number_at(
    words: Sequence[str], i: int, *, before_unit: Callable[[int], bool] | None = None
) -> tuple[Decimal, int] | None:
    """The longest number starting at words[i] and the index after it, or None.

    `before_unit(j)` says whether words[j] is a unit word: a number made only of words that are also
    ordinary words ("do", "be so", "a") is read only right before one. Digits start a number but never
    continue one, so a number never takes the next item's count ("sau nag ... 50" is 100, then 50).
    """
    if not 0 <= i < len(words):
        return None
    reading = _read(words, i)
    if reading is None:
        return None
    if reading.sure or (before_unit is not None and reading.end < len(words) and before_unit(reading.end)):
        return _tidy(reading.value), reading.end
    return None


class _Reading(NamedTuple):
    value: Decimal
    end: int  # index after the last word read
    shape: str  # whole | part (fraction, prefixed, "x and a half") | decimal | fixed ("3/4") | bare ("sau")
    sure: bool  # holds digits or a word that is never an ordinary word
    english: bool = False  # a whole count said in English words


def _tidy(value: Decimal) -> Decimal:
    """550.0 -> 550, 2.50 -> 2.5: the value as a dealer would write it."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _row(words: Sequence[str], i: int, kind: str) -> NumberWord | None:
    kinds = _TABLE.get(words[i]) if i < len(words) else None
    return kinds.get(kind) if kinds else None


def _scale(words: Sequence[str], i: int, hundred: bool) -> NumberWord | None:
    """A scale word at i: the hundred ("sau", "hundred", "so") or a bigger one ("hazaar", "lakh")."""
    row = _row(words, i, "scale")
    return row if row is not None and (row.value == 100) == hundred else None


def _digits(words: Sequence[str], i: int) -> _Reading | None:
    """'12' whole, '2.5' decimal (only a big scale may follow: "2.5 lakh"), '3/4' fixed."""
    value = word_number(words[i]) if i < len(words) and words[i][:1].isdigit() else None
    if value is None:
        return None
    shape = "fixed" if "/" in words[i] else "decimal" if "." in words[i] else "whole"
    return _Reading(value, i + 1, shape, True)


def _whole(words: Sequence[str], i: int, digits: bool) -> _Reading | None:
    """A whole count in words ("das", "twenty five"), or integer digits when `digits`."""
    if digits:
        read = _digits(words, i)
        return read if read is not None and read.shape == "whole" else None
    row = _row(words, i, "number")
    if row is None:
        return None
    ones = _row(words, i + 1, "number")
    if row.english and row.value % 10 == 0 and row.value >= 20 and ones and ones.english and ones.value < 10:
        return _Reading(row.value + ones.value, i + 2, "whole", True, True)  # "twenty five"
    return _Reading(row.value, i + 1, "whole", not row.before_unit_only, row.english)


def _and_a_half(words: Sequence[str], i: int) -> _Reading | None:
    """'and a half', 'and half', 'and a quarter' after a count: the part it adds."""
    if i >= len(words) or words[i] != _AND:
        return None
    j = i + 2 if _row(words, i + 1, "article") else i + 1
    part = _row(words, j, "fraction")
    if part is None or part.value >= 1:
        return None
    return _Reading(part.value, j + 1, "part", not part.before_unit_only)


def _count(words: Sequence[str], i: int, first: bool) -> _Reading | None:
    """A count a scale may multiply: digits (first word only), a whole count, a prefixed count
    ("saade teen" 3.5, "sava" before a scale 1.25), "a half", "one and a half", a fraction, an article."""
    if first and (read := _digits(words, i)) is not None:
        return read
    prefix = _row(words, i, "prefix")
    if prefix is not None:
        counted = _whole(words, i + 1, digits=first) or _whole(words, i + 1, digits=False)
        if counted is not None and counted.value >= 1:  # "paune 0" is no number
            return _Reading(counted.value + prefix.value, counted.end, "part", True)
        if _row(words, i + 1, "scale") is not None:  # "sava sau" 125, "paune lakh" 75,000
            return _Reading(1 + prefix.value, i + 1, "part", True)
    if _row(words, i, "article") is not None and (part := _row(words, i + 1, "fraction")) is not None:
        return _Reading(part.value, i + 2, "part", not part.before_unit_only)  # "a half", "a quarter"
    whole = _whole(words, i, digits=False)
    if whole is not None:
        half = _and_a_half(words, whole.end)
        if half is None:
            return whole
        return _Reading(whole.value + half.value, half.end, "part", whole.sure or half.sure)
    for kind, shape in (("fraction", "part"), ("article", "whole")):
        row = _row(words, i, kind)
        if row is not None:
            return _Reading(row.value, i + 1, shape, not row.before_unit_only)
    return None


def _tail(words: Sequence[str], i: int) -> _Reading | None:
    """The count after "ek sau" / "one hundred [and]": "bees" in "ek sau bees"."""
    j = i + 1 if i < len(words) and words[i] == _AND else i
    tail = _whole(words, j, digits=False)
    if tail is None or tail.value >= 100 or _scale(words, tail.end, hundred=True):
        return None
    return tail


def _group(words: Sequence[str], i: int, first: bool) -> _Reading | None:
    """A number below a thousand: a count, "do sau", "ek sau bees", "dedh sau", "twelve hundred",
    "one fifty" (English only: 150), a bare "sau"."""
    count = _count(words, i, first)
    if count is None:
        hundred = _scale(words, i, hundred=True)
        return _Reading(hundred.value, i + 1, "bare", not hundred.before_unit_only) if hundred else None
    hundred = _scale(words, count.end, hundred=True)
    if hundred is not None and count.shape in ("whole", "part") and count.value < 100:
        value, end = count.value * hundred.value, count.end + 1
        sure = count.sure or not hundred.before_unit_only
        tail = _tail(words, end) if count.shape == "whole" else None
        if tail is not None:
            value, end, sure = value + tail.value, tail.end, sure or tail.sure
        return _Reading(value, end, count.shape, sure)
    if count.english and count.end == i + 1 and count.value < 10:
        tens = _whole(words, count.end, digits=False)
        if tens is not None and tens.english and tens.value >= 10:  # "one fifty", "two twenty five"
            return _Reading(count.value * 100 + tens.value, tens.end, "whole", True)
    return count


def _group_after(words: Sequence[str], i: int, scale: Decimal) -> _Reading | None:
    """The group after "do hazaar" / "one thousand [and]", if it is smaller than that scale."""
    j = i + 1 if i < len(words) and words[i] == _AND else i
    group = _group(words, j, first=False)
    if group is None or group.shape != "whole":
        return None
    after = _scale(words, group.end, hundred=False)
    if group.value * (after.value if after else 1) >= scale:  # "hazaar do hazaar": the second is its own
        return None
    return group


def _read(words: Sequence[str], i: int) -> _Reading | None:
    """Groups joined by falling big scales: "ek lakh bees hazaar paanch sau" 120,500."""
    group = _group(words, i, first=True)
    if group is None:
        if _scale(words, i, hundred=False) is None:
            return None
        group = _Reading(Decimal(1), i, "bare", False)  # "hazaar" alone is a thousand
    total, sure, last = Decimal(0), group.sure, None
    while (scale := _scale(words, group.end, hundred=False)) is not None:
        if group.shape == "fixed" or group.value >= 1000 or (last is not None and scale.value >= last):
            break
        total += group.value * scale.value
        last, end = scale.value, group.end + 1
        sure = sure or not scale.before_unit_only
        after = _group_after(words, end, last) if group.shape == "whole" else None
        if after is None:
            return _Reading(total, end, "whole", sure)
        group, sure = after, sure or after.sure
    return _Reading(total + group.value, group.end, group.shape, sure)
