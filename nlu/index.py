"""The catalog index: normalised tokens -> products, and word look-up with fuzzy fallbacks.

Built once per catalog snapshot. `lookup(word)` turns a dealer's word into
the catalog words it stands for - exactly, joined ("surfexcel" -> surf excel),
by synonym ("cheeni" -> sugar), by sound ("ashirwad" -> aashirvaad) or by
rapidfuzz ratio against the few vocabulary words that share its first sound -
and says how and with what score. `postings(word)` are the products whose
name, brand, category or aliases contain it.

Every process that parses holds one (100,000 SKUs: about 98 MB, `make bench`),
so it is built small: equal tuples are one object (the sizes of a product share
its words; a few dozen size tuples serve the whole catalog), posting sets are
made once at their final size (a set grown an add at a time keeps a table up to
twice as big), a sound's words are a tuple, and `codes` is `by_sku` itself when
every SKU is written in capitals.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, TypeVar

from rapidfuzz import fuzz, process

from nlu import vocab
from nlu.normalise import phonetic, singular, skeleton, tokenize
from nlu.numbers import is_digits, word_number
from nlu.sizes import product_sizes
from nlu.types import Product


@dataclass(frozen=True, slots=True)
class Canon:
    """What a dealer's word stands for: alternatives, each one or more catalog words."""

    alts: tuple[tuple[str, ...], ...]
    score: float  # 100 = exact
    # "exact" | "joined" | "synonym" | "phonetic" | "fuzzy" | "skeleton" | "prefix";
    # learned layers (nlu/learned.py) add "typo" | "typo_unsure"
    how: str


@dataclass(slots=True)
class Entry:
    """One product as the matcher sees it."""

    product: Product
    tokens: tuple[str, ...]  # every word that may name it
    name_words: tuple[str, ...]  # its own name words, sizes and prices taken out
    sizes: tuple[tuple[str, Decimal], ...]
    printed: tuple[Decimal, ...]  # size numbers as printed: 70, 1.25, 750
    prices: tuple[int, ...]  # MRP price points: (Rs 10) -> 10
    family: str  # name without sizes, numbers and packaging: siblings share it
    brand: str
    size_rank: Decimal = Decimal(0)  # its size, for "chota"/"bada"
    numbers: tuple[str, ...] = ()  # numbers in its name: "5 Star", "Dolo 650", "Total 10"
    counts: tuple[str, ...] = ()  # pack counts: "(Pack of 4)", "(strip of 15)"


T = TypeVar("T")
K = TypeVar("K")


def _small(values: set[Any]) -> tuple[Any, ...]:
    return tuple(sorted(values)) if values else ()


class _Build:
    """What only building an index needs; dropped when it is built.

    `one` keeps one copy of equal tuples: apart by kind, and tuples holding Decimals by
    their text, so Decimal('1000') never stands in for the equal Decimal('1000.0') (the
    product's own numbers reach its lines). Postings and alias products are gathered in
    lists and become sets once, at their final size.

    >>> build = _Build()
    >>> a, b = ("maggi", "masala"), ("maggi", "masala")
    >>> build.one("words", a) is build.one("words", b) is a
    True
    >>> build.one("printed", (Decimal("1.0"),)) is build.one("printed", (Decimal("1"),))
    False
    """

    BY_TEXT = ("sizes", "printed")

    def __init__(self) -> None:
        self.tables: dict[str, dict[Any, Any]] = defaultdict(dict)
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.aliases: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self.sized_aliases: dict[tuple[str, ...], list[int]] = defaultdict(list)
        self.initials: dict[str, list[tuple[str, ...]]] = defaultdict(list)

    def one(self, kind: str, value: T) -> T:
        key = repr(value) if kind in self.BY_TEXT else value
        return self.tables[kind].setdefault(key, value)


