"""A price of 0 (issue 12, item 4): refused on import unless the row says free=yes, and an order with a
line at ₹0.00 waits for an approver instead of confirming."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from domain.importing import ImportFailed, import_dir
from domain.models import PriceRow, ReviewItem, Sku
from domain.orders import State
from domain.services.orders import approve_order, confirm_order, place_order, reject_hold
from domain.uow import UnitOfWork
from tests.domain.test_import import CATALOG, PRICES, factory, write_set
from tests.domain.test_orders_service import DEALER, MAGGI, STAFF, TODAY, cases, setup, uow

__all__ = ["factory", "uow"]  # the fixtures

D = Decimal
FREE_PRICES = PRICES.replace("sku,uom,price,tier,dealer\n", "sku,uom,price,tier,dealer,free\n")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        # a zero price in prices.csv is named with its file, line and column
        (
            {"prices_csv": PRICES.replace("1152.00", "0")},
            "prices.csv line 2: price '0' is not above zero (a free item says so: free=yes)",
        ),
        # written as money, too
        (
            {"prices_csv": PRICES.replace("1152.00", "0.00")},
            "prices.csv line 2: price '0.00' is not above zero",
        ),
        # a negative price is no price either
        (
            {"prices_csv": PRICES.replace("12.00", "-12.00")},
            "prices.csv line 4: price '-12.00' is not above zero",
        ),
        # free=no is the same as no free column
        (
            {"prices_csv": FREE_PRICES.replace("1152.00,,", "0,,,no")},
            "prices.csv line 2: price '0' is not above",
        ),
        # free=yes is for a price of 0 only
        (
            {"prices_csv": FREE_PRICES.replace("1152.00,,", "1152.00,,,yes")},
            "prices.csv line 2: price '1152.00' is not 0 but the row says free=yes",
        ),
        # the catalog's list price likewise
        (
            {"catalog_csv": CATALOG.replace("60.00", "0")},
            "catalog.csv line 3: price '0' is not above zero (a free item says so: free=yes)",
        ),
        (
            {"catalog_csv": CATALOG.replace(",gst_rate\n", ",gst_rate,free\n").replace(",5\n", ",5,yes\n")},
            "catalog.csv line 3: price '60.00' is not 0 but the row says free=yes",
        ),
    ],
)
def test_a_zero_price_is_refused_naming_file_line_and_column(
    factory: sessionmaker[Session], tmp_path: Path, changes: dict[str, str], message: str
) -> None:
    with pytest.raises(ImportFailed) as caught:
        import_dir(factory, write_set(tmp_path, **changes))
    assert str(caught.value).startswith(message), str(caught.value)


def test_a_row_free_on_purpose_is_stored_at_zero(factory: sessionmaker[Session], tmp_path: Path) -> None:
    catalog = CATALOG.replace(",gst_rate\n", ",gst_rate,free\n").replace("60.00,,5\n", "0,,5,yes\n")
    prices = FREE_PRICES.replace("1152.00,,", "0,,,yes")
    import_dir(factory, write_set(tmp_path, catalog_csv=catalog, prices_csv=prices))
    with factory() as session:
        assert session.scalars(sa.select(Sku.price).where(Sku.sku == "PAR-G-56")).one() == D("0.00")
        assert sorted(session.scalars(sa.select(PriceRow.price))) == [D("0.00"), D("12.00"), D("1128.96")]


def zero_priced(uow: UnitOfWork) -> str:
    """MAG-MAS-70 given away on purpose: its list price is 0; an order of 2 cases, placed."""
    setup(uow)
    with uow:
        uow.session.scalars(sa.select(Sku).where(Sku.sku == MAGGI)).one().price = D("0.00")
    return place_order(uow, "D201", cases(2), DEALER, on=TODAY).order.number


def reviews(uow: UnitOfWork) -> list[tuple[str, str, str]]:
    with uow:
        rows = uow.session.scalars(sa.select(ReviewItem).order_by(ReviewItem.id))
        return [(r.kind, r.status, r.message_text) for r in rows]


def test_an_order_with_a_line_at_zero_waits_for_an_approver(uow: UnitOfWork) -> None:
    number = zero_priced(uow)
    done = confirm_order(uow, number, DEALER, today=TODAY)
    assert (done.decision, done.order.state, done.order.total) == ("ok", State.ON_HOLD, D("0.00"))
    assert done.price_asked  # the dealer hears that it waits for approval, not that it is confirmed
    assert reviews(uow) == [
        (
            "zero_price",
            "open",
            f"{number}: priced at ₹0.00 (free in the price list): Maggi Masala 70g: 2 case at ₹0.00",
        )
    ]
    approved = approve_order(uow, number, STAFF, "free sample, agreed with the brand")
    assert approved.state is State.APPROVED
    assert [(kind, status) for kind, status, _ in reviews(uow)] == [("zero_price", "done")]


def test_an_approver_may_refuse_the_zero_priced_order(uow: UnitOfWork) -> None:
    number = zero_priced(uow)
    confirm_order(uow, number, DEALER, today=TODAY)
    assert reject_hold(uow, number, STAFF, "not free any more").state is State.CANCELLED
    assert [(kind, status) for kind, status, _ in reviews(uow)] == [("zero_price", "rejected")]
