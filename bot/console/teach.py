"""A fix teaches the parser: the dealer's words become a learned alias for the SKU staff chose.

    teach(session, "lux 1 peti", "LUX-ROSE-100", dealer_id=1, by="asha@example.com")

The alias is for that dealer at once (a `learned_aliases` row with his id; every
process's parser reads the table, see bot/snapshot.py). It becomes everyone's
when an admin promotes it, or by itself once three different dealers' words
were fixed to the same SKU: then a second row with no dealer is added, marked
promoted.

What is learned is the product's words only: the dealer's words for the line
without the quantity, the unit and chat fillers, so the phrase is found again
whatever quantity he orders next time (bot/parsing.py hands each dealer's
phrases to the parser's `add_alias` for that dealer, so they are alias
evidence in his messages only until promoted).

>>> phrase_of("lux 1 peti"), phrase_of("bhaiya 10 peti maggi"), phrase_of("colget 100g 3 dzn")
('lux', 'maggi', 'colget 100g')
>>> phrase_of("deshmukh kirana - saffola gold 1L 2 peti"), phrase_of("MAGGI 70G X 12 CTN")
('saffola gold 1l', 'maggi 70g')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from domain.models import LearnedAlias, Sku
from nlu.numbers import word_number
from nlu.units import MEASURES, UNIT_WORDS
from nlu.vocab import CORRECTIONS, FILLERS

_NUMBER_UNIT = re.compile(r"^(\d+(?:\.\d+)?)([a-z]+)$")
_EDGE = re.compile(r"^[^\w]+|[^\w]+$")
BREAKS = frozenset({"x", "*", "-", "@"}) | FILLERS | CORRECTIONS

DEALERS_TO_PROMOTE = 3


@dataclass(frozen=True)
class Taught:
    phrase: str
    sku: str
    for_everyone: bool  # the fix also made (or found) an alias for every dealer


def clean(phrase: str) -> str:
    return " ".join(phrase.lower().split())[:200]


def _is_name(word: str) -> bool:
    """False for quantities ('10', 'ek', '5cs'), units ('peti') and chat words ('bhaiya', 'x')."""
    if not word or word in BREAKS or word in UNIT_WORDS or word_number(word) is not None:
        return False
    joined = _NUMBER_UNIT.match(word)
    return not (joined and UNIT_WORDS.get(joined.group(2)) not in (None, *MEASURES))


def phrase_of(words: str) -> str:
    """The product's words in what the dealer wrote: the longest run of name words (see module doc)."""
    runs: list[list[str]] = [[]]
    for raw in words.lower().split():
        word = _EDGE.sub("", raw)
        if _is_name(word):
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
    best = max(reversed(runs), key=lambda run: len(" ".join(run)))  # a tie: the later words
    return " ".join(best)[:200]


def words_key(phrase: str) -> str:
    """The phrase without its numbers: what makes two fixes 'the same words'."""
    return " ".join(w for w in clean(phrase).split() if not any(ch.isdigit() for ch in w))


def _aliases_for(session: Session, sku_id: int) -> list[LearnedAlias]:
    return list(session.scalars(sa.select(LearnedAlias).where(LearnedAlias.sku_id == sku_id)))


def nothing_to_learn(session: Session, phrase: str, sku: str, dealer_id: int | None) -> str:
    """Why a fix of `phrase` to `sku` teaches nothing (the next parse would not change); '' when it does.

    The catalog's own name and aliases are never learned again: the parser reads them already.
    """
    words = phrase_of(phrase)
    key = words_key(words)
    if not key:
        return f"'{clean(phrase)}' has no product words to learn"
    row = session.scalars(sa.select(Sku).where(Sku.sku == sku)).first()
    if row is None:
        return f"{sku} is not in the catalog"
    if key in {words_key(known) for known in (row.name, *(row.aliases or ()))}:
        return f"'{words}' is already {sku}'s name or alias in the catalog"
    learned = _aliases_for(session, row.id)
    if any(a.dealer_id is None and words_key(a.phrase) == key for a in learned):
        return f"'{words}' is already learned as {sku} for every dealer"
    if any(a.dealer_id == dealer_id and a.phrase == words for a in learned):
        return f"'{words}' is already learned as {sku} for this dealer"
    return ""


def teach(session: Session, phrase: str, sku: str, dealer_id: int | None, by: str) -> Taught | None:
    """Record that `phrase` means `sku` for the dealer; None when nothing new was learned."""
    if nothing_to_learn(session, phrase, sku, dealer_id):
        return None
    words = phrase_of(phrase)
    key = words_key(words)
    row = session.scalars(sa.select(Sku).where(Sku.sku == sku)).one()
    session.add(LearnedAlias(phrase=words, sku_id=row.id, dealer_id=dealer_id, created_by=by[:200]))
    session.flush()
    dealers = {
        a.dealer_id for a in _aliases_for(session, row.id) if a.dealer_id and words_key(a.phrase) == key
    }
    if dealer_id is not None and len(dealers) >= DEALERS_TO_PROMOTE:
        session.add(
            LearnedAlias(
                phrase=words,
                sku_id=row.id,
                dealer_id=None,
                promoted=True,
                created_by=f"{len(dealers)} dealers",
            )
        )
        return Taught(words, sku, True)
    return Taught(words, sku, dealer_id is None)


def promote(session: Session, alias_id: int, by: str) -> LearnedAlias | None:
    """Make a dealer's alias everyone's (a new row with no dealer); None when it already is."""
    alias = session.get(LearnedAlias, alias_id)
    if alias is None:
        return None
    key = words_key(alias.phrase)
    if any(a.dealer_id is None and words_key(a.phrase) == key for a in _aliases_for(session, alias.sku_id)):
        alias.promoted = True
        return None
    alias.promoted = True
    everyone = LearnedAlias(
        phrase=alias.phrase, sku_id=alias.sku_id, dealer_id=None, promoted=True, created_by=by[:200]
    )
    session.add(everyone)
    session.flush()
    return everyone


def all_aliases(session: Session) -> list[LearnedAlias]:
    query = (
        sa.select(LearnedAlias)
        .options(selectinload(LearnedAlias.sku), selectinload(LearnedAlias.dealer))
        .order_by(LearnedAlias.id.desc())
    )
    return list(session.scalars(query))
