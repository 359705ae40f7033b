"""Reports for a period, on screen and as CSV; the accounting export for the accountant.

    GET /console/reports?from=YYYY-MM-DD&to=YYYY-MM-DD          every staff role
    GET /console/reports/<name>.csv?from=&to=                    name: dealers, products, towns,
                                                                 growing, declining, schemes, claims
    GET /console/exports                                         approver (and admin): the form
    GET /console/exports/download?format=tally|csv&from=&to=     the file (audited)

The period defaults to the 30 days ending today; "growing" and "declining"
compare it with the period of the same length just before. What counts as an
order, and which value is shown, is said in domain.reporting. CSV cells that a
spreadsheet would run as a formula are quoted (reporting.safe_cell).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import Blueprint, Response, abort, flash, render_template, request
from sqlalchemy.orm import Session

from bot.console import audit
from bot.console.auth import role_required
from bot.console.web import date_or_none, reading, writing
from domain import exports, reporting
from domain.services.credit import today_local

NAV = [
    ("Reports", "console.reports", ("ops", "approver")),
    ("Export", "console.exports", ("approver",)),
]
DEFAULT_DAYS = 30
TREND_COLUMNS = (
    ("dealer_code", "code"),
    ("dealer_name", "name"),
    ("town", "town"),
    ("value_this_period", "now"),
    ("value_previous_period", "before"),
    ("change", "change"),
    ("change_pct", "change_pct"),
)


@dataclass(frozen=True)
class Report:
    title: str
    rows: Callable[[Session, reporting.Period], Sequence[Any]]
    columns: tuple[tuple[str, str], ...]  # (CSV heading, attribute)


REPORTS: dict[str, Report] = {
    "dealers": Report(
        "By dealer",
        reporting.by_dealer,
        (
            ("dealer_code", "code"),
            ("dealer_name", "name"),
            ("town", "town"),
            ("orders", "orders"),
            ("value", "value"),
        ),
    ),
    "products": Report(
        "By product",
        reporting.by_product,
        (
            ("sku", "sku"),
            ("name", "name"),
            ("uom", "uom"),
            ("qty", "qty"),
            ("orders", "orders"),
            ("net_value", "net"),
        ),
    ),
    "towns": Report(
        "By town",
        reporting.by_town,
        (("town", "town"), ("dealers", "dealers"), ("orders", "orders"), ("value", "value")),
    ),
    "growing": Report("Dealers growing", lambda s, p: reporting.trends(s, p).growing, TREND_COLUMNS),
    "declining": Report("Dealers declining", lambda s, p: reporting.trends(s, p).declining, TREND_COLUMNS),
    "claims": Report(
        "Claims",
        reporting.claims_report,
        (
            ("status", "status"),
            ("reason", "reason"),
            ("claims", "claims"),
            ("dealers", "dealers"),
            ("credit", "credit"),
        ),
    ),
    "schemes": Report(
        "Scheme uptake",
        reporting.scheme_uptake,
        (
            ("scheme", "code"),
            ("name", "name"),
            ("orders", "orders"),
            ("dealers", "dealers"),
            ("discount", "discount"),
            ("free_goods", "free_goods"),
        ),
    ),
}


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/reports", "reports", reports)
    bp.add_url_rule("/reports/<name>.csv", "report_csv", report_csv)
    bp.add_url_rule("/exports", "exports", exports_page)
    bp.add_url_rule("/exports/download", "export_download", export_download)


def period_from_args() -> tuple[reporting.Period, str | None]:
    """The period the query string asks for, or the default one with the reason it was not used."""
    end = today_local()
    default = reporting.Period(end - timedelta(days=DEFAULT_DAYS - 1), end)
    start_text, end_text = request.args.get("from", ""), request.args.get("to", "")
    if not start_text and not end_text:
        return default, None
    start, finish = date_or_none(start_text), date_or_none(end_text)
    if start is None or finish is None:
        return default, f"Dates must look like 2026-11-30 (got from '{start_text}', to '{end_text}')."
    try:
        return reporting.Period.checked(start, finish), None
    except reporting.ReportError as exc:
        return default, f"{exc}."


@role_required("ops", "approver")
def reports() -> str:
    period, problem = period_from_args()
    if problem:
        flash(f"{problem} Showing the last {DEFAULT_DAYS} days.", "error")
    with reading() as session:
        trend = reporting.trends(session, period)
        tables = {
            "dealers": reporting.by_dealer(session, period),
            "products": reporting.by_product(session, period),
            "towns": reporting.by_town(session, period),
            "schemes": reporting.scheme_uptake(session, period),
            "claims": reporting.claims_report(session, period),
        }
    return render_template("console/reports.html", period=period, trend=trend, t=tables, reports=REPORTS)


@role_required("ops", "approver")
def report_csv(name: str) -> Response:
    report = REPORTS.get(name)
    if report is None:
        abort(404)
    period, problem = period_from_args()
    if problem:
        abort(400, problem)
    with reading() as session:
        rows = report.rows(session, period)
    return csv_response(
        reporting.csv_rows(rows, report.columns),
        f"{name}_{period.start.isoformat()}_{period.end.isoformat()}.csv",
    )


def csv_response(rows: Sequence[Sequence[str]], filename: str) -> Response:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return download(buffer.getvalue(), filename, "text/csv; charset=utf-8")


def download(body: str, filename: str, mimetype: str) -> Response:
    # a UTF-8 BOM so spreadsheet programs read the rupee sign and Hindi names right
    data = ("\ufeff" + body) if mimetype.startswith("text/csv") else body
    response = Response(data.encode("utf-8"), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


# --- accounting export ----------------------------------------------------------------------------------


@role_required("approver")
def exports_page() -> str:
    period, problem = period_from_args()
    if problem:
        flash(problem, "error")
    with reading() as session:
        vouchers = exports.accounting_vouchers(session, period.start, period.end)
        ledgers = exports.TallyLedgers.from_settings(session)
    return render_template("console/exports.html", period=period, vouchers=vouchers, ledgers=ledgers)


@role_required("approver")
def export_download() -> Response:
    fmt = request.args.get("format", "")
    if fmt not in exports.FORMATS:
        abort(400, f"format must be one of {', '.join(exports.FORMATS)}")
    period, problem = period_from_args()
    if problem:
        abort(400, problem)
    with reading() as session:
        body, count = exports.export(session, fmt, period.start, period.end)
    with writing() as session:
        audit.record(
            session, "export.accounting", f"{fmt} {period.start} {period.end}", after={"vouchers": count}
        )
    stem = f"vouchers_{period.start.isoformat()}_{period.end.isoformat()}"
    if fmt == "csv":
        return download(body, f"{stem}.csv", "text/csv; charset=utf-8")
    return download(body, f"{stem}.xml", "application/xml; charset=utf-8")
