"""`credit.setting` reads every setting in one SELECT per transaction, and never an old value (issue 13)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from domain.db import make_engine, session_factory
from domain.models import Setting
from domain.services.credit import setting
from tests.support.botapp import migrate


@pytest.fixture
def sessions(db_url: str) -> Iterator[sessionmaker[Session]]:
    migrate(db_url)
    engine = make_engine(db_url)
    with session_factory(engine).begin() as session:
        session.add(Setting(key="credit_block", value=" yes "))
    yield session_factory(engine)
    engine.dispose()


def selects_of_settings(session: Session, read: Callable[[], object]) -> int:
    seen: list[str] = []

    def note(conn: object, cursor: object, statement: str, *args: object) -> None:
        if "settings" in statement:
            seen.append(statement)

    engine = session.get_bind().engine
    sa.event.listen(engine, "before_cursor_execute", note)
    try:
        read()
    finally:
        sa.event.remove(engine, "before_cursor_execute", note)
    return len(seen)


def test_ten_reads_in_one_transaction_are_one_select(sessions: sessionmaker[Session]) -> None:
    with sessions() as session, session.begin():
        keys = ["credit_block", "block_overdue_days", "supplier_state", "draft_ttl_minutes"] * 3
        values: list[str] = []
        read = lambda: values.extend(setting(session, k, "-") for k in keys)  # noqa: E731
        assert selects_of_settings(session, read) == 1
        assert values[:4] == ["yes", "-", "-", "-"]


def _add(session: Session) -> None:
    session.add(Setting(key="supplier_state", value="27"))


def _add_and_flush(session: Session) -> None:
    _add(session)
    session.flush()


def _change(session: Session) -> None:
    session.get_one(Setting, "credit_block").value = "no"


def _change_and_flush(session: Session) -> None:
    _change(session)
    session.flush()


def _delete_and_flush(session: Session) -> None:
    session.delete(session.get_one(Setting, "credit_block"))
    session.flush()


@pytest.mark.parametrize(
    "write, key, expected",
    [
        (_add, "supplier_state", "27"),
        (_add_and_flush, "supplier_state", "27"),
        (_change, "credit_block", "no"),
        (_change_and_flush, "credit_block", "no"),
        (_delete_and_flush, "credit_block", "default"),
    ],
    ids=["added", "added-flushed", "changed", "changed-flushed", "deleted-flushed"],
)
def test_a_setting_written_in_the_same_transaction_is_read_as_written(
    sessions: sessionmaker[Session], write: Callable[[Session], None], key: str, expected: str
) -> None:
    with sessions() as session, session.begin():
        setting(session, key, "default")  # the table is read and kept for this transaction
        write(session)
        assert setting(session, key, "default") == expected


def test_a_new_transaction_reads_what_others_committed(sessions: sessionmaker[Session]) -> None:
    with sessions() as session:
        with session.begin():
            assert setting(session, "credit_block", "no") == "yes"
        with sessions() as other, other.begin():
            other.get_one(Setting, "credit_block").value = "no"
        with session.begin():
            assert setting(session, "credit_block", "yes") == "no"
