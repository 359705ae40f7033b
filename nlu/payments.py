"""A payment the dealer tells the distributor he made: amount, way of paying and reference.

Dealers write "payment kar diya 25000 gpay se, UTR 4471XXXX", "₹12,500 bhej diye phonepe se ref
3391", "पेमेंट कर दिया 5000", "paid 18,200 by RTGS UTR SBIN1234...". The words are data:
`nlu/rules/payments.toml` (Hinglish, Hindi in Devanagari, Marathi and English), read once into
`RULES`. `read_payment` is conservative: it gives None unless the message clearly says a payment
was made, and leaves questions about paying ("payment kaise karu?", "payment mila kya?") and
balance questions ("payment pending kitna") to the rest of the bot.

- a `paid` phrase ("payment kar diya", "neft kiya", "paid") says it by itself; a `sent` verb
  ("bhej diye", "de diya") only beside a way of paying, a money word or a reference;
- a `not_paid` phrase ("nahi kiya", "not paid") means no payment told, and an `asks` word ("kya",
  "kaise", "kab") or a "?" makes it a question unless the message gives an amount or a reference;
- the reference is the run of letters and digits after a cue ("UTR", "ref no", "cheque no"), else
  a long one (9 digits or more, or 8 letters and digits with 4 digits) anywhere: never the amount;
- the amount is the one number in rupees ("₹25,000", "25000 rupaye", "25,000/-") or, without one,
  the only number left ("25000", "25 hazar", "1.5 lakh", "25k"); dates, times, order numbers and
  counts ("2 cheque") are not amounts; two different numbers and no rupee sign give None (a person
  reads the message);
- the way is the first one named, a named app over "upi", any way over "bank" (`MODES`).

    >>> read_payment("payment kar diya 25000 gpay se, UTR 4471XXXX")
    PaymentTold(amount=Decimal('25000'), mode='gpay', reference='4471XXXX')
    >>> read_payment("₹12,500 bhej diye phonepe se ref 3391")
    PaymentTold(amount=Decimal('12500'), mode='phonepe', reference='3391')
    >>> read_payment("पेमेंट कर दिया 5000")
    PaymentTold(amount=Decimal('5000'), mode=None, reference=None)
    >>> read_payment("paid 18,200 by RTGS UTR SBIN0012345678")
    PaymentTold(amount=Decimal('18200'), mode='rtgs', reference='SBIN0012345678')
    >>> read_payment("cheque de diya")
    PaymentTold(amount=None, mode='cheque', reference=None)
    >>> read_payment("1.5 lakh NEFT kiya hai aaj"), read_payment("25 hazar jama kar diye")
    (PaymentTold(amount=Decimal('150000'), mode='neft', reference=None), \
PaymentTold(amount=Decimal('25000'), mode=None, reference=None))
    >>> read_payment("payment kaise karu?"), read_payment("payment mila kya?")
    (None, None)
    >>> read_payment("payment pending kitna"), read_payment("maggi 10 peti bhej do")
    (None, None)
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from nlu import spans, tables
from nlu.intent import SEND
from nlu.normalise import Token, tokenize
from nlu.numbers import number_at

RULES_FILE = Path(__file__).parent / "rules" / "payments.toml"
KINDS = ("paid", "sent", "asks", "not_paid")
# ways of paying, the more telling first: the first of these named in the message is recorded
MODES = ("cheque", "cash", "rtgs", "neft", "imps", "gpay", "phonepe", "paytm", "upi", "bank")
NOT_A_MODE = "none"
MIN_CUED_REF = 4  # characters of a reference after a cue ("ref 3391")
MIN_BARE_DIGITS = 9  # a run of digits this long is a reference, never an amount (UPI UTRs have 12)
MIN_BARE_MIXED = 8  # letters and digits ("SBIN0012345678"), with at least 4 digits
Phrase = tuple[str, ...]

_RUN = re.compile(r"[0-9A-Za-z\u0966-\u096F]+")  # a reference as written (Devanagari digits too)
_DATE = re.compile(r"\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b|\b\d{1,2}[-/]\d{1,2}\b|\b\d{1,2}:\d{2}\b")
_GROUP = re.compile(r"^\d{2,3}(?:\.\d{1,2})?$")  # the part after a grouping comma: "25,000", "1,25,000"


@dataclass(frozen=True)
class PaymentTold:
    """What the dealer said he paid; any field he did not say is None."""

    amount: Decimal | None  # rupees
    mode: str | None  # one of MODES
    reference: str | None  # UTR, transaction or cheque number, upper case as banks print it


@dataclass(frozen=True)
class Rules:
    kind_of: dict[Phrase, str]  # phrase -> one of KINDS
    mode_of: dict[Phrase, str]  # phrase -> one of MODES or NOT_A_MODE
    ref_cues: dict[Phrase, str]
    ref_skip: frozenset[str]
    money: frozenset[str]
    currency_before: frozenset[str]
    currency_after: frozenset[str]
    not_after: frozenset[str]
    not_before: frozenset[str]
    thousand: frozenset[str]


def _words(texts: Sequence[str]) -> frozenset[str]:
    return frozenset(w for text in texts for w in tables.phrase_words(text))


def load_rules(path: Path = RULES_FILE) -> Rules:
    """The tables of a rules file; a phrase in two kinds, a way not in MODES or a missing table is an
    error naming the file."""
    data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    for table in ("phrases", "modes", "references", "words"):
        if table not in data:
            raise ValueError(f"{path.name}: no [{table}] table")
    words, refs = data["words"], data["references"]
    return Rules(
        kind_of=tables.phrase_kinds(data["phrases"], KINDS, path.name),
        mode_of=tables.phrase_kinds(data["modes"], (*MODES, NOT_A_MODE), path.name),
        ref_cues=tables.phrase_kinds({"cue": refs.get("cues", [])}, ("cue",), path.name),
        ref_skip=_words(refs.get("skip", [])),
        money=_words(words.get("money", [])),
        currency_before=_words(words.get("currency_before", [])),
        currency_after=_words(words.get("currency_after", [])),
        not_after=_words(words.get("not_after", [])),
        not_before=_words(words.get("not_before", [])),
        thousand=_words(words.get("thousand", [])),
    )


RULES = load_rules()


def read_payment(text: str, rules: Rules = RULES) -> PaymentTold | None:
    """The payment a message tells of, or None (see the module docstring)."""
    tokens = tokenize(text)
    words = [t for t in tokens if t.text[0].isalnum()]
    plain = [t.text for t in words]
    kinds = {kind for kind, _ in find(plain, rules.kind_of)}
    if "not_paid" in kinds or not kinds & {"paid", "sent"}:
        return None
    modes = [mode for mode, _ in find(plain, rules.mode_of) if mode != NOT_A_MODE]
    reference, ref_span = _reference(text, words, rules)
    amount = _amount(text, ref_span, rules)
    mode = min(modes, key=MODES.index) if modes else None
    if "paid" not in kinds and mode is None and reference is None and rules.money.isdisjoint(plain):
        return None  # "bhej diya" alone: goods, or nothing said of money
    asks = "asks" in kinds or "?" in text
    if asks and amount is None and reference is None:
        return None
    return PaymentTold(amount, mode, reference)


def asks_to_send(text: str) -> bool:
    """True when the message also asks for goods, by the parser's own send cue (nlu/rules/intents.txt):
    "payment kar diya, 10 peti maggi bhejo" is a payment told and an order; "₹12,500 bhej diye" is not.

    >>> asks_to_send("payment kar diya, 10 peti maggi bhejo"), asks_to_send("₹12,500 bhej diye phonepe se")
    (True, False)
    """
    return SEND in spans.find([t.text for t in tokenize(text) if t.text != "\n"]).labels


def find(words: Sequence[str], table: dict[Phrase, str]) -> list[tuple[str, range]]:
    """(kind, word positions) of the table's phrases in `words`, the longer of two overlapping ones
    counting, then the earlier; in the order they stand."""
    spans = [
        (start, start + size)
        for size in range(min(len(words), 6), 0, -1)
        for start in range(len(words) - size + 1)
        if tuple(words[start : start + size]) in table
    ]
    taken: set[int] = set()
    found: list[tuple[str, range]] = []
    for start, end in spans:
        if taken.isdisjoint(range(start, end)):
            taken.update(range(start, end))
            found.append((table[tuple(words[start:end])], range(start, end)))
    return sorted(found, key=lambda f: f[1].start)


# -- the reference ---------------------------------------------------------------------------------------


def _run_at(text: str, offset: int) -> re.Match[str] | None:
    for match in _RUN.finditer(text):
        if match.start() <= offset < match.end():
            return match
    return None


def _as_ref(run: str) -> str:
    """'sbin००12' -> 'SBIN0012': Devanagari digits as ASCII, upper case."""
    return "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in run).upper()


def _is_bare_ref(run: str) -> bool:
    digits = sum(c.isdigit() for c in run)
    if digits == len(run):
        return digits >= MIN_BARE_DIGITS
    return len(run) >= MIN_BARE_MIXED and digits >= 4


def _reference(text: str, words: Sequence[Token], rules: Rules) -> tuple[str | None, range]:
    """The reference and the characters it spans: the run after a cue, else the first long run."""
    plain = [t.text for t in words]
    for _, at in find(plain, rules.ref_cues):
        ahead = _run_at(text, words[at.start - 1].start) if at.start > 0 else None
        if ahead is not None and _is_bare_ref(ahead.group()):  # "123456789012 UTR"
            return _as_ref(ahead.group()), range(ahead.start(), ahead.end())
        i = at.stop
        while i < len(words) and plain[i] in rules.ref_skip:
            i += 1
        run = _run_at(text, words[i].start) if i < len(words) else None
        if run is not None and len(run.group()) >= MIN_CUED_REF and any(c.isdigit() for c in run.group()):
            return _as_ref(run.group()), range(run.start(), run.end())
    for run in _RUN.finditer(text):
        if _is_bare_ref(run.group()):
            return _as_ref(run.group()), range(run.start(), run.end())
    return None, range(0)


# -- the amount ------------------------------------------------------------------------------------------


def _joined(tokens: Sequence[Token]) -> list[Token]:
    """Tokens with grouped digits joined ('25', ',', '000' written '25,000' -> '25000')."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.text.isdigit():
            j, parts = i, [token.text]
            while (
                j + 2 < len(tokens)
                and tokens[j + 1].text == ","
                and tokens[j].end == tokens[j + 1].start
                and tokens[j + 1].end == tokens[j + 2].start
                and _GROUP.match(tokens[j + 2].text)
                and "." not in parts[-1]
            ):
                parts.append(tokens[j + 2].text)
                j += 2
            if j > i and len(parts[-1].split(".")[0]) == 3:
                out.append(Token("".join(parts), token.start, tokens[j].end))
                i = j + 1
                continue
        out.append(token)
        i += 1
    return out


