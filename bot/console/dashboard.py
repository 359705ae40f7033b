"""The dashboard: today at a glance, and the last 30 days as charts drawn on the server.

    GET /console/dashboard        every staff role

Today (India's calendar): booked orders and their value, the touchless rate,
the review backlog and its oldest item, pending approvals, total exposure with
the ten largest, and how sure the parser was about today's order messages.
The figures come from domain.reporting; the charts are inline SVG built here
(no script, no CDN: the console works offline), each bar titled with its day
and figure for a hover tooltip.

Parse confidence is not stored with an order, so today's processed messages
(the newest MAX_PARSED) are read again by the running parser; each message's
confidence is kept in this process (CONFIDENCE_CACHE) so a reload parses only
what is new. Only messages the parser reads as orders count.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa
from flask import Blueprint, render_template
from sqlalchemy.orm import Session

from bot.console.auth import role_required
from bot.console.web import reading
from bot.models import InboundMessage
from bot.replies.shape import LIMIT
from domain import reporting
from domain.models import Dealer
from domain.money import fmt_inr
from domain.services.credit import today_local

NAV = [("Dashboard", "console.dashboard", ("ops", "approver"))]
DAYS = 30
MAX_PARSED = 300
CACHE_SIZE = 5000
CONFIDENCE_CACHE: OrderedDict[tuple[str, int], float | None] = OrderedDict()


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/dashboard", "dashboard", dashboard)


@role_required("ops", "approver")
def dashboard() -> str:
    day = today_local()
    with reading() as session:
        now = reporting.today(session, day)
        series = reporting.daily(session, day, DAYS)
        spread = reporting.confidence_spread(todays_confidences(session, day))
    return render_template(
        "console/dashboard.html",
        t=now,
        spread=spread,
        parsed=sum(n for _, n in spread),
        orders_chart=bar_chart([(p.day, Decimal(p.orders)) for p in series], lambda v: f"{v} orders"),
        value_chart=bar_chart([(p.day, p.value) for p in series], lambda v: fmt_inr(v)),
        series=series,
    )


# --- parse confidence ----------------------------------------------------------------------------------


def todays_confidences(session: Session, day: date) -> list[float]:
    """Confidence of each of today's processed order messages (newest MAX_PARSED), parsed once each.

    A body longer than the bot reads (replies.LIMIT: it answered "too long" and parsed nothing) is
    never parsed here either.
    """
    from bot.parsing import parse

    first = reporting.day_start(day)
    rows = (
        session.execute(
            sa.select(InboundMessage.id, InboundMessage.phone, InboundMessage.body)
            .where(
                InboundMessage.received_at >= first,
                InboundMessage.received_at < first + timedelta(days=1),
                InboundMessage.status == "processed",
                InboundMessage.body != "",
                sa.func.coalesce(InboundMessage.body_length, sa.func.length(InboundMessage.body)) <= LIMIT,
            )
            .order_by(InboundMessage.id.desc())
            .limit(MAX_PARSED)
        )
        .tuples()
        .all()
    )
    if not rows:
        return []
    where = session.get_bind().engine.url.render_as_string(hide_password=True)
    codes = dict(
        session.execute(
            sa.select(Dealer.phone, Dealer.code).where(Dealer.phone.in_({phone for _, phone, _ in rows}))
        )
        .tuples()
        .all()
    )
    out = []
    for message_id, phone, body in rows:
        key = (where, message_id)
        if key not in CONFIDENCE_CACHE:
            parsed = parse(session, body, codes.get(phone))
            is_order = parsed.intent == "order" and bool(parsed.lines or parsed.unmatched)
            CONFIDENCE_CACHE[key] = parsed.confidence if is_order else None
            while len(CONFIDENCE_CACHE) > CACHE_SIZE:
                CONFIDENCE_CACHE.popitem(last=False)
        value = CONFIDENCE_CACHE[key]
        if value is not None:
            out.append(value)
    return out


# --- charts -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    title: str  # "2026-11-21: ₹1,23,456.00" (escaped by the template)


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    top: float  # y of the highest value
    base: float  # y of zero
    peak: str  # the highest value, as shown on the axis
    bars: tuple[Bar, ...]
    labels: tuple[tuple[float, str], ...]  # (x, "21 Nov") under a few bars


def bar_chart(
    points: Sequence[tuple[date, Decimal]],
    show: Callable[[Decimal], str],
    width: int = 720,
    height: int = 180,
) -> Chart:
    """Bars for `points` (zero or more) scaled to the highest one; `show(value)` writes a value.

    >>> c = bar_chart([(date(2026, 11, 1), Decimal(2)), (date(2026, 11, 2), Decimal(4))], str)
    >>> [round(b.height) for b in c.bars], c.peak
    ([70, 140], '4')
    """
    left, right, top, bottom = 8.0, 8.0, 20.0, 20.0
    plot_h = height - top - bottom
    peak = max((v for _, v in points), default=Decimal(0))
    step = (width - left - right) / max(len(points), 1)
    bars = []
    for i, (day, value) in enumerate(points):
        h = float(value / peak) * plot_h if peak > 0 else 0.0
        bars.append(
            Bar(
                left + i * step + step * 0.15,
                top + plot_h - h,
                step * 0.7,
                h,
                f"{day.isoformat()}: {show(value)}",
            )
        )
    every = max(len(points) // 6, 1)
    labels = tuple(
        (left + i * step + step / 2, day.strftime("%d %b"))
        for i, (day, _) in enumerate(points)
        if i % every == 0 or i == len(points) - 1
    )
    return Chart(width, height, top, top + plot_h, show(peak), tuple(bars), labels)
