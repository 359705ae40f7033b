"""The numbers of the dashboard and the period reports, read with SQLAlchemy 2.0 `select()`.

What counts:

- An order is *booked* once the dealer said YES and it was not cancelled: confirmed, on hold,
  approved, dispatched, delivered or invoiced (`BOOKED`). Drafts, orders still waiting for a
  YES and cancelled orders are not sales.
- An order belongs to the day (India's calendar) it was placed (`Order.created_at`).
- Order value is the order total (after discounts, with GST). Product value is the lines' net
  value (after discounts, before GST).
- An order is *touched* when a person worked on its parse: a review item of the queue (parse,
  media) points at it or drafted it, or staff placed it. Every other booked order is touchless.
  Credit holds are approvals, not parse reviews: they do not make an order touched.

Money is summed by the database as the integer paise it is stored in, so totals are exact.

Callers write `from domain import reporting` and `reporting.today(...)`; the numbers live in one
module per idea and this package names them all:

- period: `Period`, `ReportError`, and the SQL for orders booked in a period
- dashboard: today's figures, exposures, orders per day, parse confidence bands
- sales: by dealer, by town, by product, dealers growing and declining
- uptake: scheme uptake
- claims: claims told in a period by status and reason, with the credit given
- cells: report rows as CSV cells a spreadsheet will not run as formulas
"""

from __future__ import annotations

from domain.reporting.cells import csv_rows, safe_cell
from domain.reporting.claims import ClaimsByReason, claims_report
from domain.reporting.dashboard import (
    CONFIDENCE_BANDS,
    OPEN,
    QUEUE_KINDS,
    DayPoint,
    Exposure,
    Today,
    confidence_spread,
    daily,
    exposures,
    today,
    touched_orders,
)
from domain.reporting.period import BOOKED, MAX_PERIOD_DAYS, Period, ReportError, day_start
from domain.reporting.sales import (
    DealerSales,
    ProductSales,
    TownSales,
    Trend,
    Trends,
    by_dealer,
    by_product,
    by_town,
    trends,
)
from domain.reporting.uptake import SchemeUptake, scheme_uptake

__all__ = [
    # period
    "BOOKED",
    "MAX_PERIOD_DAYS",
    "Period",
    "ReportError",
    "day_start",
    # dashboard
    "CONFIDENCE_BANDS",
    "OPEN",
    "QUEUE_KINDS",
    "DayPoint",
    "Exposure",
    "Today",
    "confidence_spread",
    "daily",
    "exposures",
    "today",
    "touched_orders",
    # sales
    "DealerSales",
    "ProductSales",
    "TownSales",
    "Trend",
    "Trends",
    "by_dealer",
    "by_product",
    "by_town",
    "trends",
    # uptake
    "SchemeUptake",
    "scheme_uptake",
    # claims
    "ClaimsByReason",
    "claims_report",
    # cells
    "csv_rows",
    "safe_cell",
]
