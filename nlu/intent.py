"""What a message wants: order, balance, status, cancel, repeat, confirm, reject, help, other.

The cue phrases are data: `nlu/rules/intents.txt`, one table per label, in the
Hinglish, Hindi, Marathi, Gujarati and English dealers type; it is read once,
into `CUES`. spaCy finds them in the message (nlu/spans.py: a PhraseMatcher
built from `cue_phrases()`, the longer of two overlapping phrases counting)
and `decide` turns the labels found into one intent:

- a complaint about the goods ("maal toota hua aaya") is `other` and a strong
  refusal ("galat hai") a `reject`, whatever items the message quotes;
- a message with item lines is an order, unless it only talks about them (a
  payment made, a price question, a visit: `not_order`; an order that has not
  come: `overdue`) and asks for nothing to be sent (`send`);
- otherwise the highest cue in `PRIORITY` decides (`not_order` is other,
  `overdue` is status), and a message naming an order number with no cue asks
  for its status;
- a bill asked for ("last order ka bill bhejo") or a file pointed at ("list
  attached hai") is `other`, before a repeat or a YES it holds; `aside` names
  which, so the conversation can say a person answers it.

    >>> decide({"status", "confirm"}, "order kab aayega? ok", has_items=False)
    'status'
    >>> decide({"not_order"}, "maggi ka rate kya hai 10 peti ka", has_items=True)
    'other'
    >>> decide({"not_order", "send"}, "payment kar diya, 10 peti maggi bhejo", has_items=True)
    'order'
    >>> decide({"complaint", "send"}, "5 peti toota aaya, dusra bhejo", has_items=True)
    'other'
    >>> decide({"not_order", "balance"}, "50000 NEFT kiya, ab balance kitna", has_items=True)
    'balance'
"""

from __future__ import annotations

from pathlib import Path

from nlu.normalise import tokenize

RULES = Path(__file__).parent / "rules" / "intents.txt"
INTENT_CUES = ("cancel", "status", "repeat", "balance", "help", "reject", "confirm", "other")
OVER_ITEMS = {"complaint": "other", "strong_reject": "reject"}  # win over item lines, in this order
# the numbers are not an order, unless `SEND`
NOT_ITEMS = {"not_order": "other", "overdue": "status", "bill": "other"}
SEND = "send"
EMOJI = {"confirm_emoji": "confirm", "reject_emoji": "reject"}  # matched as characters in the raw text
ASIDES = ("attachment", "bill")  # asked of a person (see `aside`), in this order: "bill attached" is a file
LABELS = (*INTENT_CUES, *OVER_ITEMS, *NOT_ITEMS, SEND, "attachment", *EMOJI)
# Without an order, the first label found decides; a label stands for the intent it names.
PRIORITY = tuple(
    "cancel status overdue bill repeat balance help not_order attachment reject confirm other".split()
)
AS_INTENT = {**OVER_ITEMS, **NOT_ITEMS, "attachment": "other"}


def load_rules(path: Path = RULES) -> dict[str, tuple[str, ...]]:
    """label -> phrases of a rules file, each phrase as the parser's tokens read it.

    Phrases go through `normalise.tokenize` as messages do, so a Devanagari phrase is
    kept as its transliteration ("हिसाब" -> "hisab") and "where's" as "wheres".
    Emoji tables keep their characters.
    """
    tables: dict[str, list[str]] = {}
    label: str | None = None
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = line.split("#", 1)[0].strip()
        where = f"{path.name} line {n}"
        if not text:
            continue
        if text.startswith("["):
            label = text.strip("[]").strip()
            if not text.endswith("]") or label not in LABELS:
                raise ValueError(f"{where}: '{text}' is not a table; tables are {', '.join(LABELS)}")
            if label in tables:
                raise ValueError(f"{where}: table [{label}] appears twice")
            tables[label] = []
            continue
        if label is None:
            raise ValueError(f"{where}: phrases before any [table]")
        found = tables[label]
        if label in EMOJI:
            found += text.split()
            continue
        for raw in text.split("|"):
            phrase = " ".join(t.text for t in tokenize(raw))
            if not phrase:
                raise ValueError(f"{where}: '{raw.strip()}' has no words once normalised")
            if phrase not in found:
                found.append(phrase)
    return {name: tuple(phrases) for name, phrases in tables.items()}


_RULES = load_rules()
CUES: dict[str, tuple[str, ...]] = {label: p for label, p in _RULES.items() if label not in EMOJI}
CONFIRM_EMOJI = _RULES.get("confirm_emoji", ())
REJECT_EMOJI = _RULES.get("reject_emoji", ())


def cue_phrases() -> list[tuple[str, str]]:
    """(label, phrase) for every cue phrase, in table order.

    >>> cue_phrases()[:2]
    [('cancel', 'cancel'), ('cancel', 'cancelled')]
    """
    return [(label, phrase) for label, phrases in CUES.items() for phrase in phrases]


def decide(found: set[str], raw: str, *, has_items: bool, has_order_ref: bool = False) -> str:
    """The intent, from the cue labels spaCy found in the words and the emoji in the raw text."""
    if any(e in raw for e in CONFIRM_EMOJI):
        found = found | {"confirm"}
    if any(e in raw for e in REJECT_EMOJI):
        found = found | {"reject"}
    for label, intent in OVER_ITEMS.items():
        if label in found:
            return intent
    if has_items and (SEND in found or found.isdisjoint(NOT_ITEMS)):
        return "order"
    for label in PRIORITY:
        if label in found:
            return AS_INTENT.get(label, label)
    return "status" if has_order_ref else "other"


def aside(text: str) -> str | None:
    """What a message asks of a person rather than of the bot, or None: 'attachment' (it points at a
    file or photo, which a person reads) or 'bill' (a bill or invoice, which the office sends). The
    parser reads both as intent 'other'; the conversation says who will answer.

    >>> aside("last order ka bill bhejo"), aside("list attached hai"), aside("10 peti maggi")
    ('bill', 'attachment', None)
    """
    from nlu import spans  # spans builds its matcher from this module's cue tables

    found = spans.find([t.text for t in tokenize(text) if t.text != "\n"]).labels
    return next((label for label in ASIDES if label in found), None)
