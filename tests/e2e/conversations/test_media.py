"""Orders sent as a file (issue 14), over the signed webhook: NumMedia=1 and a MediaUrl on the fake
Twilio API. Each conversation asserts what is stored: orders and lines, media_files, review items."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from bot.media import ocr
from bot.media.fetch import XLSX
from bot.media.models import MediaFile
from domain.models import Order, OrderLine, ReviewItem, Sku
from tests.conftest import REQUIRE_SERVICES
from tests.media.files import csv_bytes, image_bytes, pdf_bytes, xlsx_bytes
from tests.support.chat import DEALER, REP, Chat


def lines(chat: Chat) -> list[tuple[str, Decimal, str]]:
    with chat.session() as s:
        rows = s.execute(
            sa.select(Sku.sku, OrderLine.qty, OrderLine.uom)
            .join(OrderLine, OrderLine.sku_id == Sku.id)
            .order_by(OrderLine.id)
        )
        return [(sku, Decimal(qty), uom) for sku, qty, uom in rows]


def send_file(chat: Chat, data: bytes, content_type: str, caption: str = "") -> str:
    url = chat.fake.add_media(data, content_type)
    return chat.say(DEALER, caption, NumMedia="1", MediaUrl0=url, MediaContentType0=content_type)


def needs_tesseract() -> None:
    why = ocr.missing()
    if why and REQUIRE_SERVICES:
        pytest.fail(f"{why}; ORDERBOT_REQUIRE_SERVICES=1 makes this a failure", pytrace=False)
    if why:
        pytest.skip(why)


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (
            xlsx_bytes(
                [["Sr", "Item Name", "Qty", "Unit"], [1, "maggi", 10, "case"], [2, "parle g", 5, "case"]]
            ),
            XLSX,
        ),
        (csv_bytes([["saman", "matra"], ["maggi", "10 case"], ["parle g", "5 case"]]), "text/csv"),
        (pdf_bytes(["Purchase order", "maggi 10 case", "parle g 5 case"]), "application/pdf"),
    ],
    ids=["xlsx", "csv-hinglish-headers", "pdf"],
)
def test_a_file_becomes_a_priced_draft(chat: Chat, data: bytes, content_type: str) -> None:
    reply = send_file(chat, data, content_type)
    assert "📎 Read from your" in reply and "1. maggi 10" in reply and "2. parle g 5" in reply
    assert "SO-1001" in reply and "₹" in reply
    assert [o.state for o in chat.rows(Order)] == ["awaiting_confirmation"]
    assert lines(chat) == [("MAG-MAS-70", Decimal(10), "case"), ("PAR-G-50", Decimal(5), "case")]
    (stored,) = chat.rows(MediaFile)
    assert stored.data == data and stored.message_sid and stored.inbound_id is not None
    assert chat.rows(ReviewItem) == []


def test_a_typed_photo_with_a_caption_becomes_a_priced_draft(chat: Chat) -> None:
    needs_tesseract()
    photo = image_bytes(["maggi 10 case", "parle g 5 case"], skew=2.5, quality=60)
    reply = send_file(chat, photo, "image/jpeg", caption="tata salt 3 bag")
    assert "📎 Read from your photo, 3 lines" in reply and "SO-1001" in reply
    assert {sku for sku, _, _ in lines(chat)} >= {"MAG-MAS-70", "PAR-G-50"}
    assert len(lines(chat)) == 3
    assert [m.read_as for m in chat.rows(MediaFile)] == ["image"]


def test_an_unsure_photo_goes_to_a_person_with_the_photo(chat: Chat) -> None:
    needs_tesseract()
    scrawl = image_bytes(["mgi 1O cse", "prle g S cs"], skew=4.5, quality=40, blur=2.2, noise=60)
    reply = send_file(chat, scrawl, "image/jpeg")
    assert "A person from our team" in reply or "a person from our team" in reply
    assert chat.rows(Order) == []
    (item,) = chat.rows(ReviewItem)
    assert item.kind == "media" and item.parse["media_files"] == [chat.rows(MediaFile)[0].id]
    assert item.parse["unclear"]


def test_a_media_url_on_another_host_is_never_fetched(chat: Chat) -> None:
    other = chat.fake.add_media(b"x", "image/jpeg").replace("127.0.0.1", "localhost")
    reply = chat.say(DEALER, "", NumMedia="1", MediaUrl0=other, MediaContentType0="image/jpeg")
    assert "Got your file" in reply
    assert chat.fake.media_requests == []
    assert chat.rows(MediaFile) == [] and chat.rows(Order) == []
    (item,) = chat.rows(ReviewItem)
    assert item.kind == "media" and "not on the Twilio API (localhost)" in item.parse["unclear"][0]


def test_a_sheet_without_order_columns_goes_to_a_person_saying_why(chat: Chat) -> None:
    reply = send_file(chat, csv_bytes([["Date", "Amount"], ["1-12", "500"]]), "text/csv")
    assert "Got your file" in reply and chat.rows(Order) == []
    (item,) = chat.rows(ReviewItem)
    assert "no product and quantity columns" in item.parse["unclear"][0]
    assert len(chat.rows(MediaFile)) == 1


def test_without_tesseract_a_photo_goes_to_a_person_and_the_console_says_why(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ocr, "missing", lambda: "the Tesseract OCR engine is not installed on this server")
    reply = send_file(chat, image_bytes(["maggi 10 case"]), "image/jpeg")
    assert "Got your file" in reply and chat.rows(Order) == []
    (item,) = chat.rows(ReviewItem)
    assert "Tesseract OCR engine is not installed" in item.parse["unclear"][0]
    assert [m.read_as for m in chat.rows(MediaFile)] == ["image"]  # kept for the person who reads it


def test_a_file_starts_a_new_draft_beside_the_open_one(chat: Chat) -> None:
    assert "SO-1001" in chat.say(DEALER, "10 peti maggi")
    reply = send_file(chat, csv_bytes([["Item", "Qty", "Unit"], ["tata salt", 3, "bag"]]), "text/csv")
    assert "SO-1002" in reply
    with chat.session() as s:
        rows = s.execute(
            sa.select(Order.number, Sku.sku, OrderLine.qty)
            .join(OrderLine, OrderLine.order_id == Order.id)
            .join(Sku, Sku.id == OrderLine.sku_id)
            .order_by(Order.number)
        ).all()
    assert [(n, sku, Decimal(q)) for n, sku, q in rows] == [
        ("SO-1001", "MAG-MAS-70", Decimal(10)),
        ("SO-1002", "TAT-SALT-1KG", Decimal(3)),
    ]


def test_a_rep_with_several_shops_is_asked_which_and_the_file_is_booked_for_it(chat: Chat) -> None:
    url = chat.fake.add_media(csv_bytes([["Item", "Qty", "Unit"], ["maggi", 4, "case"]]), "text/csv")
    asked = chat.say(REP, "", NumMedia="1", MediaUrl0=url, MediaContentType0="text/csv")
    assert "📎 Read from your spreadsheet, 1 line" in asked and chat.rows(Order) == []
    assert "SO-1001" in chat.say(REP, "1")
    assert lines(chat) == [("MAG-MAS-70", Decimal(4), "case")]
    (order,) = chat.rows(Order)
    assert order.dealer_id is not None
