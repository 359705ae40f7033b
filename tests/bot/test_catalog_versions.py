"""A process sees every catalog change through the database's version counters (domain/versioning.py),
and no change the parser does not read costs it a rebuild: a dealer's language set in chat, a price."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot import parsing, snapshot
from bot.console import queries
from domain import versioning
from domain.models import Dealer, LearnedAlias, Sku, UnknownSender
from tests.bot.conversation_support import D01, Chat, Template


@pytest.fixture
def chat(tmp_path: Path, template: Template) -> Iterator[Chat]:
    c = Chat.start(tmp_path, template, fresh_parser=True)
    yield c
    c.close()


def builds(chat: Chat, text: str = "2 peti maggi", dealer: str = "D01") -> int:
    """Parse a message as the next one would be; how many parsers this process has made so far."""
    with chat.sessions() as session:
        parsing.parse(session, text, dealer)
        return parsing.provider_for(session).builds


def test_the_triggers_watch_every_column_the_parser_reads() -> None:
    skus, dealers, aliases = (set(versioning.WATCHED[t][1]) for t in ("skus", "dealers", "learned_aliases"))
    assert {c.key for c in snapshot.PRODUCT_COLUMNS} | {"active"} <= skus
    assert {"code", "name", "town", "active"} <= dealers  # snapshot.dealers: DealerRef(code, name, town)
    assert {"phrase", "sku_id", "dealer_id", "promoted"} <= aliases  # parsing's _add_new
    assert set(versioning.WATCHED["sku_units"][1]) >= {"sku_id", "unit", "factor"}  # a product's uoms


def test_a_dealer_asking_for_his_language_in_chat_rebuilds_no_parser(chat: Chat) -> None:
    assert builds(chat) == 1
    with chat.sessions() as session:
        before = parsing.versions(session)
    chat.send(D01, "English please")
    assert chat.scalar(sa.select(Dealer.language).where(Dealer.phone == D01)) == "en"
    with chat.sessions() as session:
        assert parsing.versions(session) == before
    assert builds(chat) == 1


def test_a_dealer_added_in_the_console_rebuilds_the_parser(chat: Chat) -> None:
    assert builds(chat) == 1
    with chat.sessions() as session, session.begin():
        sender = UnknownSender(phone="+919000000777", last_text="hello")
        session.add(sender)
        session.flush()
        queries.add_dealer(session, sender.id, "D77", "Naya Kirana", "Indore", None)
    assert builds(chat) == 2
    with chat.sessions() as session:
        assert "D77" in [d.code for d in parsing.parser_for(session).customers.dealers]


def test_a_price_change_rebuilds_no_parser_and_a_name_change_does(chat: Chat) -> None:
    assert builds(chat) == 1
    with chat.sessions() as session, session.begin():
        session.execute(sa.update(Sku).values(price=Decimal("1.00")))
    assert builds(chat) == 1
    with chat.sessions() as session, session.begin():
        session.execute(sa.update(Sku).where(Sku.sku == "MAG-MAS-70").values(name="Maggi Masala Noodles 70g"))
    assert builds(chat) == 2


def test_a_deleted_learned_alias_rebuilds_the_parser(chat: Chat) -> None:
    with chat.sessions() as session, session.begin():
        maggi = session.scalar(sa.select(Sku.id).where(Sku.sku == "MAG-MAS-70"))
        session.add(LearnedAlias(phrase="telma", sku_id=maggi, dealer_id=None, created_by="ops@test"))
    assert builds(chat) == 1
    with chat.sessions() as session:
        assert [ln.sku for ln in parsing.parse(session, "telma 5 box", "D01").lines] == ["MAG-MAS-70"]
    with chat.sessions() as session, session.begin():
        session.execute(sa.delete(LearnedAlias))
    assert builds(chat) == 2
    with chat.sessions() as session:
        assert [ln.sku for ln in parsing.parse(session, "telma 5 box", "D01").lines] == []
