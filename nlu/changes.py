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
bhejo", "extra") adds; else a set word ("karo", "nahi", "ki jagah") sets; else it adds.

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

RULES_FILE = Path(__file__).parent / "rules" / "changes.toml"
KINDS = ("new_order", "remove", "set", "add", "book")
Kind = Literal["add", "set", "remove"]
Phrase = tuple[str, ...]


@dataclass(frozen=True)
class Rules:
    kind_of: dict[Phrase, str]  # phrase (as its words) -> one of KINDS
    fillers: frozenset[str]
    joins: frozenset[str]


@dataclass(frozen=True)
class Changes:
    """What an order message does to the open draft."""

    lines: tuple[Kind, ...]  # for each ParsedMessage line, in order
    removed: tuple[str, ...] = ()  # the dealer's words for each product to drop ("sprite")
    taken: frozenset[int] = frozenset()  # unmatched items read as removals: not for a person


def load_rules(path: Path = RULES_FILE) -> Rules:
    """The tables of a rules file; a phrase in two kinds or with no words is an error."""
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    kind_of = tables.phrase_kinds(data.get("phrases", {}), KINDS, path.name)
    words = data.get("words", {})
    joins = frozenset(t.text for text in words.get("joins", ()) for t in tokenize(text))
    return Rules(
        kind_of, frozenset(w for text in words.get("fillers", ()) for w in tables.phrase_words(text)), joins
    )


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


def kind_of_words(text: str, rules: Rules = RULES) -> Kind:
    """How the words said with one item change the draft: remove, add, set, else add."""
    kinds = {kind for kind, _ in _phrases(tokenize(text), rules)}
    for kind in ("remove", "add", "set"):
        if kind in kinds:
            return kind
    return "add"


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
    hata do", "kara" of "maggi 8 peti kara") belongs to the line before it, and is taken.
    """
    pieces = sorted(
        [(ln.span[0], "line", n) for n, ln in enumerate(parsed.lines)]
        + [(item.span[0], "item", n) for n, item in enumerate(parsed.unmatched)]
    )
    said: dict[int, str] = {}
    removed: list[str] = []
    taken: set[int] = set()
    last_line: int | None = None
    for k, (start, what, n) in enumerate(pieces):
        end = pieces[k + 1][0] if k + 1 < len(pieces) else len(text)
        words = text[0 if k == 0 else start : end]
        if what == "line":
            said[n], last_line = words, n
            continue
        names = removal(words, rules)
        if names:
            removed.extend(names)
            taken.add(n)
        elif last_line is not None and _only_cues(words, rules):
            said[last_line] += " " + words
            taken.add(n)
    kinds = tuple(kind_of_words(said.get(n, ""), rules) for n in range(len(parsed.lines)))
    return Changes(kinds, tuple(removed), frozenset(taken))


__all__ = ["Changes", "Rules", "kind_of_words", "load_rules", "new_order", "read_changes", "removal"]
