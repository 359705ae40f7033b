"""Dashboard, reports, accounting export and master-data upload: who may open them, what they show,
what they download, and that a dealer's name never reaches a page unescaped."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal
from xml.etree import ElementTree as ET

import pytest
import sqlalchemy as sa

from domain.models import AuditLog, Dealer, Invoice, Order, Sku
from domain.money import fmt_inr
from domain.orders import Actor
from domain.quote import LineRequest
from domain.services.credit import today_local
from domain.services.order_views import OrderView
from domain.services.orders import confirm_order, deliver, dispatch, invoice, place_order
from domain.uow import UnitOfWork
from tests.bot.console.conftest import FIXTURES, Console

EVERYONE = ("ops", "approver", "admin")
STAFF_ROLES = ("ops", "approver")
PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"

# (method, url, roles that may besides admin)
ROUTES = [
    ("GET", "/console/dashboard", STAFF_ROLES),
    ("GET", "/console/reports", STAFF_ROLES),
    ("GET", "/console/reports/dealers.csv", STAFF_ROLES),
    ("GET", "/console/reports/schemes.csv", STAFF_ROLES),
    ("GET", "/console/exports", ("approver",)),
    ("GET", "/console/exports/download?format=csv", ("approver",)),
    ("GET", "/console/masters", ()),
    ("POST", "/console/masters", ()),
]
CASES = [(m, u, r, r in allowed or r == "admin") for m, u, allowed in ROUTES for r in EVERYONE]


def book(console: Console, code: str, cases: int = 2, sku: str = "MAG-MAS-70") -> OrderView:
    factory = console.app.extensions["orderbot"].sessions
    placed = place_order(
        UnitOfWork(factory), code, [LineRequest(sku, Decimal(cases), "case")], Actor.dealer(code)
    )
    return confirm_order(UnitOfWork(factory), placed.order.number, Actor.dealer(code)).order


def rename(console: Console, code: str, name: str) -> None:
    with console.session() as s, s.begin():
        s.execute(sa.update(Dealer).where(Dealer.code == code).values(name=name))


def audit(console: Console, action: str) -> list[AuditLog]:
    with console.session() as s:
        return list(s.scalars(sa.select(AuditLog).where(AuditLog.action == action)))


@pytest.mark.parametrize(
    ("method", "url", "role", "allowed"), CASES, ids=[f"{m} {u} as {r}" for m, u, r, _ in CASES]
)
def test_each_page_is_refused_to_a_role_without_it(
    console: Console, method: str, url: str, role: str, allowed: bool
) -> None:
    client = console.client(role)
    response = client.get(url) if method == "GET" else console.post(client, url)
    if allowed:
        assert response.status_code in (200, 400), response.status_code  # 400: a POST without files
    else:
        assert response.status_code == 403


@pytest.mark.parametrize(("method", "url"), [(m, u) for m, u, _ in ROUTES])
def test_an_anonymous_visitor_is_sent_to_log_in(console: Console, method: str, url: str) -> None:
    client = console.client(None)
    response = client.get(url) if method == "GET" else console.post(client, url)
    assert response.status_code in (302, 400)  # 400: the CSRF check of an anonymous POST comes first
    if response.status_code == 302:
        assert "/console/login" in response.headers["Location"]


def test_the_dashboard_counts_todays_orders_and_draws_its_charts_without_scripts(console: Console) -> None:
    first, second = book(console, "D06"), book(console, "D01", 3)
    page = console.client("ops").get("/console/dashboard").get_data(as_text=True)
    assert re.search(r'id="orders-today">2<', page)
    assert fmt_inr(first.total + second.total) in page  # today's value, in rupees with Indian grouping
    assert page.count("<svg") == 2 and page.count("<rect") >= 60  # two 30-day charts
    assert f"{today_local().isoformat()}: 2 orders" in page  # the bar's tooltip
    assert "<script" not in page
    assert not re.search(r'(src|href)="(https?:)?//', page)  # nothing from another host: works offline


def test_a_fresh_install_shows_an_empty_dashboard(console: Console) -> None:
    response = console.client("approver").get("/console/dashboard")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="orders-today">0<' in page and "0 order messages read today" in page


# (report, its CSV header)
TREND = [
    "dealer_code",
    "dealer_name",
    "town",
    "value_this_period",
    "value_previous_period",
    "change",
    "change_pct",
]
HEADERS = [
    ("dealers", ["dealer_code", "dealer_name", "town", "orders", "value"]),
    ("products", ["sku", "name", "uom", "qty", "orders", "net_value"]),
    ("towns", ["town", "dealers", "orders", "value"]),
    ("growing", TREND),
    ("declining", TREND),
    ("schemes", ["scheme", "name", "orders", "dealers", "discount", "free_goods"]),
]


@pytest.mark.parametrize(("name", "header"), HEADERS)
def test_each_report_downloads_as_csv(console: Console, name: str, header: list[str]) -> None:
    order = book(console, "D06", 10)  # 10 cases also earn MAGGI-10P1's free case
    day = today_local().isoformat()
    response = console.client("ops").get(f"/console/reports/{name}.csv?from={day}&to={day}")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}_{day}_{day}.csv"'
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == header
    expected = {
        "dealers": ["D06", "Sai Baba Super Market", "Nagpur", "1", f"{order.total:f}"],
        "towns": ["Nagpur", "1", "1", f"{order.total:f}"],
        "growing": [
            "D06",
            "Sai Baba Super Market",
            "Nagpur",
            f"{order.total:f}",
            "0.00",
            f"{order.total:f}",
            "",
        ],
        "schemes": [
            "MAGGI-10P1",
            "Maggi Masala 70g: every 10 cases get 1 case free",
            "1",
            "1",
            "0.00",
            "1 case MAG-MAS-70",
        ],
    }
    if name in expected:
        assert rows[1] == expected[name]
    if name == "declining":
        assert rows[1:] == []


def test_a_dealers_name_is_escaped_on_every_page_and_defused_in_csv(console: Console) -> None:
    rename(console, "D06", PAYLOAD)
    rename(console, "D01", '=HYPERLINK("http://evil")')
    book(console, "D06")
    book(console, "D01")
    client = console.client("approver")
    for url in ("/console/dashboard", "/console/reports"):
        page = client.get(url).get_data(as_text=True)
        assert PAYLOAD not in page and "onerror=alert(1)>" not in page
        assert ESCAPED in page, url
    rows = list(csv.reader(io.StringIO(client.get("/console/reports/dealers.csv").get_data(as_text=True))))
    names = {r[0]: r[1] for r in rows[1:]}
    assert names == {"D06": PAYLOAD, "D01": '\'=HYPERLINK("http://evil")'}


# (query string, what the page says)
BAD_PERIODS = [
    ("?from=2026-13-01&to=2026-11-30", "Dates must look like 2026-11-30"),  # no 13th month
    ("?from=2026-11-30&to=2026-11-01", "the period ends (2026-11-01) before it starts (2026-11-30)"),
]


@pytest.mark.parametrize(("query", "message"), BAD_PERIODS)
def test_a_bad_period_is_named_and_the_last_30_days_shown(console: Console, query: str, message: str) -> None:
    client = console.client("ops")
    page = client.get("/console/reports" + query).get_data(as_text=True)
    start = today_local() - timedelta(days=29)
    assert message in page and f"Reports: {start.isoformat()} to {today_local().isoformat()}" in page
    assert client.get("/console/reports/dealers.csv" + query).status_code == 400
    assert client.get("/console/reports/nonsense.csv").status_code == 404


def test_the_export_button_downloads_balanced_tally_vouchers_and_is_audited(console: Console) -> None:
    factory = console.app.extensions["orderbot"].sessions
    staff = Actor.staff("approver@example.com")
    order = book(console, "D06")
    for move in (dispatch, deliver):
        move(UnitOfWork(factory), order.number, staff)
    invoice(UnitOfWork(factory), order.number, staff)
    client = console.client("approver")
    day = today_local().isoformat()
    assert order.number in client.get(f"/console/exports?from={day}&to={day}").get_data(as_text=True)
    response = client.get(f"/console/exports/download?format=tally&from={day}&to={day}")
    assert response.status_code == 200 and response.mimetype == "application/xml"
    (voucher,) = ET.fromstring(response.get_data()).iter("VOUCHER")
    amounts = [Decimal(a.text or "x") for a in voucher.iter("AMOUNT")]
    with console.session() as s:
        issued = s.scalars(
            sa.select(Invoice.number).join(Order, Invoice.order_id == Order.id)
            .where(Order.number == order.number)
        ).one()
    assert (voucher.findtext("VOUCHERNUMBER"), voucher.findtext("REFERENCE")) == (issued, order.number)
    assert sum(amounts) == 0
    assert -amounts[0] == order.total
    (row,) = audit(console, "export.accounting")
    assert (row.who, row.target, row.after) == ("approver@example.com", f"tally {day} {day}", {"vouchers": 1})


def _upload(console: Console, files: dict[str, tuple[str, str]]) -> tuple[int, str]:
    client = console.client("admin")
    data = {field: (io.BytesIO(text.encode()), filename) for field, (filename, text) in files.items()}
    response = console.post(client, "/console/masters", data, content_type="multipart/form-data")
    return response.status_code, response.get_data(as_text=True)


def test_a_bad_master_file_shows_its_errors_by_line_escaped_and_writes_nothing(console: Console) -> None:
    header = (FIXTURES / "dealers.csv").read_text().splitlines()[0]
    bad = f"{header}\nD11,New Shop,+919000000111,Nagpur,A,{PAYLOAD.replace(',', ';')},0.00,\n"
    status, page = _upload(console, {"dealers": ("my dealers.csv", bad)})
    assert status == 422
    assert "dealers.csv line 2: credit_limit" in page
    assert "onerror=alert(1)>" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    with console.session() as s:
        assert s.scalar(sa.select(sa.func.count(Dealer.id)).where(Dealer.code == "D11")) == 0
    (row,) = audit(console, "masters.import_refused")
    assert row.target == "dealers.csv" and row.after is not None and row.after["bad_rows"] == 1


def test_a_good_master_file_goes_through_the_same_importer(console: Console) -> None:
    lines = (FIXTURES / "catalog.csv").read_text().splitlines()
    changed = lines[1].replace("Maggi 2-Minute Masala Noodles 70g", "Maggi Masala 70g (new pack)", 1)
    status, page = _upload(console, {"catalog": ("catalog.csv", f"{lines[0]}\n{changed}\n")})
    assert status == 200
    assert "catalog.csv: 1 rows: 0 created, 1 updated, 0 unchanged" in page
    with console.session() as s:
        assert s.scalar(sa.select(Sku.name).where(Sku.sku == "MAG-MAS-70")) == "Maggi Masala 70g (new pack)"
    (row,) = audit(console, "masters.import")
    assert row.who == "admin@example.com" and row.target == "catalog.csv"


def test_todays_order_messages_are_read_again_for_the_confidence_spread(console: Console) -> None:
    from bot.console import dashboard
    from bot.models import InboundMessage
    from domain.columns import utcnow

    texts = ["10 case maggi masala 70g", "balance kitna hai", "5 peti qwzx"]  # an order, a question, a guess
    with console.session() as s, s.begin():
        for i, text in enumerate(texts):
            s.add(
                InboundMessage(
                    message_sid=f"SMspread{i}",
                    phone="+919000000106",
                    body=text,
                    status="processed",
                    received_at=utcnow(),
                )
            )
    page = console.client("ops").get("/console/dashboard").get_data(as_text=True)
    counts = [int(n) for n in re.findall(r'<td class="num">(\d+)</td><td><meter class="meter"', page)]
    assert len(counts) == 4
    cached = [v for (_, _), v in dashboard.CONFIDENCE_CACHE.items() if v is not None]
    assert sum(counts) == len(cached) >= 1  # the balance question is not an order
    assert counts[-1] >= 1  # "10 case maggi masala 70g" is read with confidence 0.9 or more
    assert f"{sum(counts)} order message" in page
