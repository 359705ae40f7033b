"""The parts of an order message that are not items: phones, addresses, order references, dates,
payment and rate remarks, sign-offs, and chat with numbers in it.

    >>> from nlu.normalise import tokenize
    >>> tokens = tokenize("dap 5 bori kal bhej dena. Contact Sunil 98230 12345")
    >>> [(s.kind, " ".join(t.text for t in tokens[s.start:s.end])) for s in non_items(tokens)]
    [('date', 'kal'), ('phone', 'contact sunil 98230 12345')]

So the parser can account for every word without reading a phone number as a quantity or an
address as a product. The words live in `nlu/rules/nonitems.toml`; each kind is one small finder
below, fired by the words that can start it (`_TRIGGERS`, and `_DIGIT_RULES` for numbers). One
pass over the tokens collects what the finders return; where two spans overlap, the kind earlier
in `PRIORITY` keeps its tokens (a phone inside an address splits the address).

A number right before a unit word ("10 bag", "2 coil", "1/2 inch") is an item's and is never
taken for a phone, a date or a reference; that is the one rule every finder keeps.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from nlu.normalise import Token, tokenize
from nlu.numbers import BEFORE_UNIT_ONLY, NUMBER_WORDS
from nlu.sizes import SIZE_UNITS
from nlu.units import UNIT_WORDS
from nlu.vocab import FILLERS

KINDS = ("phone", "po", "address", "signoff", "payment", "rate", "date", "chat")
# Overlapping spans: the earlier kind keeps its tokens, the later one is cut around them.
PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # token positions [start, end) in the list given to `non_items`
    end: int
    kind: str


Phrase = tuple[str, ...]
# first word -> (phrase, tag), longest first
PhraseTable = dict[str, tuple[tuple[Phrase, str], ...]]


def _load() -> dict[str, Any]:
    text = (resources.files("nlu") / "rules" / "nonitems.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def phrase(entry: str) -> Phrase:
    """A table entry as the tokens the parser sees: 'add:' -> ('add', ':')."""
    words = tuple(t.text for t in tokenize(entry))
    if not words:
        raise ValueError(f"nlu/rules/nonitems.toml: entry {entry!r} has no tokens")
    return words


def phrase_table(*groups: tuple[str, Iterable[str]]) -> PhraseTable:
    """(tag, entries) groups -> first word -> phrases, longest first.

    >>> phrase_table(("a", ["deliver at", "deliver"]))["deliver"]
    ((('deliver', 'at'), 'a'), (('deliver',), 'a'))
    """
    table: dict[str, list[tuple[Phrase, str]]] = {}
    for tag, entries in groups:
        for entry in entries:
            words = phrase(entry)
            table.setdefault(words[0], []).append((words, tag))
    return {w: tuple(sorted(rows, key=lambda row: -len(row[0]))) for w, rows in table.items()}


def word_set(*lists: Iterable[str]) -> frozenset[str]:
    """One-token entries of the lists (a multi-word entry needs a phrase table)."""
    return frozenset(w for entries in lists for e in entries if len(words := phrase(e)) == 1 for w in words)


_R = _load()

UNITS = frozenset(UNIT_WORDS) | frozenset(SIZE_UNITS) | word_set(_R["words"]["units"])
QTY_WORDS = frozenset(NUMBER_WORDS) | frozenset(BEFORE_UNIT_ONLY)  # "ek coil", "do peti"
CLAUSE_ENDS = frozenset(_R["words"]["clause_ends"])
ABBREVIATIONS = frozenset(_R["words"]["abbreviations"])

PHONE_LEADS = word_set(_R["phone"]["lead"])
HONORIFICS = word_set(_R["phone"]["honorifics"])
PHONE_LINKS = frozenset(_R["phone"]["links"])
PHONE_AFTER = word_set(_R["phone"]["after"])
POSSESSIVES = word_set(_R["phone"]["possessives"])

ADDRESS = phrase_table(
    ("anywhere", _R["address"]["anywhere"]),
    ("clause_start", _R["address"]["clause_start"]),
    ("number_after", _R["address"]["number_after"]),
    ("site", _R["address"]["site"]),
    ("place_before", _R["address"]["place_before"]),
)
PLACE_WORDS = word_set(_R["address"]["place_words"])
POSTPOSITIONS = word_set(_R["address"]["postpositions"])
VERB_TAIL = word_set(_R["address"]["verb_tail"])
PLACE_STOPS = (
    UNITS | QTY_WORDS | word_set(_R["phone"]["not_names"], _R["date"]["anchors"], _R["date"]["durations"])
)

PO_LEADS = phrase_table(("strong", _R["po"]["strong"]), ("weak", _R["po"]["weak"]))
NUMBER_MARKERS = frozenset(_R["po"]["markers"])  # "po no. 4471", "flat no 302"
SAYS_NUMBER = frozenset(w for w in NUMBER_MARKERS if w.isalpha())
PO_TAIL = phrase_table(("tail", _R["po"]["tail"]))

DATE_ANCHORS = phrase_table(("anchor", _R["date"]["anchors"]))
TIME_AFTER = phrase_table(("time", _R["date"]["time_words"]))
DAY_AFTER = phrase_table(("day", _R["date"]["day_words"]))
ORDINALS = word_set(_R["date"]["ordinals"])
DURATIONS = phrase_table(("duration", _R["date"]["durations"]))
RANGES = frozenset(_R["date"]["ranges"])
DATE_LEADS = word_set(_R["date"]["leads"])
DATE_TAIL = word_set(_R["date"]["tail"])
DATE_CUES = word_set(_R["date"]["cues"])
STRONG_DATE_CUES = word_set(_R["date"]["strong_cues"])
FRACTION_DENOMINATORS = frozenset(int(d) for d in _R["date"]["fraction_denominators"])
TIME_CONTEXT = DATE_CUES | DATE_TAIL | word_set(_R["date"]["anchors"]) | word_set(_R["date"]["time_words"])

PAYMENT = phrase_table(("anchor", _R["payment"]["anchors"]))
PAYMENT_LEADS = word_set(_R["payment"]["leads"])
PAYMENT_TAIL = word_set(_R["payment"]["tail"], _R["date"]["tail"], _R["date"]["leads"])

RATE = phrase_table(("anchor", _R["rate"]["anchors"]))
RATE_ANCHORS = word_set(_R["rate"]["anchors"])
RATE_WHICH = word_set(_R["rate"]["which"])
RATE_LINKS = word_set(_R["rate"]["links"])

SIGNOFF = phrase_table(("thanks", _R["signoff"]["thanks"]), ("named", _R["signoff"]["named"]))
MAX_NAME_WORDS: int = _R["signoff"]["max_name_words"]
LINE_START_SIGNOFFS = word_set(_R["signoff"]["line_start"])
SIGNOFF_PUNCT = frozenset({",", ".", "\n", ":", "-", "&", "(", ")", "*"})

CHAT_TIMES = phrase_table(("times", _R["chat"]["times"]))
COUNT_WORDS = QTY_WORDS | word_set(_R["chat"]["counts"])

# Words that are never a person's name next to a phone number.
NOT_NAMES = (
    FILLERS
    | UNITS
    | word_set(_R["phone"]["not_names"], _R["date"]["anchors"], _R["date"]["leads"], _R["payment"]["anchors"])
    | PHONE_LEADS
    | RATE_ANCHORS
) - HONORIFICS


class _Msg:
    """The tokens of one message and the questions every finder asks about a position."""

    __slots__ = ("tokens", "words", "n")

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.words = [t[0] for t in tokens]
        self.n = len(tokens)

    def glued(self, i: int) -> bool:
        """Token i touches the one before it ("98230-12345", "45,000")."""
        return 0 < i < self.n and self.tokens[i][1] == self.tokens[i - 1][2]

    def number(self, i: int) -> bool:
        return i < self.n and self.words[i].isdigit()

    def unit_at(self, i: int) -> bool:
        return i < self.n and self.words[i] in UNITS

    def qty_at(self, i: int) -> bool:
        """A quantity with its unit starts at i ("10 bag", "ek coil", "1/2 inch")."""
        w = self.words[i]
        return (w[0].isdigit() or w in QTY_WORDS) and self.unit_at(i + 1)

    def sentence_end(self, i: int) -> bool:
        """A '.' followed by a space or a line end, not after an abbreviation ('shop no. 4')."""
        words = self.words
        if words[i] != ".":
            return False
        if i > 0 and words[i - 1] in ABBREVIATIONS:
            return False
        return i + 1 == self.n or words[i + 1] == "\n" or self.tokens[i + 1][1] > self.tokens[i][2]

    def clause_end(self, i: int) -> bool:
        return i >= self.n or self.words[i] in CLAUSE_ENDS or self.sentence_end(i)

    def clause_start(self, i: int) -> bool:
        if i == 0:
            return True
        before = self.words[i - 1]
        return before in CLAUSE_ENDS or before in {":", "-", "(", "*"} or self.sentence_end(i - 1)

    def line_start(self, i: int) -> bool:
        return i == 0 or self.words[i - 1] == "\n" or self.sentence_end(i - 1)

    def namey(self, i: int) -> bool:
        """Could be a person's or a shop's name: a word that is no unit, filler or trigger."""
        w = self.words[i]
        return len(w) > 1 and w.isalpha() and w not in NOT_NAMES

    def match(self, table: PhraseTable, i: int) -> tuple[int, str]:
        """(end, tag) of the longest phrase of `table` at i, or (-1, '')."""
        if i >= self.n:
            return -1, ""
        for words, tag in table.get(self.words[i], ()):
            end = i + len(words)
            if end <= self.n and (len(words) == 1 or tuple(self.words[i:end]) == words):
                return end, tag
        return -1, ""

    def item_ahead(self, i: int) -> bool:
        """The clause from i (to the next ',' or clause end) holds a quantity with its unit."""
        j = i
        while j < self.n and not (self.words[j] == "," or self.clause_end(j)):
            if self.qty_at(j):
                return True
            j += 1
        return False


Rule = Callable[[_Msg, int], Span | None]


# --- phone -------------------------------------------------------------------------------------


def phone_shape(digits: str) -> str | None:
    """'mobile', 'landline' or None for a run of digits.

    >>> phone_shape("9823012345"), phone_shape("919823012345"), phone_shape("02027654321")
    ('mobile', 'mobile', 'landline')
    >>> phone_shape("5823012345") is None
    True
    """
    size = len(digits)
    if size == 10 and digits[0] in "6789":
        return "mobile"
    if size == 11 and digits[0] == "0":
        return "mobile" if digits[1] in "6789" else "landline"
    if size == 12 and digits[:2] == "91" and digits[2] in "6789":
        return "mobile"
    return None


def phone_number_at(m: _Msg, i: int) -> tuple[int, str | None]:
    """(end, shape) of the digit groups from i that make a phone ("98230 12345", "+91-98230-12345")."""
    words, n = m.words, m.n
    digits = ""
    k = i
    while k < n and words[k].isdigit():
        if k > i and len(words[k]) < 3:
            break
        digits += words[k]
        if len(digits) >= 10:
            return k + 1, phone_shape(digits)
        k += 1
        if k + 1 < n and words[k] == "-" and words[k + 1].isdigit():
            k += 1
    return -1, None


def _phone_lead(m: _Msg, j: int) -> int:
    """Position of the lead word ("contact", "mob no") left of position j, or -1."""
    words = m.words
    lead = -1
    k = j
    while k >= 0 and j - k < 6:
        w = words[k]
        if m.sentence_end(k) or w in CLAUSE_ENDS:
            break
        if w in PHONE_LEADS:
            lead = k
        elif lead != -1 and w not in PHONE_LINKS:
            break
        elif w not in PHONE_LINKS and w not in HONORIFICS and not m.namey(k):
            break
        k -= 1
    if lead >= 2 and words[lead - 1] in POSSESSIVES and m.namey(lead - 2):  # "Suresh ka number"
        lead -= 2
        if lead >= 1 and m.namey(lead - 1):
            lead -= 1
    return lead


def _name_before(m: _Msg, j: int) -> int:
    """Start of a name right before position j+1 ("Raju", "Raju bhai"), or j+1 when there is none."""
    k = j
    if k >= 0 and m.words[k] in HONORIFICS:
        k -= 1
    names = 0
    while k >= 0 and names < 2 and m.namey(k):
        k -= 1
        names += 1
    if names == 2 and not m.clause_start(k + 1):  # two words only when they open the clause
        k += 1
    return k + 1 if names else j + 1


def _name_after(m: _Msg, e: int) -> int:
    """End of "(Raju)" or a name closing the clause after the number at e, else e."""
    words, n = m.words, m.n
    if e < n and words[e] == "(":
        k = e + 1
        while k < n and k - e <= 4 and (m.namey(k) or words[k] in HONORIFICS or words[k] in PHONE_LEADS):
            k += 1
        return k + 1 if k < n and k > e + 1 and words[k] == ")" else e
    k = e
    while k < n and words[k] in {"-", ":"}:
        k += 1
    names = 0
    while k < n and names < 2 and m.namey(k):
        k += 1
        names += 1
    if k < n and words[k] in HONORIFICS:
        k += 1
    return k if names and m.clause_end(k) else e


def phone(m: _Msg, i: int) -> Span | None:
    """'contact Suresh 98230 12345', 'Raju 9850012345', '9850012345 (Raju)', 'mob no: +91 98230 12345'."""
    end, shape = phone_number_at(m, i)
    if shape is None or m.unit_at(end):
        return None
    start = i - 1 if i > 0 and m.words[i - 1] == "+" else i
    j = start - 1
    while j >= 0 and m.words[j] in {":", "-", "=", "."} and not m.sentence_end(j):
        j -= 1
    lead = _phone_lead(m, j)
    if lead == -1 and shape != "mobile":
        return None
    if lead != -1:
        named = any(m.namey(k) for k in range(lead, start))
        start = lead
    else:
        name = _name_before(m, j)
        named = name <= j
        if named:
            start = name
    if not named:
        end = _name_after(m, end)
    while end < m.n and m.words[end] in PHONE_AFTER:
        end += 1
    return Span(start, end, "phone")


# --- address -----------------------------------------------------------------------------------


def _clause_run(m: _Msg, e: int, *, one_clause: bool = False) -> int:
    """End of an address whose lead words end at e: the line or sentence end (its '.' included), a
    ',' before a clause that holds a quantity with its unit (any ',' when `one_clause`), or, when it
    runs into such a quantity, see `_back_off`."""
    words, n = m.words, m.n
    j = e
    while j < n:
        w = words[j]
        if w in {"\n", ";"} or (one_clause and w == ","):
            return j
        if m.sentence_end(j):
            return j + 1
        if w == "," and m.item_ahead(j + 1):
            return j
        if m.qty_at(j):
            return _back_off(m, e, j)
        j += 1
    return j


def _back_off(m: _Msg, e: int, j: int) -> int:
    """An address that runs into the quantity at j ('deliver at Moshi urea 10 bag') ends at its last
    boundary (a postposition or punctuation), else right after its lead words and the number they
    take ('Flat 302'): the word before a quantity is as often the item's name as the place's, and an
    unread place word only sends the order to a person, while a swallowed item loses it."""
    for b in range(j - 1, e - 1, -1):
        w = m.words[b]
        if w == ",":
            return b
        if w in POSTPOSITIONS or w in {"-", ":", ")"}:
            return b + 1
    k = e
    while k < j and m.words[k] in NUMBER_MARKERS:
        k += 1
    return k + 1 if k < j and m.words[k][0].isdigit() else e


def _number_follows(m: _Msg, e: int) -> bool:
    k = e
    while k < m.n and m.words[k] in NUMBER_MARKERS:
        k += 1
    return m.number(k) and not m.unit_at(k + 1)


def _place_before(m: _Msg, i: int, e: int) -> Span:
    """'Moshi godown pe pahuchana': the place words before the verb; the verb alone is chat."""
    words = m.words
    while e < m.n and words[e] in VERB_TAIL:
        e += 1
    if i >= 2 and words[i - 1] in POSTPOSITIONS:
        k = i - 2
        while k >= 0 and i - 2 - k < 4 and words[k].isalpha() and words[k] not in PLACE_STOPS:
            k -= 1
        if k < i - 2:
            return Span(k + 1, e, "address")
    return Span(i, e, "chat")


def address(m: _Msg, i: int) -> Span | None:
    """'Site - Flat 302, Sai Residency, Moshi.', 'deliver at Moshi godown', 'shop no. 4, near bus
    stand'; 'site pe kaam ruka hai' is chat."""
    for words, mode in ADDRESS.get(m.words[i], ()):
        e = i + len(words)
        if e > m.n or (len(words) > 1 and tuple(m.words[i:e]) != words):
            continue
        if mode == "place_before":
            return _place_before(m, i, e)
        if mode == "clause_start" and not m.clause_start(i):
            continue
        if mode == "number_after" and not (m.clause_start(i) and _number_follows(m, e)):
            continue
        if mode == "site" and not (e < m.n and m.words[e] in {":", "-"}):
            end = _clause_run(m, e, one_clause=True)
            has_number = any(m.words[k][0].isdigit() for k in range(e, end))
            return Span(i, end, "address" if has_number else "chat")
        return Span(i, _clause_run(m, e), "address")
    return None


