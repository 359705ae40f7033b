"""The ledger and credit keep their promises whatever a dealer, the office and the bank do, in any order.

A Hypothesis state machine places, confirms, approves, cancels and invoices
orders, records payments (retrying references), credit notes and reversals,
against one dealer on an in-memory SQLite database reset for every example.
After every step:

- the balance is the sum of the entries, and equals a model kept by hand;
- no entry was changed or deleted (the whole ledger is compared with the
  snapshot taken after the previous step);
- exposure <= limit + what approvals of held orders and reversals of credits
  added: so with neither, exposure never exceeds the limit (orders accepted
  without approval always fitted);
- a retried payment reference adds nothing.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from sqlalchemy.orm import Session, sessionmaker

from domain.db import make_engine, session_factory
from domain.ledger import CannotReverse
from domain.models import Base, Dealer, LedgerEntry, Setting, Sku, SkuUnit
from domain.orders import Actor, State
from domain.quote import LineRequest
from domain.services.credit import exposure
from domain.services.ledger import ReferenceConflict, credit_note, record_payment, reverse_entry
from domain.services.orders import (
    approve_order,
    cancel_order,
    confirm_order,
    deliver,
    dispatch,
    invoice,
    place_order,
)
from domain.uow import UnitOfWork

D = Decimal
DEALER = Actor.dealer("D1")
STAFF = Actor.staff("ops")
PRICE = D("999.99")  # a case; 18% GST makes totals with paise: 1179.99 a case
REFS = ("UTR-1", "UTR-2", "UTR-3")

_engine = make_engine("sqlite://")
Base.metadata.create_all(_engine)
_factory: sessionmaker[Session] = session_factory(_engine)


with UnitOfWork(_factory) as _w:
    _w.session.add(
        Sku(
            sku="BIS",
            name="Biscuits",
            default_uom="case",
            price=PRICE,
            gst_rate=D(18),
            units=[SkuUnit(unit="case", factor=D(24)), SkuUnit(unit="pc", factor=D(1))],
        )
    )
    _w.session.add(Dealer(code="D1", name="Shop", phone="+919000000001", credit_limit=D(0)))
    _w.session.add(Setting(key="credit_block", value="no"))
WRITTEN = (
    "invoices",  # tax invoices raised at dispatch (issue 12, item 3) refer to orders
    "order_events",
    "order_free_goods",
    "order_lines",
    "review_items",
    "ledger_entries",
    "orders",
    "counters",
)


def _reset(limit: Decimal, block: bool) -> None:
    """A clean ledger and order book for the one dealer, with this example's limit and policy."""
    with _engine.begin() as conn:
        for name in WRITTEN:  # every table the use cases below write to, children first
            conn.execute(Base.metadata.tables[name].delete())
        conn.execute(sa.update(Dealer).values(credit_limit=limit))
        conn.execute(
            sa.update(Setting).where(Setting.key == "credit_block").values(value="yes" if block else "no")
        )


def uow() -> UnitOfWork:
    return UnitOfWork(_factory)


