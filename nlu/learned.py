"""Aliases ops taught, in layers over the catalog index: everyone's, and one per dealer.

A dealer's message is read with his layer over everyone's; nobody else's
message sees his layer, and the catalog index itself never changes (its caches
stay valid). A layer holds, for each taught phrase:

- its new words (ones the catalog does not know): they read as exact words;
- its words as names of the taught product (as a catalog alias's words name
  its product), so the product is a candidate when they are said;
- the alias itself, found like a catalog alias: "lux" taught for Lux Rose 100g
  picks it when the dealer says "lux", while "lux jasmine 100g" still reaches
  Lux Jasmine (the more specific variant named wins, as "colgate maxfresh"
  beats the catalog alias "colgate"). A phrase that named a size ("colget
  100g") counts only for items that name a size too, so it never picks a size
  the dealer did not say;
- the exact words said (`signature`): the same words again always parse to
  the taught SKU, whatever the catalog would have guessed.

Layers are only ever added to, one entry at a time with new sets, so a parse in
another thread never sees a half-made entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nlu.index import Canon, CatalogIndex
from nlu.normalise import singular

_NONE: frozenset[int] = frozenset()


@dataclass
class Learned:
    parent: Learned | None = None  # everyone's layer under a dealer's
    new_words: set[str] = field(default_factory=set)
    names: dict[str, frozenset[int]] = field(default_factory=dict)  # catalog word -> taught products
    aliases: dict[tuple[str, ...], frozenset[int]] = field(default_factory=dict)
    sized_aliases: dict[tuple[str, ...], frozenset[int]] = field(default_factory=dict)
    exact: dict[str, int] = field(default_factory=dict)  # signature -> taught product
    longest: int = 0

    def teach(self, entry: int, key: tuple[str, ...], *, sized: bool, signature: str) -> None:
        """Product `entry` is named by the catalog words `key` (its new words already added)."""
        for w in key:
            self.names[w] = self.names.get(w, _NONE) | {entry}
        table = self.sized_aliases if sized else self.aliases
        if key:
            table[key] = table.get(key, _NONE) | {entry}
            self.longest = max(self.longest, len(key))
        self.exact[signature] = entry

    # -- read by the matcher --------------------------------------------------------------------
    def lookup(self, word: str, index: CatalogIndex) -> Canon | None:
        """A taught new word is an exact word; any other goes to the catalog's look-up."""
        layer: Learned | None = self
        while layer is not None:
            for w in (word, singular(word)):
                if w in layer.new_words:
                    return Canon(((w,),), 100.0, "exact")
            layer = layer.parent
        return index.lookup(word)

    def taught(self, word: str) -> frozenset[int]:
        own = self.names.get(word, _NONE)
        return own | self.parent.taught(word) if self.parent is not None else own

    def uses(self, word: str) -> bool:
        return word in self.names or (self.parent is not None and self.parent.uses(word))

    def products_for(self, canon: Canon, index: CatalogIndex) -> set[int]:
        """The catalog's products for `canon`, plus the ones taught with its words."""
        found = index.products_for(canon)
        extra: set[int] = set()
        for alt in canon.alts:
            if len(alt) == 1:
                extra |= self.taught(alt[0])
        return found | extra if extra else found

    def postings(self, word: str, index: CatalogIndex) -> set[int]:
        return index.postings.get(word, set()) | self.taught(word)

    def alias(self, key: tuple[str, ...], *, sized: bool) -> frozenset[int]:
        """Products taught for exactly these words (this layer first, then everyone's)."""
        found = self.aliases.get(key) or (self.sized_aliases.get(key) if sized else None)
        if found:
            return found
        return self.parent.alias(key, sized=sized) if self.parent is not None else _NONE

    def longest_alias(self) -> int:
        return max(self.longest, self.parent.longest_alias() if self.parent is not None else 0)

    def exact_entry(self, signature: str) -> int | None:
        found = self.exact.get(signature)
        if found is None and self.parent is not None:
            return self.parent.exact_entry(signature)
        return found