def place(m: _Msg, i: int) -> Span | None:
    """'Boring Road, Patna', 'Distt Bathinda', 'Chennai 600045': a clause holding a place word or a
    PIN code, and no quantity with its unit, is an address."""
    words = m.words
    if words[i][:1].isdigit() and not (len(words[i]) == 6 and words[i][0] in "12345678"):
        return None
    start = i
    while (
        start > 0
        and words[start - 1] not in {",", "\n", ";", ":", "(", ")"}
        and not m.sentence_end(start - 1)
    ):
        start -= 1
    end = i + 1
    while end < m.n and words[end] not in {",", "\n", ";", "(", ")"} and not m.sentence_end(end):
        end += 1
    if any(m.qty_at(k) for k in range(start, end)):
        return None
    line_end = end
    while line_end < m.n and words[line_end] != "\n":
        line_end += 1
    if not any(m.qty_at(k) for k in range(end, line_end)):
        end = line_end  # "Boring Road, Patna": the rest of an address line is the address too
    return Span(start, end, "address")


# --- order reference ---------------------------------------------------------------------------


def po(m: _Msg, i: int) -> Span | None:
    """'PO 4471', 'P.O. 4471', 'po no 4471', 'bill no 123', 'order 5120 me jod do', 'ref 123'."""
    e, strength = m.match(PO_LEADS, i)
    if e < 0:
        return None
    words, n = m.words, m.n
    j = e
    says_number = False
    while j < n and j - e < 3 and words[j] in NUMBER_MARKERS:
        says_number = says_number or words[j] in SAYS_NUMBER
        j += 1
    if j >= n or not words[j].replace("/", "").isdigit():  # "4471", "2024/118"
        return None
    if m.unit_at(j + 1) or _date_word_after(m, j + 1) > 0:
        return None
    digits = len(words[j])
    k = j + 1
    while k < n and m.glued(k) and (words[k].isalnum() or words[k] in {"/", "-"}):
        k += 1
    while words[k - 1] in {"/", "-"}:
        k -= 1
    tail = k
    while (t := m.match(PO_TAIL, tail)[0]) > 0:
        tail = t
    if strength == "weak" and not (says_number or digits >= 4 or (digits >= 3 and tail > k)):
        return None
    if strength == "strong" and digits < 2 and not says_number:
        return None
    return Span(i, tail, "po")