class LedgerMachine(RuleBasedStateMachine):
    @initialize(
        limit=st.sampled_from([D("0.00"), D("2000.00"), D("5000.00"), D("12000.00")]), block=st.booleans()
    )
    def start(self, limit: Decimal, block: bool) -> None:
        _reset(limit, block)
        self.limit, self.block = limit, block
        self.states: dict[str, State] = {}
        self.totals: dict[str, Decimal] = {}
        self.snapshot: dict[int, tuple[object, ...]] = {}
        self.balance = D("0.00")  # the model's own idea of the balance
        self.extra = D("0.00")  # exposure added by approvals and reversed credits
        self.payments: dict[str, Decimal] = {}  # reference -> amount recorded
        self.reversed: set[int] = set()
        self.exposed = D("0.00")  # exposure read by the last invariant check
        self.expect_exposure: Decimal | None = None  # what the next check must read, when a rule knows

    def _in(self, *states: State) -> list[str]:
        return sorted(n for n, s in self.states.items() if s in states)

    # --- orders -------------------------------------------------------------------------------------

    @rule(qty=st.integers(1, 6))
    def place(self, qty: int) -> None:
        placed = place_order(uow(), "D1", [LineRequest("BIS", D(qty), "case")], DEALER)
        self.states[placed.order.number] = placed.order.state
        self.totals[placed.order.number] = placed.order.total
        assert placed.order.total == (PRICE * qty + (PRICE * qty * D("0.18")).quantize(D("0.01")))

    @precondition(lambda self: self._in(State.AWAITING_CONFIRMATION))
    @rule(data=st.data())
    def confirm(self, data: st.DataObject) -> None:
        number = data.draw(st.sampled_from(self._in(State.AWAITING_CONFIRMATION)))
        before = self.exposed
        done = confirm_order(uow(), number, DEALER)
        fits = before + self.totals[number] <= self.limit
        expected = "ok" if fits else ("block" if self.block else "hold")
        assert done.decision == expected, (before, self.totals[number], self.limit)
        self.states[number] = done.order.state
        if fits:  # accepted without approval: it fitted, and exposure grew by exactly its total
            self.expect_exposure = before + self.totals[number]

    @precondition(lambda self: self._in(State.ON_HOLD))
    @rule(data=st.data())
    def approve(self, data: st.DataObject) -> None:
        number = data.draw(st.sampled_from(self._in(State.ON_HOLD)))
        self.states[number] = approve_order(uow(), number, STAFF).state
        self.extra += self.totals[number]

    @precondition(
        lambda self: self._in(State.AWAITING_CONFIRMATION, State.CONFIRMED, State.ON_HOLD, State.APPROVED)
    )
    @rule(data=st.data())
    def cancel(self, data: st.DataObject) -> None:
        number = data.draw(
            st.sampled_from(
                self._in(State.AWAITING_CONFIRMATION, State.CONFIRMED, State.ON_HOLD, State.APPROVED)
            )
        )
        self.states[number] = cancel_order(uow(), number, DEALER, "changed my mind").state

    @precondition(lambda self: self._in(State.CONFIRMED, State.APPROVED))
    @rule(data=st.data())
    def ship_and_invoice(self, data: st.DataObject) -> None:
        number = data.draw(st.sampled_from(self._in(State.CONFIRMED, State.APPROVED)))
        dispatch(uow(), number, STAFF)
        deliver(uow(), number, STAFF)
        self.states[number] = invoice(uow(), number, STAFF).state
        self.balance += self.totals[number]
        self.expect_exposure = self.exposed  # billing moves the order into the ledger; exposure stays

    # --- money --------------------------------------------------------------------------------------

    @rule(ref=st.sampled_from(REFS), amount=st.integers(1, 400_000).map(lambda p: D(p) / 100))
    def pay(self, ref: str, amount: Decimal) -> None:
        if ref in self.payments and self.payments[ref] != amount:
            with pytest.raises(ReferenceConflict):
                record_payment(uow(), "D1", amount, ref=ref)
            return
        done = record_payment(uow(), "D1", amount, ref=ref)
        assert done.created is (ref not in self.payments)
        if done.created:
            self.payments[ref] = amount
            self.balance -= amount

    @precondition(lambda self: self.payments)
    @rule(data=st.data())
    def retry_payment(self, data: st.DataObject) -> None:
        ref = data.draw(st.sampled_from(sorted(self.payments)))
        count = len(self.snapshot)
        done = record_payment(uow(), "D1", self.payments[ref], ref=ref)
        assert not done.created and done.entry.ref == ref
        with uow() as w:  # the retry added nothing
            assert w.session.scalar(sa.select(sa.func.count()).select_from(LedgerEntry)) == count

    @rule(amount=st.integers(1, 200_000).map(lambda p: D(p) / 100))
    def credit(self, amount: Decimal) -> None:
        credit_note(uow(), "D1", amount, note="damaged goods")
        self.balance -= amount

    @precondition(lambda self: self.snapshot)
    @rule(data=st.data())
    def reverse(self, data: st.DataObject) -> None:
        entry_id = data.draw(st.sampled_from(sorted(self.snapshot)))
        kind, amount = self.snapshot[entry_id][0], self.snapshot[entry_id][1]
        if kind == "reversal" or entry_id in self.reversed:
            with pytest.raises(CannotReverse):
                reverse_entry(uow(), entry_id, why="again")
            return
        made = reverse_entry(uow(), entry_id, why="entered by mistake")
        assert made.amount == -amount
        self.reversed.add(entry_id)
        self.balance += made.amount
        if made.amount > 0:  # a bounced payment or withdrawn credit note: the dealer owes more
            self.extra += made.amount

    # --- invariants ---------------------------------------------------------------------------------

    @invariant()
    def ledger_and_exposure_keep_their_promises(self) -> None:
        """One read per step: every entry, the stored sum, and exposure."""
        with uow() as w:
            rows = w.session.scalars(sa.select(LedgerEntry).order_by(LedgerEntry.id))
            now = {
                r.id: (r.kind, r.amount, r.reference, r.entry_date, r.reverses_id, r.order_id) for r in rows
            }
            exposed = exposure(w.session, 1)
        # the balance is the sum of the entries, and what the model expects
        assert sum((row[1] for row in now.values()), D("0.00")) == self.balance  # type: ignore[misc]
        # no entry is changed or deleted
        assert {k: now.get(k) for k in self.snapshot} == self.snapshot
        self.snapshot = now
        # exposure <= limit, but for what approvals and reversed credits added on purpose
        assert exposed <= self.limit + self.extra
        if self.expect_exposure is not None:
            assert exposed == self.expect_exposure
        self.exposed, self.expect_exposure = exposed, None


LedgerMachine.TestCase.settings = settings(
    max_examples=500,
    stateful_step_count=5,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_ledger_keeps_its_invariants = LedgerMachine.TestCase
