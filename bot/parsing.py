"""The parser each process uses, built once from the database and kept up to date without a restart.

    parsed = parse(session, text, dealer="D01")   # per message: one cheap version query, then the parse

Building a `Parser` from the catalog snapshot takes about a second for a few
thousand SKUs (about 30 s for 100,000, tests/bench/memory.py), so it is built
once per catalog version and written to a file (bot/parsecache.py) that every
other process loads in about a second instead; a process builds it only when
no whole file for the catalog's version is there. Every call then reads the
version counters the database keeps (domain/versioning.py: triggers bump them
in the transaction that changes the tables; three rows read by key, well under
a millisecond at 100k SKUs, where counting the tables took 27 ms):

- the catalog's version (any change to a column of SKUs, their units or dealers
  that the snapshot reads): the parser is built again. A price, a phone or a
  dealer's reply language changes no version;
- the learned aliases' versions (any change; deletions): new rows are added to
  the running parser with `Parser.add_alias`, a promotion adds the phrase for
  everyone, and a deletion rebuilds it.

A catalog import says so before it starts (bot/parserbuild.py: a marker next to
the parser files, renewed as it goes) and builds the next parser in the
background when it is done. Meanwhile a process that sees the new catalog keeps
answering with the parser it has, and loads the new one (one read) as soon as
its file is there. It keeps the old one only while the marker says an import or
build is under way, and for at most STALE_AT_MOST seconds; with no marker (no
build started, or it failed and took it away), an expired one (its process
died), or past that time, it builds the parser itself, as before. A process
with no parser yet loads or builds one at once. Meanwhile the old parser reads
messages as the bot read them before the import: a SKU the import added is
not known to it (the bot asks which one, or a person looks, as for any name it
does not know; a new variant beside a known product is read as that product,
as it was the minute before), and a SKU it removed or deactivated is refused by
pricing (UnknownSku: the message goes to a person, nothing is drafted; both in
tests/bot/test_parserbuild.py).

Each learned alias is added with `Parser.add_alias`: one with a dealer applies
to that dealer's messages only (the parser keeps it in his own layer, see
nlu/learned.py), one without a dealer, or promoted, to everyone. A taught
phrase is evidence like a catalog alias, so "lux" taught for Lux Rose does not
turn that dealer's "lux jasmine 100g" into Lux Rose. So a fix made in the ops
console is used by the very next message, in every web process and worker.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot import parsecache, snapshot
from domain import versioning
from domain.models import Dealer, LearnedAlias, Sku
from nlu.parser import Parser
from nlu.types import Alias, ParsedMessage

log = logging.getLogger(__name__)

STALE_AT_MOST = 300.0  # seconds a process answers with the previous catalog's parser while the next is built


@dataclass(frozen=True)
class Versions:
    catalog: int  # bumped by any change to what the parser is built from (domain/versioning.py)
    aliases: int  # bumped by any change to learned_aliases
    alias_deletions: int  # bumped by a deletion from learned_aliases (the parser is built again)


def versions(session: Session) -> Versions:
    """The three counters the database keeps (domain/versioning.py): one read of three rows by key."""
    found = versioning.read(session)
    return Versions(found[versioning.CATALOG], found[versioning.ALIASES], found[versioning.ALIASES_DELETED])


@dataclass
class ParserProvider:
    """One database's parser in this process (see module doc)."""

    parser: Parser | None = None
    seen: Versions | None = None
    alias_ids: set[int] = field(default_factory=set)
    promoted_ids: set[int] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    builds: int = 0  # parsers made, built or loaded
    loads: int = 0  # of them, loaded from the catalog version's file (bot/parsecache.py)
    shared: bool = True  # False: never read or write the parser file
    stale_uses: int = 0  # messages answered by the previous catalog's parser while the next was built
    stale_since: float | None = None  # time.monotonic() this process first kept a previous parser
    pending: tuple[int, str] | None = None  # the newer catalog version seen, its file key

    def get(self, session: Session) -> Parser:
        now = versions(session)
        with self.lock:
            if self.parser is None or self.seen is None or now.alias_deletions != self.seen.alias_deletions:
                self._build(session)
            elif now.catalog != self.seen.catalog:
                if self._keep_old(session, now):
                    if now.aliases != self.seen.aliases:
                        self._add_new(session)
                    self.seen = Versions(self.seen.catalog, now.aliases, now.alias_deletions)  # its catalog
                    return self.parser
                self._build(session)
            elif now.aliases != self.seen.aliases:
                self._add_new(session)
            self.seen = now
            assert self.parser is not None
            return self.parser

    def _keep_old(self, session: Session, now: Versions) -> bool:
        """True to answer with the parser of the previous catalog a while longer: only while another
        process says it is importing or building the next one (parsecache.building), its file is
        not there yet, and for at most STALE_AT_MOST seconds in all (see module doc)."""
        if not self.shared or not parsecache.building(session):
            return False  # no build under way (none started, failed, or lost): load or build it here
        clock = time.monotonic()
        if self.stale_since is None:
            self.stale_since = clock
        if clock - self.stale_since > STALE_AT_MOST:
            log.warning("no next parser after %.0f s of waiting; building it here", STALE_AT_MOST)
            return False
        if self.pending is None or self.pending[0] != now.catalog:
            self.pending = (now.catalog, parsecache.key(session))  # one aggregate query a catalog version
            log.info("catalog changed; the previous parser answers while the next one is built")
        if parsecache.ready(session, self.pending[1]):
            return False  # its file is there: load it (one read)
        self.stale_uses += 1
        return True

    def parse(self, session: Session, text: str, dealer: str | None = None) -> ParsedMessage:
        """Parse `text` from `dealer`'s chat with everything learned so far (see module doc)."""
        return self.get(session).parse(text, dealer=dealer)

    def _build(self, session: Session) -> None:
        # the old parser goes first: a rebuild after an import holds one parser, not two (with
        # 100k SKUs a worker went from 268 to 380 MB RSS keeping the old one while building)
        self.parser = None
        self.stale_since, self.pending = None, None
        version = parsecache.key(session) if self.shared else ""
        parser = parsecache.load(session, version) if self.shared else None
        how = "loaded"
        if parser is None:
            snap = snapshot.snapshot(session)
            parser = Parser(snap.products, snap.dealers)
            del snap
            if self.shared:
                parsecache.save(session, parser, version)  # before any learned alias: the catalog's parser
            how = "built"
        else:
            self.loads += 1
        self.alias_ids, self.promoted_ids = set(), set()
        self.parser = parser
        self._add_new(session)
        parser.freeze_gc()  # the long-lived index leaves the cyclic collector's scans (nlu/parser.py)
        self.builds += 1
        log.info(
            "parser %s: %s products, %s dealers, %s learned aliases",
            how,
            len(parser.index.products),
            len(parser.customers.dealers),
            len(self.alias_ids),
        )

    def _add_new(self, session: Session) -> None:
        assert self.parser is not None
        query = (
            sa.select(LearnedAlias.id, LearnedAlias.phrase, Sku.sku, Dealer.code, LearnedAlias.promoted)
            .join(Sku, LearnedAlias.sku_id == Sku.id)
            .outerjoin(Dealer, LearnedAlias.dealer_id == Dealer.id)
            .where(Sku.active.is_(True))
            .order_by(LearnedAlias.id)
        )
        for alias_id, phrase, sku, dealer, promoted in session.execute(query):
            fresh = alias_id not in self.alias_ids
            newly_promoted = bool(promoted) and alias_id not in self.promoted_ids
            if not fresh and not newly_promoted:
                continue
            try:
                self.parser.add_alias(Alias(phrase, sku, None if promoted else dealer))
            except (KeyError, ValueError) as exc:
                log.warning("learned alias %s (%r -> %s) not usable: %s", alias_id, phrase, sku, exc)
            self.alias_ids.add(alias_id)
            if promoted:
                self.promoted_ids.add(alias_id)