# --- date and time -----------------------------------------------------------------------------


def _date_word_after(m: _Msg, k: int) -> int:
    """End of a time, day or duration word at k ("baje", "tarikh", "nov", "din"), or -1."""
    for table in (TIME_AFTER, DAY_AFTER, DURATIONS):
        e = m.match(table, k)[0]
        if e > 0:
            return e
    return -1


def _day_month(d: str, mo: str) -> bool:
    return d.isdigit() and mo.isdigit() and 1 <= int(d) <= 31 and 1 <= int(mo) <= 12


def _year_after(m: _Msg, k: int, sep: str) -> int:
    """k + 2 when '<sep><2 or 4 digit year>' is glued at k ("/2026", ".26"), else k."""
    if k + 1 < m.n and m.words[k] == sep and m.glued(k) and m.glued(k + 1):
        year = m.words[k + 1]
        if year.isdigit() and len(year) in (2, 4):
            return k + 2
    return k


def _cue_around(m: _Msg, i: int, end: int, cues: frozenset[str]) -> bool:
    return (i > 0 and m.words[i - 1] in cues) or (end < m.n and m.words[end] in cues)


def slash_date(m: _Msg, i: int) -> int:
    """End of a d/m date at i ("12/11", "12/11/2026"), or -1 for fractions and ratings ("3/4",
    "1/2 inch", "6/16 socket")."""
    d, _, mo = m.words[i].partition("/")
    duration = m.match(DURATIONS, i + 1)[0]  # "2/3 din": two or three days
    if duration > 0:
        return duration
    if not _day_month(d, mo):
        return -1
    end = _year_after(m, i + 1, "/")
    if m.unit_at(end):
        return -1
    if end > i + 1 or _cue_around(m, i, end, DATE_CUES):
        return end
    if int(d) < int(mo) and int(mo) in FRACTION_DENOMINATORS:
        return -1
    if m.qty_at(end) and not m.line_start(i):  # "tin sheet 10/12 5 nos": a size before its quantity
        return -1
    return end


