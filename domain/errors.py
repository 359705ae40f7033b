"""Named domain errors. Each message says what was wrong, in words a distributor understands.

Modules add their own errors beside their rules (domain.orders.IllegalTransition,
domain.ledger.LedgerError, ...), all subclasses of `DomainError`, so an entry
point can catch one base and map it to a reply or a status code.

>>> str(MasterDataError("dealers.csv", 14, "credit_limit 'abc' is not a number"))
"dealers.csv line 14: credit_limit 'abc' is not a number"
>>> str(UnknownDealer("D999"))
'no dealer with code D999'
"""

from __future__ import annotations


class DomainError(Exception):
    """Base of every business-rule error."""


class NotFound(DomainError):
    """Something named does not exist."""


class UnknownDealer(NotFound):
    def __init__(self, code: str) -> None:
        super().__init__(f"no dealer with code {code}")
        self.code = code


class MasterDataError(DomainError):
    """A row of an imported master file is wrong; `line` counts as a spreadsheet does (header = 1)."""

    def __init__(self, file: str, line: int, reason: str) -> None:
        super().__init__(f"{file} line {line}: {reason}")
        self.file = file
        self.line = line
        self.reason = reason


class MissingFile(DomainError):
    """An import directory or file is not there."""
