"""A unit of work: one session, one transaction, committed on success and rolled back on error.

    with UnitOfWork(factory) as uow:
        dealer = lock_dealer(uow.session, dealer_id)
        ...                      # commit happens when the block ends without an exception

A service that wants to keep the work of a failed step can call
`uow.commit()` earlier; `uow.rollback()` discards what is pending.
"""

from __future__ import annotations

from types import TracebackType

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from domain.models import Base


class UnitOfWork:
    def __init__(self, factory: sessionmaker[Session]) -> None:
        self._factory = factory
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its `with` block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        if self._session is not None:
            raise RuntimeError("UnitOfWork is not re-entrant; open a new one")
        self._session = self._factory()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            if exc_type is None:
                session.commit()
            else:
                session.rollback()
        finally:
            session.close()
            self._session = None

    def commit(self) -> None:
        self.session.commit()

    def rollback(self) -> None:
        self.session.rollback()


def create_schema(engine: sa.Engine) -> None:
    """Create every table registered on `Base` (tests only; real databases use the migrations)."""
    Base.metadata.create_all(engine)
