"""dealers.csv `language`: the language of a dealer's replies (issue 11); an empty cell keeps his choice."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from domain.db import make_engine, session_factory
from domain.importing import ImportFailed, import_dir
from domain.models import Dealer
from domain.uow import create_schema
from tests.domain.test_import import DEALERS, write_set

WITH_LANGUAGE = (
    DEALERS.replace(",reps\n", ",reps,language\n")
    .replace("+919826500012\n", "+919826500012,hi\n")
    .replace("Dewas,B,,0,\n", "Dewas,B,,0,,HI_LATN\n")
)


@pytest.fixture
def factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(db_url)
    create_schema(engine)
    yield session_factory(engine)
    engine.dispose()


def languages(factory: sessionmaker[Session]) -> dict[str, str]:
    with factory() as session:
        return {code: lang for code, lang in session.execute(sa.select(Dealer.code, Dealer.language))}


def load(factory: sessionmaker[Session], folder: Path, dealers: str) -> None:
    import_dir(
        factory, write_set(folder, dealers_csv=dealers, prices_csv=None, schemes_csv=None, stock_csv=None)
    )


STEPS = [
    # (cells of D1 and D2 in a second import, languages after it) - what each row proves
    (("en", "auto"), {"D1": "en", "D2": ""}),  # a new choice; 'auto' = as he writes
    (("", ""), {"D1": "hi", "D2": "hi_Latn"}),  # an empty cell keeps the stored choice
    (None, {"D1": "hi", "D2": "hi_Latn"}),  # so does a file without the column
    (("none", "-"), {"D1": "", "D2": ""}),  # clearing is explicit: back to 'auto' (issue 12, item 5)
]


@pytest.mark.parametrize(("cells", "after"), STEPS)
def test_the_language_column_sets_keeps_or_clears_the_choice(
    factory: sessionmaker[Session], tmp_path: Path, cells: tuple[str, str] | None, after: dict[str, str]
) -> None:
    load(factory, tmp_path / "1", WITH_LANGUAGE)
    assert languages(factory) == {"D1": "hi", "D2": "hi_Latn"}  # case does not matter: HI_LATN
    second = DEALERS
    if cells is not None:
        second = WITH_LANGUAGE.replace(",hi\n", f",{cells[0]}\n").replace(",HI_LATN\n", f",{cells[1]}\n")
    load(factory, tmp_path / "2", second)
    assert languages(factory) == after


def test_a_language_we_cannot_reply_in_is_named_with_its_line(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    with pytest.raises(
        ImportFailed, match="dealers.csv line 2: language 'marathi' is not one of en, hi, hi_Latn"
    ):
        load(factory, tmp_path, WITH_LANGUAGE.replace(",hi\n", ",marathi\n"))
    assert languages(factory) == {}
