"""Find a stored SKU or dealer by the code a file gives, ignoring case and surrounding spaces."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

from domain.importing.fields import BadValue

T = TypeVar("T")


class Lookup(Generic[T]):
    """Codes -> objects; an unknown code is a BadValue ("unknown sku 'XYZ'")."""

    def __init__(self, what: str, items: Iterable[T], code: Callable[[T], str]) -> None:
        self.what = what
        self._exact: dict[str, T] = {}
        self._folded: dict[str, list[T]] = {}
        for item in items:
            self._exact[code(item)] = item
            self._folded.setdefault(code(item).strip().casefold(), []).append(item)

    def find(self, text: str) -> T:
        wanted = text.strip()
        if wanted in self._exact:
            return self._exact[wanted]
        found = self._folded.get(wanted.casefold(), [])
        if len(found) == 1:
            return found[0]
        if found:
            raise BadValue(f"{self.what} '{wanted}' matches several codes that differ only in case")
        raise BadValue(f"unknown {self.what} '{wanted}'")

    def get(self, text: str) -> T | None:
        try:
            return self.find(text)
        except BadValue:
            return None