_providers: dict[str, ParserProvider] = {}
_providers_lock = threading.Lock()


def provider_for(session: Session) -> ParserProvider:
    """This process's provider for the session's database."""
    key = session.get_bind().engine.url.render_as_string(hide_password=True)
    with _providers_lock:
        found = _providers.get(key)
        if found is None:
            found = _providers[key] = ParserProvider()
        return found


def parser_for(session: Session) -> Parser:
    """The up-to-date parser for the session's database (pass `dealer=` to its `parse` for his aliases)."""
    return provider_for(session).get(session)


def parse(session: Session, text: str, dealer: str | None = None) -> ParsedMessage:
    """Parse a message from `dealer` (a code; None for no dealer) with all that was learned, up to date."""
    return provider_for(session).parse(session, text, dealer)


def shop_named(session: Session, text: str) -> str | None:
    """The dealer code a message names anywhere in it ("balance Laxmi Provision Stores"); None for none."""
    return parser_for(session).shop_named(text)


def use_provider(session: Session, provider: ParserProvider) -> None:
    """Serve the session's database from `provider` (tests that open copies of one database)."""
    key = session.get_bind().engine.url.render_as_string(hide_password=True)
    with _providers_lock:
        _providers[key] = provider


def forget() -> None:
    """Drop every cached parser (tests that rebuild a database under the same URL)."""
    with _providers_lock:
        _providers.clear()