def _amount(text: str, ref_span: range, rules: Rules) -> Decimal | None:
    """The amount told: the one number in rupees, else the only number (see the module docstring)."""
    skipped = [ref_span, *(range(m.start(), m.end()) for m in _DATE.finditer(text))]
    skipped += [range(m.start(), m.end()) for m in _RUN.finditer(text) if _is_bare_ref(m.group())]
    tokens = [t for t in _joined(tokenize(text)) if not any(t.start in span for span in skipped)]
    kept = [t for t in tokens if t.text[0].isalnum()]
    plain = [t.text for t in kept]
    numbers: list[tuple[Decimal, bool]] = []  # value, said in rupees
    i = 0
    while i < len(plain):
        read = number_at(plain, i)
        if read is None:
            i += 1
            continue
        value, end = read
        if end < len(plain) and plain[end] in rules.thousand and plain[i].isdigit():
            value, end = value * 1000, end + 1  # "25k"
        before = plain[i - 1] if i > 0 else ""
        after = plain[end] if end < len(plain) else ""
        rupees = before in rules.currency_before or after in rules.currency_after
        rupees = rupees or text[kept[end - 1].end : kept[end - 1].end + 2] == "/-"
        if value >= 1 and before not in rules.not_before and after not in rules.not_after:
            numbers.append((value, rupees))
        i = end
    marked = {value for value, rupees in numbers if rupees}
    values = marked or {value for value, _ in numbers}
    if len(values) != 1:
        return None
    value = values.pop()
    return value if value == value.quantize(Decimal("0.01")) else None


__all__ = ["MODES", "PaymentTold", "Rules", "asks_to_send", "load_rules", "read_payment"]
