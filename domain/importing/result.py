"""What an import did to one file: the one-line summary, and every field it changed per row."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

NONE_SHOWN = "(none)"


def shown(value: object) -> str:
    """A stored value as the summary shows it.

    >>> shown(Decimal("100000")), shown(Decimal("18.0000")), shown(Decimal("0.125")), shown(None), shown("")
    ('100000.00', '18.00', '0.125', '(none)', '(none)')
    """
    if value is None or value == "":
        return NONE_SHOWN
    if isinstance(value, Decimal):
        cents = value.quantize(Decimal("0.01"))
        return str(cents) if cents == value else f"{value.normalize():f}"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return "|".join(str(v) for v in value) or NONE_SHOWN
    return str(value)


def changed(column: str, before: object, after: object) -> str:
    """One field's change; a list says what it gained and lost.

    >>> changed("credit_limit", Decimal("100000.00"), Decimal("120000"))
    'credit_limit 100000.00 -> 120000.00'
    >>> changed("reps", ["+919826500011"], ["+919826500011", "+919000000001"])
    'reps added +919000000001'
    >>> changed("aliases", ["maggi"], [])
    'aliases removed maggi'
    >>> changed("tier", "A", "")
    'tier A -> (none)'
    """
    if isinstance(before, (list, tuple)) and isinstance(after, (list, tuple)):
        gained = ", ".join(str(v) for v in after if v not in before)
        lost = ", ".join(str(v) for v in before if v not in after)
        parts = ((f"added {gained}",) if gained else ()) + ((f"removed {lost}",) if lost else ())
        return f"{column} " + ", ".join(parts or ("reordered",))
    return f"{column} {shown(before)} -> {shown(after)}"


def row_change(key: str, changes: Iterable[str]) -> str:
    """'D03: credit_limit 100000.00 -> 120000.00; reps +919000000001'"""
    return f"{key}: " + "; ".join(changes)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    changes: list[str] = field(default_factory=list)  # row_change() of each updated row

    def update(self, key: str, changes: list[str]) -> None:
        """Count a stored row: updated (its changes noted) when `changes` has any, else unchanged."""
        if changes:
            self.updated += 1
            self.changes.append(row_change(key, changes))
        else:
            self.unchanged += 1


@dataclass(frozen=True)
class FileResult:
    """One imported file: its name, the rows it had and what became of them.

    >>> str(FileResult("catalog.csv", 3, Counts(created=2, unchanged=1)))
    'catalog.csv: 3 rows: 2 created, 0 updated, 1 unchanged'
    """

    file: str
    rows: int
    counts: Counts
    notes: tuple[str, ...] = ()
    changes: tuple[str, ...] = ()  # one line per updated row: "D03: credit_limit 1.00 -> 2.00; tier A -> B"
    preview: bool = False  # nothing was written: what the import would do

    def __str__(self) -> str:
        c = self.counts
        would = "would be " if self.preview else ""
        text = (f"{self.file}: {self.rows} rows: "
                f"{c.created} {would}created, {c.updated} {would}updated, {c.unchanged} unchanged")
        if c.removed:
            text += f", {c.removed} removed (not in the file)"
        return "; ".join((text, *self.notes))

    def lines(self, limit: int | None = None) -> list[str]:
        """The summary, then each changed row indented (at most `limit` of them, then how many more)."""
        shown_rows = self.changes if limit is None else self.changes[:limit]
        more = len(self.changes) - len(shown_rows)
        tail = [f"  ... and {more} more changed rows"] if more else []
        return [str(self), *(f"  {line}" for line in shown_rows), *tail]
