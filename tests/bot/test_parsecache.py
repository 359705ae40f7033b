"""The parser file (bot/parsecache.py): built once per catalog version, loaded by the next process.

A second provider (what a new web or worker process has) on the same database
loads the file instead of building, and parses every message exactly as the
built parser does; a corrupt, torn or stale file is built again, never used.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot import parsecache, parsing
from domain.models import Sku
from nlu.parser import Parser
from tests.bench.synthetic import catalog, messages
from tests.bot.conversation_support import ROOT, Chat, Template

SHARED_EVAL = ROOT.parent / "shared" / "eval"
ORDERS = [
    "bhaiya 10 peti maggi aur 5 peti parle g bhej do",
    "Please send 2 cases Red Label 250g and 3 cases Tata Tea Premium 250g",
    "3 case maggi masala, 2 case parle g",
    "dettol 125gm 3 dzn\nhamam 2 dzn",
    "status SO-1043",
    "balance kitna hai",
]


@pytest.fixture
def chat(tmp_path: Path, template: Template, monkeypatch: pytest.MonkeyPatch) -> Iterator[Chat]:
    monkeypatch.delenv(parsecache.ENV, raising=False)  # next to the database, in tmp_path
    c = Chat.start(tmp_path, template, fresh_parser=True)
    yield c
    c.close()


def outputs(parser: Parser, texts: list[str]) -> list[str]:
    return [repr(parser.parse(text)) for text in texts]


def files(chat: Chat) -> list[Path]:
    with chat.sessions() as session:
        where = parsecache.folder(session)
    assert where is not None
    return sorted(where.glob("*.pickle"))


def fresh_provider(chat: Chat) -> tuple[parsing.ParserProvider, Parser]:
    """What a new process has: an empty provider for this database."""
    provider = parsing.ParserProvider()
    with chat.sessions() as session:
        parsing.use_provider(session, provider)
        return provider, parsing.parser_for(session)


def test_a_second_provider_loads_the_file_and_parses_identically(chat: Chat) -> None:
    first, built = fresh_provider(chat)
    assert (first.builds, first.loads) == (1, 0)
    assert len(files(chat)) == 1
    second, loaded = fresh_provider(chat)
    assert (second.builds, second.loads) == (1, 1)
    assert loaded is not built
    assert outputs(loaded, ORDERS) == outputs(built, ORDERS)


def test_a_second_process_loads_the_file_and_parses_identically(chat: Chat) -> None:
    _, built = fresh_provider(chat)
    url = chat.engine.url.render_as_string(hide_password=False)
    program = (
        "import json, sys\n"
        "from bot import parsing\n"
        "from domain.db import make_engine, session_factory\n"
        f"session = session_factory(make_engine({url!r}))()\n"
        f"texts = {ORDERS!r}\n"
        "out = [repr(parsing.parse(session, t)) for t in texts]\n"
        "p = parsing.provider_for(session)\n"
        "print(json.dumps({'loads': p.loads, 'builds': p.builds, 'out': out}))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", program], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr[-2000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert (seen["loads"], seen["builds"]) == (1, 1)
    assert seen["out"] == outputs(built, ORDERS)


def _flip_a_payload_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-100] ^= 0xFF
    path.write_bytes(bytes(data))


def _cut_in_half(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _not_a_parser_file(path: Path) -> None:
    path.write_bytes(b"hello")


def _header_names_another_version(path: Path) -> None:
    magic, header, payload = path.read_bytes().split(b"\n", 2)
    fields = json.loads(header)
    fields["key"] = "0" * 64
    path.write_bytes(magic + b"\n" + json.dumps(fields).encode() + b"\n" + payload)


@pytest.mark.parametrize(
    "spoil",
    [_flip_a_payload_byte, _cut_in_half, _not_a_parser_file, _header_names_another_version],
    ids=["corrupt", "torn", "foreign", "other-version"],
)
def test_a_spoiled_file_is_built_again_and_rewritten_whole(chat: Chat, spoil: Callable[[Path], None]) -> None:
    _, built = fresh_provider(chat)
    [path] = files(chat)
    whole = path.read_bytes()
    spoil(path)
    provider, rebuilt = fresh_provider(chat)
    assert (provider.builds, provider.loads) == (1, 0)
    assert outputs(rebuilt, ORDERS) == outputs(built, ORDERS)
    assert [p.name for p in files(chat)] == [path.name]
    assert len(path.read_bytes()) == len(whole)  # written again, whole (same catalog, same length)
    assert (fresh_provider(chat)[0].loads) == 1


def test_a_catalog_change_makes_a_new_version_and_drops_the_old_file(chat: Chat) -> None:
    fresh_provider(chat)
    [old] = files(chat)
    with chat.sessions() as session, session.begin():
        sku = session.scalars(sa.select(Sku).where(Sku.sku == "MAG-MAS-70")).one()
        sku.name = sku.name + " Family Pack"
    provider, parser = fresh_provider(chat)
    assert (provider.builds, provider.loads) == (1, 0)  # the old file is never used for the new catalog
    [new] = files(chat)
    assert new != old
    assert "Family Pack" in next(p.name for p in parser.index.products if p.sku == "MAG-MAS-70")


def test_the_cache_can_be_turned_off(chat: Chat, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parsecache.ENV, "off")
    provider, _ = fresh_provider(chat)
    again, _ = fresh_provider(chat)
    assert (provider.loads, again.loads, again.builds) == (0, 0, 1)
    with chat.sessions() as session:
        assert parsecache.folder(session) is None


def test_the_file_is_never_used_for_another_key(chat: Chat) -> None:
    _, built = fresh_provider(chat)
    out = io.BytesIO()
    parsecache.pack(built, "a" * 64, out)
    with pytest.raises(ValueError, match="another catalog version"):
        parsecache.unpack(io.BytesIO(out.getvalue()), "b" * 64)


def _catalog_sets() -> list[tuple[str, Callable[[], tuple[Parser, list[str]]]]]:
    def synthetic() -> tuple[Parser, list[str]]:
        products = catalog(10_000)
        return Parser(products), [m.text for m in messages(products, 400)]

    def shared(name: str) -> Callable[[], tuple[Parser, list[str]]]:
        def make() -> tuple[Parser, list[str]]:
            folder = SHARED_EVAL / name
            if not (folder / "catalog.csv").exists():
                pytest.skip(f"{folder} is not here")
            dealers = folder / "dealers.csv"
            parser = Parser.from_csv(folder / "catalog.csv", dealers if dealers.exists() else None)
            lines = (folder / "dev.jsonl").read_text().splitlines()
            return parser, [json.loads(line)["text"] for line in lines if line.strip()]

        return make

    return [("synthetic-10k", synthetic)] + [(name, shared(name)) for name in ("fmcg", "electricals", "agri")]


@pytest.mark.parametrize("name, make", _catalog_sets(), ids=[name for name, _ in _catalog_sets()])
def test_a_loaded_parser_parses_every_message_as_the_built_one(
    name: str, make: Callable[[], tuple[Parser, list[str]]]
) -> None:
    built, texts = make()
    out = io.BytesIO()
    parsecache.pack(built, "k" * 64, out)
    loaded = parsecache.unpack(io.BytesIO(out.getvalue()), "k" * 64)
    assert outputs(loaded, texts) == outputs(built, texts)
    assert len(loaded.index.entries) == len(built.index.entries)


def test_the_key_is_the_same_for_every_session_until_the_catalog_changes(chat: Chat) -> None:
    keys = []
    for rename in (False, False, True):
        with chat.sessions() as session, session.begin():
            if rename:
                session.execute(
                    sa.update(Sku).where(Sku.sku == "MAG-MAS-70").values(name="Maggi Masala 70g New")
                )
                session.flush()
            keys.append(parsecache.key(session))
    assert keys[0] == keys[1] != keys[2]


def test_a_folder_keeps_only_the_newest_files(
    tmp_path: Path, template: Template, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(parsecache.ENV, str(tmp_path / "parsers"))
    monkeypatch.setattr(parsecache, "MAX_FILES", 2)
    chats = [Chat.start(tmp_path, template, fresh_parser=True) for _ in range(3)]  # three databases
    try:
        for chat in chats:
            fresh_provider(chat)
        with chats[-1].sessions() as session:
            newest = parsecache.path_for(tmp_path / "parsers", session, parsecache.key(session))
        kept = sorted((tmp_path / "parsers").glob("*.pickle"))
        assert len(kept) == 2 and newest in kept
    finally:
        for chat in chats:
            chat.close()