def _sets(lists: dict[K, list[int]], into: dict[K, set[int]]) -> None:
    """`into[key] = set(lists[key])` for every key, in `lists`' order, each set no bigger than it
    needs: a set made from a list (or grown an add at a time) keeps a table up to twice the size
    of a copy of a set. Biggest first, each list given back as its set is made, so the next
    one's scratch set fits in the memory just freed."""
    made: dict[K, set[int]] = {}
    for key in sorted(lists, key=lambda k: -len(lists[k])):
        made[key] = set(set(lists[key]))
        lists[key] = []
    into.update((key, made[key]) for key in lists)


def words_of(text: str) -> list[str]:
    """Normalised word tokens of a catalog text: 'Parle-G 50g (Rs 5)' -> parle g 50 g rs 5."""
    if not text:
        return []
    return [sys.intern(t.text) for t in tokenize(text) if t.text[:1].isalnum()]


def _content(words: list[str]) -> tuple[list[str], set[tuple[str, Decimal]], set[Decimal], set[int]]:
    key = tuple(words)
    cached = _CONTENT.get(key)
    if cached is None:
        found_sizes, found_printed, found_prices, used = product_sizes(words)
        kept = [
            sys.intern(singular(w)) for i, w in enumerate(words) if i not in used and w not in vocab.STOPWORDS
        ]
        cached = (kept, frozenset(found_sizes), frozenset(found_printed), frozenset(found_prices))
        if len(_CONTENT) > 5_000:
            _CONTENT.clear()
        _CONTENT[key] = cached
    kept, sizes, printed, prices = cached
    return list(kept), set(sizes), set(printed), set(prices)


def _packed(name: str) -> list[tuple[str, str, str]]:
    """The make-ups a name writes as digits, x, digits together: 'Pan 40 Tablet 10x15' -> [(10, x, 15)]."""
    tokens = tokenize(name)
    return [
        (a.text, x.text, b.text)
        for a, x, b in zip(tokens, tokens[1:], tokens[2:], strict=False)
        if x.text == "x" and a.end == x.start and x.end == b.start and a.text.isdigit() and b.text.isdigit()
    ]


def _dashed_numbers(name: str) -> set[str]:
    """Numbers a name writes with a dash inside ("JS 93-05", "JS 20-34"), as dealers write them
    whole: {'9305', '2034'}."""
    if "-" not in name:
        return set()
    found = set()
    tokens = tokenize(name)
    for a, dash, b in zip(tokens, tokens[1:], tokens[2:], strict=False):
        if (
            dash.text == "-"
            and a.end == dash.start
            and dash.end == b.start
            and a.text.isdigit()
            and b.text.isdigit()
        ):
            found.add(sys.intern(a.text + b.text))
    return found


def _printed_as(word: str, printed: set[str]) -> str:
    """The word of `printed` that `word` is a synonym of (vocab.SYNONYMS), else the word itself."""
    for other in vocab.SYNONYMS.get(word, ()):
        if other in printed and other != word:
            return other
    return word


def _letters(word: str, at: int) -> list[str]:
    """Every way `word[at:]` reads as a run of letter names (vocab.SPOKEN_LETTERS)."""
    if at == len(word):
        return [""]
    out = []
    for size in range(1, 7):
        letter = vocab.SPOKEN_LETTERS.get(word[at : at + size])
        if letter is not None:
            out += [letter + rest for rest in _letters(word, at + size)]
    return out


def _in_order(short: str, word: str) -> bool:
    """Are the letters of `short` in `word`, in order? ('fnx', 'finolex') -> True."""
    rest = iter(word)
    return all(c in rest for c in short)


def _printed(word: str, printed: set[Decimal]) -> bool:
    value = word_number(word)
    return value is not None and value in printed


def _brand_head(word: str) -> bool:
    """Could `word`, said alone, only mean the brand? 'colgate' yes; 'top' (Top Ramen), '7' no."""
    return (
        len(word) >= 3
        and word.isalpha()
        and word not in vocab.FILLERS
        and word not in vocab.CHAT_WORDS
        and word not in vocab.STOPWORDS
    )


_EMPTY: set[int] = set()
_Content = tuple[list[str], frozenset[tuple[str, Decimal]], frozenset[Decimal], frozenset[int]]
_CONTENT: dict[tuple[str, ...], _Content] = {}