def dotted_date(m: _Msg, i: int) -> int:
    """'12.11.26', '12.11.2026'; '12.11' alone only after 'dt'/'date' (else it is a decimal)."""
    d, _, mo = m.words[i].partition(".")
    if not _day_month(d, mo):
        return -1
    end = _year_after(m, i + 1, ".")
    if m.unit_at(end) or (end == i + 1 and not _cue_around(m, i, end, STRONG_DATE_CUES)):
        return -1
    return end


def dashed_date(m: _Msg, i: int) -> int:
    """'12-11-2026', '12-11-26'; '12-11' alone only next to a date cue ('12-11 ko')."""
    words = m.words
    if not (i + 2 < m.n and words[i + 1] == "-" and m.glued(i + 1) and m.glued(i + 2)):
        return -1
    if not _day_month(words[i], words[i + 2]):
        return -1
    end = _year_after(m, i + 3, "-")
    if m.unit_at(end) or (end == i + 3 and not _cue_around(m, i, end, DATE_CUES)):
        return -1
    return end


def clock(m: _Msg, i: int) -> int:
    """'5:30 baje', 'subah 10:30 tak'; never an NPK grade ('19:19:19') or a bare ratio."""
    words, n = m.words, m.n
    if not (i + 2 < n and words[i + 1] == ":" and m.glued(i + 1) and m.glued(i + 2)):
        return -1
    hour, minute = words[i], words[i + 2]
    if not (len(minute) == 2 and minute.isdigit() and int(hour) <= 24 and int(minute) < 60):
        return -1
    if (i + 3 < n and words[i + 3] == ":" and m.glued(i + 3)) or (i > 0 and words[i - 1] == ":"):
        return -1
    end = i + 3
    after = m.match(TIME_AFTER, end)[0]
    if after > 0:
        return after
    return end if _cue_around(m, i, end, TIME_CONTEXT) else -1


