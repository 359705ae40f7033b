"""A consistent rename of a dev set's brand and product words, for tests/nlu/test_rename.py.

Every word of a catalog's name, brand and alias fields that is not general trade
language (tests/nlu/trade_words.py) and not part of a dealer's name or town gets a
made-up word; the same map then rewrites the category and size fields and the messages,
word by word, case-insensitively, keeping digits, punctuation and case shape:

    >>> rows = [{"name": "Maggi Masala Noodles 70g", "brand": "Maggi", "aliases": "maggi"}]
    >>> r = Renaming.build(rows, dealer_words=set(), message_texts=["10 peti MAGGI", "magi 5 cs"])
    >>> new = r.text("maggi")
    >>> new != "maggi" and r.text("10 peti MAGGI") == "10 peti " + new.upper()
    True
    >>> r.text("magi") not in ("magi", new)  # a misspelling stays a misspelling of the new word
    True

How a new word is made, so the parser meets the same puzzle in new letters: the
word's sound key (`nlu.normalise.phonetic`: "aashirvaad" -> ashirvad) is spelt
through one seeded letter substitution - vowels to vowels, s, h and k kept, the
consonants that may stand before an h (b d g p t) among themselves, the other
consonants among themselves - and padded with doubled letters to the old word's
length. So the new word is pronounceable, as long as the old one, its own sound
key, and every relation between words the parser reads -
same sound, misspelling (the same edits at the same places, so the same fuzzy
score), start of a word, a word written without its vowels ("fnx"), an added
ending ("biscuits"), two words run together ("surfexcel") or one written as two
("amis star" for Amistar), the same consonants -
holds between the new words too. Message words get the same substitution, so a
dealer's "ashirwad" becomes a misspelling of the new brand word; initials of
name words ("cdl" for Cool Day Light) become the initials of the new words.

Words that keep their own letters everywhere: trade language, the customers'
names and towns, and every message word that stands for no renamed word (chat,
places, people, "blak" for the kept black). Two catalog spellings of one sound
get two spellings of one new sound, and a new word never spells or sounds like
another word of the set (the few that would are respelt; the test prints how many).
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from rapidfuzz import fuzz, process

from nlu.normalise import phonetic, singular, skeleton
from tests.nlu.trade_words import GENERAL

# "Lay's" and "H&S" are one word each, as the parser reads them
WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*(?:&[A-Za-z]+(?:'[A-Za-z]+)*)*")
RENAMED_FIELDS = ("name", "brand", "aliases")  # words of these fields get new names
REWRITTEN_FIELDS = ("name", "brand", "category", "size", "aliases")  # the map is applied to these
# The sound key's letters, in groups the substitution keeps: a consonant of the first group before
# an "h" would make a new two-letter sound ("th"), so those only change among themselves.
GROUPS = ("aeiou", "bdgpt", "fjlmnrv")  # s, h and k stay: "x" is "ks", so an x can stay an x
NEAR = 70.0  # sound-key similarity (rapidfuzz ratio) at which a message word stands for a catalog word
ENDINGS = ("es", "ed", "e", "s")  # a word that is another one plus these keeps them: "mixed"
SEEDS = range(40)  # substitutions tried; the one whose new words clash with the fewest words is used
SAME_SOUND = {"i": "y", "v": "w", "j": "z", "k": "cq"}  # letters the sound key reads as the first


def key(word: str) -> str:
    return word.lower().replace("'", "")


def words_of(texts: Iterable[str]) -> set[str]:
    """The words of some texts, "H&S" as "h" and "s"."""
    return {part for text in texts for m in WORD.finditer(text) for part in key(m.group()).split("&")}


def substitution(seed: int) -> dict[str, str]:
    rng = random.Random(f"orderbot-rename:{seed}")
    table = {"s": "s", "h": "h", "k": "k"}
    for group in GROUPS:
        letters = list(group)
        rng.shuffle(letters)
        table.update(zip(group, letters, strict=True))
    return table


def initials_of(rows: Iterable[Mapping[str, str]]) -> dict[str, tuple[str, ...]]:
    """Initials of every run of two to four name words -> the first such run ("cdl" -> cool day light)."""
    found: dict[str, tuple[str, ...]] = {}
    for row in rows:
        words = [key(m.group()) for m in WORD.finditer(row.get("name") or "")]
        for k in range(len(words)):
            for size in (2, 3, 4):
                run = tuple(words[k : k + size])
                if len(run) == size and all(len(w) >= 2 for w in run):
                    found.setdefault("".join(w[0] for w in run), run)
    return found


def pairs_of(rows: Iterable[Mapping[str, str]]) -> dict[str, tuple[str, str]]:
    """Sound keys of two neighbouring name or alias words written as one -> the two ("surfexcel")."""
    found: dict[str, tuple[str, str]] = {}
    for row in rows:
        for f in ("name", "aliases"):
            words = [key(m.group()) for m in WORD.finditer(row.get(f) or "")]
            for a, b in zip(words, words[1:], strict=False):
                if len(a) >= 2:
                    found.setdefault(phonetic(singular(a + b)), (a, b))
    return found


def _shortens(short: str, word: str) -> bool:
    """'fnx' shortens 'finolex': the same first letter, then its letters in order, few vowels."""
    if len(short) > 5 or len(word) <= len(short) or short[0] != word[0]:
        return False
    if sum(c in "aeiou" for c in short[1:]) > 1:
        return False
    rest = iter(word[1:])
    return all(c in rest for c in short[1:])


@dataclass
class Renaming:
    words: dict[str, str]  # catalog word -> new word (lower case)
    catalog: frozenset[str]  # every catalog word, renamed or kept
    kept: frozenset[str]  # trade language, dealers' names and towns, catalog words that keep their name
    letters: dict[str, str]  # the substitution
    initials: dict[str, tuple[str, ...]]
    pairs: dict[str, tuple[str, str]]  # two catalog words written as one -> the two
    reserved: set[str] = field(default_factory=set)  # spellings a new message word must not take
    clashes: list[str] = field(default_factory=list)  # catalog words whose new word had to be patched
    messages: dict[str, str | None] = field(default_factory=dict)  # message word -> new (None: kept)
    kept_sounds: dict[str, str] = field(default_factory=dict)  # sound key -> a kept word
    renamed_sounds: dict[str, str] = field(default_factory=dict)  # sound key -> a renamed catalog word

    @classmethod
    def build(
        cls, rows: list[Mapping[str, str]], *, dealer_words: set[str], message_texts: Iterable[str]
    ) -> Renaming:
        everything = words_of(row.get(f) or "" for row in rows for f in REWRITTEN_FIELDS)
        general = GENERAL | dealer_words
        to_rename = sorted(
            w
            for w in words_of(row.get(f) or "" for row in rows for f in RENAMED_FIELDS)
            if w.isalpha() and len(w) >= 2 and w not in general and singular(w) not in general
        )
        kept = frozenset(general | (everything - set(to_rename)))
        taken = kept | everything | words_of(message_texts)  # no new word may spell one of these
        taken_sounds = {phonetic(w) for w in taken}
        taken_bones = {skeleton(w) for w in kept if len(w) >= 4}  # the parser reads a skeleton match
        pairs = pairs_of(rows)
        joined = {
            w: pairs[phonetic(singular(w))]
            for w in to_rename
            if phonetic(singular(w)) in pairs and w in (
                "".join(pairs[phonetic(singular(w))]), singular("".join(pairs[phonetic(singular(w))])))
        }
        endings = {  # "mixed" = "mix" + "ed": the new word keeps the ending, as the parser reads it
            w: (w[: -len(e)], e)
            for w in to_rename
            for e in ENDINGS
            if w.endswith(e) and w[: -len(e)] in to_rename and len(w) - len(e) >= 3
        }

        def attempt(seed: int) -> tuple[int, Renaming]:
            r = cls({}, frozenset(everything), kept, substitution(seed), initials_of(rows), pairs)
            made: set[str] = set()
            bad = 0
            for word in (w for w in to_rename if w not in endings and w not in joined):
                new = r.spell(word)
                if new in made:  # "colour" and "color": two spellings of one new sound
                    new = r.respelt(new, made | taken)
                bad += 10 * (new in taken or phonetic(new) in taken_sounds)
                bad += 10 * (len(new) >= 4 and skeleton(new) in taken_bones)
                r.words[word] = new
                made.add(new)
            return bad, r

        _, renaming = min((attempt(seed) for seed in SEEDS), key=lambda pair: pair[0])
        renaming.reserved = set(taken) | set(renaming.words.values())
        renaming._patch(taken, taken_sounds)
        for word in sorted(endings, key=len):  # after the patches: they follow their words
            base, ending = endings[word]
            renaming.words[word] = renaming.words[base] + ending
        for word, (a, b) in sorted(joined.items()):  # "parleg" = parle + g
            renaming.words[word] = renaming.words.get(a, a) + renaming.words.get(b, b)
        renaming.reserved |= set(renaming.words.values())
        renaming.kept_sounds = {phonetic(w): w for w in sorted(kept, reverse=True) if w.isalpha()}
        renaming.renamed_sounds = {phonetic(w): w for w in sorted(renaming.words, reverse=True)}
        return renaming

    def spell(self, word: str) -> str:
        """`word`'s sound key through the substitution, written so that its sound key is exactly that
        and, where the old word had letters its key drops ("maggi", "thums"), as long as the old word."""
        sound = phonetic(word)
        new = "".join(self.letters.get(c, c) for c in sound)
        padded: list[str] = []
        for _, i1, i2, j1, j2 in SequenceMatcher(None, word, sound, autojunk=False).get_opcodes():
            if word[i1:i2] == "x" and new[j1:j2] == "ks":  # the parser reads letters as written too
                padded.append("x")
                continue
            padded.append(new[j1:j2])
            for _ in range((i2 - i1) - (j2 - j1)):
                done = "".join(padded)
                doubled = len(done) >= 2 and done[-1] == done[-2]
                padded.append(done[-1:] if done[-1:] not in "eoh" and not doubled else "")
        for spelt in ("".join(padded), new):
            for written in (spelt, re.sub(r"([bdgkpt])h", r"\1hh", spelt)):  # "bhh" keeps its h
                if phonetic(written) == new:
                    return written
        return new

    @staticmethod
    def respelt(word: str, taken: set[str] | frozenset[str]) -> str:
        """Another spelling of `word`'s sound key that the parser reads the same way, singular and all:
        a letter swapped for one that sounds the same ("i" for "y"), else one letter doubled."""
        swaps = [word[:i] + alt + word[i + 1 :] for i, c in enumerate(word) for alt in SAME_SOUND.get(c, "")]
        doubled = [word[: i + 1] + word[i:] for i in range(len(word))]
        for twin in swaps + doubled:
            if (
                twin not in taken
                and phonetic(twin) == phonetic(word)
                and phonetic(singular(twin)) == phonetic(singular(word))
            ):
                return twin
        raise AssertionError(f"no second spelling of {word!r} left")

    def _patch(self, taken: frozenset[str] | set[str], taken_sounds: set[str]) -> None:
        """A new word that spells or sounds like a kept or message word gets a letter changed (its
        relations to misspellings go: the seed is chosen so that this is rare)."""

        def clash(new: str) -> bool:
            return new in taken or phonetic(new) in taken_sounds

        for word, new in sorted(self.words.items()):
            if not clash(new):
                continue
            rng = random.Random(f"orderbot-rename:patch:{word}")
            for _ in range(500):
                i = rng.randrange(1, len(new)) if len(new) > 1 else 0  # the first letter stays: initials
                group = next((g for g in GROUPS if new[i] in g), GROUPS[2])
                variant = new[:i] + rng.choice(group) + new[i + 1 :]
                if variant not in self.reserved and not clash(variant):
                    self.words[word] = variant
                    self.reserved.add(variant)
                    self.clashes.append(word)
                    break
            else:
                raise AssertionError(f"no free new word for {word!r}")

    # -- message words

    def message_word(self, word: str) -> str | None:
        """The new form of a word of a message, or None when it keeps its letters."""
        if "&" in word:  # "h&s": initials of Head & Shoulders, or words joined by "&"
            parts = word.split("&")
            run = self.initials.get("".join(parts)) if all(len(p) == 1 for p in parts) else None
            if run and any(w in self.words for w in run):
                return "&".join(self.words.get(w, w)[0] for w in run)
            news = [self.message_word(p) for p in parts]
            if news == [None] * len(parts):
                return None
            return "&".join(n or p for n, p in zip(news, parts, strict=True))
        if word in self.words:
            return self.words[word]
        if word not in self.messages:
            new = self._stand_in(word)
            if new is not None and new in self.reserved:
                new = self.respelt(new, self.reserved)
            if new is not None:
                self.reserved.add(new)
            self.messages[word] = new
        return self.messages[word]

    def _stand_in(self, word: str) -> str | None:
        if word in self.kept or not word.isalpha() or len(word) < 2:
            return None
        run = self.initials.get(word)
        if run and any(w in self.words for w in run):  # "cdl": the initials of the new words
            return "".join(self.words.get(w, w)[0] for w in run)
        for ending in ENDINGS:  # "mixed" for "mix"
            if word.endswith(ending) and word[: -len(ending)] in self.words:
                return self.words[word[: -len(ending)]] + ending
        pair = self._pair(word)
        if pair:  # "dairymilk", "marigold": each part as its word is
            (a, b), cut = pair
            return self._part(word[:cut], a) + self._part(word[cut:], b)
        return self.spell(word) if self._stands_for_renamed(word) else None

    def _part(self, part: str, word: str) -> str:
        """A piece of a run-together word that writes catalog word `word`, in new letters if it has them."""
        if word not in self.words:
            return part
        return self.words[word] if part in (word, singular(word)) else self.spell(part)

    def _pair(self, word: str) -> tuple[tuple[str, str], int] | None:
        """Two catalog words `word` writes as one, at least one renamed, and where it cuts them."""
        found = process.extractOne(
            phonetic(word), {k: k for k in self.pairs}, scorer=fuzz.ratio, processor=None, score_cutoff=80
        )
        if found is None:
            return None
        single = process.extractOne(phonetic(word), list(self.renamed_sounds) + list(self.kept_sounds),
                                    scorer=fuzz.ratio, processor=None)
        if single and single[1] >= found[1]:
            return None
        a, b = self.pairs[found[0]]
        if a not in self.words and b not in self.words:
            return None
        cut = max(range(1, len(word)), key=lambda i: fuzz.ratio(word[:i], a) + fuzz.ratio(word[i:], b))
        return (a, b), cut

    def _stands_for_renamed(self, word: str) -> bool:
        """Whether `word` is a renamed catalog word as dealers write it - the same sound, without its
        vowels ("fnx"), its start, the same consonants, a misspelling - rather than a kept word or
        a word of its own (chat, a place, a person), which keep their letters."""
        sound = phonetic(word)
        if sound in self.renamed_sounds or sound in self.kept_sounds:
            return sound in self.renamed_sounds
        if len(word) < 3:
            return False
        if any(_shortens(word, w) for w in self.words):
            return True
        if not any(_shortens(word, w) for w in self.kept):
            starts = [w for w in self.catalog if w.startswith(word) and w != word]
            if len(starts) == 1 and starts[0] in self.words:
                return True
        if len(word) >= 4 and any(skeleton(word) == skeleton(w) for w in self.words if len(w) >= 4):
            return True
        # a misspelling, looked for as the parser does: among words of the same first sound
        kept = [k for k in self.kept_sounds if k[:1] == sound[:1]]
        renamed = [k for k in self.renamed_sounds if k[:1] == sound[:1]]
        best_kept = process.extractOne(sound, kept, scorer=fuzz.ratio, processor=None)
        best_renamed = process.extractOne(sound, renamed, scorer=fuzz.ratio, processor=None)
        kept_score = best_kept[1] if best_kept else 0.0
        renamed_score = best_renamed[1] if best_renamed else 0.0
        return renamed_score >= NEAR and renamed_score >= kept_score

    # -- texts

    def text(self, text: str, *, protect: Iterable[str] = ()) -> str:
        """A message with every renamed word replaced; `protect` strings (SKU codes) stay."""
        kept = [m.span() for code in protect for m in re.finditer(re.escape(code), text, re.IGNORECASE)]
        found = [m for m in WORD.finditer(text) if not any(a <= m.start() < b for a, b in kept)]
        new: dict[int, str | None] = {}  # match start -> its new form
        for m, after in zip(found, found[1:], strict=False):  # "amis star": one catalog word in two
            split = self._split(key(m.group()), key(after.group()), text[m.end() : after.start()])
            if split and m.start() not in new:
                new[m.start()], new[after.start()] = split
        out, at = [], 0
        for m in found:
            word = new[m.start()] if m.start() in new else self.message_word(key(m.group()))
            out += [text[at : m.start()], m.group() if word is None else _shaped(word, m.group())]
            at = m.end()
        return "".join(out) + text[at:]

    def _split(self, a: str, b: str, between: str) -> tuple[str, str] | None:
        """A renamed catalog word written as two words ("Amistar" as "amis star"), in two new pieces."""
        if between.strip() or (a in self.catalog and b in self.catalog) or a in self.kept or b in self.kept:
            return None
        sound = phonetic(singular(a + b))
        whole = next((w for w in self.words if phonetic(singular(w)) == sound), None)
        if whole is None:
            return None
        spelt = self.words[whole] if whole == a + b else self.spell(a + b)
        cut = max(1, min(len(spelt) - 1, round(len(spelt) * len(a) / len(a + b))))
        return spelt[:cut], spelt[cut:]

    def catalog_text(self, text: str) -> str:
        """A catalog field: only catalog words are renamed (a category word no name has stays)."""

        def swap(m: re.Match[str]) -> str:
            parts = m.group().split("&")
            return "&".join(_shaped(self.words.get(key(p), key(p)), p) for p in parts)

        return WORD.sub(swap, text)


def _shaped(new: str, old: str) -> str:
    """`new` in `old`'s case: MAGGI -> NEWWORD, Maggi -> Newword, maggi -> newword."""
    if len(old) > 1 and old.isupper():
        return new.upper()
    if old[:1].isupper():
        return new.capitalize()
    return new
