"""The shop a field rep orders for, and where its header ends.

Shapes reps use, in any trade:

    Rathod Electric Works, Dhayari - 2 box ...     name, town, then "-" or ":"
    order for Deshmukh Electric Works Saswad\\n... a lead cue, the whole first line
    Party - Sri Ganesh Hardware, Bhopal\\n...      "Party:" / "Party -" / "for"
    Jay Bhavani wale ka order - ...               "ka order", "ke liye", "ka maal"
    New Royal wale (Lonavala) – havells ...       no separator left (the dash is not a token):
                                                  the header is the run of shop words
    Forwarded\\n*Order list*\\n12/03/24\\nX\\n...    noise lines around the shop line
    ... items ... - for Sharma Traders            the shop named last

Who it is (`match`): a dealer is a candidate only when the header holds one of
its distinctive name words (or its whole name); words shared by many dealers of
the given list ("electricals", "traders", "krushi", "kirana": 1 in 20, at least
4) are generic and never enough, and the town alone never is. Another dealer's
town rules a dealer out, and so does a word it lacks inside its name ("Laxmi
Electricals Chakan" is not "Jain Electricals", Chakan); other words no dealer has
count against it. The candidate whose evidence holds every other's wins;
otherwise nobody is chosen. Where it is (`locate`): the cue words live in
nlu/rules/customer.toml; a header that names a shop not in the list is still
taken out of the body when a cue says it is a shop's ("X ka order:").

    >>> from nlu.types import DealerRef
    >>> finder = CustomerFinder([DealerRef("D1", "Sharma Traders"), DealerRef("D2", "Sharma General Store")])
    >>> finder.match(["sharma", "trader"])
    'D1'
    >>> finder.match(["sharma"]) is None
    True
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process

from nlu.normalise import Token, phonetic, singular, tokenize
from nlu.types import DealerRef

Phrase = tuple[str, ...]


def _load() -> dict[str, Any]:
    text = (resources.files("nlu") / "rules" / "customer.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _phrases(entries: list[str]) -> tuple[Phrase, ...]:
    """Table entries as the tokens the finder sees: 'ke liye' -> ('ke', 'liye')."""
    return tuple(tuple(t.text for t in tokenize(e)) for e in entries)


_RULES = _load()
CUE_WORDS = frozenset(_RULES["header"]["cue_words"])
SHOP_CUES = frozenset(_RULES["header"]["shop_cues"])
LEAD_CUES = _phrases(_RULES["header"]["leads"])
LEAD_WORDS = frozenset(cue[-1] for cue in LEAD_CUES)
SHOP_ENDS = _phrases(_RULES["header"]["shop_ends"])
END_CUES = _phrases(_RULES["header"]["ends"]) + SHOP_ENDS
CLOSERS = frozenset(_RULES["header"]["closers"])
TAIL_MARKS = frozenset(_RULES["header"]["tail_marks"])
SPELLINGS: dict[str, str] = _RULES["spellings"]
MONTHS = frozenset(_RULES["noise"]["months"])
NOISE_WORDS = frozenset(_RULES["noise"]["words"]) | MONTHS
SEPARATORS = frozenset(":-,.;*")
JOINERS = frozenset("()&/")  # "Electric & Hardware", "(Lonavala)", "M/s"


class Found(NamedTuple):
    """The dealer (or None) and the message body left once the shop's words are taken out."""

    code: str | None
    body_start: int
    body_stop: int | None = None  # None: to the end; set when the shop is named last


@dataclass(frozen=True)
class _Dealer:
    code: str
    name: frozenset[str]
    town: frozenset[str]


@dataclass(frozen=True)
class _Fit:
    dealer: int
    evidence: frozenset[int]  # positions of header words the dealer explains
    full: bool  # every word of the dealer's name is in the header
    town: bool  # the header names the dealer's town
    last: int  # position after the last word it explains


def _words(text: str) -> tuple[str, ...]:
    return tuple(singular(t.text) for t in tokenize(text) if t.text[:1].isalnum())


def _same(a: str, b: str) -> bool:
    if a == b or phonetic(a) == phonetic(b):
        return True
    if min(len(a), len(b)) < 4:
        return False
    cutoff = 80.0 if min(len(a), len(b)) >= 6 else 88.0
    return fuzz.ratio(a, b, score_cutoff=cutoff) > 0


