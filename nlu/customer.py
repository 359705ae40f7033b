"""The shop a field rep orders for: "order for Sharma Traders:", "balaji kirana - ...",
"Party: X, Town", "X ke liye", "Order from X:", or the shop's name alone on the first line.

The header is the text before the first ":" / " - " / "ke liye" / "ka order"
(or the whole first line when more lines follow). Its words are scored
against each dealer's name: words many dealers share ("kirana", "store")
count half, the dealer's town counts too. A dealer must have all of its
distinctive words present; when two dealers score the same, nobody is
chosen ("Sharma ji ka order" with three Sharma shops).

    >>> from nlu.types import DealerRef
    >>> finder = CustomerFinder([DealerRef("D1", "Sharma Traders"), DealerRef("D2", "Sharma General Store")])
    >>> finder.match(["sharma", "trader"])
    'D1'
    >>> finder.match(["sharma"]) is None
    True
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from nlu.normalise import Token, phonetic, singular
from nlu.types import DealerRef

CUE_WORDS = frozenset(
    """
order orders for from party customer shop dukan dukaan firm ka ke ki liye wala wali hai bhai bhaiya
sir ji the please pls send se of naam name to mera hamara ye yeh is
""".split()
)
HEADER_ENDS = (
    (":",),
    ("-",),
    ("ke", "liye"),
    ("ka", "order"),
    ("wala", "order"),
    ("ki", "order"),
    ("ka", "maal"),
    ("order", ":"),
)
PARTY_WORDS = frozenset({"party", "customer", "shop", "dukan", "dukaan", "firm", "outlet"})


@dataclass(frozen=True)
class _Dealer:
    code: str
    words: tuple[str, ...]
    town: str


def _words(text: str) -> list[str]:
    from nlu.normalise import tokenize

    return [singular(t.text) for t in tokenize(text) if t.text[:1].isalnum()]


def _same(a: str, b: str) -> bool:
    if a == b or phonetic(a) == phonetic(b):
        return True
    if min(len(a), len(b)) < 4:
        return False
    cutoff = 80.0 if min(len(a), len(b)) >= 6 else 88.0
    return fuzz.ratio(a, b, score_cutoff=cutoff) > 0


class CustomerFinder:
    def __init__(self, dealers: Sequence[DealerRef]) -> None:
        self.dealers = [_Dealer(d.code, tuple(_words(d.name)), " ".join(_words(d.town))) for d in dealers]
        counts = Counter(w for d in self.dealers for w in set(d.words))
        self.common = {w for w, c in counts.items() if c >= 3}
        self.by_word: dict[str, list[int]] = {}
        for k, d in enumerate(self.dealers):
            for w in set(d.words) | ({d.town} if d.town else set()):
                self.by_word.setdefault(w, []).append(k)
        self._by_phonetic: dict[str, list[str]] = {}
        for w in self.by_word:
            self._by_phonetic.setdefault(phonetic(w), []).append(w)
        self._vocab = list(self.by_word)
        self._cache: dict[str, frozenset[str]] = {}

    def _similar(self, word: str) -> frozenset[str]:
        """Dealer-name words that `word` may be a spelling of."""
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

    def match(self, header: list[str]) -> str | None:
        words = [singular(w) for w in header if w not in CUE_WORDS and w[:1].isalpha()]
        if not words:
            return None
        similar = {h: self._similar(h) for h in words}
        touched = sorted({k for sims in similar.values() for w in sims for k in self.by_word[w]})
        found: list[tuple[float, str, frozenset[str]]] = []
        for k in touched:
            d = self.dealers[k]
            matched = {dw for dw in d.words if any(dw in similar[h] for h in words)}
            if not matched:
                continue
            weight = sum(0.5 if dw in self.common else 1.0 for dw in d.words)
            got = sum(0.5 if dw in self.common else 1.0 for dw in matched)
            evidence = {h for h in words if any(dw in similar[h] for dw in d.words)}
            if d.town and any(d.town in similar[h] for h in words):
                evidence |= {h for h in words if d.town in similar[h]}
                got += 1.0
            found.append((got if got * 2 >= weight else -1.0, d.code, frozenset(evidence)))
        if not found:
            return None
        found.sort(key=lambda f: -f[0])
        best_score, best, best_evidence = found[0]
        if best_score <= 0:
            return None
        for _, _, other in found[1:]:
            if not other < best_evidence:
                return None
        return best

    def find(self, tokens: list[Token]) -> tuple[str | None, int]:
        """(dealer code or None, number of leading tokens that are the header)."""
        if not self.dealers or not tokens:
            return None, 0
        texts = [t.text for t in tokens]
        line_end = texts.index("\n") if "\n" in texts else len(texts)
        first = texts[:line_end]
        start = 0
        if first and first[0] in PARTY_WORDS and len(first) > 1 and first[1] in (":", "-", "name"):
            start = 2
        end, skip = None, 0
        for k in range(start, len(first)):
            for cue in HEADER_ENDS:
                if tuple(first[k : k + len(cue)]) == cue and k > start:
                    end, skip = k, len(cue)
                    break
            if end is not None:
                break
        if end is None and start:
            end = len(first)
        if end is None and line_end < len(texts) and not any(w[:1].isdigit() for w in first):
            end = len(first)
        if end is None:
            return None, 0
        header = [w for w in first[start:end] if w not in (",",)]
        code = self.match(header)
        if code is None:
            return None, 0
        return code, end + skip
