"""Pick lists a packer prints: one order's, or the day's with totals by SKU; free goods included.

    GET /console/orders/<number>/pick    one confirmed or approved order (409 for any other state)
    GET /console/pick?date=YYYY-MM-DD    the confirmed and approved orders placed that day (India's
                                         calendar; today when no date), each, then the day's totals

Plain HTML with a print stylesheet (static/pick.css): no navigation, no buttons on paper.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue

from bot.console.auth import role_required
from bot.console.web import date_or_none, reading
from domain.errors import NotFound
from domain.services.credit import today_local
from domain.services.picking import NotPickable, day_pick, order_pick


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/orders/<number>/pick", "pick_order", pick_order)
    bp.add_url_rule("/pick", "pick_day", pick_day)


@role_required("ops")
def pick_order(number: str) -> ResponseReturnValue:
    with reading() as session:
        try:
            found = order_pick(session, number.strip().upper())
        except NotFound:
            abort(404)
        except NotPickable as exc:
            return render_template("console/pick.html", title=exc.number, orders=(), refused=str(exc)), 409
    return render_template("console/pick.html", title=f"Pick list {found.number}", orders=(found,))


@role_required("ops")
def pick_day() -> ResponseReturnValue:
    given = request.args.get("date", "").strip()
    day = date_or_none(given) if given else today_local()
    if day is None:
        return render_template(
            "console/pick.html",
            title="Pick list",
            orders=(),
            refused=f"{given!r} is not a date like 2026-11-21",
        ), 400
    with reading() as session:
        found = day_pick(session, day)
    return render_template(
        "console/pick.html", title=f"Pick list {day.isoformat()}", day=found, orders=found.orders
    )
