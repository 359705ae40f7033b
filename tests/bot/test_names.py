"""Codes shown by name, the same for the conversation and the console's messages."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from bot.names import scheme_names, sku_names
from domain.models import SchemeRow
from tests.bot.conversation_support import Chat


@pytest.mark.parametrize(
    ("codes", "names"),
    [
        (["MAG-MAS-70"], {"MAG-MAS-70": "Maggi 2-Minute Masala Noodles 70g"}),  # a catalog code
        (["MAG-MAS-70", "MAG-MAS-70"], {"MAG-MAS-70": "Maggi 2-Minute Masala Noodles 70g"}),  # asked twice
        (["NOPE-1"], {}),  # a code not in the catalog is left out, not invented
        ([], {}),  # nothing asked, nothing read
    ],
)
def test_sku_codes_are_shown_by_their_catalog_names(
    chat: Chat, codes: list[str], names: dict[str, str]
) -> None:
    with chat.sessions() as session:
        assert sku_names(session, codes) == names


def test_a_scheme_is_shown_by_its_name_or_else_its_code(chat: Chat) -> None:
    with chat.sessions() as session:
        row = session.scalars(sa.select(SchemeRow).where(SchemeRow.code == "MAGGI-10P1")).first()
        assert row is not None and row.name
        assert scheme_names(session, [row.code, "NO-SUCH"]) == {row.code: row.name or row.code}
