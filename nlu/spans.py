"""spaCy finds the phrases rules look for: intent cues and order numbers, over the parser's tokens.

One `spacy.blank("en")` per process (no model, no download) carries one
`PhraseMatcher` whose rules are data: every cue phrase of `intent.CUES`,
labelled with its intent (nlu/rules/intents.txt), and every phrasing of an
order number the slot tables of `ORDER_REF_PHRASES` allow ("order no 1043",
"status 1043", "1043 ka status"). `find(words)` builds one `Doc` from the parser's own tokens and hands
back the labels found and where the order numbers are; the parser then
annotates (intent.decide, order_ref). Adding a cue or a phrasing is adding a
row; spaCy does the multi-word matching in one pass. Where cue phrases overlap, the
longest counts, as spaCy's `filter_spans` settles entities: "mat bhejo" is a cancel
and not also a "bhejo", "godown kahan hai" asks where the godown is, not where the
order is ("kahan hai").

Only what a rule can read goes into the Doc: a word some phrase uses as
itself, a number of three or more digits as its spaCy shape ("1043" ->
"dddd"), and one "_" for each run of other tokens, with a list leading each Doc
token back to the parser's token (hence to the message's characters). So the
process's spaCy vocabulary holds the rule words and nothing else however many
new words dealers type (a Doc of raw words adds every unseen word to it for
good; spaCy's `memory_zone` undoes that but costs more than the match and is
not safe across threads), and the Doc stays a few tokens long: about 20
microseconds a message on the benchmark's orders; a message with no rule
word and no long number does not reach spaCy.

    >>> found = find(["bhai", "1043", "ka", "status", "batao"])
    >>> sorted(found.labels), found.refs
    (['status'], [1])
    >>> found = find(["order", "no", "1043", "kab", "aayega"])  # "no" here is "number", not a refusal
    >>> sorted(found.labels), found.refs
    (['status'], [2])
    >>> sorted(find(["kal", "wala", "mat", "bhejo"]).labels)  # not the "send" of "bhejo"
    ['cancel']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from itertools import product

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from nlu.intent import cue_phrases

NUMBER = ("ddd", "dddd")  # a number of three or more digits, as its spaCy shape (runs capped at four)
STAND_IN = "_"  # one Doc token for each run of tokens no rule reads
# name -> slots, each a "|"-list of the words that may stand there ("" = may be left out; NUMBER = the order
# number). Every combination is one phrase of the PhraseMatcher.
ORDER_REF_PHRASES: dict[str, tuple[str, ...]] = {
    "order no 1043": ("order|odr|ordr", "no|number|num|nr|", ".|:|-|", ".|:|-|", "NUMBER"),
    "status 1043": ("status", "of|for|ka|ki|", "order|", "no|number|num|", ".|:|-|", "NUMBER"),
    "1043 ka status": ("NUMBER", "ka|ki|ke|wala|vala", "status"),
}
REF = "order_ref"
SLOT_NOT_CUE = frozenset({"reject"})  # cues that, inside an order-number phrasing, are one of its slots


def expand(slots: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every phrase a slot table allows.

    >>> expand(("status", "of|", "NUMBER"))
    [('status', 'of', 'ddd'), ('status', 'of', 'dddd'), ('status', 'ddd'), ('status', 'dddd')]
    """
    choices = [NUMBER if slot == "NUMBER" else tuple(slot.split("|")) for slot in slots]
    return [tuple(w for w in combo if w) for combo in product(*choices)]


def longest(cues: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The (label, start, end) cue matches no longer match overlaps: longest first, then the earlier
    (spaCy's `filter_spans` rule); a kept span keeps all its labels ("galat" is reject and strong_reject).

    >>> longest([("reject", 0, 1), ("status", 0, 2), ("other", 1, 3), ("confirm", 3, 4)])
    [('status', 0, 2), ('confirm', 3, 4)]
    """
    kept: set[tuple[int, int]] = set()
    taken: set[int] = set()
    for start, end in sorted({(s, e) for _, s, e in cues}, key=lambda se: (se[0] - se[1], se[0])):
        if taken.isdisjoint(range(start, end)):
            kept.add((start, end))
            taken.update(range(start, end))
    return [cue for cue in cues if cue[1:] in kept]


@dataclass
class Found:
    labels: set[str] = field(default_factory=set)  # labels (intents, "strong_reject", ...) of the cues found
    refs: list[int] = field(default_factory=list)  # positions (in `words`) of order numbers, in order


@dataclass(frozen=True)
class Pipeline:
    nlp: Language
    matcher: PhraseMatcher
    spelt: frozenset[str]  # words some phrase uses; a message with none of them skips spaCy
    ref_id: int


@cache
def pipeline() -> Pipeline:
    """Built once per process (about half a second, most of it `spacy.blank`)."""
    nlp = spacy.blank("en")
    vocab = nlp.vocab
    matcher = PhraseMatcher(vocab, attr="ORTH")
    labelled = [(label, tuple(p.split())) for label, p in cue_phrases()]
    labelled += [(REF, phrase) for slots in ORDER_REF_PHRASES.values() for phrase in expand(slots)]
    for label, words in labelled:
        matcher.add(label, [Doc(vocab, words=list(words))])
    spelt = frozenset(w for _, words in labelled for w in words) - set(NUMBER)
    return Pipeline(nlp, matcher, spelt, vocab.strings[REF])


def find(words: list[str]) -> Found:
    """Cue labels and order-number positions in `words` (the parser's tokens, new lines left out)."""
    found = Found()
    pipe = pipeline()
    spelt = pipe.spelt
    doc_words: list[str] = []
    where: list[int] = []  # Doc token -> position in words
    for i, w in enumerate(words):
        if w in spelt:
            doc_words.append(w)
        elif len(w) >= 3 and w.isdigit():
            doc_words.append(NUMBER[min(len(w), 4) - 3])
        elif doc_words and doc_words[-1] == STAND_IN:
            continue
        else:
            doc_words.append(STAND_IN)
        where.append(i)
    if len(doc_words) == doc_words.count(STAND_IN):
        return found
    doc = Doc(pipe.nlp.vocab, words=doc_words)
    strings = pipe.nlp.vocab.strings
    matches = pipe.matcher(doc)
    ref_spans = [(start, end) for match_id, start, end in matches if match_id == pipe.ref_id]
    cues = longest([(strings[m], start, end) for m, start, end in matches if m != pipe.ref_id])
    for label, start, end in cues:
        if label in SLOT_NOT_CUE and any(s <= start and end <= e for s, e in ref_spans):
            continue  # the "no" of "order no 1043" is the number's, not a refusal
        found.labels.add(label)
    for start, end in ref_spans:
        at = next(where[k] for k in range(start, end) if doc_words[k] in NUMBER)
        if at not in found.refs:
            found.refs.append(at)
    found.refs.sort()
    return found
