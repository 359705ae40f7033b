"""The console's writes on SQLite and PostgreSQL: a claim held by one person, a fix placed and taught,
a hold approved, a payment recorded once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from domain.importing import import_dir
from domain.models import LearnedAlias, LedgerEntry, Order, ReviewItem, StaffUser
from tests.bot.console.conftest import FIXTURES, PASSWORD, ROLES, Console, RecordingSender
from tests.support.botapp import bot_app


@pytest.fixture
def both(db_url: str) -> Iterator[Console]:
    from bot import parsing

    sender = RecordingSender()
    with bot_app(
        db_url,
        None,
        OUTBOUND_SENDER=sender,
        ORDERBOT_ENV="development",
        MESSAGE_HANDLER="bot.conversation:handle",
    ) as app:
        factory = app.extensions["orderbot"].sessions
        import_dir(factory, FIXTURES)
        with factory() as s, s.begin():
            for role in ROLES:
                s.add(
                    StaffUser(
                        email=f"{role}@example.com",
                        role=role,
                        password_hash=generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000"),
                    )
                )
        parsing.forget()  # PostgreSQL schemas share one URL shape: never reuse another test's parser
        yield Console(app, sender)
        parsing.forget()


def test_claim_fix_approve_and_pay_work_the_same_on_both_databases(both: Console) -> None:
    console = both
    item = console.add_review("D01", "colget 100g 3 dzn, dettol 2 dzn, lux 1 peti")
    ops, admin = console.client("ops"), console.client("admin")
    assert console.post(ops, f"/console/review/{item}/claim").status_code == 302
    assert console.post(admin, f"/console/review/{item}/claim").headers["Location"] == "/console/review"
    form = {
        "line-0-words": "lux 1 peti",
        "line-0-sku": "LUX-ROSE-100",
        "line-0-qty": "1",
        "line-0-uom": "case",
        "op": "accept",
    }
    assert console.post(ops, f"/console/review/{item}", form).status_code == 302
    number, hold = console.credit_hold()
    approver = console.client("approver")
    assert console.post(approver, f"/console/approvals/{hold}/approve", {"note": "ok"}).status_code == 302
    for _ in range(2):
        console.post(approver, "/console/dealers/D01/payments", {"amount": "1000", "reference": "NEFT-9"})
    with console.session() as s:
        assert s.scalar(sa.select(ReviewItem.status).where(ReviewItem.id == item)) == "done"
        assert s.scalar(sa.select(LearnedAlias.phrase)) == "lux"
        assert s.scalar(sa.select(Order.state).where(Order.number == number)) == "approved"
        assert s.scalar(sa.select(sa.func.count()).where(LedgerEntry.reference == "NEFT-9")) == 1
    assert len(console.sender.bodies("+919000000101")) == 2  # the draft, then one payment receipt


def test_two_accepts_of_one_item_at_once_place_one_order_and_send_one_draft(both: Console) -> None:
    import threading

    console = both
    item = console.add_review("D01", "lux 1 peti")
    first, second = console.client("ops"), console.client("ops")  # one person, two tabs
    assert console.post(first, f"/console/review/{item}/claim").status_code == 302
    form = {
        "line-0-words": "lux 1 peti",
        "line-0-sku": "LUX-ROSE-100",
        "line-0-qty": "1",
        "line-0-uom": "case",
        "op": "accept",
    }
    forms = [{**form, "csrf_token": console.token(c)} for c in (first, second)]
    start = threading.Barrier(2)
    codes: list[int] = []

    def accept(client: object, data: dict[str, str]) -> None:
        start.wait()
        codes.append(client.post(f"/console/review/{item}", data=data).status_code)  # type: ignore[attr-defined]

    threads = [
        threading.Thread(target=accept, args=pair) for pair in zip((first, second), forms, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(codes) in ([302, 302], [302, 400])  # the loser is told the item is done, or sent back
    with console.session() as s:
        assert s.scalar(sa.select(sa.func.count()).select_from(Order)) == 1
    assert len(console.sender.bodies("+919000000101")) == 1
