"""The sweeper also cancels drafts the dealer never confirmed, so old prices are never confirmed."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import sqlalchemy as sa

from bot.sweeper import sweep
from domain.importing import import_dir
from domain.models import Order
from domain.orders import Actor
from domain.quote import LineRequest
from domain.services.orders import place_order
from domain.uow import UnitOfWork
from tests.support.botapp import bot_app

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_a_sweep_cancels_a_draft_past_its_time_and_leaves_a_fresh_one(sqlite_url: str) -> None:
    with bot_app(sqlite_url) as app:
        rt = app.extensions["orderbot"]
        import_dir(rt.sessions, FIXTURES)
        with rt.sessions() as session:
            dealer = session.scalars(sa.text("select code from dealers order by code limit 1")).one()
            first = sa.text("select sku, default_uom from skus order by sku limit 1")
            sku, uom = session.execute(first).one()

        def draft(qty: int):  # type: ignore[no-untyped-def]
            lines = [LineRequest(sku, Decimal(qty), uom)]
            return place_order(UnitOfWork(rt.sessions), dealer, lines, Actor.dealer(dealer))

        old, fresh = draft(1), draft(2)
        with rt.sessions() as session, session.begin():
            row = session.scalars(sa.select(Order).where(Order.number == fresh.order.number)).one()
            row.expires_at += timedelta(days=2)
        assert old.order.expires_at is not None
        due = old.order.expires_at + timedelta(seconds=1)

        report = sweep(rt, now=due)

        with rt.sessions() as session:
            states = dict(session.execute(sa.select(Order.number, Order.state)).all())
        assert report.expired == 1
        assert states[old.order.number] == "cancelled"
        assert states[fresh.order.number] != "cancelled"
        assert sweep(rt, now=due).expired == 0  # already gone: a second pass changes nothing
