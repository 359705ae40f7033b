"""The built catalog parser on disk: built once per catalog version, loaded by every other process.

    version = parsecache.key(session)          # the catalog version, read before anything else
    found = parsecache.load(session, version)  # a Parser, or None (no file, stale, corrupt, turned off)
    parsecache.save(session, parser, version)  # after a build: written atomically, older versions removed

Building the parser for 100,000 SKUs takes about 30 s (the snapshot, then the
index); loading the same parser from its file takes under 2 s, so a new web
worker or rq worker answers its first order in seconds, not half a minute.

The file holds the parser as built from the catalog, before any learned alias
(bot.parsing adds those from the database after loading, as after a build).
Its name carries the database and its key; the key is a hash of everything a
parser depends on: the database URL, the catalog's version counter (bumped by
every change the parser reads, domain/versioning.py), the catalog's content
marks (SKU and dealer counts, newest `updated_at`, sums of ids and name
lengths: one aggregate query, read only when a parser is built or a new
catalog version is first seen; they tell apart two databases made again under
one URL whose counters agree), the source of nlu/ and of the snapshot code,
the Python version. A file is trusted only when its header repeats the key and the
SHA-256 of the payload matches; anything else (a stale version, a torn or
corrupt file, a pickle that fails) is logged and the parser is built again.
Files are written to a temporary name in the same folder and renamed, so a
reader sees a whole file or none; a folder keeps the MAX_FILES newest files.

The folder is ORDERBOT_PARSER_CACHE when set ("off" turns the cache off);
else, for a SQLite file, `<database>.parsers/` next to it, and for any other
database `$XDG_CACHE_HOME/orderbot/parsers` (~/.cache/...). An in-memory SQLite
database is never cached. Pickle runs code from the file it loads: the folder
must be writable only by the user the bot runs as (it is created 0700).

Beside the files, `<name>.building` (`hold`, `release`, `building`) says an import
or the build of the next parser is under way, until a time it names: processes
keep their parser meanwhile (bot/parserbuild.py, bot/parsing.py). Processes on
several machines see each other's files and markers only when the folder is
shared; else each machine's first process after an import builds its own.

Entry numbers (ints) and posting sets (sets of entry numbers) are written
packed: the loader gives every set the table size the build gave it and shares
one int object per entry number, as the build does, so a loaded parser takes
no more memory than a built one (a plain pickle gave each of 670,000 ints its
own object and grown sets: 90 MB more RSS at 100k SKUs).
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import io
import json
import logging
import os
import pickle
import sys
import tempfile
import time
from array import array
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

import sqlalchemy as sa
from sqlalchemy.orm import Session

import nlu
from domain import versioning
from domain.models import Dealer, Sku
from nlu import spans
from nlu.parser import Parser

log = logging.getLogger(__name__)

MAGIC = b"orderbot-parser 1\n"
ENV = "ORDERBOT_PARSER_CACHE"
PROTOCOL = 5
BIG_INT = 1 << 62  # packed ints fit a C long; CPython itself shares only those up to 256
SOURCES = ("bot/snapshot.py", "bot/parsecache.py")  # besides every file under nlu/
MAX_FILES = 16  # parser files kept in one folder (see `_prune`)


def folder(session: Session) -> Path | None:
    """Where this database's parser files go (see module doc); None when caching is off."""
    chosen = os.environ.get(ENV, "")
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    url = session.get_bind().engine.url
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
            return None
        return Path(url.database + ".parsers")
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "orderbot" / "parsers"


