"""dealers.csv -> Dealer rows (keyed by `code`), their field reps, and opening balances.

Columns: code, name, phone, town (required); tier, credit_limit, balance, reps,
language, gstin, state (optional). Phones become E.164 (numbers without a country code are Indian).
An empty cell (or a column the file does not have) leaves the stored value alone,
and a new dealer gets the default (no tier, no credit limit, no reps, `auto`);
`-` or `none` clears it: `credit_limit` none is no limit, `reps` none unlinks his
reps, `tier` none is no tier, `language` none is `auto`. An empty `town` keeps it too.
`language` is the language of the dealer's replies: en, hi (Hindi, Devanagari) or
hi_Latn (Hinglish), or `auto` for the language of each message he writes
(docs/languages.md). A dealer's phone may not be another dealer's (unless the
file re-numbers that one too) nor a field rep's.

GST (issue 12): `gstin` is checked (15 characters, shape, state code, check character:
domain/gst.py) and stored upper-case; `state` is a GST state code or name ("27",
"Maharashtra") stored as the code. A row with a GSTIN and an empty `state` takes the
GSTIN's state; a `state` that is not the GSTIN's is refused (a typo in one or the other
would bill the wrong tax). `-` clears either.

Opening balance. The ledger is append-only, so `balance` is never written
over history: the dealer's opening position is the sum of his `opening`
entries. When the file's balance differs from that sum, one new `opening`
entry for the difference is added (reference `import-opening-N`, note saying
from what to what). Importing the same balance again adds nothing; an empty
`balance` cell leaves the ledger alone. Payments and invoices recorded since
do not enter this comparison: the column is the opening figure, not today's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from domain.catalog import split_list
from domain.columns import utcnow
from domain.errors import MasterDataError
from domain.gst import STATES, gstin_problem, state_code
from domain.importing.fields import (
    CLEARED,
    KEEP,
    BadValue,
    ImportFailed,
    Row,
    money,
    optional,
    optional_money,
    phone,
    unique_rows,
)
from domain.importing.result import Counts, changed
from domain.models import Dealer, FieldRep, LedgerEntry

REQUIRED = ("code", "name", "phone", "town")
LANGUAGES = {"en": "en", "hi": "hi", "hi_latn": "hi_Latn", "auto": ""}  # cell (any case) -> dealers.language
IMPORT_ACTOR = "import"
CLEARED_TO: dict[str, object] = {"town": "", "tier": "", "credit_limit": None, "language": "", "gstin": "",
                                 "state": ""}


@dataclass(frozen=True)
class DealerRow:
    line: int
    code: str
    phone: str
    fields: dict[str, object]  # name, and each optional column the row gives (a cleared one: its default)
    balance: Decimal | None  # None: leave the ledger alone
    reps: tuple[str, ...] | None  # None: keep the stored reps; () unlinks them


def validate(rows: list[Row], session: Session) -> list[DealerRow]:
    phone_line: dict[str, tuple[int, str]] = {}

    def phone_free(row: Row, item: DealerRow) -> str | None:
        """One phone, one dealer: the phone is not an earlier good row's."""
        if item.phone in phone_line:
            line, other = phone_line[item.phone]
            return f"phone {item.phone} is also dealer {other}'s (line {line})"
        phone_line[item.phone] = (row.line, item.code)
        return None

    parsed, errors = unique_rows(
        rows,
        _parse,
        lambda item: item.code.casefold(),
        lambda item, line: f"code '{item.code}' appears again (first on line {line})",
        phone_free,
    )
    errors.extend(_phone_conflicts(session, parsed))
    errors.extend(_rep_phones(session, parsed))
    if errors:
        raise ImportFailed(sorted(errors, key=lambda e: e.line))
    return parsed


