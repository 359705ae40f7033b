"""Logging in and out, the session and its cookie, and CSRF: refused without a token, never on webhooks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot import create_app
from domain.models import AuditLog, LedgerEntry, StaffUser
from tests.bot.console.conftest import PASSWORD, Console, RecordingSender, login
from tests.support.botapp import settings
from tests.support.signing import WEBHOOK, inbound_form, post_signed


@pytest.mark.parametrize(
    ("email", "password", "status"),
    [
        ("ops@example.com", PASSWORD, 302),  # the right password lets him in
        ("OPS@example.com ", PASSWORD, 302),  # the email is matched without case or spaces
        ("ops@example.com", "wrong password", 401),  # a wrong password is refused
        ("nobody@example.com", PASSWORD, 401),  # so is an unknown email, with the same answer
    ],
)
def test_login_lets_in_only_the_right_password(
    console: Console, email: str, password: str, status: int
) -> None:
    client = console.app.test_client()
    response = login(client, email, password)
    assert response.status_code == status
    queue = client.get("/console/review")
    assert queue.status_code == (200 if status == 302 else 302)
    with console.session() as s:
        actions = list(s.scalars(sa.select(AuditLog.action).where(AuditLog.action.startswith("auth."))))
    assert actions == (["auth.login"] if status == 302 else ["auth.login_failed"])


def test_an_inactive_user_cannot_log_in(console: Console) -> None:
    with console.session() as s, s.begin():
        s.execute(sa.update(StaffUser).where(StaffUser.email == "ops@example.com").values(active=False))
    assert login(console.app.test_client(), "ops@example.com").status_code == 401


def test_a_user_made_inactive_is_logged_out_on_his_next_request(console: Console) -> None:
    ops = console.client("ops")
    with console.session() as s, s.begin():
        s.execute(sa.update(StaffUser).where(StaffUser.email == "ops@example.com").values(active=False))
    assert ops.get("/console/review").status_code == 302


def test_login_starts_a_new_session_and_keeps_nothing_from_before(console: Console) -> None:
    client = console.app.test_client()
    client.get("/console/login")
    with client.session_transaction() as before:
        before["planted"] = "by an attacker"
        old_token = before.get("csrf_token")
    assert login(client, "ops@example.com").status_code == 302
    with client.session_transaction() as after:
        assert "planted" not in after
        assert after.get("csrf_token") != old_token
        assert after.get("_user_id") and after.get("login_nonce")


@pytest.mark.parametrize(
    ("env", "secure"),
    [
        ("production", True),  # outside development the cookie only travels over HTTPS
        ("development", False),  # the demo on http://localhost still works
    ],
)
def test_the_session_cookie_is_httponly_lax_and_secure_outside_development(
    console_template: Path, tmp_path: Path, env: str, secure: bool
) -> None:
    path = tmp_path / "c.db"
    shutil.copy(console_template, path)
    app = create_app(settings(f"sqlite:///{path}", OUTBOUND_SENDER=RecordingSender(), ORDERBOT_ENV=env))
    try:
        client = app.test_client()
        response = login(client, "ops@example.com")
        cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
        flags = {part.strip().lower() for part in cookie.split(";")}
        assert "httponly" in flags and "samesite=lax" in flags
        assert ("secure" in flags) is secure
    finally:
        app.extensions["orderbot"].close()


@pytest.mark.parametrize(
    "token",
    [
        None,  # no token at all
        "forged-token",  # a token the server never issued
    ],
)
def test_a_console_form_without_a_valid_csrf_token_is_refused_and_changes_nothing(
    console: Console, token: str | None
) -> None:
    approver = console.client("approver")
    data = {"amount": "500", "reference": "UTR-CSRF-1"}
    if token:
        data["csrf_token"] = token
    response = approver.post("/console/dealers/D01/payments", data=data)
    assert response.status_code == 400
    assert "refused" in response.get_data(as_text=True)
    with console.session() as s:
        assert s.scalar(sa.select(sa.func.count()).where(LedgerEntry.reference == "UTR-CSRF-1")) == 0
    assert console.sender.sent == []


def test_the_login_form_itself_needs_its_csrf_token(console: Console) -> None:
    client = console.app.test_client()
    response = client.post("/console/login", data={"email": "ops@example.com", "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/console/review").status_code == 302


def test_twilio_webhooks_are_not_checked_for_csrf(console: Console) -> None:
    response = post_signed(console.app.test_client(), WEBHOOK, inbound_form("+919000000101", "balance"))
    assert response.status_code == 200
    assert console.sender.bodies("+919000000101")  # the bot answered: the console's CSRF never saw it


@pytest.mark.parametrize(
    ("next_url", "lands"),
    [
        ("/console/orders", "/console/orders"),  # back to the page that asked for a login
        ("https://evil.example/console", "/console/"),  # never to another site
        ("//evil.example/console", "/console/"),  # nor a scheme-relative one
        ("/webhooks/twilio/whatsapp", "/console/"),  # nor outside the console
    ],
)
def test_after_login_only_console_pages_are_followed(console: Console, next_url: str, lands: str) -> None:
    client = console.app.test_client()
    token = console.token(client)
    response = client.post(
        "/console/login",
        data={"email": "ops@example.com", "password": PASSWORD, "next": next_url, "csrf_token": token},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == lands


def test_logout_needs_a_post_with_the_token_and_ends_the_session(console: Console) -> None:
    ops = console.client("ops")
    assert ops.get("/console/logout").status_code == 405  # a link or an image cannot log anyone out
    assert ops.post("/console/logout").status_code == 400  # nor a form from another site
    assert console.post(ops, "/console/logout").status_code == 302
    assert ops.get("/console/review").status_code == 302