class CustomerFinder:
    """Finds the shop a message is for among `dealers`; built once per dealer list."""

    def __init__(self, dealers: Sequence[DealerRef]) -> None:
        self.dealers = [
            _Dealer(d.code, frozenset(_words(d.name)), frozenset(_words(d.town))) for d in dealers
        ]
        shared = max(4, len(self.dealers) // 20)  # a trade word, not a name: "kirana", "krushi"
        self.by_name: dict[str, list[int]] = {}
        for k, d in enumerate(self.dealers):
            for w in d.name:
                self.by_name.setdefault(w, []).append(k)
        self._vocab = sorted(set(self.by_name) | {w for d in self.dealers for w in d.town})
        self._by_phonetic: dict[str, list[str]] = {}
        for w in self._vocab:
            self._by_phonetic.setdefault(phonetic(w), []).append(w)
        self._cache: dict[str, frozenset[str]] = {}
        self.generic = {w for w, n in self._counts([d.name for d in self.dealers]).items() if n >= shared}
        self._plain = {k for k, d in enumerate(self.dealers) if d.name <= self.generic}  # "Sai Traders"
        towns = list({d.town for d in self.dealers if d.town})
        self.town_words = {w for w, n in self._counts(towns).items() if n < 3}  # "nagar", "road": no town

    # -- who: header words -> one dealer or nobody ----------------------------------------------
    def _similar(self, word: str) -> frozenset[str]:
        """Dealer name and town words that `word` may be a spelling of."""
        if word not in self._cache:
            found = set(self._by_phonetic.get(phonetic(word), ()))
            if len(word) >= 4:
                for w, _, _ in process.extract(
                    word, self._vocab, scorer=fuzz.ratio, processor=None, score_cutoff=80.0, limit=10
                ):
                    if _same(w, word):
                        found.add(w)
            if len(self._cache) > 50_000:
                self._cache.clear()
            self._cache[word] = frozenset(found)
        return self._cache[word]

    def _counts(self, groups: Sequence[frozenset[str]]) -> dict[str, int]:
        """How many groups hold each word or a spelling of it ("krishi" and "krushi" count together)."""
        where: dict[str, set[int]] = {}
        for k, group in enumerate(groups):
            for w in group:
                where.setdefault(w, set()).add(k)
        return {w: len(set().union(*(where.get(s, ()) for s in self._similar(w)))) for w in where}

    def match(self, header: Sequence[str]) -> str | None:
        """The dealer a header's words name, or None when they name nobody or several."""
        fit = self._fit(header)
        return self.dealers[fit.dealer].code if fit else None

    def _fit(self, header: Sequence[str]) -> _Fit | None:
        words = {i: singular(w) for i, w in enumerate(header) if w.isalnum() and (len(w) > 1 or w.isdigit())}
        similar = {i: self._similar(w) for i, w in words.items()}
        touched = sorted(
            {
                k
                for sims in similar.values()
                for w in sims
                for k in self.by_name.get(w, ())
                if w not in self.generic or k in self._plain
            }
        )
        fits = [fit for k in touched if (fit := self._judge(k, words, similar))]
        if not fits:
            return None
        fits.sort(key=lambda f: -len(f.evidence))
        best = fits[0]
        if all(f.evidence < best.evidence for f in fits[1:]):
            return best
        widest = [f for f in fits if all(o.evidence <= f.evidence for o in fits)]
        full = [f for f in widest if f.full]  # "Sharma Traders" over "Sharma Traders & Sons"
        return full[0] if len(full) == 1 else None

    def _judge(self, k: int, words: dict[int, str], similar: dict[int, frozenset[str]]) -> _Fit | None:
        d = self.dealers[k]
        named = {i for i, sims in similar.items() if not sims.isdisjoint(d.name)}
        hit = {dw for i in named for dw in similar[i] & d.name}
        full = hit == d.name
        if not hit - self.generic and not (full and len(hit) >= 2):
            return None  # generic words and the town never pick a shop alone
        placed = {i for i, sims in similar.items() if i not in named and not sims.isdisjoint(d.town)}
        support = sum(0.5 if dw in self.generic else 1.0 for dw in hit) + (1.0 if placed else 0.0)
        for i, w in words.items():
            if i in named or i in placed or w in CUE_WORDS:
                continue
            if similar[i] & self.town_words or i < max(named):
                return None  # another dealer's town, or a word inside the name this shop lacks
            support -= 0.5 if similar[i] and similar[i] <= self.generic else 1.0
        if support <= 0:
            return None  # more words name nobody here than name this shop
        evidence = named | placed
        return _Fit(k, frozenset(evidence), full, bool(placed), max(evidence) + 1)

    def named_in(self, words: Sequence[str], rule_words: frozenset[str]) -> str | None:
        """The one shop a message names anywhere, outside a header ("balance Laxmi Provision Stores",
        "Sai Baba ka status"): each run of words between `rule_words` (the intent cues' words) is
        matched as a header would be; None when no run, or runs naming two shops.

        >>> finder = CustomerFinder([DealerRef("D1", "Laxmi Provision Stores"), DealerRef("D2", "Sai Baba")])
        >>> finder.named_in(["balance", "laxmi", "provision", "stores"], frozenset({"balance"}))
        'D1'
        >>> finder.named_in(["balance", "bhejo"], frozenset({"balance", "bhejo"})) is None
        True
        """
        texts = [SPELLINGS.get(w, w) for w in words]
        runs: list[list[str]] = [[]]
        for w in texts:
            if w in rule_words or not any(c.isalpha() for c in w):
                runs.append([])
            else:
                runs[-1].append(w)
        found = {code for run in runs if run for code in [self.match(run)] if code is not None}
        return found.pop() if len(found) == 1 else None

    # -- where: the header's place in the message -----------------------------------------------
    def find(self, tokens: list[Token]) -> tuple[str | None, int]:
        """(dealer code or None, index of the first body token)."""
        found = self.locate(tokens)
        return found.code, found.body_start

    def locate(self, tokens: list[Token]) -> Found:
        """The shop a message names and the body around its header (`find` keeps the start only)."""
        if not self.dealers or not tokens:
            return Found(None, 0)
        texts = [SPELLINGS.get(t.text, t.text) for t in tokens]
        lines = [ln for ln in _lines(texts) if not _noise(texts[ln[0] : ln[1]])]
        if not lines:
            return Found(None, 0)
        a, b = lines[0]
        head = self._head(tokens, texts, a, b)
        if head is not None:
            code, stop = head
            if stop == b:  # the whole line: noise lines after it go too ("*Order list*")
                stop = lines[1][0] if len(lines) > 1 else len(tokens)
            return Found(code, stop)
        return self._tail(texts, *lines[-1], own_line=len(lines) > 1)

    def _head(self, tokens: list[Token], texts: list[str], a: int, b: int) -> tuple[str | None, int] | None:
        """(dealer or None, end of the header) when line [a, b) opens with a shop header."""
        led = _lead(texts, a, b)
        end = _end_cue(tokens, texts, max(a, led), b)
        if end is not None and not _has_items(texts[a : end[0]]):  # "Shop: items", never "items: more"
            k, after = end
            cued = led > a or any(tuple(texts[k : k + size]) in SHOP_ENDS for size in (1, 2, 3))
            fit = self._fit(texts[a:k])
            if fit and (len(fit.evidence) >= 2 or cued or _cued(texts[a:k])):
                return self.dealers[fit.dealer].code, after
            if fit is None and (cued or self._shop_like(texts[a:k])):
                return None, after  # a shop's header, not one of ours: its words are no items
        k = a
        while k < b and (_neutral(texts[k]) or self._known(texts[k])):
            k += 1  # the run of shop words and cue words: "new royal wale ( lonavala )"
        fit = self._fit(texts[a:k])
        if fit is None:
            return None
        sure = len(fit.evidence) >= 2  # one word alone may be a brand heading its lines: "Anchor:"
        if k == b and (sure or led > a or _cued(texts[a:k])):
            return self.dealers[fit.dealer].code, b  # the whole line names the shop
        stop = a + fit.last
        while stop < k and (texts[stop] in SEPARATORS or texts[stop] in CLOSERS or texts[stop] == "("):
            stop += 1
        gap = stop < b and tokens[stop].start - tokens[stop - 1].end >= 2  # a dash or emoji was here
        if sure and (texts[stop - 1] in CLOSERS or gap or led > a or fit.town):
            return self.dealers[fit.dealer].code, stop
        return None

    def _tail(self, texts: list[str], a: int, b: int, *, own_line: bool) -> Found:
        """The shop named last: "... - for Sharma Traders", or a last line of its own."""
        while b > a and texts[b - 1] in SEPARATORS:
            b -= 1
        marks = [k for k in range(a, b) if texts[k] in TAIL_MARKS]
        for k in [a - 1] * own_line + marks:
            fit = self._fit(texts[k + 1 : b])
            if fit is None or _has_items(texts[k + 1 : b]):
                continue
            if not all(_neutral(t) for t in texts[k + 1 + fit.last : b]):
                continue  # the shop's words must run to the end: "...\nSharma Traders ke liye"
            if len(fit.evidence) >= 2 or (k >= a and texts[k] in LEAD_WORDS):
                while k > 0 and (texts[k - 1] in TAIL_MARKS or texts[k - 1] == "\n"):
                    k -= 1
                return Found(self.dealers[fit.dealer].code, 0, max(k, 0))
        return Found(None, 0)

    def _known(self, word: str) -> bool:
        return word.isalnum() and bool(self._similar(singular(word)))

    def _shop_like(self, words: Sequence[str]) -> bool:
        """Names a town of ours and a trade word of ours, no numbers: "Laxmi Electricals Chakan"."""
        sims = [self._similar(singular(w)) for w in words if w.isalpha() and len(w) > 1]
        has_town = any(s & self.town_words for s in sims)
        has_trade = any(s & self.generic for s in sims)
        return has_town and has_trade and not _has_items(words)


def _lines(texts: list[str]) -> list[tuple[int, int]]:
    """[start, stop) of each line's tokens."""
    spans, start = [], 0
    for k, t in enumerate(texts + ["\n"]):
        if t == "\n":
            spans.append((start, k))
            start = k + 1
    return spans


def _noise(words: list[str]) -> bool:
    """A line that is no order and no shop: "Forwarded", "*Order list*", "12/03/2024", "Date: 5 May"."""
    alpha = [w for w in words if w[:1].isalpha()]
    digits = [w for w in words if w[:1].isdigit()]
    if any(w not in NOISE_WORDS for w in alpha):
        return False
    dated = any("/" in w for w in words) or any(w in MONTHS for w in alpha) or len(digits) >= 3
    return not digits or dated


def _lead(texts: list[str], a: int, b: int) -> int:
    """Index after a lead cue and its punctuation ("order for", "Party:", "- for"), else `a`."""
    k = a
    while k < b and texts[k] in SEPARATORS:
        k += 1
    for cue in LEAD_CUES:
        if tuple(texts[k : k + len(cue)]) == cue:
            k += len(cue)
            while k < b and (texts[k] in SEPARATORS or texts[k] == "name"):
                k += 1
            return k
    return a


def _end_cue(tokens: list[Token], texts: list[str], a: int, b: int) -> tuple[int, int] | None:
    """(start of the first header-closing cue after a shop word, index after it and its punctuation)."""
    named = False
    for k in range(a, b):
        for cue in END_CUES if named else ():
            if tuple(texts[k : k + len(cue)]) != cue:
                continue
            if cue in (("-",), (":",)) and _glued(tokens, k):
                continue  # "parle-g", "19:19:19": inside a word
            after = k + len(cue)
            while after < b and texts[after] in SEPARATORS:
                after += 1
            return k, after
        named = named or (texts[k].isalnum() and texts[k] not in CUE_WORDS)
    return None


def _cued(words: Sequence[str]) -> bool:
    return any(w in SHOP_CUES for w in words)


def _neutral(word: str) -> bool:
    """Punctuation, cue words and single letters ("M/s") may sit among a shop's words."""
    return word in SEPARATORS or word in JOINERS or word in CUE_WORDS or (len(word) == 1 and word.isalpha())


def _glued(tokens: list[Token], k: int) -> bool:
    if not 0 < k < len(tokens) - 1:
        return False
    before, mark, after = tokens[k - 1 : k + 2]
    return (
        before.end == mark.start
        and mark.end == after.start
        and before.text.isalnum()
        and after.text.isalnum()
    )


def _has_items(words: Sequence[str]) -> bool:
    return any(w[:1].isdigit() for w in words)
