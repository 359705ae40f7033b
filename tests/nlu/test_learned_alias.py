from __future__ import annotations

from pathlib import Path

import pytest

from nlu.parser import Parser
from nlu.types import Alias
from tests.nlu.conftest import lines_of


def test_a_learned_alias_makes_the_same_message_parse_right_without_review(trade_dir: Path) -> None:
    parser = Parser.from_csv(trade_dir / "catalog.csv", trade_dir / "dealers.csv")
    before = parser.parse("tractor chamkili 20 ltr 3")
    assert before.needs_review is True
    assert before.lines == ()

    parser.add_alias(Alias("tractor chamkili 20 ltr", "AP-TRA-20L"))

    after = parser.parse("tractor chamkili 20 ltr 3")
    assert lines_of(after) == [("AP-TRA-20L", "3", "bucket")]
    assert after.needs_review is False
    assert after.lines[0].how == "alias"


def test_a_dealer_alias_applies_only_to_that_dealer(trade_dir: Path) -> None:
    parser = Parser.from_csv(trade_dir / "catalog.csv")
    parser.add_alias(Alias("tractor white", "AP-TRA-4L", dealer="H01"))

    mine = parser.parse("tractor white 2", dealer="H01")
    theirs = parser.parse("tractor white 2", dealer="H02")

    assert lines_of(mine) == [("AP-TRA-4L", "2", "bucket")]
    assert mine.needs_review is False
    assert theirs.lines == () and theirs.needs_review is True


def test_aliases_given_at_construction_apply(trade_dir: Path) -> None:
    from nlu.catalog import load_catalog_csv

    parser = Parser(load_catalog_csv(trade_dir / "catalog.csv"), aliases=[Alias("chhota fevi", "FEV-SH-1KG")])
    assert lines_of(parser.parse("chhota fevi 6 pcs")) == [("FEV-SH-1KG", "6", "pc")]


@pytest.fixture(scope="module")
def taught(trade_dir: Path) -> Parser:
    """H01 calls the Havells switch just 'havells' and the Apex emulsion 'telma' (a word the catalog
    does not know); H03 taught a phrase with a size; everyone calls the 1 kg Fevicol 'chhota fevi'."""
    parser = Parser.from_csv(trade_dir / "catalog.csv", trade_dir / "dealers.csv")
    parser.add_alias(Alias("havells", "HAV-SW-6A", dealer="H01"))
    parser.add_alias(Alias("telma", "AP-APX-20L", dealer="H01"))
    parser.add_alias(Alias("havells 9w", "HAV-LED-9W", dealer="H03"))
    parser.add_alias(Alias("chhota fevi", "FEV-SH-1KG"))  # no dealer: promoted, for everyone
    return parser


DEALER_ALIASES = [
    # (a) the dealer's own alias resolves his message with no review
    ("H01", "havells 2 box", [("HAV-SW-6A", "2", "box")], False),
    ("H01", "telma 3", [("AP-APX-20L", "3", "bucket")], False),
    # (b) the same message from another dealer still needs review ...
    ("H02", "havells 2 box", [], True),
    # ... and a word taught to H01 alone is still unknown to him, and to messages with no dealer
    ("H02", "telma 3", [], True),
    (None, "telma 3", [], True),
    # (c) the alias is evidence, not an override: the more specific variant the dealer names wins
    ("H01", "havells led 9w 3 box", [("HAV-LED-9W", "3", "box")], False),
    # a phrase taught with a size picks nothing when no size is said (which bulb? which switch?)
    ("H03", "havells 2 box", [], True),
    # ... and with another size it points to that size's sibling of the taught product
    ("H03", "havells 12w 2 box", [("HAV-LED-12W", "2", "box")], False),
    # (d) an alias with no dealer (promoted) applies to everyone
    ("H02", "chhota fevi 6 pcs", [("FEV-SH-1KG", "6", "pc")], False),
    (None, "chhota fevi 6 pcs", [("FEV-SH-1KG", "6", "pc")], False),
]


@pytest.mark.parametrize(("dealer", "text", "lines", "review"), DEALER_ALIASES)
def test_learned_aliases_apply_to_their_dealer_and_never_beat_a_variant_he_names(
    taught: Parser, dealer: str | None, text: str, lines: list[tuple[str, str, str]], review: bool
) -> None:
    parsed = taught.parse(text, dealer=dealer)
    assert lines_of(parsed) == lines
    assert parsed.needs_review is review


def test_a_dealer_alias_leaves_the_catalog_index_unchanged(trade_dir: Path) -> None:
    parser = Parser.from_csv(trade_dir / "catalog.csv")
    before = (len(parser.index.postings), parser.index.lookup("telma"))
    parser.add_alias(Alias("telma", "AP-APX-20L", dealer="H01"))
    assert (len(parser.index.postings), parser.index.lookup("telma")) == before
    assert parser.parse("telma 3", dealer="H02").lines == ()


@pytest.mark.parametrize(
    ("alias", "error"),
    [
        (Alias("telma", "NO-SUCH-SKU", "H01"), KeyError),  # an SKU the catalog lacks
        (Alias("5 peti", "AP-APX-20L", "H01"), ValueError),  # no product words: it would name anything
    ],
)
def test_an_alias_that_cannot_be_used_is_refused_by_name(trade_dir: Path, alias: Alias, error: type) -> None:
    parser = Parser.from_csv(trade_dir / "catalog.csv")
    with pytest.raises(error, match="alias"):
        parser.add_alias(alias)
