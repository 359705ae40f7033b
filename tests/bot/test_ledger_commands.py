"""`orderbot payment`, `orders` and `statement` on a database loaded by `orderbot import`."""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import pytest

from bot.cli import main
from domain.db import make_engine, session_factory
from domain.orders import Actor
from domain.quote import LineRequest
from domain.services.orders import confirm_order, place_order
from domain.uow import UnitOfWork


@pytest.fixture
def db(sqlite_url: str, shared_dir: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--db", sqlite_url, "import", str(shared_dir / "eval" / "quotes")]) == 0
    capsys.readouterr()
    return sqlite_url


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_payment_is_recorded_once_per_reference(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", db, "payment", "D201", "5,000", "--ref", "UTR1", "--json")
    first = json.loads(out)
    assert (code, first["created"], first["entry"]["amount"], first["balance"]) == (
        0,
        True,
        "-5000.00",
        "40200.00",
    )
    code, out, _ = run(capsys, "--db", db, "payment", "D201", "5000", "--ref", "UTR1")
    assert code == 0 and "already recorded; nothing added" in out and "₹40,200.00" in out


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["payment", "D201", "abc"], 2, "'abc' is not an amount in rupees"),  # bad input is a usage error
        (["payment", "D201", "0"], 1, "a payment must be more than zero"),
        (["payment", "D999", "10"], 1, "no dealer with code D999"),
        (["statement", "D999"], 1, "no dealer with code D999"),
        (["orders", "--dealer", "D999"], 1, "no dealer with code D999"),
    ],
)
def test_mistakes_are_named_with_an_exit_code(
    db: str, capsys: pytest.CaptureFixture[str], argv: list[str], code: int, message: str
) -> None:
    got, _, err = run(capsys, "--db", db, *argv)
    assert got == code and message in err


def test_a_conflicting_reference_is_refused(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "--db", db, "payment", "D201", "5000", "--ref", "UTR9")
    code, _, err = run(capsys, "--db", db, "payment", "D201", "4000", "--ref", "UTR9")
    assert code == 1 and "UTR9 is already recorded for 5000.00, not 4000.00" in err


def test_statement_shows_balance_limit_exposure_available_ageing_and_entries(
    db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    engine = make_engine(db)
    uow = UnitOfWork(session_factory(engine))
    number = place_order(
        uow, "D201", [LineRequest("MAG-MAS-70", D(1), "case")], Actor.dealer("D201")
    ).order.number
    confirm_order(uow, number, Actor.dealer("D201"))
    engine.dispose()
    run(capsys, "--db", db, "payment", "D201", "200", "--ref", "UTR2")
    code, out, _ = run(capsys, "--db", db, "statement", "D201", "--json")
    got = json.loads(out)
    assert code == 0
    assert (got["balance"], got["limit"]) == ("45000.00", "200000.00")  # opening 45,200 less 200 paid
    assert sum(D(v) for v in got["ageing"].values()) == D("45000.00")
    assert [e["kind"] for e in got["last_entries"]] == ["opening", "payment"]

    code, out, _ = run(capsys, "--db", db, "orders", "--dealer", "D201", "--json")
    (order,) = json.loads(out)["orders"]
    assert (order["number"], order["state"]) == (number, "confirmed")
    assert D(got["exposure"]) == D("45000.00") + D(order["total"])  # the confirmed order counts
    assert D(got["available"]) == D("200000.00") - D(got["exposure"])