@cache
def code_version() -> str:
    """A hash of the code that decides what a built parser holds: nlu/ (rules included), the snapshot."""
    digest = hashlib.sha256(sys.version.encode())
    nlu_root = Path(nlu.__file__).parent
    files = sorted(p for p in nlu_root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    bot_root = Path(__file__).parent.parent
    for path in [*files, *(bot_root / name for name in SOURCES)]:
        digest.update(str(path.relative_to(path.parents[1] if path in files else bot_root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def catalog_marks(session: Session) -> tuple[str, ...]:
    """The catalog's content marks, read in one aggregate query (see module doc)."""
    columns = []
    for model in (Sku, Dealer):
        columns += [
            sa.select(sa.func.count(model.id)).scalar_subquery(),
            sa.select(sa.func.max(model.updated_at)).scalar_subquery(),
            sa.select(sa.func.coalesce(sa.func.sum(model.id), 0)).scalar_subquery(),
            sa.select(sa.func.coalesce(sa.func.sum(sa.func.length(model.name)), 0)).scalar_subquery(),
        ]
    columns.append(sa.select(sa.func.count(Sku.id)).where(Sku.active.is_(True)).scalar_subquery())
    return tuple(str(value) for value in session.execute(sa.select(*columns)).one())


def key(session: Session) -> str:
    """The key a parser file must carry to be used for this database's catalog now."""
    url = session.get_bind().engine.url.render_as_string(hide_password=True)
    catalog = versioning.read(session)[versioning.CATALOG]  # moved by every change the parser sees
    parts = [url, code_version(), str(PROTOCOL), str(catalog), *catalog_marks(session)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _stem(session: Session) -> str:
    url = session.get_bind().engine.url.render_as_string(hide_password=True)
    return f"parser-{hashlib.sha256(url.encode()).hexdigest()[:12]}"


def path_for(where: Path, session: Session, version: str) -> Path:
    return where / f"{_stem(session)}-{version[:20]}.pickle"


def ready(session: Session, version: str) -> bool:
    """True when a file for catalog version `version` is there (`load` still checks it whole)."""
    where = folder(session)
    return where is not None and path_for(where, session, version).is_file()


# -- the build marker: "the next parser is being made, keep yours until then" -----------------------------


def _marker(session: Session) -> Path | None:
    where = folder(session)
    return None if where is None else where / f"{_stem(session)}.building"


def hold(session: Session, seconds: float) -> None:
    """Say that this database's catalog is being imported or its next parser built, for `seconds`
    from now (bot/parserbuild.py); a holder that dies is forgotten when they are up."""
    path = _marker(session)
    if path is None:
        return
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        spare = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        spare.write_text(json.dumps({"until": time.time() + seconds, "pid": os.getpid()}), encoding="utf-8")
        os.replace(spare, path)
    except OSError as exc:  # no marker: every process builds for itself, as without one
        log.warning("parser build marker not written to %s (%s)", path.parent, exc)


def release(session: Session) -> None:
    """The import and build are over (the file written, or not): processes load or build it now."""
    path = _marker(session)
    if path is not None:
        path.unlink(missing_ok=True)


def building(session: Session) -> bool:
    """True while a holder's time (`hold`) is not up: an import or a build of the next parser."""
    path = _marker(session)
    if path is None:
        return False
    try:
        until = float(json.loads(path.read_text(encoding="utf-8"))["until"])
    except (OSError, ValueError, KeyError, TypeError):  # none, or torn: no build to wait for
        return False
    return time.time() < until


def load(session: Session, version: str) -> Parser | None:
    """The parser saved for catalog version `version` (`key`), or None (build it then; see module doc)."""
    where = folder(session)
    if where is None:
        return None
    path = path_for(where, session, version)
    try:
        with path.open("rb") as f:
            parser = unpack(f, version)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a torn, corrupt or foreign file is rebuilt, never trusted
        log.warning(
            "parser file %s not used (%s: %s); building the parser", path.name, type(exc).__name__, exc
        )
        return None
    spans.pipeline()  # what Parser() does in a build: spaCy's matchers, once per process
    return parser


def save(session: Session, parser: Parser, version: str) -> Path | None:
    """Write `parser`, built from catalog version `version` (`key`, read before the build), learned
    aliases not yet added; the path, or None. Nothing is written when the catalog changed during
    the build (the parser may hold some of the new catalog, which the old key does not name)."""
    where = folder(session)
    if where is None:
        return None
    if key(session) != version:
        log.info("catalog changed while the parser was built; its file is not written")
        return None
    path = path_for(where, session, version)
    try:
        where.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=where)
        try:
            with os.fdopen(fd, "wb") as f:
                pack(parser, version, f)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:  # a read-only or full disk costs the next process a build, nothing more
        log.warning("parser file not written to %s (%s)", where, exc)
        return None
    stem = _stem(session) + "-"
    for old in where.glob(stem + "*.pickle"):
        if old != path:
            old.unlink(missing_ok=True)
    _prune(where, keep=path)
    return path


def _prune(where: Path, keep: Path) -> None:
    """Keep the folder small: the MAX_FILES newest parser files (other databases' too; a test
    suite makes one a PostgreSQL schema), and no temporary file older than an hour (a writer
    that died). Deleting one costs its database a build, never a wrong parse."""
    try:
        files = sorted(where.glob("parser-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in [p for p in files if p != keep][MAX_FILES - 1 :]:
            old.unlink(missing_ok=True)
        for tmp in where.glob("parser-*.tmp"):
            if time.time() - tmp.stat().st_mtime > 3600:
                tmp.unlink(missing_ok=True)
    except OSError:  # another process pruned the same file first
        pass


# -- the file: MAGIC, key, SHA-256 of the payload, payload ---------------------------------------------


def pack(parser: Parser, version: str, f: BinaryIO) -> None:
    out = io.BytesIO()
    _Packer(out, protocol=PROTOCOL).dump(parser)
    payload = out.getbuffer()
    header = json.dumps({"key": version, "sha256": hashlib.sha256(payload).hexdigest()}).encode()
    f.write(MAGIC + header + b"\n")
    f.write(payload)


def unpack(f: BinaryIO, version: str) -> Parser:
    """The parser in file `f`; ValueError when it is not a whole one for `version`."""
    if f.readline(len(MAGIC) + 1) != MAGIC:
        raise ValueError("not a parser file")
    header = json.loads(f.readline(4096) or b"{}")
    if header.get("key") != version:
        raise ValueError("made for another catalog version")
    payload = f.read()  # the parser in one read; BytesIO below shares it, no copy
    if hashlib.sha256(payload).hexdigest() != header.get("sha256"):
        raise ValueError("payload checksum does not match (torn or corrupt file)")
    enabled = gc.isenabled()
    gc.disable()  # millions of new containers: no collection passes while they are made
    try:
        parser = _Unpacker(io.BytesIO(payload)).load()
    finally:
        if enabled:
            gc.enable()
    del payload
    if not isinstance(parser, Parser):
        raise ValueError(f"holds a {type(parser).__name__}, not a Parser")
    _give_back()
    return parser


def _give_back() -> None:
    """Hand the load's freed scratch memory back to the OS (glibc; 27 MB of RSS at 100k SKUs)."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the memory is reused by the process instead
        pass


def _ints(values: Any) -> bool:
    return all(type(v) is int and 0 <= v < BIG_INT for v in values)


def _packed(values: Any) -> bytes:
    return array("q", values).tobytes()


_SLOTS: dict[type, tuple[str, ...]] = {}


def _slots(kind: type) -> tuple[str, ...]:
    """Every slot of a slotted class (the catalog's records: Product, Entry, Canon ...); () for others."""
    found = _SLOTS.get(kind)
    if found is None:
        found = ()
        if "__slots__" in vars(kind) and kind.__module__ != "builtins":
            names = (name for klass in reversed(kind.__mro__) for name in vars(klass).get("__slots__", ()))
            found = tuple(dict.fromkeys(n for n in names if n not in ("__dict__", "__weakref__")))
        _SLOTS[kind] = found
    return found


def _slotted(kind: Any, names: tuple[str, ...], values: tuple[Any, ...]) -> Any:
    made = kind.__new__(kind)
    for name, value in zip(names, values, strict=True):
        object.__setattr__(made, name, value)  # as a frozen dataclass's own __init__ does
    return made


def _columns(objects: list[Any]) -> Any:
    """A list of records of one slotted class as one column per slot (no dict a record), or None.

    pickle's own way writes each record's state as a dict that its unpickler keeps until the end
    of the load: for the 200,000 records of a 100k catalog, 100 MB that left holes behind."""
    kind = type(objects[0])
    names = _slots(kind)
    if not names or len(objects) < 2 or any(type(o) is not kind for o in objects):
        return None
    try:
        return ("O", kind, names, [[getattr(o, name) for o in objects] for name in names])
    except AttributeError:
        return None


class _Packer(pickle.Pickler):
    """Writes entry numbers and the containers of them packed (see module doc).

    A dict (or defaultdict) whose values are all sets, all lists or all ints of entry numbers
    becomes one reference holding its keys and two arrays (lengths, numbers); so does a lone
    set or list of them. The references are few (one a container), so the unpickler's memo,
    which keeps everything it read until the end, stays small. A container met again (the
    index's `codes` may be its `by_sku`) is written as a reference to the first, as pickle does.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._seen: dict[int, int] = {}
        self._kept: list[object] = []  # alive until the end, so no id is reused meanwhile

    def persistent_id(self, obj: Any) -> Any:
        seen = self._seen.get(id(obj))
        if seen is not None:
            return ("R", seen)
        pid = self._pid(obj)
        if pid is not None:
            self._seen[id(obj)] = len(self._kept)
            self._kept.append(obj)
        return pid

    def _pid(self, obj: Any) -> Any:
        kind = type(obj)
        if (kind is dict or kind is defaultdict) and obj:
            factory = obj.default_factory if kind is defaultdict else None
            values = obj.values()
            for tag, container in (("S", set), ("L", list)):
                if all(type(v) is container and _ints(v) for v in values):
                    lengths = _packed(len(v) for v in values)
                    numbers = _packed(n for v in values for n in v)
                    return (tag, factory, list(obj), lengths, numbers)
            if _ints(values):
                return ("V", factory, list(obj), _packed(values))
        elif (kind is set or kind is list) and obj and _ints(obj):
            return ("s" if kind is set else "l", _packed(obj))
        elif kind is list and obj:
            return _columns(obj)
        return None

    def reducer_override(self, obj: Any) -> Any:
        names = _slots(type(obj))
        if not names or hasattr(obj, "__dict__"):
            return NotImplemented
        try:
            return _slotted, (type(obj), names, tuple(getattr(obj, name) for name in names))
        except AttributeError:  # a slot never set: pickle's own way
            return NotImplemented


class _Unpacker(pickle.Unpickler):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._one: dict[int, int] = {}  # one int object per value, as the build has
        self._made: list[object] = []

    def _numbers(self, data: bytes) -> list[int]:
        numbers = array("q")
        numbers.frombytes(data)
        one = self._one.setdefault
        return [one(n, n) for n in numbers]

    def persistent_load(self, pid: Any) -> Any:
        if pid[0] == "R":
            return self._made[pid[1]]
        made = self._make(pid)
        self._made.append(made)
        return made

    def _make(self, pid: Any) -> Any:
        tag = pid[0]
        if tag == "O":
            kind, names, columns = pid[1], pid[2], pid[3]
            records = [kind.__new__(kind) for _ in columns[0]]
            for name, column in zip(names, columns, strict=True):
                put = getattr(kind, name).__set__  # the slot's descriptor
                for record, value in zip(records, column, strict=True):
                    put(record, value)
            return records
        if tag == "s":
            return set(set(self._numbers(pid[1])))  # a copy's table size, as the build makes them
        if tag == "l":
            return self._numbers(pid[1])
        if tag in ("S", "L", "V"):
            factory, keys = pid[1], pid[2]
            table: dict[Any, Any] = {} if factory is None else defaultdict(factory)
            if tag == "V":
                table.update(zip(keys, self._numbers(pid[3]), strict=True))
                return table
            numbers, at = self._numbers(pid[4]), 0
            lengths = array("q")
            lengths.frombytes(pid[3])
            for name, length in zip(keys, lengths, strict=True):
                part = numbers[at : at + length]
                table[name] = set(set(part)) if tag == "S" else part
                at += length
            return table
        raise pickle.UnpicklingError(f"unknown reference {tag!r:.20}")
