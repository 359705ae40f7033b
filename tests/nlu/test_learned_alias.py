from __future__ import annotations

from pathlib import Path

from nlu.parser import Parser
from nlu.types import Alias
from tests.nlu.conftest import lines_of


def test_a_learned_alias_makes_the_same_message_parse_right_without_review(trade_dir: Path) -> None:
    parser = Parser.from_csv(trade_dir / "catalog.csv", trade_dir / "dealers.csv")
    before = parser.parse("tractor safed 20 ltr 3")
    assert before.needs_review is True
    assert before.lines == ()

    parser.add_alias(Alias("tractor safed 20 ltr", "AP-TRA-20L"))

    after = parser.parse("tractor safed 20 ltr 3")
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
