"""Every console page and action is refused, on the server, to a role that lacks it."""

from __future__ import annotations

import types
from typing import Any

import pytest
from flask import Blueprint

import bot.console
from bot import create_app
from bot.console import auth
from tests.bot.console.conftest import Console, RecordingSender, login
from tests.support.botapp import settings

OPS, APPROVER = ("ops",), ("approver",)
EVERYONE = ("ops", "approver", "admin")

# (method, url, roles that may, besides admin). {review}, {approval}, {order}, {sender} are filled per test.
ROUTES = [
    ("GET", "/console/review", OPS),
    ("GET", "/console/review/{review}", OPS),
    ("POST", "/console/review/{review}/claim", OPS),
    ("POST", "/console/review/{review}/release", OPS),
    ("POST", "/console/review/{review}/reject", OPS),
    ("POST", "/console/review/{review}", OPS),
    ("GET", "/console/approvals", APPROVER),
    ("POST", "/console/approvals/{approval}/approve", APPROVER),
    ("POST", "/console/approvals/{approval}/reject", APPROVER),
    ("GET", "/console/orders", ("ops", "approver")),
    ("GET", "/console/orders/{order}", ("ops", "approver")),
    ("POST", "/console/orders/move", OPS),
    ("GET", "/console/dealers", ("ops", "approver")),
    ("GET", "/console/dealers/D01", ("ops", "approver")),
    ("POST", "/console/dealers/D01/payments", APPROVER),
    ("POST", "/console/dealers/D01/reminders", APPROVER),
    ("GET", "/console/unknown", ("ops", "approver")),
    ("POST", "/console/unknown/{sender}/dealer", ()),
    ("GET", "/console/aliases", OPS),
    ("POST", "/console/aliases/1/promote", ()),
    ("GET", "/console/audit", ()),
    ("POST", "/console/logout", EVERYONE),
]
CASES = [
    (method, url, role, role in allowed or role == "admin")
    for method, url, allowed in ROUTES
    for role in EVERYONE
]


def _fill(console: Console, url: str) -> str:
    if "{" not in url:
        return url
    number, approval = console.credit_hold()
    review = console.add_review("D01", "lux 1 peti")
    return url.format(review=review, approval=approval, order=number, sender=1)


@pytest.mark.parametrize(
    ("method", "url", "role", "allowed"), CASES, ids=[f"{m} {u} as {r}" for m, u, r, _ in CASES]
)
def test_each_page_and_action_is_refused_to_a_role_without_it(
    console: Console, method: str, url: str, role: str, allowed: bool
) -> None:
    client = console.client(role)
    target = _fill(console, url)
    if method == "GET":
        response = client.get(target)
    else:
        response = console.post(
            client, target, {"note": "x", "reason": "x", "amount": "1", "reference": "R1"}
        )
    if allowed:
        assert response.status_code != 403, f"{role} was refused {method} {target}"
        if not url.endswith("/logout"):  # logging out ends on the login page, as it should
            assert "/console/login" not in response.headers.get("Location", "")
    else:
        assert response.status_code == 403, f"{role} was let through {method} {target}"
        assert console.sender.sent == []  # nothing reached a dealer


@pytest.mark.parametrize(("method", "url", "allowed"), ROUTES, ids=[f"{m} {u}" for m, u, _ in ROUTES])
def test_an_anonymous_visitor_is_sent_to_the_login_page(
    console: Console, method: str, url: str, allowed: Any
) -> None:
    client = console.app.test_client()
    target = _fill(console, url)
    if method == "GET":
        response = client.get(target)
    else:
        response = console.post(client, target, {"note": "x"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/console/login")


def test_every_console_route_the_app_has_is_in_the_table_or_closed_to_strangers(console: Console) -> None:
    """Pages added later (the dashboard, reports) are checked too: anonymous visitors never get in."""
    known = {url.split("{")[0] for _, url, _ in ROUTES}
    client = console.app.test_client()
    for rule in console.app.url_map.iter_rules():
        if not rule.rule.startswith("/console") or rule.endpoint in ("console.static", "console.login"):
            continue
        if "GET" in rule.methods and not rule.arguments:
            response = client.get(rule.rule)
            assert response.status_code in (302, 403), (
                f"{rule.rule} answered {response.status_code} anonymously"
            )
        known.add(rule.rule)
    assert known


def test_a_console_view_without_a_role_declared_is_closed_even_to_admins(
    console_template: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    def forgotten() -> str:
        return "open to all"

    def register(bp: Blueprint) -> None:
        bp.add_url_rule("/forgotten", "forgotten", forgotten)

    fake = types.SimpleNamespace(register=register)
    monkeypatch.setattr(bot.console, "route_modules", lambda: [auth, fake])
    path = tmp_path / "c.db"
    shutil.copy(console_template, path)
    app = create_app(
        settings(f"sqlite:///{path}", OUTBOUND_SENDER=RecordingSender(), ORDERBOT_ENV="development")
    )
    try:
        client = app.test_client()
        assert login(client, "admin@example.com").status_code == 302
        assert client.get("/console/forgotten").status_code == 403
    finally:
        app.extensions["orderbot"].close()
