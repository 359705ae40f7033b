"""What `classify` reads a message into: pieces (a word, a quantity, a size, a price ...), and the
item mentions `split_items` groups them into.

    >>> item = Item([Piece("word", "maggi", 0, 5), Piece("qty", "5", 6, 12, Decimal(5), unit="case")])
    >>> item.has_name, item.has_qty, item.span, [p.text for p in item.of("qty")]
    (True, True, (0, 12), ['5'])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from nlu.index import Canon


@dataclass(slots=True)
class Piece:
    kind: str  # word soft num qty size measure price rate code mod corr sep conj filler
    text: str
    start: int
    end: int
    value: Decimal | None = None
    unit: str = ""  # qty: unit kind; measure: "kg" | "litre"
    word: str = ""  # the dealer's unit word
    size: tuple[str, Decimal] | None = None
    canon: Canon | None = None
    code: int | None = None
    mod: str = ""
    glued: bool = False  # a number written onto a letter ("c6", "x215"): part of a name, not a count


@dataclass(slots=True)
class Item:
    """One item mention. Add pieces with `add`: the item keeps its pieces grouped by kind."""

    pieces: list[Piece] = field(default_factory=list)
    bracket: bool = False  # "(20 pcs)", "yaani 100 bag": restates the item before it
    _kinds: dict[str, list[Piece]] | None = field(default=None, repr=False, compare=False)
    _span: tuple[int, int] | None = field(default=None, repr=False, compare=False)

    def add(self, piece: Piece) -> None:
        self.pieces.append(piece)
        self._kinds = None
        self._span = None

    @property
    def kinds(self) -> dict[str, list[Piece]]:
        """kind -> its pieces in message order. Read only: callers must not change the lists."""
        kinds = self._kinds
        if kinds is None:
            kinds = {}
            for p in self.pieces:
                if p.kind in kinds:
                    kinds[p.kind].append(p)
                else:
                    kinds[p.kind] = [p]
            self._kinds = kinds
        return kinds

    def of(self, *kinds: str) -> list[Piece]:
        """The pieces of these kinds, in message order (a new list each call)."""
        if len(kinds) == 1:
            return list(self.kinds.get(kinds[0], ()))
        return [p for p in self.pieces if p.kind in kinds]

    def has(self, *kinds: str) -> bool:
        by = self.kinds
        return any(k in by for k in kinds)

    @property
    def span(self) -> tuple[int, int]:
        span = self._span
        if span is None:
            span = self._span = (min(p.start for p in self.pieces), max(p.end for p in self.pieces))
        return span

    @property
    def start(self) -> int:
        return self.span[0]

    @property
    def end(self) -> int:
        return self.span[1]

    @property
    def has_name(self) -> bool:
        by = self.kinds
        return "word" in by or "code" in by

    @property
    def has_qty(self) -> bool:
        by = self.kinds
        return "qty" in by or "num" in by or "measure" in by
