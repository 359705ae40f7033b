"""`orderbot chat`: the terminal conversation goes through the stored-message job like WhatsApp does."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.cli import main
from bot.models import InboundMessage, OutboxMessage
from domain.db import make_engine, session_factory
from tests.bot.conversation_support import D01, FIXTURES, Chat, Template


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


def test_a_second_chat_against_one_database_delivers_every_reply_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # each run has its own local sender; their message ids must never collide (outbox.twilio_sid is unique)
    url = f"sqlite:///{tmp_path / 'chat.db'}"
    assert main(["--db", url, "db", "upgrade"]) == 0
    assert main(["--db", url, "import", str(FIXTURES)]) == 0
    for _ in range(2):
        assert main(["--db", url, "chat", "--phone", D01, "--say", "balance"]) == 0
    err = capsys.readouterr().err
    assert "IntegrityError" not in err and "Traceback" not in err
    engine = make_engine(url)
    with session_factory(engine)() as session:
        sent = list(session.execute(sa.select(OutboxMessage.status, OutboxMessage.twilio_sid)))
    engine.dispose()
    assert [status for status, _ in sent] == ["sent", "sent"]
    assert all(re.fullmatch(r"SM[0-9a-f]{32}", sid) for _, sid in sent)  # the shape of Twilio's ids
