"""Word tables kept as text (nlu/rules/*.txt), read once into the sets and dicts the rules use.

A table file holds named tables; a row is words separated by spaces:

    # a comment, from "#" to the end of the line
    [unit_words]                 opens the table unit_words; its rows follow
    cs case cases -> case        the words left of "->" are read as what stands right of it
    dabba dabbe                  a row without "->": words of a set

Words are written as `nlu.normalise.tokenize` makes them (lower case); `\\n` stands for a new
line. A row of the wrong shape, a word given twice in one table, or a table the code reads but
the file lacks is an error that names the file and the line:

>>> t = parse("[units]\\ncs case -> case\\nbox -> box", "units.txt")
>>> kinds(t, "units")
{'cs': 'case', 'case': 'case', 'box': 'box'}
>>> kinds(parse("[units]\\ncs -> case\\ncs -> box", "units.txt"), "units")
Traceback (most recent call last):
...
ValueError: units.txt line 3: 'cs' is already on line 2
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any

ARROW = "->"
_ESCAPES = {"\\n": "\n"}


@dataclass(frozen=True, slots=True)
class Row:
    words: tuple[str, ...]  # left of "->", or the whole row
    meaning: tuple[str, ...] | None  # right of "->"; None in a row without one
    line: int


@dataclass(frozen=True, slots=True)
class Tables:
    """The tables of one file: name -> rows, in file order."""

    source: str
    tables: dict[str, tuple[Row, ...]]

    def rows(self, name: str) -> tuple[Row, ...]:
        found = self.tables.get(name)
        if found is None:
            raise ValueError(f"{self.source}: no [{name}] table")
        return found

    def where(self, line: int) -> str:
        return f"{self.source} line {line}"


def load(name: str) -> Tables:
    """The tables of nlu/rules/`name`."""
    return parse((resources.files("nlu") / "rules" / name).read_text(encoding="utf-8"), name)


def parse(text: str, source: str) -> Tables:
    """Table text -> its tables; `source` names the file in errors."""
    tables: dict[str, list[Row]] = {}
    current: list[Row] | None = None
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{source} line {n}"
        if line.startswith("["):
            name = line[1:-1].strip()
            if not line.endswith("]") or not name:
                raise ValueError(f"{where}: {line!r} is not a [table] heading")
            if name in tables:
                raise ValueError(f"{where}: table [{name}] appears twice")
            current = tables[name] = []
            continue
        if current is None:
            raise ValueError(f"{where}: a row before any [table]")
        current.append(_row(line, n, where))
    return Tables(source, {name: tuple(rows) for name, rows in tables.items()})


def _row(line: str, n: int, where: str) -> Row:
    parts = [_ESCAPES.get(w, w) for w in line.split()]
    for w in parts:
        if w != w.lower():
            raise ValueError(f"{where}: {w!r} is not lower case")
    if ARROW not in parts:
        return Row(tuple(parts), None, n)
    at = parts.index(ARROW)
    words, meaning = tuple(parts[:at]), tuple(parts[at + 1 :])
    if not words or not meaning or ARROW in meaning:
        raise ValueError(f"{where}: a row with '->' is: words -> meaning")
    return Row(words, meaning, n)


def word_set(tables: Tables, name: str) -> set[str]:
    """Every word of a table of plain rows.

    >>> sorted(word_set(parse("[x]\\nrs re\\nrupees", "t.txt"), "x"))
    ['re', 'rs', 'rupees']
    """
    found: dict[str, int] = {}
    for row in _plain(tables, name):
        for w in row.words:
            _once(tables, row, w, found)
    return set(found)


def pairs(tables: Tables, name: str) -> set[tuple[str, str]]:
    """Two-word phrases, one a row; a row of one word pairs it with "" (nothing after it).

    >>> sorted(pairs(parse("[x]\\ngood morning\\nfullstop", "t.txt"), "x"))
    [('fullstop', ''), ('good', 'morning')]
    """
    found: dict[tuple[str, str], int] = {}
    for row in _plain(tables, name):
        if len(row.words) > 2:
            raise ValueError(f"{tables.where(row.line)}: a row here is one or two words")
        pair = (row.words[0], row.words[1] if len(row.words) == 2 else "")
        _once(tables, row, pair, found)
    return set(found)


def meanings(tables: Tables, name: str) -> dict[str, tuple[str, ...]]:
    """word -> the words right of its row's arrow, in file order.

    >>> meanings(parse("[x]\\nsariya saria -> tmt bar", "t.txt"), "x")
    {'sariya': ('tmt', 'bar'), 'saria': ('tmt', 'bar')}
    """
    return {word: meaning for word, meaning, _ in _keyed(tables, name)}


def kinds(tables: Tables, name: str) -> dict[str, str]:
    """word -> the one word right of its row's arrow (a unit kind, a letter), in file order."""
    found: dict[str, str] = {}
    for word, meaning, line in _keyed(tables, name):
        if len(meaning) != 1:
            raise ValueError(f"{tables.where(line)}: one word goes right of '->' here")
        found[word] = meaning[0]
    return found


