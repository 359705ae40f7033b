"""How an order message changes the draft a dealer is building in pieces.

Dealers send an order over several messages: "maggi 10 peti" ... "aur 5 peti sprite bhi" ...
"maggi 10 nahi 12 karo" ... "sprite hata do". The words are data: `nlu/rules/changes.toml`
(Hinglish, Hindi in Devanagari, Marathi and English), read once into `RULES`.

- `new_order` finds a cue that starts another order ("naya order: parle g 5 peti") and gives
  the message without it, for the parser;
- `removal` gives the dealer's words for each product a message asks to drop ("sprite hata do"
  -> "sprite"), or None when it asks to drop nothing;
- `read_changes` says, for each item line the parser read, whether it adds to the draft (the
  default), sets the quantity of the product already there ("maggi 10 nahi 12 karo", "maggi 12
  kar do"), or drops it ("sprite 5 peti hata do"); and which unmatched items were removals.

The words around an item are its own: from where it starts to where the next item starts (the
first item also has the words before it). A remove word there drops it; else an add word ("aur
bhejo", "extra") adds; else a set word ("karo", "nahi", "sirf", "galat likha", "4 peti hi") sets;
else it adds. The parser's intent plays no part: "maggi galat likha, 4 peti hi chahiye" reads as a
reject, and its line still sets.

"In place of" says which product goes: "X ki jagah Y" (`swap`) drops X when the item ends with it
and another follows ("good day 2 box ki jagah hide n seek 3 box"), and sets X when a quantity
follows inside the item ("maggi 10 ki jagah 12", the parser reading 12); "Y instead of X"
(`instead`) sets Y when X is a bare quantity ("maggi 12 instead of 10") and drops X when X is a
product named alone ("... instead of good day"). An unmatched item holding such a phrase (the parser
read "good day ki jagah hide n seek 3 box" as one name) is `doubtful`: a person reads it, since a
pick of either product would book the wrong one.

    >>> new_order("naya order: parle g 5 peti")
    'parle g 5 peti'
    >>> removal("sprite hata do"), removal("sprite aur parle g nahi chahiye"), removal("maggi 10 peti")
    (('sprite',), ('sprite', 'parle g'), None)
    >>> kind_of_words("maggi 10 nahi 12 karo"), kind_of_words("maggi 2 peti extra kar do")
    ('set', 'add')
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from nlu import tables
from nlu.normalise import Token, tokenize
from nlu.types import ParsedMessage
from nlu.units import UNIT_WORDS

RULES_FILE = Path(__file__).parent / "rules" / "changes.toml"
KINDS = ("new_order", "remove", "set", "add", "book", "swap", "instead")
Kind = Literal["add", "set", "remove"]
Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    kind_of: dict[Phrase, str]  # phrase (as its words) -> one of KINDS
    fillers: frozenset[str]
    joins: frozenset[str]
    only_after_quantity: frozenset[str] = frozenset()  # "4 peti hi": only that much


@dataclass(frozen=True)
class Changes:
    """What an order message does to the open draft."""

    lines: tuple[Kind, ...]  # for each ParsedMessage line, in order
    removed: tuple[str, ...] = ()  # the dealer's words for each product to drop ("sprite")
    taken: frozenset[int] = frozenset()  # unmatched items read as removals: not for a person
    # unmatched items saying one product takes another's place ("good day ki jagah hide n seek 3
    # box" read as one name): for a person, never a question of which product it is
    doubtful: frozenset[int] = frozenset()


def load_rules(path: Path = RULES_FILE) -> Rules:
    """The tables of a rules file; a phrase in two kinds or with no words is an error."""
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    kind_of = tables.phrase_kinds(data.get("phrases", {}), KINDS, path.name)
    words = data.get("words", {})
    joins = frozenset(t.text for text in words.get("joins", ()) for t in tokenize(text))
    fillers = frozenset(w for text in words.get("fillers", ()) for w in tables.phrase_words(text))
    only = frozenset(w for text in words.get("only_after_quantity", ()) for w in tables.phrase_words(text))
    return Rules(kind_of, fillers, joins, only)


RULES = load_rules()


def _phrases(tokens: Sequence[Token], rules: Rules) -> list[tuple[str, list[int]]]:
    """(kind, token positions) of the phrases in `tokens`, matched over their words (punctuation
    skipped), the longer of two overlapping ones counting, then the earlier."""
    at = [i for i, t in enumerate(tokens) if t.text[0].isalnum()]
    words = [tokens[i].text for i in at]
    found: list[tuple[str, list[int]]] = []
    taken: set[int] = set()
    for size in range(len(words), 0, -1):
        for start in range(len(words) - size + 1):
            kind = rules.kind_of.get(tuple(words[start : start + size]))
            if kind is not None and taken.isdisjoint(range(start, start + size)):
                taken.update(range(start, start + size))
                found.append((kind, [at[k] for k in range(start, start + size)]))
    return found


def _only_cues(text: str, rules: Rules) -> bool:
    """True when every word of `text` is a cue of this table or a filler ("hata do", "kara", "ji")."""
    tokens = tokenize(text)
    cued = {i for _, places in _phrases(tokens, rules) for i in places}
    words = [i for i, t in enumerate(tokens) if t.text[0].isalnum()]
    return bool(words) and all(i in cued or tokens[i].text in rules.fillers for i in words)


def _is_quantity(word: str) -> bool:
    return word.replace(".", "", 1).isdigit()


def _only_this_much(tokens: Sequence[Token], rules: Rules) -> bool:
    """An "only" word right after a quantity or its unit ("4 hi", "4 peti hi"), not the greeting "hi"."""
    words = [t.text for t in tokens if t.text[0].isalnum()]
    return any(
        w in rules.only_after_quantity
        and k > 0
        and (
            _is_quantity(words[k - 1])
            or (words[k - 1] in UNIT_WORDS and k > 1 and _is_quantity(words[k - 2]))
        )
        for k, w in enumerate(words)
    )


def kind_of_words(text: str, rules: Rules = RULES) -> Kind:
    """How the words said with one item change the draft: remove, add, set, else add. An "in place
    of" phrase inside the item ("maggi 10 ki jagah 12") sets it.

    >>> kind_of_words("maggi 4 peti hi chahiye"), kind_of_words("hi, maggi 4 peti")
    ('set', 'add')
    """
    tokens = tokenize(text)
    kinds = {kind for kind, _ in _phrases(tokens, rules)}
    for kind in ("remove", "add", "set"):
        if kind in kinds:
            return kind
    if kinds & {"swap", "instead"} or _only_this_much(tokens, rules):
        return "set"
    return "add"


def _ends_with(text: str, kind: str, rules: Rules) -> bool:
    """Do the words of `text` end with a phrase of `kind`, only fillers after it ("... ki jagah")?"""
    tokens = tokenize(text)
    found = [places for k, places in _phrases(tokens, rules) if k == kind]
    if not found:
        return False
    last = max(p[-1] for p in found)
    return all(t.text in rules.fillers for t in tokens[last + 1 :] if t.text[0].isalnum())


def _instead_of(text: str, rules: Rules) -> tuple[str, ...] | None:
    """For an item that starts with "instead of" ("instead of 10", "instead of good day"): () when
    what follows is a bare quantity, the dealer's words for the product when it is a name alone; None
    otherwise (no such start, or a name with a quantity: for a person)."""
    tokens = tokenize(text)
    found = _phrases(tokens, rules)
    words = [i for i, t in enumerate(tokens) if t.text[0].isalnum() and t.text not in rules.fillers]
    starts = [places for kind, places in found if kind == "instead" and places[0] == (words or [-1])[0]]
    if not starts:
        return None
    rest = [tokens[i] for i in words if i > starts[0][-1]]
    if rest and all(_is_quantity(t.text) or t.text in UNIT_WORDS for t in rest):
        return ()
    if not rest or any(_is_quantity(t.text) for t in rest):
        return None
    return (text[rest[0].start : rest[-1].end],)


def new_order(text: str, rules: Rules = RULES) -> str | None:
    """The message without its new-order cue ('' when nothing else is said), or None without one.

    >>> new_order("new order - 10 peti maggi"), new_order("नया ऑर्डर"), new_order("10 peti maggi")
    ('10 peti maggi', '', None)
    """
    tokens = tokenize(text)
    cues = [places for kind, places in _phrases(tokens, rules) if kind == "new_order"]
    if not cues:
        return None
    out, at = [], 0
    for places in sorted(cues):
        out.append(text[at : tokens[places[0]].start])
        at = tokens[places[-1]].end
    out.append(text[at:])
    return " ".join(part.strip(" :-,.;\n") for part in out if part.strip(" :-,.;\n"))


def removal(text: str, rules: Rules = RULES) -> tuple[str, ...] | None:
    """The dealer's words for each product `text` asks to drop, or None when it asks to drop nothing;
    () when it has a remove word and names nothing ("cancel", "order cancel kar do").

    >>> removal("remove sprite"), removal("ye order cancel kar do"), removal("स्प्राइट हटा दो")
    (('sprite',), (), ('स्प्राइट',))
    """
    tokens = tokenize(text)
    found = _phrases(tokens, rules)
    if not any(kind == "remove" for kind, _ in found):
        return None
    cut = {i for _, places in found for i in places} | {
        i for i, t in enumerate(tokens) if t.text in rules.joins
    }
    groups: list[list[int]] = [[]]
    for i, token in enumerate(tokens):
        if i in cut:
            groups.append([])
        elif token.text[0].isalnum() or groups[-1]:
            groups[-1].append(i)
    names = []
    for group in groups:
        words = [i for i in group if tokens[i].text[0].isalnum() and tokens[i].text not in rules.fillers]
        if words:
            names.append(text[tokens[words[0]].start : tokens[words[-1]].end])
    return tuple(names)


def read_changes(text: str, parsed: ParsedMessage, rules: Rules = RULES) -> Changes:
    """How each item of a parsed order message changes the open draft (see the module docstring).

    An unmatched item that is a removal ("sprite hata" of "... aur sprite hata do") is listed in
    `removed` and `taken`; one made only of the words of these tables ("hata" of "sprite 5 peti
    hata do", "kara" of "maggi 8 peti kara") belongs to the line before it, and is taken; so is
    "instead of 10" after "maggi 12" (the line sets), and "instead of good day" names a removal.
    A line whose words end with "ki jagah" before another item is dropped; an unmatched item holding
    an "in place of" phrase is left `doubtful`.
    """
    pieces = sorted(
        [(ln.span[0], "line", n) for n, ln in enumerate(parsed.lines)]
        + [(item.span[0], "item", n) for n, item in enumerate(parsed.unmatched)]
    )
    said: dict[int, str] = {}
    removed: list[str] = []
    taken: set[int] = set()
    swapped: set[int] = set()  # "good day 2 box ki jagah ...": the line that goes
    doubtful: set[int] = set()
    last_line: int | None = None
    for k, (start, what, n) in enumerate(pieces):
        end = pieces[k + 1][0] if k + 1 < len(pieces) else len(text)
        words = text[0 if k == 0 else start : end]
        if what == "line":
            said[n], last_line = words, n
            if k + 1 < len(pieces) and _ends_with(words, "swap", rules):
                swapped.add(n)
            continue
        names = removal(words, rules)
        instead = _instead_of(words, rules)
        if names:
            removed.extend(names)
            taken.add(n)
        elif last_line is not None and _only_cues(words, rules):
            said[last_line] += " " + words
            taken.add(n)
        elif instead == () and last_line is not None and parsed.unmatched[n].qty is not None:
            said[last_line] += " " + words  # "maggi 12 instead of 10": 12 is what he wants
            taken.add(n)
        elif instead:
            removed.extend(instead)
            taken.add(n)
        elif any(kind in ("swap", "instead") for kind, _ in _phrases(tokenize(words), rules)):
            doubtful.add(n)
    kinds = tuple(
        "remove" if n in swapped else kind_of_words(said.get(n, ""), rules) for n in range(len(parsed.lines))
    )
    return Changes(kinds, tuple(removed), frozenset(taken), frozenset(doubtful))


__all__ = ["Changes", "Rules", "kind_of_words", "load_rules", "new_order", "read_changes", "removal"]
