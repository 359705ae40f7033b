"""Use cases over the database: each opens a unit of work, calls the pure rules, commits.

Every use case takes, as its first argument, where to do its work:

- a `UnitOfWork` (the normal case): the use case opens it, commits when it
  succeeds and rolls back when it raises;
- a `Session`: the use case runs inside a transaction the caller owns, in a
  savepoint that is released (not committed) when it succeeds and rolled back
  when it raises (the webhook job does this, so an order and the reply about it
  commit together).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from domain.uow import UnitOfWork

Work = UnitOfWork | Session


@contextmanager
def transaction(work: Work) -> Iterator[Session]:
    """The session to use; commits (UnitOfWork) or releases a savepoint (caller's Session) on success."""
    if isinstance(work, Session):
        with work.begin_nested():
            yield work
        return
    with work as uow:
        yield uow.session