def amounts(tables: Tables, name: str) -> dict[str, tuple[str, Decimal]]:
    """word -> (dimension, amount of it in one): rows 'kg kgs -> 1000 g'.

    >>> amounts(parse("[x]\\nfoot ft -> 304.8 mm", "t.txt"), "x")["ft"]
    ('mm', Decimal('304.8'))
    """
    found: dict[str, tuple[str, Decimal]] = {}
    for word, meaning, line in _keyed(tables, name):
        if len(meaning) != 2:
            raise ValueError(f"{tables.where(line)}: right of '->' is an amount and a dimension")
        try:
            amount = Decimal(meaning[0])
        except InvalidOperation:
            raise ValueError(f"{tables.where(line)}: amount {meaning[0]!r} is not a number") from None
        found[word] = (meaning[1], amount)
    return found


def _keyed(tables: Tables, name: str) -> Iterator[tuple[str, tuple[str, ...], int]]:
    """(word, meaning, line) for each word left of an arrow, in file order; a word twice is an error."""
    seen: dict[str, int] = {}
    for row in tables.rows(name):
        if row.meaning is None:
            raise ValueError(f"{tables.where(row.line)}: [{name}] rows are: words -> meaning")
        for w in row.words:
            _once(tables, row, w, seen)
            yield w, row.meaning, row.line


def _plain(tables: Tables, name: str) -> tuple[Row, ...]:
    rows = tables.rows(name)
    for row in rows:
        if row.meaning is not None:
            raise ValueError(f"{tables.where(row.line)}: [{name}] rows are words, without '->'")
    return rows


def _once(tables: Tables, row: Row, key: Hashable, seen: dict[Any, int]) -> None:
    if key in seen:
        raise ValueError(f"{tables.where(row.line)}: {key!r} is already on line {seen[key]}")
    seen[key] = row.line


def phrase_kinds(raw: dict[str, Any], kinds: Sequence[str], source: str) -> dict[tuple[str, ...], str]:
    """A TOML `[phrases]` table (kind -> phrases) as phrase words -> kind, the phrases read as
    messages are (no punctuation, Devanagari transliterated); a kind not in `kinds`, a phrase with
    no words or one in two kinds is an error naming the file (nlu/answers.py, nlu/changes.py)."""
    kind_of: dict[tuple[str, ...], str] = {}
    for kind, phrases in raw.items():
        if kind not in kinds:
            raise ValueError(f"{source}: [phrases] {kind} is not a kind; kinds are {', '.join(kinds)}")
        for text in phrases:
            words = phrase_words(text)
            if not words:
                raise ValueError(f"{source}: [phrases] {kind}: '{text}' has no words once normalised")
            other = kind_of.setdefault(words, kind)
            if other != kind:
                raise ValueError(
                    f"{source}: '{text}' is in [phrases] {other} and [phrases] {kind}; a phrase has one kind"
                )
    return kind_of


def phrase_words(text: str) -> tuple[str, ...]:
    """The words of a rule phrase as messages are read: no punctuation, Devanagari transliterated."""
    from nlu.normalise import tokenize  # nlu.normalise reads no table; imported here all the same

    return tuple(t.text for t in tokenize(text) if t.text[0].isalnum())
