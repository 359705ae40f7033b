"""A reply to a question the bot asked: yes, no, wait, an option's number, or unclear.

The words are data: `nlu/rules/answers.toml` (Hinglish, Hindi in Devanagari, Marathi and
English), read once into `RULES`. `read_answer` finds the phrases in the reply (the longer
of two overlapping phrases counting), then decides:

- a reply that is only a number, or an option word, picks that option ("2", "option 3",
  "do", "koi nahi" -> 0);
- any refusal wins over a yes word in it ("ok nahi", "haan mat bhejo"), and a refusal that
  calls the order off ("mat bhejo", "cancel kar do") says so (`cancel`);
- a wait ("ruko", "baad me") outranks a yes;
- a yes may carry one quantity ("haan par 5 hi"), and says when it asks to send ("bhej do",
  `send`), which answers NO to a question about cancelling, and when it takes every option
  listed ("both", "dono", "sab": `all`);
- a reply with more words of its own than `max_other_words`, or with a cue of another intent
  ("balance bhejo", "last order ka bill bhejo": `not_answers`), is a message, not an answer.

    >>> read_answer("haan ji")
    Answer(kind='yes', number=None, qty=None, cancel=False, send=False, all=False)
    >>> read_answer("mat bhejo")
    Answer(kind='no', number=None, qty=None, cancel=True, send=False, all=False)
    >>> read_answer("dono").all
    True
    >>> read_answer("haan par 5 hi").qty
    Decimal('5')
    >>> read_answer("option 2").number
    2
    >>> read_answer("ruko").kind, read_answer("list attached hai, usi hisaab se bhej dena").kind
    ('wait', 'unclear')
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from nlu import spans, tables
from nlu.intent import LABELS
from nlu.normalise import tokenize
from nlu.numbers import word_number

RULES_FILE = Path(__file__).parent / "rules" / "answers.toml"
Kind = Literal["yes", "no", "wait", "number", "unclear"]
# [phrases] tables: "send" and "all" are yeses, "cancel" a no
PHRASE_KINDS = ("yes", "send", "all", "no", "cancel", "wait")
MAX_OPTION = 99
Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Answer:
    kind: Kind
    number: int | None = None  # the option picked, for kind "number"
    qty: Decimal | None = None  # the one quantity a yes gave ("haan par 5 hi")
    cancel: bool = False  # a no calling the order off ("mat bhejo"): a YES to "Cancel SO-1043?"
    send: bool = False  # a yes asking to send ("bhej do"): a NO to "Cancel SO-1043?"
    all: bool = False  # a yes to every option listed ("both", "dono", "sab"): "Which order? 1) ... 2) ..."


@dataclass(frozen=True)
class Rules:
    kind_of: dict[Phrase, str]  # phrase (as its words) -> one of PHRASE_KINDS
    emoji: dict[str, tuple[str, ...]]  # "yes" / "no" -> characters
    leads: frozenset[str]
    options: dict[Phrase, int]
    fillers: frozenset[str]
    order_marks: frozenset[str]
    not_answers: frozenset[str]  # intent cue labels that make a reply no answer
    max_other_words: int

    @property
    def phrases(self) -> dict[str, list[Phrase]]:
        """kind -> its phrases."""
        out: dict[str, list[Phrase]] = {}
        for phrase, kind in self.kind_of.items():
            out.setdefault(kind, []).append(phrase)
        return out


def load_rules(path: Path = RULES_FILE) -> Rules:
    """The answer tables of a rules file; a phrase in two kinds or with no words is an error."""
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    kind_of = tables.phrase_kinds(data.get("phrases", {}), PHRASE_KINDS, path.name)
    options = data.get("options", {})
    words = data.get("words", {})
    not_answers = frozenset(words.get("not_answers", ()))
    if not not_answers <= set(LABELS):
        unknown = ", ".join(sorted(not_answers - set(LABELS)))
        raise ValueError(f"{path.name}: [words] not_answers: {unknown} is no table of intents.txt")
    return Rules(
        kind_of=kind_of,
        emoji={kind: tuple(chars) for kind, chars in data.get("emoji", {}).items()},
        leads=frozenset(options.get("leads", ())),
        options={tables.phrase_words(text): int(n) for text, n in options.get("words", {}).items()},
        fillers=frozenset(w for text in words.get("fillers", ()) for w in tables.phrase_words(text)),
        order_marks=frozenset(words.get("order_marks", ())),
        not_answers=not_answers,
        max_other_words=int(words.get("max_other_words", 2)),
    )


RULES = load_rules()


def read_answer(text: str, rules: Rules = RULES) -> Answer:
    """What a reply to the bot's question says (see the module docstring)."""
    tokens = [t.text for t in tokenize(text)]
    at = [i for i, w in enumerate(tokens) if w[0].isalnum()]  # the words, by their place in tokens
    words = [tokens[i] for i in at]
    number = option_number(words, rules)
    if number is not None:
        return Answer("number", number=number)
    kinds, left = find_phrases(words, rules)
    kinds |= {kind for kind, chars in rules.emoji.items() if any(c in text for c in chars)}
    others = [w for w in (words[i] for i in left) if w not in rules.fillers and word_number(w) is None]
    if not kinds or len(others) > rules.max_other_words or _asks_another_thing(tokens, rules):
        return Answer("unclear")
    if "no" in kinds or "cancel" in kinds:
        return Answer("no", cancel="cancel" in kinds)
    if "wait" in kinds:
        return Answer("wait")
    quantities = [q for q in (quantity(tokens, at[i], rules) for i in left) if q is not None]
    if len(quantities) > 1:
        return Answer("unclear")
    qty = quantities[0] if quantities else None
    return Answer("yes", qty=qty, send="send" in kinds, all="all" in kinds)