def _parse(row: Row) -> DealerRow:
    code = row.required("code")
    fields: dict[str, object] = {"name": row.required("name")}
    number = phone("phone", row.required("phone"))
    cells: dict[str, object] = {
        "town": optional(row, "town", lambda _, text: text),
        "tier": optional(row, "tier", lambda _, text: text),
        "credit_limit": optional(row, "credit_limit", money),
        "language": optional(row, "language", lambda _, text: _language(text)),
        "gstin": optional(row, "gstin", _gstin),
        "state": optional(row, "state", _state),
    }
    gstin = cells["gstin"]
    if isinstance(gstin, str):
        if cells["state"] is KEEP:
            cells["state"] = gstin[:2]
        elif isinstance(cells["state"], str) and cells["state"] != gstin[:2]:
            raise BadValue(f"state {cells['state']} ({STATES[cells['state']]}) is not the state of gstin "
                           f"{gstin} ({gstin[:2]}, {STATES[gstin[:2]]})")
    for column, value in cells.items():
        if value is not KEEP:
            fields[column] = CLEARED_TO[column] if value is CLEARED else value
    balance = optional_money("balance", row.get("balance"), negative=True)
    rep_cell = optional(row, "reps", lambda _, text: tuple(
        dict.fromkeys(phone("reps", one) for one in split_list(text))))
    reps = None if rep_cell is KEEP else () if rep_cell is CLEARED else rep_cell
    if reps is not None and number in reps:
        raise BadValue(f"phone {number} is also one of the dealer's reps")
    return DealerRow(row.line, code, number, fields, balance, reps)


def _gstin(column: str, text: str) -> str:
    """A GSTIN cell, checked and upper-cased."""
    problem = gstin_problem(text)
    if problem is not None:
        raise BadValue(f"{column}: {problem}")
    return text.strip().upper()


def _state(column: str, text: str) -> str:
    """A state cell as its GST code: '27', 'Maharashtra', '27 - Maharashtra' -> '27'."""
    code = state_code(text)
    if code is None:
        raise BadValue(f"{column} '{text}' is not a GST state code or state name (e.g. 27 or Maharashtra)")
    return code


def _language(text: str) -> str:
    """A `language` cell as dealers.language: 'hi' -> 'hi', 'HI_LATN' -> 'hi_Latn', 'auto' -> ''."""
    found = LANGUAGES.get(text.strip().casefold())
    if found is None:
        raise BadValue(f"language '{text}' is not one of en, hi, hi_Latn, auto")
    return found


def _phone_conflicts(session: Session, items: list[DealerRow]) -> list[MasterDataError]:
    """A phone the file gives must not stay with another dealer that the file does not re-number."""
    in_file = {item.code for item in items}
    owners = {phone_: code for code, phone_ in session.execute(sa.select(Dealer.code, Dealer.phone))}
    errors = []
    for item in items:
        owner = owners.get(item.phone)
        if owner is not None and owner != item.code and owner not in in_file:
            errors.append(MasterDataError("dealers.csv", item.line,
                                          f"phone {item.phone} already belongs to dealer {owner}"))
    return errors


def _rep_phones(session: Session, items: list[DealerRow]) -> list[MasterDataError]:
    """A dealer's phone must not be a field rep's, stored or named in the file's `reps` cells."""
    reps = {
        rep.phone: ", ".join(d.code for d in rep.dealers) or "no dealer now"
        for rep in session.scalars(sa.select(FieldRep).options(selectinload(FieldRep.dealers)))
    }
    for item in items:
        for number in item.reps or ():
            reps[number] = item.code if number not in reps else reps[number]
    return [
        MasterDataError("dealers.csv", item.line,
                        f"phone {item.phone} belongs to a field rep (rep of {reps[item.phone]})")
        for item in items if item.phone in reps
    ]