@dataclass
class CatalogIndex:
    products: Sequence[Product]
    entries: list[Entry] = field(default_factory=list)
    postings: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    joined: dict[str, tuple[str, str]] = field(default_factory=dict)
    aliases: dict[tuple[str, ...], set[int]] = field(default_factory=lambda: defaultdict(set))
    sized_aliases: dict[tuple[str, ...], set[int]] = field(default_factory=lambda: defaultdict(set))
    alias_words: set[str] = field(default_factory=set)  # every word of some alias key
    longest_alias: int = 0  # words in the longest alias key
    name_pairs: set[tuple[str, str]] = field(default_factory=set)
    codes: dict[str, int] = field(default_factory=dict)  # SKU in capitals -> entry (see module doc)
    families: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    by_sku: dict[str, int] = field(default_factory=dict)
    first_words: set[str] = field(default_factory=set)
    brand_heads: set[str] = field(default_factory=set)  # first words of brands that are no chat word
    brand_words: set[str] = field(default_factory=set)  # every word of a brand
    # initials of a run of name words: "cdl" -> ("cool", "day", "light"), "ww" -> ("warm", "white")
    initials: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    alias_initials: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)
    # words that tell siblings apart: two products of a brand whose names differ in this word alone
    # ("Pacer ... Brown" / "Pacer ... Ivory", "SP" / "DP"); a word that is no variant names a product
    variant_words: set[str] = field(default_factory=set)
    dashed: set[str] = field(default_factory=set)  # numbers names write with a dash: "JS 93-05" -> 9305
    _by_letter: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    grades: set[str] = field(default_factory=set)  # numbers joined by colons in names: "18:46:0"
    _phonetic: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _skeleton: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _buckets: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # (first sound, key length) -> phonetic keys and their words, for rapidfuzz over a few hundred keys
    _keys: dict[tuple[str, int], list[str]] = field(default_factory=lambda: defaultdict(list))
    _key_words: dict[tuple[str, int], list[str]] = field(default_factory=lambda: defaultdict(list))
    _cache: dict[str, Canon | None] = field(default_factory=dict)
    _products: dict[Canon, set[int]] = field(default_factory=dict)  # products_for of several words

    def __post_init__(self) -> None:
        build = _Build()
        for product in self.products:
            self._add(product, build)
        _CONTENT.clear()
        _sets(build.postings, self.postings)
        _sets(build.aliases, self.aliases)
        _sets(build.sized_aliases, self.sized_aliases)
        self._finish_vocab(build)
        self._finish_codes()

    # -- building -------------------------------------------------------------------------------
    def _add(self, product: Product, build: _Build) -> None:
        i = len(self.entries)
        raw = words_of(product.name)  # read once: sizes, initials and pack counts all come from it
        name_words, sizes, printed, prices = _content(raw)
        size_words = words_of(product.size)
        if size_words:
            # "20mm HMS", "16A SP": the words the size column adds name the product too
            extra, _, _, _ = _content(size_words)
            size_extra = {w for w in extra if w.isalpha() and len(w) > 1}
        else:
            size_extra = set()
        if size_words:
            _, s2, p2, _ = _content(size_words) if len(size_words) > 1 else ([], set(), set(), set())
            sizes |= s2
            printed |= p2
        brand_words, _, _, _ = _content(words_of(product.brand))
        self.brand_words.update(w for w in brand_words if w.isalpha())
        if brand_words and _brand_head(brand_words[0]):
            self.brand_heads.add(brand_words[0])
        category_words, _, _, _ = _content(words_of(product.category))
        tokens = set(name_words) | set(brand_words) | set(category_words) | size_extra
        self._initials(raw, build)
        for seq in (name_words, brand_words):
            if seq:
                self.first_words.add(seq[0])
            self._pairs(seq)
            self._joins(seq)
        for alias in product.aliases:
            alias_words, alias_sizes, _, _ = _content(words_of(alias))
            # "homecab 1.5 red": a bare number the product prints as its size is that size, not a name
            # word; indexed as a word it would name only the SKUs whose aliases happen to spell it
            kept = [w for w in alias_words if not (is_digits(w) and _printed(w, printed))]
            # "tata namak": an alias says in Hindi what the names print ("salt"), as dealers do
            kept = [_printed_as(w, tokens) for w in kept]
            if not kept:
                continue
            tokens |= set(kept)
            key = tuple(sorted(set(kept)))
            if alias_sizes or len(kept) < len(alias_words):
                # an alias with a size ("roma 16a socket") names that SKU, and only when a size is said
                build.sized_aliases[key].append(i)
            else:
                build.aliases[key].append(i)
            alias_words = kept
            self.alias_words.update(key)
            self.longest_alias = max(self.longest_alias, len(key))
            self._pairs(alias_words)
            self._joins(alias_words)
        if "&" in product.brand:
            parts = [w for w in words_of(product.brand) if w not in vocab.STOPWORDS]
            if len(parts) >= 2:
                tokens.add("&".join(p[0] for p in parts))
        dashed = _dashed_numbers(product.name)
        self.dashed |= dashed
        tokens |= dashed
        if "x" in name_words:
            for made_of in _packed(product.name):  # "10x15", "8x4": how it is made up, no name words
                for w in made_of:
                    if w in name_words:
                        name_words.remove(w)
        counts = {raw[k + 1] for k, w in enumerate(raw[:-1]) if w == "of" and is_digits(raw[k + 1])}
        numbers = tuple(w for w in tokens if is_digits(w) and w not in counts)
        family_words = [
            w
            for w in name_words
            if not is_digits(w) and w not in vocab.PACKAGING and w not in vocab.DESCRIPTORS
        ]
        size_rank = max((v for _, v in sizes), default=Decimal(0))
        entry = Entry(
            product,
            build.one("words", tuple(sorted(tokens))),
            build.one("words", tuple(name_words)),
            build.one("sizes", _small(sizes)),
            build.one("printed", _small(printed)),
            build.one("prices", _small(prices)),
            sys.intern(" ".join(family_words)),
            sys.intern(" ".join(brand_words)),
            size_rank,
            build.one("words", numbers),
            build.one("words", tuple(sorted(counts))),
        )
        self.entries.append(entry)
        self.by_sku[product.sku] = i
        self.families[entry.family].append(i)
        for t in tokens:
            build.postings[t].append(i)

    def _initials(self, words: list[str], build: _Build) -> None:
        """Initials of every run of two or three words of a name: how dealers shorten "Cool Day Light"."""
        for k in range(len(words) - 1):
            for size in (2, 3):
                run = words[k : k + size]
                if len(run) == size and all(w.isalpha() and len(w) >= 2 for w in run):
                    key = "".join(w[0] for w in run)
                    found = build.initials[key]
                    run_words = build.one("words", tuple(run))
                    if run_words not in found:
                        found.append(run_words)

    def _pairs(self, words: Iterable[str]) -> None:
        seq = list(words)
        for a, b in zip(seq, seq[1:], strict=False):
            if is_digits(a) != is_digits(b):
                self.name_pairs.add((a, b))

    def _joins(self, words: Iterable[str]) -> None:
        """'surf excel' may be typed 'surfexcel'; run-togethers happen in the first words of a name."""
        seq = list(words)[:4]
        for a, b in zip(seq, seq[1:], strict=False):
            if a.isalpha() and b.isalpha() and len(a) >= 2:
                self.joined.setdefault(sys.intern(singular(a + b)), (a, b))

    def _finish_vocab(self, build: _Build) -> None:
        self.grades = {w for w in self.postings if ":" in w}
        for word in list(self.postings) + list(self.joined):
            self._register(word)
        for word in self.postings:
            if word.isalpha() and len(word) >= 3:
                self._by_letter[word[0]].append(word)
        self._find_variants()
        named: set[str] = set()  # words of names, brands and categories (the rest come only from aliases)
        for entry in self.entries:
            named.update(entry.name_words)
        for short, runs in build.initials.items():
            if short not in self.postings:
                self.initials[short] = tuple(sorted(runs))
            elif short not in named:  # "db" spelt in one SKU's alias also names every distribution board
                self.alias_initials[short] = tuple(sorted(runs))
            # else: a word the catalog prints is that word, not initials

    def _find_variants(self) -> None:
        slots: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
        for entry in self.entries:
            words = sorted({w for w in entry.name_words if not is_digits(w)})
            for k, w in enumerate(words):
                slots[(entry.brand, tuple(words[:k] + words[k + 1 :]))].add(w)
            slots[(entry.brand, tuple(words))].add("")  # "Montek LC" beside "Montek LC Kid": 'kid' tells
        for found in slots.values():
            if len(found) > 1:
                self.variant_words.update(found - {""})

    def _finish_codes(self) -> None:
        if all(sku == sku.upper() for sku in self.by_sku):
            self.codes = self.by_sku  # the same keys and entries: one dict, not two
        else:
            self.codes = {}
            for i, entry in enumerate(self.entries):
                sku = entry.product.sku
                code = sku.upper()
                self.codes[sku if code == sku else code] = i

    def _register(self, word: str) -> None:
        if not word.isalpha() and "&" not in word:
            return
        key = phonetic(word)
        same = self._phonetic.get(key, ())
        if word not in same:
            self._phonetic[key] = (*same, word)
            shape = skeleton(word)
            self._skeleton[shape] = (*self._skeleton.get(shape, ()), word)
            self._buckets[key[:1]].append(word)
            self._keys[(key[:1], len(key))].append(key)
            self._key_words[(key[:1], len(key))].append(word)

    def add_words(self, i: int, words: Iterable[str]) -> None:
        """Let `words` name product i (a learned alias); takes effect at once."""
        for w in words:
            if w not in self.postings:
                self._register(w)
            self.postings[w].add(i)
            self.entries[i].tokens = tuple(sorted(set(self.entries[i].tokens) | {w}))
        self._cache.clear()
        self._products.clear()

    # -- look-up --------------------------------------------------------------------------------
    def known(self, word: str) -> bool:
        return word in self.postings

    def lookup(self, word: str) -> Canon | None:
        if word in self._cache:
            return self._cache[word]
        canon = self._lookup(word)
        if len(self._cache) > 200_000:
            self._cache.clear()
        self._cache[word] = canon
        return canon

    def _lookup(self, word: str) -> Canon | None:
        synonyms = tuple((w,) for w in vocab.SYNONYMS.get(word, ()) if w in self.postings and w != word)
        one = singular(word)
        for w in (word, one):
            if w in self.postings:
                split = (self.joined[w],) if w in self.joined else ()
                spelt = self.alias_initials.get(w, ())
                return Canon(((w,), *split, *spelt, *self._inflections(w), *synonyms), 100.0, "exact")
        if one in self.joined:
            return Canon((self.joined[one],), 99.0, "joined")
        halves = self._halves(one)
        if halves:  # "daylight" for "Day Light", wherever in the name the two words stand
            return Canon((halves,), 98.0, "joined")
        if synonyms:
            return Canon(synonyms, 96.0, "synonym")
        if word in self.initials and (len(word) >= 3 or not any(c in "aeiou" for c in word)):
            # two letters with a vowel are too often a word of their own ("so", "ok") to be initials
            return Canon(self.initials[word], 96.0, "initials")
        if not word.isalpha() or len(word) < 3:
            return None
        short = self._shortened(word)
        if short:
            return self._as_canon(short, 90.0, "short")
        spelled = self._spelled_out(word)
        if spelled:  # "diepi" (डीएपी) is d-a-p: an acronym the catalog prints, written in Devanagari
            return Canon(((spelled,),), 95.0, "spelled")
        key = phonetic(one)
        same = self._phonetic.get(key)
        if same:
            return self._as_canon(sorted(set(same)), 95.0, "phonetic")
        cutoff = 85.0 if len(word) <= 5 else 80.0
        bucket = self._buckets.get(key[:1], [])
        keys: list[str] = []
        words: list[str] = []
        for length in range(max(1, (2 * len(key)) // 3), (3 * len(key)) // 2 + 1):
            keys += self._keys.get((key[:1], length), [])
            words += self._key_words.get((key[:1], length), [])
        found = process.extract(key, keys, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff, limit=3)
        if found:
            best = found[0][1]
            words = sorted({words[k] for _, s, k in found if s >= best - 0.5})
            return self._as_canon(words, float(best), "fuzzy")
        if len(word) >= 4:
            same = self._skeleton.get(skeleton(one))
            if same and len(same) == 1:
                return self._as_canon(list(same), 82.0, "skeleton")
        if len(word) >= 3:
            completions = [w for w in bucket if w.startswith(word) and len(w) > len(word)]
            if len(completions) == 1:
                return self._as_canon(completions, 80.0, "prefix")
        return None

    def _spelled_out(self, word: str) -> str:
        """The catalog word `word` spells when read as letter names ('diepi' -> 'dap', 'emasibi' ->
        'mcb'), or '' (several readings that are catalog words: '')."""
        if len(word) > 16 or not word.isalpha():
            return ""
        found = {w for w in _letters(word, 0) if len(w) >= 2 and w in self.postings}
        return found.pop() if len(found) == 1 else ""

    def _shortened(self, word: str) -> list[str]:
        """Catalog words that `word`, written without its vowels, shortens: "fnx" -> finolex,
        "blk" -> black. The same first letter, its letters in order, at most one vowel after the
        first letter, and at most three such words (else it tells nothing)."""
        if len(word) > 5 or sum(c in "aeiou" for c in word[1:]) > 1:
            return []
        found = [w for w in self._by_letter.get(word[0], ()) if len(w) > len(word) and _in_order(word, w)]
        return sorted(found) if len(found) <= 3 else []

    def _halves(self, word: str) -> tuple[str, str] | None:
        """Two catalog words `word` runs together, each of three letters or more, when exactly one
        split works and some product carries both: 'daylight' -> ('day', 'light')."""
        if not word.isalpha() or len(word) < 6:
            return None
        found = [
            (word[:k], word[k:])
            for k in range(3, len(word) - 2)
            if word[:k] in self.postings and word[k:] in self.postings
        ]
        if len(found) != 1:
            return None
        a, b = found[0]
        return (a, b) if self.postings[a] & self.postings[b] else None

    def _inflections(self, word: str) -> tuple[tuple[str, ...], ...]:
        """'mix' also names 'mixed', 'salt' also 'salted'."""
        if len(word) < 3 or not word.isalpha():
            return ()
        return tuple((word + end,) for end in ("ed", "e", "es") if word + end in self.postings)

    def _as_canon(self, words: list[str], score: float, how: str) -> Canon:
        alts = tuple(self.joined[w] if w in self.joined and w not in self.postings else (w,) for w in words)
        return Canon(alts, score, how)

    def products_for(self, canon: Canon) -> set[int]:
        """Products named by any alternative of `canon` (all words of a joined alternative).

        The result may be the index's own posting set: callers must not change it."""
        alts = canon.alts
        if len(alts) == 1 and len(alts[0]) == 1:  # one plain word: its postings
            return self.postings.get(alts[0][0], _EMPTY)
        known = self._products.get(canon)
        if known is None:
            known = self._products_for(canon)
            if len(self._products) > 50_000:
                self._products.clear()
            self._products[canon] = known
        return known

    def _products_for(self, canon: Canon) -> set[int]:
        found: set[int] | None = None
        for alt in canon.alts:
            sets = sorted((self.postings.get(w, _EMPTY) for w in alt), key=len)
            hits = sets[0] if len(sets) == 1 else sets[0].intersection(*sets[1:])
            found = hits if found is None else found | hits
        return found if found is not None else _EMPTY
