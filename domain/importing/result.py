"""What an import did to one file, for the one-line summary."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0


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

    def __str__(self) -> str:
        c = self.counts
        text = (f"{self.file}: {self.rows} rows: "
                f"{c.created} created, {c.updated} updated, {c.unchanged} unchanged")
        if c.removed:
            text += f", {c.removed} removed (not in the file)"
        return "; ".join((text, *self.notes))