def write(session: Session, items: list[DealerRow]) -> tuple[Counts, tuple[str, ...]]:
    dealers = {d.code: d for d in session.scalars(sa.select(Dealer).options(selectinload(Dealer.reps)))}
    reps = {rep.phone: rep for rep in session.scalars(sa.select(FieldRep))}
    openings_so_far = _opening_totals(session)
    moved_from = _free_changing_phones(session, dealers, items)
    counts, new_reps, openings = Counts(), 0, 0
    for item in items:
        dealer = dealers.get(item.code)
        created = dealer is None
        if dealer is None:
            dealer = Dealer(code=item.code, tier="", active=True, reminders_paused=False)
            session.add(dealer)
            dealers[item.code] = dealer
        changes = _set(dealer, "phone", moved_from.get(item.code, dealer.phone), item.phone)
        for column, value in item.fields.items():
            changes += _set(dealer, column, getattr(dealer, column), value)
        if item.reps is not None:
            wanted = []
            for number in item.reps:
                if number not in reps:
                    reps[number] = FieldRep(phone=number, name="", active=True)
                    session.add(reps[number])
                    new_reps += 1
                wanted.append(reps[number])
            before = [rep.phone for rep in dealer.reps] if not created else []
            if set(before) != {rep.phone for rep in wanted}:
                changes.append(changed("reps", before, [rep.phone for rep in wanted]))
                dealer.reps = wanted
        if item.balance is not None:
            so_far = openings_so_far.get(dealer.id, (Decimal("0.00"), 0))  # a new dealer has none
            entry = _opening_entry(dealer, item.balance, *so_far)
            if entry is not None:
                session.add(entry)
                openings += 1
                changes.append(changed("balance", so_far[0], item.balance))
        if created:
            counts.created += 1
        else:
            if changes:
                dealer.updated_at = utcnow()
            counts.update(item.code, changes)
    notes = []
    if new_reps:
        notes.append(f"{new_reps} field reps added")
    if openings:
        notes.append(f"{openings} opening balance entries added")
    return counts, tuple(notes)


def _set(obj: object, column: str, before: object, value: object) -> list[str]:
    """Set the column when it differs from `before`; the change as the summary names it."""
    if before == value:
        if getattr(obj, column) != value:
            setattr(obj, column, value)
        return []
    setattr(obj, column, value)
    return [changed(column, before, value)]


def _free_changing_phones(
    session: Session, dealers: dict[str, Dealer], items: list[DealerRow]
) -> dict[str, str]:
    """Park re-numbered dealers on a placeholder first, so two dealers may swap phones in one file.
    Returns code -> the phone each had before."""
    moved = [dealers[i.code] for i in items if i.code in dealers and dealers[i.code].phone != i.phone]
    before = {dealer.code: dealer.phone for dealer in moved}
    for dealer in moved:
        dealer.phone = f"~{dealer.id}"
    if moved:
        session.flush()
    return before


def _opening_totals(session: Session) -> dict[int, tuple[Decimal, int]]:
    """Dealer id -> (sum, number) of his `opening` entries; sum() keeps the Money type (Decimal rupees)."""
    rows = session.execute(
        sa.select(LedgerEntry.dealer_id, sa.func.sum(LedgerEntry.amount), sa.func.count(LedgerEntry.id))
        .where(LedgerEntry.kind == "opening").group_by(LedgerEntry.dealer_id)
    )
    return {dealer_id: (total, count) for dealer_id, total, count in rows}


def _opening_entry(dealer: Dealer, balance: Decimal, current: Decimal, count: int) -> LedgerEntry | None:
    """The `opening` entry for the difference between `balance` and the opening entries so far, if any."""
    difference = balance - current
    if difference == 0:
        return None
    note = (f"opening balance {balance:.2f} from dealers.csv" if count == 0
            else f"opening balance changed from {current:.2f} to {balance:.2f} in dealers.csv")
    return LedgerEntry(
        dealer=dealer, kind="opening", amount=difference, reference=f"import-opening-{count + 1}",
        note=note, entry_date=date.today(), created_by=IMPORT_ACTOR,
    )
