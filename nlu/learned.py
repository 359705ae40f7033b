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

A close misspelling of a taught new word ("ranogli" for the taught "rangoli")
reads as that word, found the way the catalog finds its own: the same sound key
(score 95, "telmaa" for "telma"), else at most one slip per five letters of the
longer word by rapidfuzz's OSA distance (a letter added, dropped or changed, or
two letters swapped; scored 100 x the share of letters right, so 80 at worst),
and only between words of five letters or more. It never passes for the exact
words (`signature`), never beats a word the catalog knows exactly, and a word
close to taught words that name different products, or close to a catalog word
as well, is `UNSURE`: the matcher sends its item to review with the candidates
of every reading.

Layers are only ever added to, one entry at a time with new sets, so a parse in
another thread never sees a half-made entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from nlu.index import Canon, CatalogIndex
from nlu.normalise import phonetic, singular

_NONE: frozenset[int] = frozenset()
TYPO = "typo"  # Canon.how: a close misspelling of taught words that name the same products
UNSURE = "typo_unsure"  # Canon.how: a misspelling that could be more than one thing - a person picks
MIN_TYPO = 5  # letters, in both words: one slip in a four-letter word makes another word
SLIP_EVERY = 5  # letters of the longer word per slip allowed: 5-9 letters one slip, 10-14 two
SOUND_SCORE = 95.0  # the same phonetic key, as the catalog scores it
_SURE = ("exact", "joined", "synonym")  # catalog readings that are no guess: a typo never beats them


def misspelt(canon: Canon | None) -> bool:
    """Was this word read as a misspelling of a taught word (and so is not the exact words)?"""
    return canon is not None and canon.how in (TYPO, UNSURE)


@dataclass
class Learned:
    parent: Learned | None = None  # everyone's layer under a dealer's
    new_words: set[str] = field(default_factory=set)
    names: dict[str, frozenset[int]] = field(default_factory=dict)  # catalog word -> taught products
    aliases: dict[tuple[str, ...], frozenset[int]] = field(default_factory=dict)
    sized_aliases: dict[tuple[str, ...], frozenset[int]] = field(default_factory=dict)
    exact: dict[str, int] = field(default_factory=dict)  # signature -> taught product
    longest: int = 0
    typos: bool = True  # read misspellings of taught words (a view with it off is used for teaching)
    # new words of MIN_TYPO letters or more, by length and by phonetic key (new tuples on each add)
    by_length: dict[int, tuple[str, ...]] = field(default_factory=dict)
    by_sound: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def add_words(self, words: Iterable[str]) -> None:
        """Words the catalog does not know, taught in a phrase: they read as exact words from now on."""
        for w in words:
            if w in self.new_words:
                continue
            self.new_words.add(w)  # first: a parse in another thread reads it exactly, never as a slip
            if len(w) >= MIN_TYPO and w.isalpha():
                self.by_length[len(w)] = (*self.by_length.get(len(w), ()), w)
                key = phonetic(w)
                self.by_sound[key] = (*self.by_sound.get(key, ()), w)

    def teaching(self) -> Learned:
        """This layer as a phrase being taught reads it: taught words exactly, no misspellings (a new
        word close to a taught one is a word of its own, not a slip of the other)."""
        return Learned(parent=self, typos=False)

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
        """A taught new word is an exact word; any other goes to the catalog's look-up, and when the
        catalog does not know it exactly, it may be a misspelling of a taught word (`misspelling`)."""
        layer: Learned | None = self
        while layer is not None:
            for w in (word, singular(word)):
                if w in layer.new_words:
                    return Canon(((w,),), 100.0, "exact")
            layer = layer.parent
        found = index.lookup(word)
        if not self.typos or (found is not None and found.how in _SURE):
            return found
        return self.misspelling(word, found)

    def misspelling(self, word: str, found: Canon | None) -> Canon | None:
        """`word` read as taught words it is close to: `TYPO` when they all name the same products,
        `UNSURE` (with the catalog's reading `found` among the alternatives) when it is close to
        words naming different products or to a catalog word too; `found` when no taught word is close.

        >>> layer = Learned()
        >>> layer.add_words(["rangoli"])
        >>> layer.teach(0, ("rangoli",), sized=False, signature="rangoli")
        >>> layer.misspelling("ranogli", None)
        Canon(alts=(('rangoli',),), score=85.71428571428572, how='typo')
        >>> layer.misspelling("rango", None) is None
        True
        """
        close: dict[str, float] = {}
        for said in {word, singular(word)}:
            if len(said) < MIN_TYPO or not said.isalpha():
                continue
            key = phonetic(said)
            layer: Learned | None = self
            while layer is not None:
                for taught in layer.by_sound.get(key, ()):
                    close[taught] = max(close.get(taught, 0.0), SOUND_SCORE)
                for length, slips in _reach(len(said)):
                    for taught, edits, _ in process.extract(
                        said,
                        layer.by_length.get(length, ()),
                        scorer=OSA.distance,
                        processor=None,
                        score_cutoff=slips,
                        limit=None,
                    ):
                        score = 100.0 * (1 - edits / max(len(said), length))
                        close[taught] = max(close.get(taught, 0.0), score)
                layer = layer.parent
        if not close:
            return found
        ranked = sorted(close, key=lambda w: (-close[w], w))
        alts = tuple((w,) for w in ranked)
        best = close[ranked[0]]
        if found is not None or len({self.taught(w) for w in ranked}) > 1:
            return Canon(alts + (found.alts if found is not None else ()), best, UNSURE)
        return Canon(alts, best, TYPO)

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


def _reach(n: int) -> list[tuple[int, int]]:
    """(length, slips allowed) of the taught words a word of `n` letters may be a misspelling of: one
    slip (a letter added, dropped, changed, or two swapped) per SLIP_EVERY letters of the longer word.

    >>> _reach(6)
    [(5, 1), (6, 1), (7, 1)]
    """
    reach = []
    for length in range(max(MIN_TYPO, n - n // SLIP_EVERY - 1), n + n // (SLIP_EVERY - 1) + 2):
        slips = max(n, length) // SLIP_EVERY
        if abs(n - length) <= slips:
            reach.append((length, slips))
    return reach
