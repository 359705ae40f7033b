"""Reading a master CSV file and its fields, with errors that name the line and the value.

Line numbers are what a spreadsheet shows: the header is line 1, the first
data row line 2, blank rows count but are skipped, and a quoted value with a
line break inside stays one row.

Each field parser takes the column name and the raw text and raises
`BadValue` with a reason ("credit_limit 'abc' is not a number"); the file
reader turns that into "dealers.csv line 14: credit_limit 'abc' is not a number".

>>> money("price", "1,180.80")
Decimal('1180.80')
>>> money("credit_limit", "abc")
Traceback (most recent call last):
...
domain.importing.fields.BadValue: credit_limit 'abc' is not a number
>>> phone("phone", "98261 04573")
'+919826104573'
>>> yes_no("recursive", "Yes"), yes_no("recursive", "")
(True, False)

Optional cells (data contract section 1): an empty cell, or a column the file
does not have, is "not given": a new row takes the default and a stored row
keeps its value. Clearing a stored value is explicit, with `-` or `none`:

>>> row = Row("dealers.csv", 2, {"credit_limit": "", "tier": "none", "reps": "-"})
>>> [optional(row, c, optional_money) for c in ("credit_limit", "tier", "reps", "balance")]
[KEEP, CLEARED, CLEARED, KEEP]
>>> optional(Row("dealers.csv", 2, {"credit_limit": "1,20,000.00"}), "credit_limit", money)
Decimal('120000.00')
>>> price("price", "0", free=False)
Traceback (most recent call last):
...
domain.importing.fields.BadValue: price '0' is not above zero (a free item says so: free=yes)
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from pathlib import Path
from typing import Final, Literal, TypeVar

import phonenumbers

from domain.errors import MasterDataError
from domain.money import rupees

DEFAULT_REGION = "IN"
T = TypeVar("T")
MAX_SHOWN = 20
CLEAR_WORDS = frozenset({"-", "none"})  # an optional cell that clears the stored value


class Cell(Enum):
    """What an optional cell says when it gives no value."""

    KEEP = "keep"  # empty, or no such column: a stored row keeps its value, a new row the default
    CLEARED = "cleared"  # `-` or `none`: the stored value is removed (set to the default)

    def __repr__(self) -> str:
        return self.name


KEEP: Final = Cell.KEEP
CLEARED: Final = Cell.CLEARED


class BadValue(ValueError):
    """One field is wrong; the message is the reason without file and line."""


class ImportFailed(MasterDataError):
    """A file has bad rows: `errors` lists every one (the message shows the first MAX_SHOWN)."""

    def __init__(self, errors: Sequence[MasterDataError]) -> None:
        first = errors[0]
        super().__init__(first.file, first.line, first.reason)
        self.errors = list(errors)
        shown = [str(error) for error in self.errors[:MAX_SHOWN]]
        if len(self.errors) > MAX_SHOWN:
            shown.append(f"... and {len(self.errors) - MAX_SHOWN} more bad rows in {first.file}")
        self.args = ("\n".join(shown),)


@dataclass(frozen=True)
class Row:
    """One data row: its spreadsheet line number and its values by (lower-case) column name."""

    file: str
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        """The stripped value, '' when the column is absent or empty."""
        return self.values.get(column, "").strip()

    def has(self, column: str) -> bool:
        return column in self.values

    def required(self, column: str) -> str:
        value = self.get(column)
        if not value:
            raise BadValue(f"{column} is empty")
        return value

    def error(self, reason: str) -> MasterDataError:
        return MasterDataError(self.file, self.line, reason)


def unique_rows(
    rows: Sequence[Row],
    parse: Callable[[Row], T],
    key: Callable[[T], Hashable],
    again: Callable[[T, int], str],
    check: Callable[[Row, T], str | None] | None = None,
) -> tuple[list[T], list[MasterDataError]]:
    """Each row parsed; a bad value, a key seen on an earlier good row (`again(item, its line)` says
    why) or a `check` that finds a reason is an error naming the row's line. The good items in
    order, then the errors; `check` sees only rows that passed the rest, and a row it passes is kept.

    >>> rows = [Row("f.csv", n, {"x": v}) for n, v in ((2, "1"), (3, "abc"), (4, "1"))]
    >>> good, bad = unique_rows(rows, lambda r: quantity("x", r.get("x")), lambda q: q,
    ...                         lambda q, line: f"x {q} appears again (first on line {line})")
    >>> good, [str(e) for e in bad][1]
    ([Decimal('1')], 'f.csv line 4: x 1 appears again (first on line 2)')
    """
    parsed: list[T] = []
    errors: list[MasterDataError] = []
    first_line: dict[Hashable, int] = {}
    for row in rows:
        try:
            item = parse(row)
        except BadValue as exc:
            errors.append(row.error(str(exc)))
            continue
        k = key(item)
        why = again(item, first_line[k]) if k in first_line else (check(row, item) if check else None)
        if why is not None:
            errors.append(row.error(why))
            continue
        first_line[k] = row.line
        parsed.append(item)
    return parsed, errors


def read_rows(path: Path, required: Sequence[str]) -> tuple[tuple[str, ...], list[Row]]:
    """The header (lower-case names) and the non-blank rows; raises ImportFailed for a bad layout."""
    name = path.name
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        reason = "is not UTF-8 text (save the file as CSV UTF-8)"
        raise ImportFailed([MasterDataError(name, line, reason)]) from None
    records = _records(name, text)
    try:
        line, header_row = next(records)
    except StopIteration:
        raise ImportFailed([MasterDataError(name, 1, "the file is empty (a header row is needed)")]) from None
    header = tuple(cell.strip().lower() for cell in header_row)
    problems = _header_problems(header, required)
    if problems:
        raise ImportFailed([MasterDataError(name, line, reason) for reason in problems])
    rows: list[Row] = []
    errors: list[MasterDataError] = []
    for line, cells in records:
        if not any(cell.strip() for cell in cells):
            continue
        extra = [cell for cell in cells[len(header):] if cell.strip()]
        if extra:
            errors.append(MasterDataError(
                name, line, f"has {len(cells)} values but the header has {len(header)} columns"
            ))
            continue
        padded = list(cells) + [""] * (len(header) - len(cells))
        rows.append(Row(name, line, {col: value for col, value in zip(header, padded, strict=False) if col}))
    if errors:
        raise ImportFailed(errors)
    return header, rows


def _records(name: str, text: str) -> Iterator[tuple[int, list[str]]]:
    """(spreadsheet row number, cells) for every record, blank ones included."""
    reader = csv.reader(text.splitlines(keepends=True), strict=True)
    number = 0
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFailed([MasterDataError(name, number, f"is not valid CSV ({exc})")]) from None
        yield number, cells


def _header_problems(header: tuple[str, ...], required: Sequence[str]) -> list[str]:
    problems = [f"missing column '{column}'" for column in required if column not in header]
    seen: set[str] = set()
    for column in header:
        if column and column in seen:
            problems.append(f"column '{column}' appears twice in the header")
        seen.add(column)
    return problems


# --- field parsers ------------------------------------------------------------------------------------


def money(column: str, text: str, *, negative: bool = False) -> Decimal:
    """Rupees with up to two decimals; negative only when allowed."""
    try:
        value = rupees(text)
    except ValueError:
        if _is_number(text):
            raise BadValue(f"{column} '{text}' has more than two decimals (paise)") from None
        raise BadValue(f"{column} '{text}' is not a number") from None
    if value < 0 and not negative:
        raise BadValue(f"{column} '{text}' is negative")
    return value


def optional_money(column: str, text: str, *, negative: bool = False) -> Decimal | None:
    return money(column, text, negative=negative) if text else None


def optional(row: Row, column: str, parse: Callable[[str, str], T]) -> T | Literal[Cell.KEEP, Cell.CLEARED]:
    """An optional cell: KEEP when empty or absent, CLEARED for `-` / `none`, else `parse(column, text)`."""
    text = row.get(column)
    if not text:
        return KEEP
    if text.casefold() in CLEAR_WORDS:
        return CLEARED
    return parse(column, text)


def price(column: str, text: str, *, free: bool) -> Decimal:
    """A selling price: above zero, or exactly zero on a row that says it is free on purpose.

    >>> price("price", "0.00", free=True), price("price", "12.50", free=False)
    (Decimal('0.00'), Decimal('12.50'))
    >>> price("price", "5", free=True)
    Traceback (most recent call last):
    ...
    domain.importing.fields.BadValue: price '5' is not 0 but the row says free=yes
    """
    value = money(column, text, negative=True)
    if free and value != 0:
        raise BadValue(f"{column} '{text}' is not 0 but the row says free=yes")
    if value <= 0 and not free:
        raise BadValue(f"{column} '{text}' is not above zero (a free item says so: free=yes)")
    return value


def quantity(column: str, text: str) -> Decimal:
    """A non-negative quantity with at most three decimals (0.5 case is fine)."""
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise BadValue(f"{column} '{text}' is not a number") from None
    if not value.is_finite():
        raise BadValue(f"{column} '{text}' is not a number")
    if value < 0:
        raise BadValue(f"{column} '{text}' is negative")
    if value != value.quantize(Decimal("0.001")):
        raise BadValue(f"{column} '{text}' has more than three decimals")
    return value


def percent(column: str, text: str) -> Decimal:
    """A percentage from 0 to 100, '18' or '18%', at most four decimals."""
    raw = text.removesuffix("%").strip()
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise BadValue(f"{column} '{text}' is not a number") from None
    if not value.is_finite() or value < 0 or value > 100:
        raise BadValue(f"{column} '{text}' is not a percentage from 0 to 100")
    if value != value.quantize(Decimal("0.0001")):
        raise BadValue(f"{column} '{text}' has more than four decimals")
    return value


def optional_percent(column: str, text: str) -> Decimal | None:
    return percent(column, text) if text else None


def iso_date(column: str, text: str) -> date | None:
    """YYYY-MM-DD, or None when empty."""
    if not text:
        return None
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise BadValue(f"{column} '{text}' is not a date (write it as YYYY-MM-DD)") from None


YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"no", "n", "false", "0", ""})


def yes_no(column: str, text: str) -> bool:
    word = text.strip().lower()
    if word in YES:
        return True
    if word in NO:
        return False
    raise BadValue(f"{column} '{text}' is not yes or no")


def phone(column: str, text: str) -> str:
    """A phone number in E.164 (+919826104573); numbers without a country code are Indian."""
    try:
        number = phonenumbers.parse(text, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        raise BadValue(f"{column} '{text}' is not a phone number") from None
    if not phonenumbers.is_valid_number(number):
        raise BadValue(f"{column} '{text}' is not a valid phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _is_number(text: str) -> bool:
    try:
        return Decimal(text.replace(",", "").strip()).is_finite()
    except InvalidOperation:
        return False
