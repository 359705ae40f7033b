"""A dealer's slip in a word ops taught reads as that word - strictly, and never as a guess."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu.learned import TYPO, UNSURE
from nlu.parser import Parser
from nlu.types import Alias
from tests.nlu.conftest import lines_of


@pytest.fixture(scope="module")
def taught(trade_dir: Path) -> Parser:
    """H01's own words, none of which the paints catalog knows: 'rangoli' and 'rangola' (one slip
    apart, for different products), 'telma' (five letters), 'gola' (four), 'rezin' (one slip from
    the catalog's 'resin'), 'lighto' (near the catalog's 'lighting') and 'chamkili' in a sized phrase;
    'chamak' is promoted, for everyone."""
    parser = Parser.from_csv(trade_dir / "catalog.csv", trade_dir / "dealers.csv")
    for alias in (
        Alias("rangoli", "AP-TRA-4L", dealer="H01"),
        Alias("rangola", "BER-SIL-20L", dealer="H01"),
        Alias("telma", "AP-APX-20L", dealer="H01"),
        Alias("gola", "FEV-SH-5KG", dealer="H01"),
        Alias("rezin", "FEV-SH-1KG", dealer="H01"),
        Alias("lighto", "HAV-LED-9W", dealer="H01"),
        Alias("tractor chamkili 20 ltr", "AP-TRA-20L", dealer="H01"),
        Alias("chamak", "BER-SIL-20L"),
    ):
        parser.add_alias(alias)
    return parser


TRA4 = [("AP-TRA-4L", "3", "bucket")]
APEX = [("AP-APX-20L", "2", "bucket")]
SILK = [("BER-SIL-20L", "2", "bucket")]

TYPOS = [
    # the taught word itself, spelt as taught
    ("H01", "rangoli 3", TRA4, False, []),
    # one letter wrong in seven (m for n): 86, read as the taught word and sent
    ("H01", "ramgoli 3", TRA4, False, []),
    # two letters swapped: one slip, as a typo is
    ("H01", "ranogli 3", TRA4, False, []),
    # the same sound key as the taught word (a doubled letter): 95, as the catalog scores sound-alikes
    ("H01", "telmaa 2", APEX, False, []),
    # one slip in five letters scores 80: the line is offered to a person, not sent
    ("H01", "tlema 2", APEX, True, []),
    # a slip in the new word of a longer taught phrase still reaches the taught SKU, size and all
    ("H01", "tractor chamkeeli 20 ltr 3", [("AP-TRA-20L", "3", "bucket")], False, []),
    # 'rangola', taught after 'rangoli' and one slip from it, is a word of its own, not a slip of it
    ("H01", "rangola 2", SILK, False, []),
    # too short to fuzz: a slip of the four-letter 'gola' is another word ...
    ("H01", "gila 2", [], True, []),
    # ... even one that sounds the same
    ("H01", "golla 2", [], True, []),
    # an exact catalog word stays the catalog's (which Fevicol?), though one slip from the taught 'rezin'
    ("H01", "resin 5 pcs", [], True, ["FEV-SH-1KG", "FEV-SH-5KG"]),
    # close to the taught 'telma' and to the catalog's 'stellar': both readings go to a person
    ("H01", "stelma 2", [], True, ["AP-APX-20L", "PHI-LED-9W"]),
    # close to the taught 'lighto' and the catalog's 'lighting': a person picks, even when the size
    # leaves one candidate
    ("H01", "lighty 12w 2 box", [], True, ["HAV-LED-12W"]),
    # one slip from two taught words that name different products: never one picked silently
    ("H01", "rangolu 3", [], True, ["AP-TRA-4L", "BER-SIL-20L"]),
    # H01's words never help another dealer's typo, nor a message with no dealer
    ("H02", "ranogli 3", [], True, []),
    (None, "ranogli 3", [], True, []),
    # a promoted word helps everyone's typo (a swapped pair in 'chamak') ...
    ("H02", "chamka 2", SILK, False, []),
    (None, "chamka 2", SILK, False, []),
    # ... and H01's, read with his layer over everyone's
    ("H01", "chamka 2", SILK, False, []),
]


@pytest.mark.parametrize(("dealer", "text", "lines", "review", "candidates"), TYPOS)
def test_a_slip_in_a_taught_word_reads_as_it_only_when_nothing_else_could_be_meant(
    taught: Parser,
    dealer: str | None,
    text: str,
    lines: list[tuple[str, str, str]],
    review: bool,
    candidates: list[str],
) -> None:
    parsed = taught.parse(text, dealer=dealer)
    assert lines_of(parsed) == lines
    assert parsed.needs_review is review
    assert sorted(c.sku for u in parsed.unmatched for c in u.candidates) == candidates


READINGS = [
    # (word, how it reads, its alternatives, score): what a reviewer is shown as the reason
    ("ranogli", TYPO, [("rangoli",)], 85.7),  # 6 of 7 letters right
    ("telmaa", TYPO, [("telma",)], 95.0),  # the same sound key
    ("tlema", TYPO, [("telma",)], 80.0),  # 4 of 5 right: the weakest reading that counts
    ("rangolu", UNSURE, [("rangola",), ("rangoli",)], 85.7),  # two taught words, two products
    ("stelma", UNSURE, [("telma",), ("stellar",)], 83.3),  # a taught word and a catalog word
    ("rangolika", None, None, None),  # two slips in nine letters: too far
    ("resin", "exact", [("resin",)], 100.0),  # the catalog's own word, untouched
]


@pytest.mark.parametrize(("word", "how", "alts", "score"), READINGS)
def test_a_misspelling_says_how_it_was_read_and_how_sure(
    taught: Parser, word: str, how: str | None, alts: list[tuple[str, ...]] | None, score: float | None
) -> None:
    canon = taught.layers["H01"].lookup(word, taught.index)
    if how is None:
        assert canon is None
        return
    assert canon is not None
    assert (canon.how, list(canon.alts), round(canon.score, 1)) == (how, alts, score)


def test_a_misspelt_line_is_less_sure_than_the_taught_words(taught: Parser) -> None:
    exact = taught.parse("rangoli 3", dealer="H01").lines[0]
    slip = taught.parse("ranogli 3", dealer="H01").lines[0]
    assert exact.sku == slip.sku
    assert slip.confidence < exact.confidence
