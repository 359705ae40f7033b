"""The console master upload (issue 12, item 5): a Preview that writes nothing, then Apply; blank cells
keep stored values; the result names every field changed; a large upload runs as a background job whose
progress the page shows."""

from __future__ import annotations

import io
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot import masters_upload as uploads
from bot.dispatch import RqDispatcher
from domain.models import AuditLog, Dealer, Order, ReviewItem, Sku
from tests.bot.console.conftest import FIXTURES, TOKEN, Console

DEALERS = (FIXTURES / "dealers.csv").read_text()
D03 = next(line for line in DEALERS.splitlines() if line.startswith("D03,"))
HEADER = DEALERS.splitlines()[0]


@pytest.fixture(autouse=True)
def upload_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MASTERS_UPLOAD_DIR", str(tmp_path / "uploads"))
    return tmp_path / "uploads"


def post(console: Console, files: dict[str, str], action: str, **kw: Any) -> Any:
    client = console.client("admin")
    data: dict[str, Any] = {name: (io.BytesIO(text.encode()), f"{name}.csv") for name, text in files.items()}
    return console.post(
        client, "/console/masters", {**data, "action": action}, content_type="multipart/form-data", **kw
    )


def d03(console: Console) -> tuple[object, ...]:
    with console.session() as s:
        d = s.scalars(sa.select(Dealer).where(Dealer.code == "D03")).one()
        return d.tier, d.credit_limit, sorted(r.phone for r in d.reps)


