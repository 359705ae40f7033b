"""The generated media set (tests/media/set): what is booked without a person is right, line by line.

Done when (issue 14): line-level precision >= 0.99 for what is auto-accepted over 60 photos (and
10 of Devanagari lists), 10 text PDFs, 5 scanned PDFs and 10 sheets, the share auto-accepted
reported (printed: run pytest with -s, or `python -m tests.media.set.score` for the table), and
handwriting-like photos go to a person.
"""

from __future__ import annotations

from collections import Counter

import pytest

from bot.media import ocr
from nlu.parser import Parser
from tests.conftest import REQUIRE_SERVICES
from tests.media.set.generate import DEVANAGARI_FONT, orders
from tests.media.set.score import DEALER, FIXTURES, run, score


@pytest.mark.parametrize("table", ["order", "devanagari"])
def test_the_labels_agree_with_the_parser_on_clean_text(table: str) -> None:
    parser = Parser.from_csv(FIXTURES / "catalog.csv", FIXTURES / "dealers.csv")
    for lines, expected in orders(table):
        parsed = parser.parse("\n".join(lines), dealer=DEALER)
        assert tuple((ln.sku, f"{ln.qty.normalize():f}", ln.uom) for ln in parsed.lines) == expected


def test_what_is_auto_accepted_is_right() -> None:
    why = ocr.missing()
    if why and REQUIRE_SERVICES:
        pytest.fail(f"{why}; ORDERBOT_REQUIRE_SERVICES=1 makes this a failure", pytrace=False)
    if why:
        pytest.skip(why)
    if not DEVANAGARI_FONT.exists() and REQUIRE_SERVICES:
        pytest.fail(f"{DEVANAGARI_FONT} is missing (apt-get install fonts-lohit-deva)", pytrace=False)
    outcomes = run()
    kinds = Counter(o.sample.name.split("-")[0] for o in outcomes)
    expected = {"photo": 60, "pdf": 10, "scan": 5, "sheet": 10, "hand": 5}
    if DEVANAGARI_FONT.exists():
        expected["deva"] = 10
    assert kinds == expected
    printed = [o for o in outcomes if not o.sample.handwriting]
    precision, share, correct, booked = score(printed)
    print(
        f"\nmedia set: auto-accepted {share:.0%} of {len(printed)},"
        f" line precision {precision:.3f} ({correct}/{booked})"
    )
    assert precision >= 0.99
    assert share >= 0.8  # most printed lists are booked without a person
    assert not any(o.accepted for o in outcomes if o.sample.handwriting)  # handwriting: a person
