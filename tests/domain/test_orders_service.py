"""Order use cases on SQLite and PostgreSQL: placing, the credit decision, stock, moves, billing, expiry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session

from domain.db import make_engine, session_factory
from domain.errors import UnknownDealer
from domain.models import (
    Dealer,
    FieldRep,
    LedgerEntry,
    Order,
    PriceRow,
    ReviewItem,
    Setting,
    Sku,
    SkuUnit,
    StockLevel,
)
from domain.orders import Actor, IllegalTransition, NotAllowed, ShortfallChoice, State
from domain.quote import LineRequest
from domain.services.credit import exposure
from domain.services.orders import (
    EmptyOrder,
    NotEnoughToDispatch,
    NothingToRepeat,
    NotOnHold,
    NotTheirDealer,
    StockShort,
    UnknownOrder,
    approve_order,
    cancel_order,
    confirm_order,
    deliver,
    dispatch,
    expire_drafts,
    get_order,
    invoice,
    list_orders,
    normalise_number,
    order_history,
    place_order,
    reject_hold,
    repeat_order,
)
from domain.uow import UnitOfWork, create_schema

D = Decimal
DEALER = Actor.dealer("D201")
REP = Actor.rep("+919826500011")
STAFF = Actor.staff("asha@example.com")
TODAY = date(2026, 11, 21)
MAGGI = "MAG-MAS-70"  # 1000.00 a case of 96 pc, no GST, 960 pc (10 cases) in stock
SALT = "TATA-SALT-1KG"  # 500.00 a bag of 25 pc, 5% GST, stock not tracked


def seed(
    session: Session, limit: str | None = "10000.00", opening: str | None = None, opening_on: date = TODAY
) -> None:
    maggi = Sku(
        sku=MAGGI,
        name="Maggi Masala 70g",
        default_uom="case",
        price=D("1000.00"),
        brand="Maggi",
        units=[SkuUnit(unit="case", factor=D(96)), SkuUnit(unit="pc", factor=D(1))],
    )
    salt = Sku(
        sku=SALT,
        name="Tata Salt 1kg",
        default_uom="bag",
        price=D("500.00"),
        gst_rate=D(5),
        units=[SkuUnit(unit="bag", factor=D(25)), SkuUnit(unit="pc", factor=D(1))],
    )
    rep = FieldRep(phone=REP.ref, name="Ravi")
    d201 = Dealer(
        code="D201",
        name="Sharma Traders",
        phone="+919826104573",
        credit_limit=None if limit is None else D(limit),
        reps=[rep],
    )
    d202 = Dealer(code="D202", name="Gupta General Store", phone="+919893217640", credit_limit=None)
    session.add_all([maggi, salt, d201, d202, StockLevel(sku=maggi, on_hand=D(960))])
    session.flush()
    if opening is not None:
        session.add(
            LedgerEntry(
                dealer_id=d201.id,
                kind="opening",
                amount=D(opening),
                entry_date=opening_on,
                reference="import-opening-1",
            )
        )


@pytest.fixture
def uow(db_url: str) -> Iterator[UnitOfWork]:
    engine = make_engine(db_url)
    create_schema(engine)
    yield UnitOfWork(session_factory(engine))
    engine.dispose()


def setup(uow: UnitOfWork, **kw: object) -> None:
    with uow:
        seed(uow.session, **kw)  # type: ignore[arg-type]


def cases(qty: int, sku: str = MAGGI, uom: str = "case") -> list[LineRequest]:
    return [LineRequest(sku, D(qty), uom)]


def stock(uow: UnitOfWork) -> tuple[Decimal, Decimal]:
    with uow:
        level = uow.session.scalars(sa.select(StockLevel)).one()
        return level.on_hand, level.reserved


def test_a_placed_order_is_priced_numbered_and_awaits_confirmation(uow: UnitOfWork) -> None:
    setup(uow)
    placed = place_order(uow, "D201", cases(2) + cases(4, SALT, "bag"), DEALER, on=TODAY)
    order = placed.order
    assert (order.number, order.state) == ("SO-1001", State.AWAITING_CONFIRMATION)
    assert [(ln.sku, ln.qty, ln.gross, ln.tax) for ln in order.lines] == [
        (MAGGI, D(2), D("2000.00"), D("0.00")),
        (SALT, D(4), D("2000.00"), D("100.00")),  # 5% GST on the salt line only
    ]
    assert order.total == placed.quote.total == D("4100.00")
    assert order.expires_at is not None and order.expires_at > order.created_at
    assert [(e.source, e.target) for e in order_history(uow, "so-1001")] == [
        (None, State.DRAFT),
        (State.DRAFT, State.AWAITING_CONFIRMATION),
    ]
    assert place_order(uow, "D201", cases(1), DEALER).order.number == "SO-1002"  # numbers count up


def test_the_same_message_delivered_twice_places_one_order(uow: UnitOfWork) -> None:
    setup(uow)
    first = place_order(uow, "D201", cases(2), DEALER, source_ref="SM123")
    again = place_order(uow, "D201", cases(2), DEALER, source_ref="SM123")
    assert again.order.number == first.order.number
    assert len(list_orders(uow, "D201")) == 1


@pytest.mark.parametrize(
    ("who", "error"),
    [
        (Actor.dealer("D202"), NotTheirDealer),  # a dealer cannot order for another shop
        (Actor.rep("+919000000000"), NotTheirDealer),  # a rep only for the shops he serves
    ],
)
def test_only_the_dealer_his_reps_and_staff_may_order_for_him(
    uow: UnitOfWork, who: Actor, error: type
) -> None:
    setup(uow)
    with pytest.raises(error, match="may not order for dealer D201"):
        place_order(uow, "D201", cases(1), who)
    assert place_order(uow, "D201", cases(1), REP).order.placed_by == REP
    assert place_order(uow, "D201", cases(1), STAFF).order.placed_by == STAFF


def test_nothing_to_order_and_unknown_dealers_are_named(uow: UnitOfWork) -> None:
    setup(uow)
    with pytest.raises(EmptyOrder, match="D201"):
        place_order(uow, "D201", [], DEALER)
    with pytest.raises(UnknownDealer, match="D999"):
        place_order(uow, "D999", cases(1), STAFF)
    with pytest.raises(UnknownOrder, match="SO-4242"):
        confirm_order(uow, "SO-4242", DEALER)


CREDIT = [
    # (limit, opening balance, settings, cases ordered, decision, state) - what the row proves
    ("10000.00", None, {}, 5, "ok", State.CONFIRMED),  # well within the limit
    ("10000.00", None, {}, 10, "ok", State.CONFIRMED),  # exposure + total == limit is still ok
    ("10000.00", "0.01", {}, 10, "hold", State.ON_HOLD),  # one paisa over holds it for approval
    ("10000.00", "-500.00", {}, 10, "ok", State.CONFIRMED),  # an advance payment widens the headroom
    ("10000.00", "0.01", {"credit_block": "yes"}, 10, "block", State.CANCELLED),  # blocking distributor
    (None, "150000.00", {}, 10, "ok", State.CONFIRMED),  # no limit: always ok
    ("0.00", None, {}, 1, "hold", State.ON_HOLD),  # a limit of 0 is a limit (cash-only dealer)
    (None, "10.00", {"block_overdue_days": "30"}, 1, "block", State.CANCELLED),  # 40 days overdue blocks
]


@pytest.mark.parametrize(("limit", "opening", "settings", "qty", "decision", "state"), CREDIT)
def test_confirmation_decides_credit_against_exposure(
    uow: UnitOfWork,
    limit: str | None,
    opening: str | None,
    settings: dict[str, str],
    qty: int,
    decision: str,
    state: State,
) -> None:
    setup(uow, limit=limit, opening=opening, opening_on=TODAY - timedelta(days=40))
    with uow:
        uow.session.add_all([Setting(key=k, value=v) for k, v in settings.items()])
    number = place_order(uow, "D201", cases(qty), DEALER).order.number
    done = confirm_order(uow, number, DEALER, today=TODAY)
    assert (done.decision, done.order.state) == (decision, state)
    assert get_order(uow, number).credit_decision == decision
    assert done.credit.reason in order_history(uow, number)[-1].reason  # the why is recorded with the move


def test_a_hold_asks_an_approver_and_approval_counts_toward_exposure(uow: UnitOfWork) -> None:
    setup(uow, limit="1500.00")
    number = place_order(uow, "D201", cases(2), DEALER).order.number
    assert confirm_order(uow, number, DEALER).order.state is State.ON_HOLD
    with uow:
        review = uow.session.scalars(sa.select(ReviewItem)).one()
        assert (review.kind, review.status) == ("credit_hold", "open")
        assert exposure(uow.session, review.dealer_id or 0) == D("0.00")  # a hold is not yet exposure
    with pytest.raises(NotAllowed):
        approve_order(uow, number, DEALER)  # a dealer cannot approve his own hold
    assert approve_order(uow, number, STAFF, "paid cash at the counter").state is State.APPROVED
    with uow:
        assert uow.session.scalars(sa.select(ReviewItem.status)).one() == "done"
        assert exposure(uow.session, review.dealer_id or 0) == D("2000.00")


def test_a_rejected_hold_is_cancelled_and_gives_its_stock_back(uow: UnitOfWork) -> None:
    setup(uow, limit="1500.00")
    number = place_order(uow, "D201", cases(2), DEALER).order.number
    confirm_order(uow, number, DEALER)
    assert stock(uow) == (D(960), D(192))  # a hold keeps the goods aside while it waits
    with pytest.raises(NotAllowed):
        reject_hold(uow, number, REP, "no")  # only approvers reject
    assert reject_hold(uow, number, STAFF, "overdue since August").state is State.CANCELLED
    assert stock(uow) == (D(960), D(0))
    with uow:
        assert uow.session.scalars(sa.select(ReviewItem.status)).one() == "rejected"
    with pytest.raises(NotOnHold, match="cancelled, not on hold"):
        reject_hold(uow, number, STAFF, "again")


def test_an_order_goes_to_the_ledger_when_invoiced_and_exposure_does_not_jump(uow: UnitOfWork) -> None:
    setup(uow)
    number = place_order(uow, "D201", cases(3), DEALER).order.number
    confirm_order(uow, number, DEALER)
    with uow:
        dealer_id = uow.session.scalars(sa.select(Dealer.id).where(Dealer.code == "D201")).one()
        assert exposure(uow.session, dealer_id) == D("3000.00")
    assert dispatch(uow, number, STAFF).state is State.DISPATCHED
    assert stock(uow) == (D(960 - 288), D(0))  # goods left: off hand and no longer reserved
    with uow:
        assert exposure(uow.session, dealer_id) == D("3000.00")  # on the truck, still exposure
    assert deliver(uow, number, REP).state is State.DELIVERED
    assert invoice(uow, number, STAFF, on=TODAY).state is State.INVOICED
    with uow:
        entry = uow.session.scalars(sa.select(LedgerEntry)).one()
        assert (entry.kind, entry.amount, entry.reference) == ("invoice", D("3000.00"), number)
        assert (entry.entry_date, entry.due_date) == (TODAY, TODAY + timedelta(days=30))
        assert exposure(uow.session, dealer_id) == D("3000.00")  # moved from orders to the ledger
    with pytest.raises(IllegalTransition, match=f"order {number} cannot go from invoiced to invoiced"):
        invoice(uow, number, STAFF)


def test_short_stock_asks_the_dealer_and_changes_nothing_until_he_chooses(uow: UnitOfWork) -> None:
    setup(uow, limit=None)
    number = place_order(uow, "D201", cases(12) + cases(1, SALT, "bag"), DEALER).order.number
    with pytest.raises(StockShort) as caught:
        confirm_order(uow, number, DEALER)
    (short,) = caught.value.shortfalls  # salt is not tracked, so never short
    assert (short.line, short.sku, short.ordered, short.available) == (1, MAGGI, D(12), D(10))
    assert "MAG-MAS-70: 12 case ordered, 10 in stock" in str(caught.value)
    assert get_order(uow, number).state is State.AWAITING_CONFIRMATION
    assert stock(uow) == (D(960), D(0))


def test_ship_available_shrinks_the_order_to_stock_and_prices_it_again(uow: UnitOfWork) -> None:
    setup(uow, limit=None)
    number = place_order(uow, "D201", cases(12) + cases(1, SALT, "bag"), DEALER).order.number
    done = confirm_order(uow, number, DEALER, shortfall=ShortfallChoice.SHIP_AVAILABLE)
    assert done.order.state is State.CONFIRMED
    assert [(ln.sku, ln.qty) for ln in done.order.lines] == [(MAGGI, D(10)), (SALT, D(1))]
    assert done.order.total == D("10525.00")
    assert stock(uow) == (D(960), D(960))
    assert "shipping what is in stock" in order_history(uow, number)[-1].reason


def test_back_order_keeps_the_order_and_dispatch_waits_for_stock(uow: UnitOfWork) -> None:
    setup(uow, limit=None)
    number = place_order(uow, "D201", cases(12), DEALER).order.number
    done = confirm_order(uow, number, DEALER, shortfall=ShortfallChoice.BACK_ORDER)
    assert (done.order.state, done.order.total) == (State.CONFIRMED, D("12000.00"))
    assert stock(uow) == (D(960), D(1152))  # reserved beyond what is on hand: the back-order
    with pytest.raises(NotEnoughToDispatch, match="MAG-MAS-70 needs 1152 base units, 960 on hand"):
        dispatch(uow, number, STAFF)
    assert get_order(uow, number).state is State.CONFIRMED
    with pytest.raises(StockShort):  # the next order sees no free stock at all
        confirm_order(uow, place_order(uow, "D201", cases(1), DEALER).order.number, DEALER)


@pytest.mark.parametrize(
    "moves",
    [
        # cancelling from each state before dispatch gives reserved stock back
        [],  # awaiting confirmation
        ["confirm"],
        ["confirm", "approve"],
    ],
)
def test_cancelling_before_dispatch_releases_stock(uow: UnitOfWork, moves: list[str]) -> None:
    setup(uow, limit=None)
    number = place_order(uow, "D201", cases(2), DEALER).order.number
    for move in moves:
        if move == "confirm":
            confirm_order(uow, number, DEALER)
        else:
            approve_order(uow, number, STAFF)
    assert cancel_order(uow, number, DEALER, "ordered twice").state is State.CANCELLED
    assert stock(uow) == (D(960), D(0))
    assert order_history(uow, number)[-1].reason == "ordered twice"


def test_cancelling_after_dispatch_or_someone_elses_order_is_refused(uow: UnitOfWork) -> None:
    setup(uow, limit=None)
    number = place_order(uow, "D201", cases(2), DEALER).order.number
    with pytest.raises(NotTheirDealer):
        cancel_order(uow, number, Actor.dealer("D202"))
    confirm_order(uow, number, DEALER)
    dispatch(uow, number, STAFF)
    with pytest.raises(IllegalTransition, match="cannot go from dispatched to cancelled"):
        cancel_order(uow, number, STAFF)
    with pytest.raises(IllegalTransition, match="cannot go from dispatched to confirmed"):
        confirm_order(uow, number, DEALER)


def test_repeat_builds_a_new_order_from_the_last_confirmed_one_at_todays_prices(uow: UnitOfWork) -> None:
    setup(uow, limit=None)
    with pytest.raises(NothingToRepeat):
        repeat_order(uow, "D201", DEALER)
    first = place_order(uow, "D201", cases(2) + cases(3, SALT, "bag"), DEALER).order.number
    confirm_order(uow, first, DEALER)
    place_order(uow, "D201", cases(7), DEALER)  # never confirmed: not what "repeat" means
    with uow:
        maggi = uow.session.scalars(sa.select(Sku).where(Sku.sku == MAGGI)).one()
        uow.session.add(PriceRow(sku=maggi, uom="case", price=D("1100.00")))  # the price went up
    again = repeat_order(uow, "D201", DEALER).order
    assert again.number != first and again.state is State.AWAITING_CONFIRMATION
    assert [(ln.sku, ln.qty, ln.unit_price) for ln in again.lines] == [
        (MAGGI, D(2), D("1100.00")),
        (SALT, D(3), D("500.00")),
    ]


def test_unconfirmed_orders_expire_after_the_configured_time(uow: UnitOfWork) -> None:
    setup(uow, limit=None)
    with uow:
        uow.session.add(Setting(key="draft_ttl_minutes", value="30"))
    waiting = place_order(uow, "D201", cases(1), DEALER).order
    kept = place_order(uow, "D201", cases(1), DEALER).order
    confirm_order(uow, kept.number, DEALER)
    assert waiting.expires_at is not None
    assert waiting.expires_at - waiting.created_at == timedelta(minutes=30)
    assert expire_drafts(uow, now=waiting.expires_at - timedelta(seconds=1)) == ()
    assert expire_drafts(uow, now=waiting.expires_at) == (waiting.number,)
    last = order_history(uow, waiting.number)[-1]
    assert (last.target, last.actor) == (State.CANCELLED, Actor.system("expiry"))
    assert get_order(uow, kept.number).state is State.CONFIRMED
    assert expire_drafts(uow, now=waiting.expires_at + timedelta(days=9)) == ()  # already gone


def test_orders_list_newest_first_and_filter_by_state(uow: UnitOfWork) -> None:
    setup(uow, limit=None)
    a = place_order(uow, "D201", cases(1), DEALER).order.number
    b = place_order(uow, "D201", cases(2), DEALER).order.number
    confirm_order(uow, b, DEALER)
    assert [o.number for o in list_orders(uow, "D201")] == [b, a]
    assert [o.number for o in list_orders(uow, "d201", states=[State.CONFIRMED])] == [b]
    assert list_orders(uow, "D202") == []
    assert list_orders(uow, "D201", limit=1)[0].to_json()["total"] == "2000.00"


@pytest.mark.parametrize(
    ("typed", "number"),
    [("SO-1043", "SO-1043"), ("so-1043", "SO-1043"), ("so 1043", "SO-1043"), ("1043", "SO-1043")],
)
def test_order_numbers_are_read_the_way_people_type_them(typed: str, number: str) -> None:
    assert normalise_number(typed) == number


def test_a_service_joins_a_transaction_the_caller_owns(uow: UnitOfWork) -> None:
    setup(uow, limit=None)
    with uow:
        number = place_order(uow.session, "D201", cases(1), DEALER).order.number
        uow.rollback()  # the caller changed its mind: the order goes with its transaction
    with uow:
        assert uow.session.scalars(sa.select(Order)).all() == []
    with uow, pytest.raises(UnknownOrder):
        get_order(uow.session, number)