def _date_number(m: _Msg, i: int) -> int:
    """End of a date or time that starts with the number at i, or -1."""
    w = m.words[i]
    if "/" in w:
        return slash_date(m, i)
    if "." in w:
        return dotted_date(m, i)
    if not w.isdigit():
        return -1
    for shape in (dashed_date, clock):
        end = shape(m, i)
        if end > 0:
            return end
    k = i + 1
    if k + 1 < m.n and m.words[k] in RANGES and m.words[k + 1].isdigit():  # "2-3 din", "4 se 5 baje"
        k += 2
    if m.unit_at(k):
        return -1
    for table, most in ((TIME_AFTER, 24), (DAY_AFTER, 31), (DURATIONS, 10_000)):
        e = m.match(table, k)[0]
        if e > 0 and int(w) <= most:
            return e
    if k < m.n and m.words[k] in ORDINALS and m.glued(k) and int(w) <= 31:  # "12th nov", "1st ko"
        e = m.match(DAY_AFTER, k + 1)[0]
        if e > 0:
            return e
        if k + 1 < m.n and m.words[k + 1] in DATE_CUES:
            return k + 1
    return -1


def _date_piece(m: _Msg, j: int) -> int:
    """End of a day, time or date shape at j ("kal", "5 baje", "12/11", "do din"), or -1."""
    w = m.words[j]
    if w[0].isdigit():
        return _date_number(m, j)
    end = m.match(DATE_ANCHORS, j)[0]
    if end < 0 and w in QTY_WORDS:
        return _date_word_after(m, j + 1)
    return end


