"""The next catalog's parser built in the background (bot/parserbuild.py, bot/parsing.py).

While an import or the build after it is under way, a process that sees the new catalog keeps
answering with the parser it has, and loads the new one as soon as its file is there. With no
build under way, or one that failed or was lost, the process builds the parser itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from bot import masters_upload, parsecache, parserbuild, parsing
from bot.cli import main
from domain.importing import import_dir
from domain.models import OrderLine, ReviewItem, Sku
from tests.bot.conversation_support import D01, FIXTURES, Chat, Template

ORDER = "2 peti maggi"
MAGGI = "MAG-MAS-70"


@pytest.fixture
def chat(tmp_path: Path, template: Template, monkeypatch: pytest.MonkeyPatch) -> Iterator[Chat]:
    monkeypatch.delenv(parsecache.ENV, raising=False)  # parser files next to the database, in tmp_path
    c = Chat.start(tmp_path, template, fresh_parser=True)
    with c.sessions() as session:
        parsing.parser_for(session)  # the process's parser for the catalog before the import
    yield c
    c.close()


def provider(chat: Chat) -> parsing.ParserProvider:
    with chat.sessions() as session:
        return parsing.provider_for(session)


def skus(chat: Chat, text: str = ORDER) -> list[str]:
    with chat.sessions() as session:
        return [ln.sku for ln in parsing.parse(session, text, "D01").lines]


def import_drops_maggi(chat: Chat) -> None:
    """What an import that deactivates Maggi commits."""
    with chat.sessions() as session, session.begin():
        now = sa.func.current_timestamp()
        session.execute(sa.update(Sku).where(Sku.sku == MAGGI).values(active=False, updated_at=now))


def test_the_old_parser_answers_while_the_next_is_built_then_the_file_is_loaded(chat: Chat) -> None:
    parserbuild.renew(chat.sessions, force=True)  # an import starts
    import_drops_maggi(chat)
    assert skus(chat) == [MAGGI]  # the old parser, not a build in the message path
    assert skus(chat) == [MAGGI]
    assert (provider(chat).builds, provider(chat).stale_uses) == (1, 2)
    assert parserbuild.after_import(chat.sessions) == "here"  # the build the import hands on
    assert skus(chat) == []  # the new catalog's parser, loaded from its file
    assert (provider(chat).builds, provider(chat).loads) == (2, 1)


def test_a_sku_the_import_removed_is_never_drafted_by_the_old_parser(chat: Chat) -> None:
    parserbuild.renew(chat.sessions, force=True)
    import_drops_maggi(chat)
    reply = chat.send(D01, ORDER)
    assert provider(chat).stale_uses == 1  # the old parser read it as Maggi ...
    assert "could not price this order" in reply and "person from our team" in reply  # ... pricing refused it
    assert chat.count(OrderLine, OrderLine.sku_id.in_(sa.select(Sku.id).where(Sku.sku == MAGGI))) == 0
    assert chat.count(ReviewItem, ReviewItem.kind == "parse") == 1  # and a person sees it


def test_a_sku_the_import_added_is_not_drafted_until_the_new_parser_knows_it(
    chat: Chat, tmp_path: Path
) -> None:
    parserbuild.renew(chat.sessions, force=True)
    folder = tmp_path / "masters"
    folder.mkdir()
    added = "ZOR-100,Zorba Herbal Soap 100g,case:72|pc:1,case,Zorba,Soap,100g,2000.00,zorba,5"
    (folder / "catalog.csv").write_text(renamed_catalog() + added + "\n", encoding="utf-8")
    import_dir(chat.sessions, folder)
    reply = chat.send(D01, "2 peti zorba soap")  # a name the old parser does not know ...
    assert provider(chat).stale_uses == 1
    assert "Which one did you mean" in reply and "None of these" in reply  # ... is asked about, as ever
    assert chat.count(OrderLine) == 0
    assert parserbuild.after_import(chat.sessions) == "here"
    assert skus(chat, "2 peti zorba soap") == ["ZOR-100"]


def test_with_no_build_under_way_the_process_builds_the_next_parser_itself(chat: Chat) -> None:
    import_drops_maggi(chat)  # no marker: an import from before this change, or SQL by hand
    assert skus(chat) == []
    assert (provider(chat).builds, provider(chat).stale_uses) == (2, 0)


def build_fails(chat: Chat, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise MemoryError("the build died")

    monkeypatch.setattr(parserbuild, "Parser", broken)
    assert parserbuild.after_import(chat.sessions) == "failed"


def holder_died(chat: Chat, monkeypatch: pytest.MonkeyPatch) -> None:
    with chat.sessions() as session:
        parsecache.hold(session, -1)  # its time is up: a worker killed mid-build, a job never run


def waited_too_long(chat: Chat, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parsing, "STALE_AT_MOST", -1.0)  # a marker still good, but kept for ever


LOST = [
    # the build failed: it takes the marker away, so nobody waits for it
    build_fails,
    # the builder died holding the marker: it expires
    holder_died,
    # a marker renewed for ever cannot keep a process on the old catalog past STALE_AT_MOST
    waited_too_long,
]


@pytest.mark.parametrize("lose", LOST)
def test_a_failed_or_lost_build_leaves_the_process_to_build_its_own(
    chat: Chat, monkeypatch: pytest.MonkeyPatch, lose: Any
) -> None:
    parserbuild.renew(chat.sessions, force=True)
    import_drops_maggi(chat)
    lose(chat, monkeypatch)
    assert skus(chat) == []
    assert (provider(chat).builds, provider(chat).loads) == (2, 0)


def test_a_process_with_no_parser_yet_loads_or_builds_one_at_once(chat: Chat) -> None:
    parserbuild.renew(chat.sessions, force=True)
    import_drops_maggi(chat)
    fresh = parsing.ParserProvider()
    with chat.sessions() as session:
        parsing.use_provider(session, fresh)
    assert skus(chat) == []
    assert (fresh.builds, fresh.stale_uses) == (1, 0)


class RecordingQueue:
    def __init__(self) -> None:
        self.jobs: list[str] = []

    def enqueue(self, function: str, *args: Any, **kwargs: Any) -> None:
        self.jobs.append(function)


def test_with_redis_the_build_is_an_rq_job_and_processes_wait_for_it(chat: Chat) -> None:
    queue = RecordingQueue()
    import_drops_maggi(chat)
    assert parserbuild.after_import(chat.sessions, queue) == "rq"  # type: ignore[arg-type]
    assert queue.jobs == ["bot.parserbuild.build_job"]
    assert skus(chat) == [MAGGI]  # the job is not done: the old parser answers
    assert parserbuild.build(chat.sessions)  # what the worker's job does
    assert skus(chat) == []
    assert provider(chat).loads == 1


def test_an_import_that_changes_nothing_the_parser_reads_builds_nothing(chat: Chat) -> None:
    assert parserbuild.after_import(chat.sessions) == "none"  # the file for this catalog is there
    with chat.sessions() as session:
        assert not parsecache.building(session)


def renamed_catalog() -> str:
    """The demo catalog with Lux Rose renamed: an import that changes what the parser reads."""
    text = (FIXTURES / "catalog.csv").read_text(encoding="utf-8")
    assert "Lux Soft Glow Rose" in text
    return text.replace("Lux Soft Glow Rose", "Lux Soft Glow Pink Rose", 1)


def test_a_console_upload_applied_in_the_background_builds_the_next_parser_there(
    chat: Chat, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MASTERS_UPLOAD_DIR", str(tmp_path / "uploads"))
    token = masters_upload.stage({"catalog.csv": renamed_catalog().encode()})
    assert masters_upload.apply(chat.sessions, token, "ops@test", how="thread").state == "done"
    with chat.sessions() as session:
        assert parsecache.ready(session, parsecache.key(session)) and not parsecache.building(session)
    skus(chat)
    assert (provider(chat).builds, provider(chat).loads) == (2, 1)  # loaded, not built


def test_a_console_upload_applied_in_a_request_queues_the_build_for_a_worker(
    chat: Chat, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MASTERS_UPLOAD_DIR", str(tmp_path / "uploads"))
    queue = RecordingQueue()
    token = masters_upload.stage({"catalog.csv": renamed_catalog().encode()})
    assert masters_upload.apply(chat.sessions, token, "ops@test", queue=queue).state == "done"  # type: ignore[arg-type]
    assert queue.jobs == ["bot.parserbuild.build_job"]
    assert skus(chat) == [MAGGI]
    assert (provider(chat).builds, provider(chat).stale_uses) == (1, 1)  # the worker's job is not done


def test_orderbot_import_builds_the_next_parser_for_the_running_bot(
    chat: Chat, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    folder = tmp_path / "masters"
    folder.mkdir()
    (folder / "catalog.csv").write_text(renamed_catalog(), encoding="utf-8")
    url = chat.engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", url)  # main() copies --db there; monkeypatch puts it back
    assert main(["--db", url, "import", str(folder)]) == 0
    assert "parser of the catalog: built" in capsys.readouterr().err
    with chat.sessions() as session:
        assert parsecache.ready(session, parsecache.key(session)) and not parsecache.building(session)
    skus(chat)
    assert (provider(chat).builds, provider(chat).loads) == (2, 1)  # loaded, not built
