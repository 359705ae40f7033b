"""`orderbot quote` end to end: scenario sets scored by shared/tools/quotecheck.py, the command's
error lines, and the quoting service's credit inputs on SQLite and PostgreSQL.

`quotes_h3/` beside this file is our own scenario set, worked out by hand from
the contract's words: price rows in other units (dealer pc row -> case, tier box
row -> pc, default pc row -> case), a SKU with no catalog price, value slabs,
stacked percentages, free-goods slabs (recursive), brand free goods of another
SKU with an empty free_uom, validity edges, a tier list, no GST rate, a limit of
0, a negative opening balance and a dealer with no limit.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from domain import models as m
from domain.db import make_engine, session_factory
from domain.importing import import_dir
from domain.quote import LineRequest
from domain.services.quoting import quote_for
from domain.uow import create_schema

ROOT = Path(__file__).resolve().parents[2]
ORDERBOT = str(ROOT / ".venv" / "bin" / "orderbot")
OWN_SET = Path(__file__).resolve().parent / "quotes_h3"
ON = date(2026, 3, 16)
D = Decimal


def quotecheck(shared: Path, setdir: Path) -> subprocess.CompletedProcess[str]:
    tool = shared / "tools" / "quotecheck.py"
    return subprocess.run([sys.executable, str(tool), str(setdir), "--bin", ORDERBOT], capture_output=True,
                          text=True, timeout=600)


def test_every_case_of_the_shared_example_set_passes(shared_dir: Path) -> None:
    run = quotecheck(shared_dir, shared_dir / "eval" / "quotes")
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary["failed"] == 0, run.stdout[-3000:]
    assert summary["cases"] == summary["passed"] >= 27


def test_every_case_of_our_own_set_passes(shared_dir: Path) -> None:
    run = quotecheck(shared_dir, OWN_SET)
    summary = json.loads(run.stdout.strip().splitlines()[-1])
    assert summary["failed"] == 0, run.stdout[-3000:]
    assert summary["cases"] == summary["passed"] == 15


# --- the command itself ------------------------------------------------------------------------------


@pytest.fixture
def own_db(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'quotes.db'}"
    subprocess.run([ORDERBOT, "--db", url, "import", str(OWN_SET)], check=True, capture_output=True,
                   timeout=300)
    return url


RICE = "10 bag Royal Basmati Rice 5kg"


def test_quote_answers_every_line_names_what_was_wrong_and_stores_nothing(own_db: str) -> None:
    lines = [
        json.dumps("5 bag Golden Wheat Atta 10kg"),  # a plain string: --dealer and --on apply
        "this is not json",  # bad JSON
        json.dumps({"dealer": "E999", "text": "5 bag Golden Wheat Atta 10kg"}),  # unknown dealer
        json.dumps({"dealer": "E303", "on": "2026-31-03", "text": RICE}),  # bad date
        json.dumps({"dealer": "E303", "on": "2026-03-31", "text": RICE}),  # its own dealer and date
        json.dumps(42),  # neither a string nor an object
    ]
    engine = make_engine(own_db)
    before = _counts(engine)
    command = [ORDERBOT, "--db", own_db, "quote", "--dealer", "E302", "--on", "2026-03-16", "--jsonl"]
    run = subprocess.run(command, input="\n".join(lines) + "\n", capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    outs = [json.loads(line) for line in run.stdout.splitlines()]
    assert len(outs) == len(lines)
    assert (outs[0]["dealer"], outs[0]["total"], outs[0]["credit"]["decision"]) == ("E302", "1995.00", "hold")
    assert outs[1] == {"dealer": "E302", "error": "line 2: not JSON (Expecting value)"}
    assert outs[2] == {"dealer": "E999", "error": "no dealer with code E999"}
    assert outs[3]["error"] == "line 4: date '2026-31-03' is not YYYY-MM-DD"
    assert (outs[4]["dealer"], outs[4]["lines"][0]["schemes"]) == ("E303", ["RICE-MAR"])
    assert outs[4]["total"] == "6144.00"
    assert outs[5]["error"] == 'line 6: expected a JSON string or an object with "text"'
    assert _counts(engine) == before  # no order, ledger entry or event written
    engine.dispose()


def _counts(engine: sa.Engine) -> tuple[int, ...]:
    with engine.connect() as conn:
        return tuple(conn.scalar(sa.select(sa.func.count()).select_from(t)) or 0
                     for t in (m.Order.__table__, m.LedgerEntry.__table__, m.OrderEvent.__table__))


# --- the quoting service's credit inputs, on both databases -------------------------------------------


@pytest.fixture
def sessions(db_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[sessionmaker[Session]]:
    monkeypatch.delenv("ORDERBOT_CREDIT_BLOCK", raising=False)
    engine = make_engine(db_url)
    create_schema(engine)
    factory = session_factory(engine)
    import_dir(factory, OWN_SET)
    yield factory
    engine.dispose()


def _quote(factory: sessionmaker[Session], dealer: str, sku: str, qty: int, uom: str, on: date = ON):
    with factory() as session:
        return quote_for(session, dealer, [LineRequest(sku, D(qty), uom)], on)


def _add_order(factory: sessionmaker[Session], dealer: str, state: str, total: str, number: str) -> None:
    with factory() as session, session.begin():
        found = session.scalars(sa.select(m.Dealer).where(m.Dealer.code == dealer)).one()
        session.add(m.Order(number=number, dealer_id=found.id, placed_by_kind="dealer", state=state,
                            total=D(total)))


def _setting(factory: sessionmaker[Session], key: str, value: str) -> None:
    with factory() as session, session.begin():
        session.merge(m.Setting(key=key, value=value))


def test_exposure_counts_accepted_orders_not_yet_invoiced(sessions: sessionmaker[Session]) -> None:
    _add_order(sessions, "E303", "confirmed", "1000.00", "SO-1")  # counts
    _add_order(sessions, "E303", "approved", "2000.00", "SO-2")  # counts
    _add_order(sessions, "E303", "invoiced", "4000.00", "SO-3")  # billed: in the ledger's hands, not here
    _add_order(sessions, "E303", "cancelled", "8000.00", "SO-4")  # never counts
    _add_order(sessions, "E303", "awaiting_confirmation", "16000.00", "SO-5")  # not accepted yet
    quote = _quote(sessions, "E303", "ATTA-10", 1, "bag")
    assert quote.credit.exposure == D("-2000.00")  # -5000 opening + 1000 + 2000
    assert quote.credit.available == D("52000.00")


@pytest.mark.parametrize(
    ("setting", "env", "decision"),
    [
        (None, None, "hold"),  # default: over the limit waits for an approver
        ("yes", None, "block"),  # the distributor configured blocking
        (None, "1", "block"),  # no setting: ORDERBOT_CREDIT_BLOCK=1 turns blocking on
        ("no", "1", "hold"),  # an explicit setting wins over the environment
    ],
)
def test_over_the_limit_holds_or_blocks_as_configured(sessions: sessionmaker[Session],
                                                      monkeypatch: pytest.MonkeyPatch, setting: str | None,
                                                      env: str | None, decision: str) -> None:
    if setting is not None:
        _setting(sessions, "credit_block", setting)
    if env is not None:
        monkeypatch.setenv("ORDERBOT_CREDIT_BLOCK", env)
    assert _quote(sessions, "E302", "ATTA-10", 1, "bag").credit.decision == decision  # E302: limit 0


def test_an_invoice_overdue_past_the_setting_blocks(sessions: sessionmaker[Session]) -> None:
    _setting(sessions, "block_overdue_days", "30")
    with sessions() as session, session.begin():
        dealer = session.scalars(sa.select(m.Dealer).where(m.Dealer.code == "E304")).one()
        session.add(m.LedgerEntry(dealer_id=dealer.id, kind="invoice", amount=D("500.00"), reference="INV-1",
                                  entry_date=date(2026, 1, 1), due_date=date(2026, 2, 1),
                                  created_at=datetime.now(UTC)))
    on_day_30, on_day_31 = date(2026, 3, 3), date(2026, 3, 4)  # due 1 Feb
    assert _quote(sessions, "E304", "ATTA-10", 1, "bag", on_day_30).credit.decision == "ok"
    assert _quote(sessions, "E304", "ATTA-10", 1, "bag", on_day_31).credit.decision == "block"


def test_another_dealers_own_price_never_applies(sessions: sessionmaker[Session]) -> None:
    # E301 has a pc row for Gold Tea; E304 shares his tier A and gets the tier row instead.
    assert _quote(sessions, "E301", "TEA-GOLD-250", 1, "case").lines[0].unit_price == D("3960.00")
    assert _quote(sessions, "E304", "TEA-GOLD-250", 1, "case").lines[0].unit_price == D("3900.00")