def date(m: _Msg, i: int) -> Span | None:
    """'kal', 'parso shaam 5 baje tak', '12/11', '10 tarikh', '2 din ho gaye', 'next week'."""
    words = m.words
    j = _date_piece(m, i)
    if j < 0:
        return None
    while j < m.n:
        e = _date_piece(m, j)
        if e > j:
            j = e
        elif words[j] in DATE_TAIL:
            j += 1
        else:
            break
    start = i
    if start >= 2 and words[start - 1] in {":", ".", "-"} and words[start - 2] in STRONG_DATE_CUES:
        start -= 1  # "dt: 12/11"
    while start > 0 and words[start - 1] in DATE_LEADS:
        start -= 1
    return Span(start, j, "date")


# --- payment and rate remarks ------------------------------------------------------------------


def payment(m: _Msg, i: int) -> Span | None:
    """'payment kal karunga', 'cheque de dunga', 'paisa baad me', 'UTR 4471XXXX', 'gpay se'."""
    words, n = m.words, m.n
    j = m.match(PAYMENT, i)[0]
    if j < 0:
        return None
    start = i
    while start > 0 and words[start - 1] in PAYMENT_LEADS:
        start -= 1
    while j < n:
        w = words[j]
        if w[0].isdigit():
            if m.qty_at(j):
                break
            j += 1
            while j < n and m.glued(j) and (words[j].isalnum() or words[j] in {",", "/", "-"}):
                j += 1  # "45,000", "4471xxxx", "1000/-"
        elif w in PAYMENT_TAIL:
            j += 1
        elif (e := m.match(DATE_ANCHORS, j)[0]) > 0:
            j = e
        else:
            break
    return Span(start, j, "payment")


