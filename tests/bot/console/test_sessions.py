"""A console session ends for good: logout, a new password and deactivation end every session of the
user, including a copy of the cookie taken before (issue 12, item 8)."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
import sqlalchemy as sa
from flask.testing import FlaskClient

from bot.cli import main
from domain.models import LedgerEntry, StaffUser
from tests.bot.console.conftest import Console, login


def stolen(console: Console, client: FlaskClient) -> FlaskClient:
    """Another client holding a copy of `client`'s session cookie as it is now."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    thief = console.app.test_client()
    thief.set_cookie("session", cookie.value)
    return thief


def record_payment(console: Console, client: FlaskClient, reference: str) -> int:
    response = console.post(
        client, "/console/dealers/D01/payments", {"amount": "500", "reference": reference}
    )
    return int(response.status_code)


def payments(console: Console, reference: str) -> int:
    with console.session() as s:
        return int(s.scalar(sa.select(sa.func.count()).where(LedgerEntry.reference == reference)) or 0)


def log_out(console: Console, client: FlaskClient) -> None:
    assert console.post(client, "/console/logout").status_code == 302


def new_password(console: Console, client: FlaskClient) -> None:
    url = str(console.app.extensions["orderbot"].settings.database_url)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("sys.stdin", io.StringIO("a brand new ledger password\n"))
        mp.setenv("DATABASE_URL", url)
        assert main(["--db", url, "user", "passwd", "approver@example.com"]) == 0


def deactivated(console: Console, client: FlaskClient) -> None:
    url = str(console.app.extensions["orderbot"].settings.database_url)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", url)
        assert main(["--db", url, "user", "deactivate", "approver@example.com"]) == 0


@pytest.mark.parametrize(
    "end",
    [
        log_out,  # logging out in one tab ends the copy too
        new_password,  # `orderbot user passwd` ends every session of the user
        deactivated,  # `orderbot user deactivate` likewise
    ],
)
def test_a_cookie_saved_before_the_session_ended_records_nothing(
    console: Console, end: Callable[[Console, FlaskClient], None]
) -> None:
    approver = console.client("approver")
    thief = stolen(console, approver)
    assert record_payment(console, thief, "UTR-BEFORE") == 302  # the copy works while the session lives
    assert payments(console, "UTR-BEFORE") == 1
    end(console, approver)
    assert thief.get("/console/dealers/D01").status_code == 302  # sent to the login page
    assert record_payment(console, thief, "UTR-AFTER") == 302
    assert payments(console, "UTR-AFTER") == 0


def test_logging_out_ends_the_sessions_on_other_devices_too(console: Console) -> None:
    desk, phone = console.client("ops"), console.client("ops")
    log_out(console, desk)
    assert phone.get("/console/review").status_code == 302


def test_logging_in_again_after_a_logout_works_and_other_users_stay_in(console: Console) -> None:
    ops, approver = console.client("ops"), console.client("approver")
    log_out(console, ops)
    assert login(ops, "ops@example.com").status_code == 302
    assert ops.get("/console/review").status_code == 200
    assert approver.get("/console/dealers").status_code == 200


def test_each_end_adds_one_to_the_session_version(console: Console) -> None:
    ops = console.client("ops")
    log_out(console, ops)
    with console.session() as s:
        versions = dict(s.execute(sa.select(StaffUser.email, StaffUser.session_version)).tuples().all())
    assert versions == {"ops@example.com": 1, "approver@example.com": 0, "admin@example.com": 0}
