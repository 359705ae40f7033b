"""A chat with the bot for tests: the demo masters in SQLite, `handle` called as the job calls it.

    chat = Chat.start(tmp_path, template)      # a fresh copy of the migrated, imported demo database
    chat.send(DEALER, "10 peti maggi")         # -> the replies' text, joined
    chat.count(ReviewItem, ReviewItem.kind == "parse")

Building the database and the parser takes seconds, so one template per test
session is made and each test works on a copy; the copies share the template's
parser (a test that teaches aliases makes its own with `fresh_parser=True`).
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from bot import parsing
from bot.conversation import handle
from bot.messages import Inbound, Reply
from bot.models import InboundMessage
from domain.db import make_engine, session_factory
from domain.models import Dealer

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures"

D01, D02, D03, D04, D06, D09 = (f"+9190000001{n:02d}" for n in (1, 2, 3, 4, 6, 9))
REP_MANY, REP_OTHER, REP_ONE = "+919000000901", "+919000000902", "+919000000903"
STRANGER = "+919000000555"


@dataclass
class Template:
    path: Path
    provider: parsing.ParserProvider


def build_template(folder: Path) -> Template:
    from bot.migrations import upgrade
    from domain.importing import import_dir

    path = folder / "demo.db"
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    try:
        import_dir(session_factory(engine), FIXTURES)
        with session_factory(engine).begin() as session:  # flows, not languages (test_language.py):
            session.execute(sa.update(Dealer).values(language="en"))  # the dealers read English
        provider = parsing.ParserProvider()
        with session_factory(engine)() as session:
            provider.get(session)
    finally:
        engine.dispose()
    return Template(path, provider)


@dataclass
class Chat:
    sessions: sessionmaker[Session]
    engine: sa.Engine
    sent: list[tuple[str, str, list[Reply]]] = field(default_factory=list)
    now: datetime | None = None

    @classmethod
    def start(cls, folder: Path, template: Template, fresh_parser: bool = False) -> Chat:
        path = folder / f"chat-{uuid.uuid4().hex[:8]}.db"
        shutil.copy(template.path, path)
        engine = make_engine(f"sqlite:///{path}")
        chat = cls(session_factory(engine), engine)
        with chat.sessions() as session:
            parsing.use_provider(session, parsing.ParserProvider() if fresh_parser else template.provider)
        return chat

    def close(self) -> None:
        self.engine.dispose()

    def send_replies(self, phone: str, text: str, media: tuple[str, ...] = ()) -> list[Reply]:
        inbound = Inbound("SM" + uuid.uuid4().hex, phone, text, len(media), media, "Test")
        now = self.now or datetime.now(UTC)
        with self.sessions() as session, session.begin():
            session.add(  # stored first, as the webhook does (his last words: bot/languages.py)
                InboundMessage(
                    message_sid=inbound.message_sid,
                    phone=phone,
                    body=text,
                    num_media=len(media),
                    media_urls=list(media),
                    profile_name="Test",
                    received_at=now,
                )
            )
            out = list(handle(session, inbound, now))
        self.sent.append((phone, text, out))
        return out

    def send(self, phone: str, text: str, media: tuple[str, ...] = ()) -> str:
        return "\n".join(r.body for r in self.send_replies(phone, text, media))

    def play(self, phone: str, messages: list[str]) -> str:
        """Send each message in turn; the replies to the last one."""
        reply = ""
        for text in messages:
            reply = self.send(phone, text)
        return reply

    def rows(self, model: Any, *where: Any) -> list[Any]:
        with self.sessions() as session:
            return list(session.scalars(sa.select(model).where(*where).order_by(model.id)))

    def count(self, model: Any, *where: Any) -> int:
        with self.sessions() as session:
            return int(session.scalar(sa.select(sa.func.count()).select_from(model).where(*where)) or 0)

    def scalar(self, query: Any) -> Any:
        with self.sessions() as session:
            return session.scalar(query)
