"""The parser each process keeps: built once, then learned aliases are picked up without a restart."""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot import parsing
from domain.models import Dealer, LearnedAlias, ReviewItem, Sku
from tests.bot.conversation_support import D01, D02, Chat, Template


@pytest.fixture
def chat(tmp_path: Path, template: Template) -> Iterator[Chat]:
    c = Chat.start(tmp_path, template, fresh_parser=True)
    yield c
    c.close()


def teach(chat: Chat, phrase: str, sku: str, dealer: str | None, promoted: bool = False) -> int:
    """Insert a learned alias from another session, as the ops console would."""
    with chat.sessions() as session, session.begin():
        dealer_id = session.scalar(sa.select(Dealer.id).where(Dealer.code == dealer)) if dealer else None
        row = LearnedAlias(phrase=phrase, sku_id=session.scalar(sa.select(Sku.id).where(Sku.sku == sku)),
                           dealer_id=dealer_id, created_by="ops@test", promoted=promoted)
        session.add(row)
        session.flush()
        return row.id


def parse_skus(chat: Chat, text: str, dealer: str) -> list[str]:
    with chat.sessions() as session:
        return [ln.sku for ln in parsing.parse(session, text, dealer).lines]


def test_the_parser_is_built_once_per_process_and_reused(chat: Chat) -> None:
    with chat.sessions() as session:
        first = parsing.parser_for(session)
        assert parsing.parser_for(session) is first
        assert parsing.provider_for(session).builds == 1


ALIASES = [
    # a dealer's alias applies to that dealer ...
    ("D02", False, {"D02": ["MAG-MAS-70"], "D01": []}),
    # ... a promoted one to everyone
    ("D02", True, {"D02": ["MAG-MAS-70"], "D01": ["MAG-MAS-70"]}),
    # ... and one without a dealer to everyone too
    (None, False, {"D02": ["MAG-MAS-70"], "D01": ["MAG-MAS-70"]}),
]


@pytest.mark.parametrize(("dealer", "promoted", "expected"), ALIASES)
def test_a_learned_alias_is_used_by_the_next_message_without_a_rebuild(
    chat: Chat, dealer: str | None, promoted: bool, expected: dict[str, list[str]]
) -> None:
    assert parse_skus(chat, "telma 5 box", "D02") == []
    teach(chat, "telma", "MAG-MAS-70", dealer, promoted)
    for code, skus in expected.items():
        assert parse_skus(chat, "telma 5 box", code) == skus
    with chat.sessions() as session:
        assert parsing.provider_for(session).builds == 1


TAUGHT_LUX = [
    # (a) the dealer's own alias settles his message: no review
    ("D02", "lux 2 peti", ["LUX-ROSE-100"], False),
    # (b) the same message from another dealer still needs review (Rose or Jasmine?)
    ("D01", "lux 2 peti", [], True),
    # (c) the variant he names wins over his alias: Jasmine, not the aliased Rose (the old text swap
    # turned this into Lux Rose - a wrong delivery)
    ("D02", "lux jasmine 100g 2 peti", ["LUX-JAS-100"], False),
]


@pytest.mark.parametrize(("dealer", "text", "skus", "review"), TAUGHT_LUX)
def test_a_dealer_alias_is_evidence_for_his_messages_only(
    chat: Chat, dealer: str, text: str, skus: list[str], review: bool
) -> None:
    teach(chat, "lux", "LUX-ROSE-100", "D02")
    with chat.sessions() as session:
        parsed = parsing.parse(session, text, dealer)
    assert [ln.sku for ln in parsed.lines] == skus
    assert parsed.needs_review is review


def test_promoting_an_alias_later_extends_it_to_everyone(chat: Chat) -> None:
    alias_id = teach(chat, "telma", "MAG-MAS-70", "D02")
    assert parse_skus(chat, "telma 5 box", "D01") == []
    with chat.sessions() as session, session.begin():
        session.get_one(LearnedAlias, alias_id).promoted = True
    assert parse_skus(chat, "telma 5 box", "D01") == ["MAG-MAS-70"]


def test_a_catalog_change_rebuilds_the_parser(chat: Chat) -> None:
    assert parse_skus(chat, "2 peti maggi", "D01") == ["MAG-MAS-70"]
    with chat.sessions() as session, session.begin():
        session.execute(sa.update(Sku).where(Sku.sku == "MAG-MAS-70").values(active=False,
                        updated_at=sa.func.current_timestamp()))
    with chat.sessions() as session:
        parser = parsing.parser_for(session)
        assert parsing.provider_for(session).builds == 2
        assert "MAG-MAS-70" not in [ln.sku for ln in parser.parse("2 peti maggi", dealer="D01").lines]


def test_the_same_message_after_a_fix_is_drafted_without_review(chat: Chat) -> None:
    first = chat.send(D02, "telma 5 box")
    assert "person from our team" in first
    assert chat.count(ReviewItem, ReviewItem.kind == "parse") == 1
    teach(chat, "telma", "MAG-MAS-70", "D02")  # what a fix in the console teaches
    again = chat.send(D02, "telma 5 box")
    assert "*Order draft SO-1001*" in again and "Maggi" in again and "person" not in again
    assert chat.count(ReviewItem, ReviewItem.kind == "parse") == 1
    assert "person from our team" in chat.send(D01, "telma 5 box")  # another dealer is not taught


def test_a_rebuild_lets_the_old_parser_go_before_it_builds_the_new_one(
    chat: Chat, monkeypatch: pytest.MonkeyPatch
) -> None:
    with chat.sessions() as session:
        old = weakref.ref(parsing.parser_for(session))
    with chat.sessions() as session, session.begin():
        session.execute(  # a column the parser reads, written again: the catalog version moves
            sa.update(Sku).where(Sku.sku == "MAG-MAS-70").values(name=Sku.name,
                                                                 updated_at=sa.func.current_timestamp())
        )
    old_gone_when_building: list[bool] = []
    build = parsing.Parser

    def parser(*args: Any, **kwargs: Any) -> parsing.Parser:
        old_gone_when_building.append(old() is None)
        return build(*args, **kwargs)

    monkeypatch.setattr(parsing, "Parser", parser)
    with chat.sessions() as session:
        assert parsing.parser_for(session) is not None
        assert parsing.provider_for(session).builds == 2
    assert old_gone_when_building == [True]  # no moment holds two 100k-SKU parsers
