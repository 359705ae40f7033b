"""The file a dealer sent, on the review screen beside what was read from it (issue 14)."""

from __future__ import annotations

import pytest

from bot.media.models import MediaFile
from tests.bot.console.conftest import Console

JPEG = b"\xff\xd8\xff\xe0 a photo"


def add_file(console: Console, data: bytes, content_type: str, read_as: str) -> int:
    with console.session() as s, s.begin():
        row = MediaFile(
            message_sid="SM-media",
            position=0,
            content_type=content_type,
            size=len(data),
            data=data,
            read_as=read_as,
        )
        s.add(row)
        s.flush()
        return row.id


def test_the_review_screen_shows_the_file_beside_the_lines(console: Console) -> None:
    file_id = add_file(console, JPEG, "image/jpeg", "image")
    item = console.add_review(
        "D01",
        "maggi 10 case",
        kind="media",
        parse={"media_files": [file_id], "unclear": ["line 'x' read with OCR confidence 41"]},
    )
    page = console.client("ops").get(f"/console/review/{item}").get_data(as_text=True)
    assert f'src="/console/media/{file_id}"' in page
    assert "OCR confidence 41" in page and "maggi 10 case" in page


@pytest.mark.parametrize(
    ("data", "content_type", "attachment"),
    [
        (JPEG, "image/jpeg", False),
        (b"%PDF-1.4", "application/pdf", True),
        (b"Item,Qty\n", "text/csv", True),
    ],
)
def test_the_file_is_served_as_stored_and_never_run(
    console: Console, data: bytes, content_type: str, attachment: bool
) -> None:
    file_id = add_file(console, data, content_type, "sheet")
    response = console.client("ops").get(f"/console/media/{file_id}")
    assert response.status_code == 200 and response.data == data
    assert response.headers["Content-Type"].startswith(content_type)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert ("attachment" in response.headers.get("Content-Disposition", "")) is attachment


def test_only_staff_see_files(console: Console) -> None:
    file_id = add_file(console, JPEG, "image/jpeg", "image")
    assert console.client(None).get(f"/console/media/{file_id}").status_code in (302, 401)
    assert console.client("ops").get(f"/console/media/{file_id + 99}").status_code == 404
