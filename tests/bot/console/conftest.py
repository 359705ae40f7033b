"""The console under test: the demo masters in SQLite, staff users of every role, a recording sender.

    def test_x(console: Console) -> None:
        ops = console.client("ops")                     # a test client logged in as ops@example.com
        console.post(ops, "/console/review/1/claim")    # with the page's CSRF token
        console.sender.bodies("+919000000101")          # what the dealer was sent

One migrated, imported database is built per test session; each test gets a copy.
"""

from __future__ import annotations

import re
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from bot.outbound import Sent
from domain.db import make_engine, session_factory
from domain.models import Dealer, ReviewItem, StaffUser
from domain.orders import Actor
from domain.quote import LineRequest
from domain.services.orders import confirm_order, place_order
from domain.uow import UnitOfWork
from tests.support.botapp import settings

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "fixtures"
PASSWORD = "correct horse battery"
ROLES = ("ops", "approver", "admin")
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class RecordingSender:
    """Stands in for Twilio: keeps what would have been sent."""

    sent: list[tuple[str, str | None]] = field(default_factory=list)

    def send(self, to: str, body: str | None = None, **_: Any) -> Sent:
        self.sent.append((to, body))
        return Sent(sid=f"SM{uuid.uuid4().hex}", status="queued")

    def bodies(self, phone: str) -> list[str]:
        return [body or "" for to, body in self.sent if to == phone]


@dataclass
class Console:
    app: Flask
    sender: RecordingSender

    def session(self) -> Session:
        return self.app.extensions["orderbot"].sessions()  # type: ignore[no-any-return]

    def client(self, role: str | None) -> FlaskClient:
        """A client logged in as `role`@example.com (None: not logged in)."""
        client = self.app.test_client()
        if role is not None:
            response = login(client, f"{role}@example.com")
            assert response.status_code == 302, response.get_data(as_text=True)
        return client

    def token(self, client: FlaskClient) -> str:
        page = client.get("/console/login")
        found = TOKEN.search(page.get_data(as_text=True))
        assert found, "no CSRF token on the login page"
        return found.group(1)

    def post(self, client: FlaskClient, url: str, data: dict[str, Any] | None = None, **kw: Any) -> Any:
        return client.post(url, data={**(data or {}), "csrf_token": self.token(client)}, **kw)

    def dealer(self, code: str) -> Dealer:
        with self.session() as s:
            return s.scalars(sa.select(Dealer).where(Dealer.code == code)).one()

    def add_review(
        self, code: str, text: str, kind: str = "parse", parse: dict[str, Any] | None = None
    ) -> int:
        dealer = self.dealer(code)
        with self.session() as s, s.begin():
            item = ReviewItem(
                kind=kind,
                dealer_id=dealer.id,
                phone=dealer.phone,
                message_text=text,
                message_ref=f"SM{uuid.uuid4().hex[:20]}",
                parse=parse or {"intent": "order"},
            )
            s.add(item)
            s.flush()
            return item.id

    def credit_hold(self, code: str = "D03", cases: int = 10) -> tuple[str, int]:
        """An order confirmed over the dealer's limit: its number and its credit-hold review item."""
        factory = self.app.extensions["orderbot"].sessions
        placed = place_order(
            UnitOfWork(factory), code, [LineRequest("MAG-MAS-70", Decimal(cases), "case")], Actor.dealer(code)
        )
        done = confirm_order(UnitOfWork(factory), placed.order.number, Actor.dealer(code))
        assert done.decision == "hold", done.credit
        with self.session() as s:
            item_id = s.scalar(
                sa.select(ReviewItem.id)
                .where(ReviewItem.kind == "credit_hold")
                .order_by(ReviewItem.id.desc())
            )
        assert item_id is not None
        return placed.order.number, item_id


def login(client: FlaskClient, email: str, password: str = PASSWORD) -> Any:
    page = client.get("/console/login")
    found = TOKEN.search(page.get_data(as_text=True))
    assert found, "no CSRF token on the login page"
    return client.post(
        "/console/login", data={"email": email, "password": password, "csrf_token": found.group(1)}
    )


@pytest.fixture(scope="session")
def console_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated database with the demo masters and one user per role (built once)."""
    return build_database(tmp_path_factory.mktemp("console") / "template.db")


def build_database(path: Path) -> Path:
    """Migrate a SQLite file at `path`, import the demo masters, add ops@, approver@, admin@example.com."""
    from bot.migrations import upgrade
    from domain.importing import import_dir

    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    try:
        factory = session_factory(engine)
        import_dir(factory, FIXTURES)
        with factory() as s, s.begin():
            for role in ROLES:  # a cheap hash: tests log in often; the command's default hash is tested there
                s.add(
                    StaffUser(
                        email=f"{role}@example.com",
                        role=role,
                        password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"),
                    )
                )
    finally:
        engine.dispose()
    return path


@pytest.fixture
def console(console_template: Path, tmp_path: Path) -> Iterator[Console]:
    from bot import create_app

    path = tmp_path / "console.db"
    shutil.copy(console_template, path)
    sender = RecordingSender()
    app = create_app(
        settings(
            f"sqlite:///{path}",
            None,
            OUTBOUND_SENDER=sender,
            MESSAGE_HANDLER="bot.conversation:handle",
            ORDERBOT_ENV="development",
        )
    )
    try:
        yield Console(app, sender)
    finally:
        app.extensions["orderbot"].close()
