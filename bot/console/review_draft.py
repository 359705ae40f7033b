"""The review page's working copy of a parse: lines staff edit, the message cut into spans, suggestions.

The page keeps no server state between clicks: every line travels in the form
(line-N-sku, line-N-qty, line-N-uom, line-N-words, line-N-was, line-N-conf, and
line-N-rate / line-N-rate_uom for a rate the dealer asked, which staff may change or clear), and
each click (pick a candidate, remove a line, add one) posts the whole form back.

`parse_json(parsed)` is the JSON a review item should store (the parsing
contract's object plus spans, how each SKU was found, and the candidates), so
the page can show what the parser read; for an item stored without spans the
page parses the message again with the current parser.

>>> segments("10 peti maggi, 2 xyz", [(0, 13, "line")])
[('10 peti maggi', 'line'), (', 2 xyz', '')]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from rapidfuzz import fuzz, process, utils

from nlu.parser import AUTO_CONFIDENCE
from nlu.types import ParsedMessage, Product

MAX_LINES = 60
MAX_RATE = Decimal(10) ** 9  # rupees a unit: more is a typing slip
SUGGEST_CUTOFF = 55.0
SHOWN = 5  # candidates shown for a line: the parser's best five
HOW = {  # how a candidate was found, in staff's words
    "alias": "alias",
    "exact": "exact name",
    "fuzzy": "similar spelling",
    "code": "SKU code",
    "search": "name search",
}


@dataclass(frozen=True)
class Cand:
    """A product the line may be: how it was found (the parser's "alias" | "exact" | "fuzzy" | "code",
    or "search" for the console's own look-up) and its score (0-1 from the parser, 0-100 from search)."""

    sku: str
    name: str
    score: float
    how: str = ""

    @property
    def why(self) -> str:
        """'fuzzy, 0.82': how it was found and its score, for the reviewer."""
        return ", ".join(part for part in (HOW.get(self.how, self.how), f"{self.score:g}") if part)


@dataclass(frozen=True)
class DraftLine:
    sku: str
    qty: str
    uom: str
    words: str = ""  # the dealer's words the line came from ('' for a line staff added)
    was: str = ""  # the SKU the parser chose ('' when it chose none)
    conf: str = ""  # the parser's confidence, as text
    candidates: tuple[Cand, ...] = ()
    rate: str = ""  # a unit price the dealer asked ("@1150"), per `rate_uom` ('' = per the line's unit)
    rate_uom: str = ""

    @property
    def changed(self) -> bool:
        return self.sku != self.was

    @property
    def unsure(self) -> bool:
        """The parser chose no SKU, or one it was not sure of: a person decides."""
        try:
            return not self.sku or float(self.conf or 0) < AUTO_CONFIDENCE
        except ValueError:
            return True


@dataclass(frozen=True)
class Loose:
    """Words the parser could not place, with its guesses."""

    text: str
    qty: str
    uom: str
    reason: str
    candidates: tuple[Cand, ...]
    rate: str = ""  # a rate the dealer asked for them, per `rate_uom` ('' = per `uom`)
    rate_uom: str = ""


def parse_json(parsed: ParsedMessage) -> dict[str, Any]:
    """What a review item stores: the contract object plus spans, `how` and candidates."""
    data = parsed.to_contract()
    data["lines"] = [
        {
            **row,
            "span": list(ln.span),
            "how": ln.how,
            "candidates": [
                {"sku": c.sku, "name": c.name, "score": c.score, "how": c.how} for c in ln.candidates
            ],
        }
        for row, ln in zip(data["lines"], parsed.lines, strict=True)
    ]
    data["unmatched"] = [
        {
            "text": u.text,
            "span": list(u.span),
            "qty": None if u.qty is None else f"{u.qty:f}",
            "uom": u.uom,
            "reason": u.reason,
            "candidates": [
                {"sku": c.sku, "name": c.name, "score": c.score, "how": c.how} for c in u.candidates
            ],
            "rate": None if u.rate is None else f"{u.rate:.2f}",
            "rate_uom": u.rate_uom,
        }
        for u in parsed.unmatched
    ]
    data["notes"] = list(parsed.notes)
    return data


def has_spans(stored: Mapping[str, Any] | None) -> bool:
    if not stored:
        return False
    rows = list(stored.get("lines") or []) + list(stored.get("unmatched") or [])
    return bool(rows) and all(isinstance(r, dict) and "span" in r for r in rows)


def _cands(rows: Any) -> tuple[Cand, ...]:
    return tuple(
        Cand(
            str(c.get("sku", "")), str(c.get("name", "")), float(c.get("score") or 0), str(c.get("how") or "")
        )
        for c in rows or ()
        if isinstance(c, dict)
    )[:SHOWN]


def from_parse(stored: Mapping[str, Any]) -> tuple[list[DraftLine], list[Loose], list[tuple[int, int, str]]]:
    """Lines, loose words and marked spans from a stored parse (parse_json's shape)."""
    lines, loose, spans = [], [], []
    for row in stored.get("lines") or []:
        lines.append(
            DraftLine(
                sku=str(row.get("sku", "")),
                qty=str(row.get("qty", "")),
                uom=str(row.get("uom", "")),
                words=str(row.get("text", "")),
                was=str(row.get("sku", "")),
                conf=str(row.get("confidence", "")),
                candidates=_cands(row.get("candidates")),
                rate=str(row.get("rate") or ""),
                rate_uom=str(row.get("rate_uom") or "") if row.get("rate_uom") != row.get("uom") else "",
            )
        )
        if row.get("span"):
            spans.append((int(row["span"][0]), int(row["span"][1]), "line"))
    for row in stored.get("unmatched") or []:
        if isinstance(row, str):  # the bare contract object: words only
            loose.append(Loose(row, "", "", "", ()))
            continue
        loose.append(
            Loose(
                str(row.get("text", "")),
                str(row.get("qty") or ""),
                str(row.get("uom") or ""),
                str(row.get("reason", "")),
                _cands(row.get("candidates")),
                str(row.get("rate") or ""),
                str(row.get("rate_uom") or ""),
            )
        )
        if row.get("span"):
            spans.append((int(row["span"][0]), int(row["span"][1]), "unmatched"))
    return lines, loose, spans


def from_form(form: Mapping[str, str]) -> list[DraftLine]:
    """The lines as the page posted them, in order; a row with every field blank is dropped."""
    out = []
    for i in range(MAX_LINES):
        if f"line-{i}-sku" not in form:
            continue
        sku = form.get(f"line-{i}-sku", "").strip().upper()
        qty = form.get(f"line-{i}-qty", "").strip()
        if not sku and not qty:
            continue
        out.append(
            DraftLine(
                sku=sku,
                qty=qty,
                uom=form.get(f"line-{i}-uom", "").strip().lower(),
                words=form.get(f"line-{i}-words", "")[:300],
                was=form.get(f"line-{i}-was", "").strip(),
                conf=form.get(f"line-{i}-conf", "")[:10],
                rate=form.get(f"line-{i}-rate", "").strip().removeprefix("₹").replace(",", "")[:20],
                rate_uom=form.get(f"line-{i}-rate_uom", "").strip().lower()[:16],
            )
        )
    return out


def pick(lines: list[DraftLine], index: int, sku: str, catalog: Mapping[str, Product]) -> list[DraftLine]:
    """Line `index` takes SKU `sku`, its unit kept; a unit the SKU is not sold in stays for staff to choose.

    Never a default unit in its place: "10 ladi" is not "10 case" (`check` then asks for the unit).
    """
    if not 0 <= index < len(lines) or sku not in catalog:
        return lines
    line = lines[index]
    uom = only_unit(catalog[sku]) if not line.uom else line.uom
    return [*lines[:index], replace(line, sku=sku, uom=uom), *lines[index + 1 :]]


def only_unit(product: Product) -> str:
    """The SKU's unit when it is sold in one only (nothing to choose), else '' (staff choose)."""
    units = product.units
    return units[0] if len(units) == 1 else ""


def adopt(lines: list[DraftLine], loose: Loose, sku: str, catalog: Mapping[str, Product]) -> list[DraftLine]:
    """A new line from loose words: staff chose the SKU, the dealer's quantity kept when he gave one."""
    if sku not in catalog:
        return lines
    uom = loose.uom or only_unit(catalog[sku])  # his unit kept even when not sold: `check` asks for one
    said = loose.rate_uom or loose.uom  # the unit his rate is for; checked against the SKU by `check`
    rate_uom = said if said not in ("", uom) else ""
    line = DraftLine(
        sku=sku, qty=loose.qty or "1", uom=uom, words=loose.text, rate=loose.rate, rate_uom=rate_uom
    )
    return [*lines, line]


@dataclass(frozen=True)
class Checked:
    sku: str
    qty: Decimal
    uom: str
    text: str  # the dealer's words (order lines keep them)
    rate: Decimal | None = None  # the rate he asked, per `rate_uom` or the line's unit (special_prices)
    rate_uom: str = ""


def check(lines: Sequence[DraftLine], catalog: Mapping[str, Product]) -> tuple[list[Checked], list[str]]:
    """Lines ready to order, or the problems, each naming its line."""
    good, errors = [], []
    if not lines:
        errors.append("the order has no lines: add one, or reject the message")
    for n, ln in enumerate(lines, start=1):
        product = catalog.get(ln.sku)
        if product is None:
            errors.append(f"line {n}: SKU '{ln.sku}' is not in the catalog")
            continue
        try:
            qty = Decimal(ln.qty)
        except InvalidOperation:
            errors.append(f"line {n}: quantity '{ln.qty}' is not a number")
            continue
        if not qty.is_finite() or qty <= 0:
            errors.append(f"line {n}: quantity must be more than 0, not {ln.qty}")
            continue
        if not ln.uom:
            errors.append(f"line {n}: choose the unit of {ln.sku} ({', '.join(product.units)})")
            continue
        if product.factor(ln.uom) is None:
            errors.append(
                f"line {n}: {ln.sku} is not sold by '{ln.uom}': choose its unit ({', '.join(product.units)})"
            )
            continue
        rate, problem = _rate(ln, product)
        if problem:
            errors.append(f"line {n}: {problem}")
            continue
        good.append(Checked(ln.sku, qty, ln.uom, ln.words, rate, ln.rate_uom if rate is not None else ""))
    return good, errors


def _rate(line: DraftLine, product: Product) -> tuple[Decimal | None, str]:
    """The line's asked rate (None: the list price), or what is wrong with it."""
    if not line.rate:
        return None, ""
    try:
        rate = Decimal(line.rate)
    except InvalidOperation:
        return None, f"asked rate '{line.rate}' is not an amount (clear it for the list price)"
    if not rate.is_finite() or rate <= 0 or rate >= MAX_RATE:
        return None, f"asked rate must be more than 0 and a real price, not {line.rate[:20]}"
    if line.rate_uom and product.factor(line.rate_uom) is None:
        return None, f"the asked rate is per '{line.rate_uom}', which {line.sku} is not sold by"
    return rate, ""


def segments(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[str, str]]:
    """The message cut into (text, kind) pieces: kind 'line' or 'unmatched' for what the parser read."""
    out: list[tuple[str, str]] = []
    at = 0
    for start, end, kind in sorted((s for s in spans if 0 <= s[0] < s[1] <= len(text)), key=lambda s: s[0]):
        if start < at:
            continue
        if start > at:
            out.append((text[at:start], ""))
        out.append((text[start:end], kind))
        at = end
    if at < len(text):
        out.append((text[at:], ""))
    return out


_NUMBER_UNIT = re.compile(r"(\d)([^\W\d_])")


def _searchable(text: str) -> str:
    """Lower case, no punctuation, a size's number apart from its unit: '200g' matches '200'.

    >>> _searchable("Colgate Strong Teeth 200g")
    'colgate strong teeth 200 g'
    """
    return str(utils.default_process(_NUMBER_UNIT.sub(r"\1 \2", text)))


def suggest(words: str, catalog: Mapping[str, Product], limit: int = SHOWN) -> tuple[Cand, ...]:
    """Catalog names closest to the dealer's words (RapidFuzz, with a cutoff: no match is no guess)."""
    if not words.strip():
        return ()
    choices = {sku: " ".join([p.name, p.brand, *p.aliases]) for sku, p in catalog.items()}
    found = process.extract(
        words,
        choices,
        scorer=fuzz.token_set_ratio,
        processor=_searchable,
        score_cutoff=SUGGEST_CUTOFF,
        limit=limit,
    )
    return tuple(Cand(sku, catalog[sku].name, round(score, 1), "search") for _, score, sku in found)


def with_suggestions(lines: list[DraftLine], catalog: Mapping[str, Product]) -> list[DraftLine]:
    """Each line keeps the parser's candidates, or gets the closest catalog names to its words."""
    return [
        ln
        if ln.candidates
        else replace(ln, candidates=tuple(c for c in suggest(ln.words, catalog) if c.sku != ln.sku))
        for ln in lines
    ]
