"""Fixtures for the chat tests in tests/bot (the helpers themselves live in conversation_support.py).

    def test_x(chat: Chat) -> None:          # a fresh copy of the demo database, the shared parser
        chat.send(D01, "10 peti maggi")

`template` is built once per test module; a module that needs something else
(its own parser, another database) defines its own `chat`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.bot.conversation_support import Chat, Template, build_template


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    return build_template(tmp_path_factory.mktemp("demo"))


@pytest.fixture
def chat(tmp_path: Path, template: Template) -> Iterator[Chat]:
    c = Chat.start(tmp_path, template)
    yield c
    c.close()
