"""`orderbot chat`: the terminal conversation goes through the stored-message job like WhatsApp does."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.models import InboundMessage, OutboxMessage
from tests.bot.conversation_support import D01, Chat, Template


def test_a_terminal_chat_places_and_confirms_an_order_through_the_job(
    tmp_path: Path, template: Template, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    chat = Chat.start(tmp_path, template)
    monkeypatch.setenv("DATABASE_URL", str(chat.engine.url))
    code = main(["chat", "--phone", D01, "--say", "10 peti maggi", "--say", "haan"])
    out = capsys.readouterr().out
    assert code == 0
    assert "bot> *Order draft SO-1001*" in out and "✅ *Order SO-1001 confirmed.*" in out
    assert [m.status for m in chat.rows(InboundMessage)] == ["processed", "processed"]
    assert [m.status for m in chat.rows(OutboxMessage)] == ["sent", "sent"]  # to the local sender
    chat.close()


ARGS = [
    # a number that is not E.164 is refused with the reason
    (["chat", "--phone", "9826104573", "--say", "hi"], 2, "not an E.164 number"),
]


@pytest.mark.parametrize(("argv", "code", "says"), ARGS)
def test_bad_arguments_are_named(
    argv: list[str], code: int, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == code
    assert says in capsys.readouterr().err