def test_a_preview_names_every_change_and_writes_nothing_then_apply_writes_it(console: Console) -> None:
    before = d03(console)
    assert before == ("A", 100000, ["+919000000901", "+919000000902"])
    # the report of issue 12: blank tier and reps, a new credit limit
    row = "D03,Laxmi Provision Stores,+919000000103,Nagpur,,120000.00,,"
    response = post(console, {"dealers": f"{HEADER}\n{row}\n"}, "preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "dealers.csv: 1 rows: 0 would be created, 1 would be updated, 0 unchanged" in page
    assert "D03: credit_limit 100000.00 -&gt; 120000.00" in page  # escaped like any text
    assert d03(console) == before  # nothing written
    token = TOKEN.findall(page)  # the csrf token, then the upload's own token in the Apply form
    upload = page.split('name="token" value="')[1].split('"')[0]
    assert token and uploads.TOKEN.fullmatch(upload)
    client = console.client("admin")
    applied = console.post(client, "/console/masters/apply", {"token": upload})
    assert applied.status_code == 200
    assert "D03: credit_limit 100000.00 -&gt; 120000.00" in applied.get_data(as_text=True)
    assert d03(console) == ("A", 120000, ["+919000000901", "+919000000902"])  # blank kept tier and reps
    again = console.post(client, "/console/masters/apply", {"token": upload})  # a double click
    assert d03(console)[1] == 120000 and again.status_code == 200
    with console.session() as s:
        rows = s.scalars(sa.select(AuditLog).where(AuditLog.action == "masters.import")).all()
    assert [(r.target, r.after["changes"]) for r in rows if r.after] == [
        ("dealers.csv", ["D03: credit_limit 100000.00 -> 120000.00"])
    ]


def test_clearing_is_explicit(console: Console) -> None:
    row = "D03,Laxmi Provision Stores,+919000000103,Nagpur,none,-,,none"
    response = post(console, {"dealers": f"{HEADER}\n{row}\n"}, "import")
    assert response.status_code == 200
    assert "D03: tier A -&gt; (none); credit_limit 100000.00 -&gt; (none); reps removed" in response.get_data(
        as_text=True
    )
    assert d03(console) == ("", None, [])


@pytest.mark.parametrize(
    ("token", "status"),
    [("../../etc", 404), ("x" * 30, 404)],  # not ours, not staged
)
def test_apply_needs_a_staged_upload(console: Console, token: str, status: int) -> None:
    response = console.post(console.client("admin"), "/console/masters/apply", {"token": token})
    assert response.status_code == status and "upload the files again" in response.get_data(as_text=True)


def test_a_bad_preview_names_the_rows_and_offers_no_apply(console: Console) -> None:
    bad = f"{HEADER}\nD99,New,+919000000101,Pune,,,,\n"  # D01's phone
    response = post(console, {"dealers": bad}, "preview")
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "phone +919000000101 already belongs to dealer D01" in page
    assert "Apply" not in page


def catalog(rows: int) -> str:
    lines = ["sku,name,uoms,default_uom,price"]
    lines += [f"BULK-{n:06d},Bulk item {n},case:12|pc:1,case,{10 + n % 90}.50" for n in range(rows)]
    return "\n".join(lines) + "\n"


def test_a_large_upload_runs_in_the_background_with_progress(console: Console) -> None:
    console.app.config["MASTERS_BACKGROUND_ROWS"] = 2_000
    response = post(console, {"catalog": catalog(2_500)}, "import")
    assert response.status_code == 303
    page_url = response.headers["Location"]
    client = console.client("admin")
    first = client.get(page_url).get_data(as_text=True)
    assert 'http-equiv="refresh"' in first or "Import finished." in first
    for _ in range(100):
        page = client.get(page_url).get_data(as_text=True)
        if "Import finished." in page:
            break
        time.sleep(0.1)
    assert "catalog.csv: 2500 rows: 2500 created, 0 updated, 0 unchanged" in page
    assert 'http-equiv="refresh"' not in page
    with console.session() as s:
        assert s.scalar(sa.select(sa.func.count(Sku.id)).where(Sku.sku.like("BULK-%"))) == 2_500


def wait(client: Any, url: str, done: str) -> str:
    for _ in range(150):
        page = str(client.get(url).get_data(as_text=True))
        if done in page:
            return page
        time.sleep(0.1)
    raise AssertionError(f"{done!r} not shown: {page}")


def test_a_large_preview_runs_in_the_background_then_apply(console: Console) -> None:
    console.app.config["MASTERS_BACKGROUND_ROWS"] = 2_000
    response = post(console, {"catalog": catalog(2_500)}, "preview")
    assert response.status_code == 303
    client = console.client("admin")
    page = wait(client, response.headers["Location"], "Preview: nothing has been written yet")
    assert "catalog.csv: 2500 rows: 2500 would be created, 0 would be updated, 0 unchanged" in page
    with console.session() as s:
        assert s.scalar(sa.select(sa.func.count(Sku.id)).where(Sku.sku.like("BULK-%"))) == 0
    upload = page.split('name="token" value="')[1].split('"')[0]
    applied = console.post(client, "/console/masters/apply", {"token": upload})
    assert applied.status_code == 303
    page = wait(client, applied.headers["Location"], "Import finished.")
    assert "catalog.csv: 2500 rows: 2500 created, 0 updated, 0 unchanged" in page
    with console.session() as s:
        assert s.scalar(sa.select(sa.func.count(Sku.id)).where(Sku.sku.like("BULK-%"))) == 2_500
    assert console.post(client, "/console/masters/apply", {"token": upload}).status_code == 200  # again
    assert uploads.status(upload).state == "done"  # not started twice


def test_progress_is_noted_as_the_rows_are_written(console: Console, monkeypatch: pytest.MonkeyPatch) -> None:
    token = uploads.stage({"catalog.csv": catalog(2_500).encode()})
    seen: list[tuple[str, str, int, int]] = []
    save = uploads.save

    def noting(where: Path, state: uploads.Status) -> None:
        seen.append((state.state, state.file, state.done, state.total))
        save(where, state)

    monkeypatch.setattr(uploads, "save", noting)
    state = uploads.apply(console.app.extensions["orderbot"].sessions, token, "admin@example.com")
    assert state.state == "done"
    assert [(done, total) for st, _, done, total in seen if st == "running" and total] == [
        (1000, 2500),
        (2000, 2500),
        (2500, 2500),
    ]


class FakeQueue:
    def __init__(self) -> None:
        self.jobs: list[tuple[Any, ...]] = []

    def enqueue(self, function: str, *args: Any, **kw: Any) -> None:
        self.jobs.append((function, *args))


def test_with_redis_the_upload_is_an_rq_job(console: Console) -> None:
    token = uploads.stage({"catalog.csv": catalog(3).encode()})
    rt = console.app.extensions["orderbot"]
    dispatcher = object.__new__(RqDispatcher)
    queue = FakeQueue()
    dispatcher._queue = queue  # type: ignore[assignment]
    rt.dispatcher, was = dispatcher, rt.dispatcher
    try:
        assert uploads.start(rt, token, "admin@example.com") == "rq"
    finally:
        rt.dispatcher = was
    assert queue.jobs == [("bot.masters_upload.apply_job", token, "admin@example.com")]
    assert (uploads.status(token).state, uploads.status(token).how) == ("queued", "rq")
    state = uploads.apply(rt.sessions, token, "admin@example.com", "rq")  # what the worker runs
    assert (
        state.state == "done" and state.lines[0] == "catalog.csv: 3 rows: 3 created, 0 updated, 0 unchanged"
    )


@pytest.mark.parametrize(("action", "state"), [("approve", "approved"), ("reject", "cancelled")])
def test_a_sku_uploaded_free_on_purpose_waits_for_an_approver(
    console: Console, action: str, state: str
) -> None:
    from domain.orders import Actor
    from domain.quote import LineRequest
    from domain.services.orders import confirm_order, place_order
    from domain.uow import UnitOfWork

    refused = post(console, {"prices": "sku,uom,price,dealer\nMAG-MAS-70,case,0,D01\n"}, "import")
    assert refused.status_code == 422
    assert "prices.csv line 2: price &#39;0&#39; is not above zero" in refused.get_data(as_text=True)
    free = post(console, {"prices": "sku,uom,price,dealer,free\nMAG-MAS-70,case,0,D01,yes\n"}, "import")
    assert free.status_code == 200
    work = UnitOfWork(console.app.extensions["orderbot"].sessions)
    dealer = Actor.dealer("D01")
    number = place_order(work, "D01", [LineRequest("MAG-MAS-70", Decimal(1), "case")], dealer).order.number
    assert confirm_order(work, number, dealer).order.state.value == "on_hold"  # not confirmed at 0.00
    approver = console.client("approver")
    page = approver.get("/console/approvals").get_data(as_text=True)
    assert "zero price:" in page and number in page
    with console.session() as s:
        item = s.scalars(sa.select(ReviewItem.id).where(ReviewItem.kind == "zero_price")).one()
    console.post(approver, f"/console/approvals/{item}/{action}", {"note": "free sample"})
    with console.session() as s:
        assert s.scalars(sa.select(Order.state).where(Order.number == number)).one() == state
        assert s.scalars(sa.select(ReviewItem.status).where(ReviewItem.id == item)).one() in (
            "done",
            "rejected",
        )