def _number_remark(m: _Msg, j: int) -> int:
    """End of '5%' or '10+1' (a discount or a scheme) starting at j, else j."""
    words, n = m.words, m.n
    if not m.number(j):
        return j
    if j + 1 < n and words[j + 1] == "%":
        return j + 2
    if j + 2 < n and words[j + 1] == "+" and words[j + 2].isdigit() and not m.unit_at(j + 3):
        return j + 3
    return j


def _rate_words(m: _Msg, j: int) -> int:
    words = m.words
    while j < m.n and (words[j] in RATE_WHICH or words[j] in RATE_LINKS or words[j] in RATE_ANCHORS):
        j += 1
    return j


def rate(m: _Msg, i: int) -> Span | None:
    """'rate pichla wala lagana', 'rate same as last', 'purane rate pe', 'old rate', '2% cd',
    'scheme 10+1'. A rate with a number ('rate 1000', '@1150') is the parser's: not marked."""
    words = m.words
    start = i
    while start > 0 and (words[start - 1] in RATE_WHICH or words[start - 1] in RATE_LINKS):
        start -= 1
    numbered = start >= 2 and words[start - 1] == "%" and m.number(start - 2)  # "2% cd"
    if numbered:
        start -= 2
    end = _rate_words(m, i + 1)
    remark = _number_remark(m, end)  # "discount 5%", "scheme 10+1"
    if remark > end:
        numbered = True
        end = _rate_words(m, remark)
    if not numbered and not any(words[k] in RATE_WHICH for k in range(start, end)):
        return None
    while start < i and words[start] in RATE_LINKS:  # "bhej do same rate": not "do"
        start += 1
    return Span(start, end, "rate")


# --- sign-off and chat -------------------------------------------------------------------------