def _asks_another_thing(tokens: Sequence[str], rules: Rules) -> bool:
    """True when the reply holds a cue of another intent ("balance bhejo", "bill bhejo")."""
    return not rules.not_answers.isdisjoint(spans.find([t for t in tokens if t != "\n"]).labels)


def option_number(words: Sequence[str], rules: Rules = RULES) -> int | None:
    """The option a reply made only of a number picks: '2', 'option 2', 'no. 2', 'do', 'none' -> 0."""
    if len(words) > 1 and words[0] in rules.leads:
        words = words[1:]
    if tuple(words) in rules.options:
        return rules.options[tuple(words)]
    if len(words) != 1:
        return None
    value = word_number(words[0], before_unit=True)
    if value is None or value != value.to_integral_value() or not 0 <= value <= MAX_OPTION:
        return None
    return int(value)


def find_phrases(words: Sequence[str], rules: Rules = RULES) -> tuple[set[str], list[int]]:
    """The kinds of the phrases in `words` (the longer of two overlapping ones counting, then the
    earlier) and the positions of the words no phrase took."""
    spans = [
        (start, start + size)
        for size in range(len(words), 0, -1)
        for start in range(len(words) - size + 1)
        if tuple(words[start : start + size]) in rules.kind_of
    ]
    taken: set[int] = set()
    kinds: set[str] = set()
    for start, end in spans:
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            kinds.add(rules.kind_of[tuple(words[start:end])])
    return kinds, [i for i in range(len(words)) if i not in taken]


def quantity(tokens: Sequence[str], i: int, rules: Rules = RULES) -> Decimal | None:
    """The number at tokens[i] when it is a quantity: not a percentage ('100%') nor an order number
    ('SO-1043', 'order 1043')."""
    value = word_number(tokens[i])
    if value is None:
        return None
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    before = [w for w in tokens[max(0, i - 2) : i] if w != "-"]
    if after == "%" or (before and before[-1] in rules.order_marks):
        return None
    return value


__all__ = ["Answer", "Rules", "find_phrases", "load_rules", "option_number", "quantity", "read_answer"]
