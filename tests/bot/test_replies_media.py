"""The replies about files (bot/replies/media.py) in every language: one WhatsApp part each, the
line numbers and the emoji kept."""

from __future__ import annotations

import doctest

import pytest

from bot import replies
from bot.i18n import speaking
from bot.replies import media

LONGEST = ["x" * 200] * 60  # more and longer lines than are ever listed


@pytest.mark.parametrize("locale", ["en", "hi", "hi_Latn"])
@pytest.mark.parametrize(
    "make",
    [
        lambda: media.read_from_file("image", LONGEST),
        lambda: media.read_from_file("pdf", ["maggi 10 case"]),
        lambda: media.read_from_file("sheet", ["maggi 10 case", "parle g 5 case"]),
        media.photo_to_person,
    ],
    ids=["photo-longest", "pdf-one", "sheet-two", "to-person"],
)
def test_each_reply_is_one_part_in_every_language(locale: str, make: object) -> None:
    with speaking(locale):
        text = make()  # type: ignore[operator]
    assert len(replies.split(text)) == 1 and text.startswith("📎")


@pytest.mark.parametrize("locale", ["hi", "hi_Latn"])
def test_the_lines_read_are_listed_in_every_language(locale: str) -> None:
    with speaking(locale):
        text = media.read_from_file("sheet", ["maggi 10 case", "parle g 5 case"])
    assert text != media.read_from_file("sheet", ["maggi 10 case", "parle g 5 case"])  # translated
    assert (
        text.splitlines()[1:] == ["1. maggi 10 case", "2. parle g 5 case"] and " 2 " in text.splitlines()[0]
    )
    with speaking(locale):
        assert "+40" in media.read_from_file("image", LONGEST)


def test_doctests() -> None:
    assert doctest.testmod(media).failed == 0