def signoff(m: _Msg, i: int) -> Span | None:
    """'thanks', 'dhanyavad sir', 'Regards, Sharma Traders', '- Ramesh' closing the message."""
    words, n = m.words, m.n
    e, tag = m.match(SIGNOFF, i)
    if e < 0:
        return None
    if words[i] in LINE_START_SIGNOFFS:
        if not m.line_start(i) or any(words[k] == "-" and m.line_start(k) for k in range(i)):
            return None  # "-" opens every line of a list: a bullet, not a signature
    named = tag == "named"
    names = 0
    j = e
    while j < n:
        w = words[j]
        k, more = m.match(SIGNOFF, j)
        if k > 0:
            named = named or more == "named"
            j = k
            continue
        if w in SIGNOFF_PUNCT or w in FILLERS or w in HONORIFICS:
            j += 1
            continue
        if w.isdigit():
            k = phone_number_at(m, j)[0]
            if k > 0:
                j = k
                continue
        if named and names < MAX_NAME_WORDS and w.isalpha() and not m.unit_at(j):
            names += 1
            j += 1
            continue
        return None
    return Span(i, n, "signoff")


def times(m: _Msg, i: int) -> Span | None:
    """'3 baar call kiya', 'do baar bola': a count of times, not of goods."""
    e = m.match(CHAT_TIMES, i)[0]
    if e < 0 or i == 0:
        return None
    before = m.words[i - 1]
    if before[0].isdigit() or before in COUNT_WORDS:
        return Span(i - 1, e, "chat")
    return None


# --- the pass ----------------------------------------------------------------------------------


def _triggers() -> dict[str, tuple[tuple[str, Rule], ...]]:
    """first word of every phrase a finder starts from -> (kind, finder)."""
    table: dict[str, list[tuple[str, Rule]]] = {}
    for kind, rule, words in (
        ("date", date, QTY_WORDS),  # "do din me", "das tarikh"
        ("address", address, ADDRESS),
        ("po", po, PO_LEADS),
        ("date", date, DATE_ANCHORS),
        ("payment", payment, PAYMENT),
        ("rate", rate, RATE),
        ("signoff", signoff, SIGNOFF),
        ("chat", times, CHAT_TIMES),
        ("address", place, PLACE_WORDS),
    ):
        for w in words:
            rules = table.setdefault(w, [])
            if (kind, rule) not in rules:
                rules.append((kind, rule))
    return {w: tuple(rules) for w, rules in table.items()}


_TRIGGERS = _triggers()
_DIGIT_RULES: tuple[tuple[str, Rule], ...] = (("phone", phone), ("date", date), ("address", place))


def non_items(tokens: Sequence[Token]) -> list[Span]:
    """Spans of `tokens` that are not items, in order, none overlapping."""
    m = _Msg(tokens)
    found: list[Span] = []
    reached: dict[str, int] = {}  # per finder: where its last span ended (no second span inside it)
    for i, w in enumerate(m.words):
        # a number with its unit word after it ("10 bag") is a quantity: no phone, date or place
        rules = _TRIGGERS.get(w) or (_DIGIT_RULES if w[:1].isdigit() and not m.unit_at(i + 1) else ())
        for kind, rule in rules:
            if reached.get(kind, 0) > i:
                continue
            span = rule(m, i)
            if span is not None and span.end > span.start:
                found.append(span)
                reached[kind] = span.end
    return _resolve(found, m) if found else found


def _resolve(found: list[Span], m: _Msg) -> list[Span]:
    """Overlaps settled by PRIORITY: each token goes to the highest kind that claims it; a span cut
    in two by a higher one stays two spans; pieces of bare punctuation are dropped."""
    owner = [-1] * m.n
    order = sorted(range(len(found)), key=lambda s: (PRIORITY[found[s].kind], found[s].start))
    for s in order:
        span = found[s]
        for k in range(span.start, span.end):
            if owner[k] == -1:
                owner[k] = s
    spans: list[Span] = []
    k = 0
    while k < m.n:
        s = owner[k]
        if s == -1:
            k += 1
            continue
        start = k
        while k < m.n and owner[k] == s:
            k += 1
        if any(m.words[t][0].isalnum() for t in range(start, k)):
            spans.append(Span(start, k, found[s].kind))
    return spans
