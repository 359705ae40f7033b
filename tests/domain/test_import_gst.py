"""The GST columns of the masters (issue 12, item 2): dealers.csv `gstin` and `state`, catalog.csv `hsn`.

A GSTIN is checked on import (shape, state code, check character) and a bad one is named with its file,
line and column; a dealer's state may come from his GSTIN; an empty cell keeps what is stored and `-`
clears it, as for every optional column (docs/masters.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from domain.db import make_engine, session_factory
from domain.importing import ImportFailed, import_dir
from domain.models import Dealer, Sku
from domain.uow import create_schema
from tests.domain.test_import import CATALOG, DEALERS, write_set

MAHARASHTRA_GSTIN = "27AAPFU0939F1ZV"
GUJARAT_GSTIN = "24AAACG1234A1ZK"


def dealers_with(d1: tuple[str, str], d2: tuple[str, str]) -> str:
    """DEALERS with gstin and state cells for D1 and D2."""
    return (
        DEALERS.replace(",reps\n", ",reps,gstin,state\n")
        .replace("+919826500012\n", f"+919826500012,{d1[0]},{d1[1]}\n")
        .replace("Dewas,B,,0,\n", f"Dewas,B,,0,,{d2[0]},{d2[1]}\n")
    )


@pytest.fixture
def factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(db_url)
    create_schema(engine)
    yield session_factory(engine)
    engine.dispose()


def load(
    factory: sessionmaker[Session], folder: Path, dealers: str | None = None, catalog: str = CATALOG
) -> None:
    import_dir(
        factory,
        write_set(
            folder,
            catalog_csv=catalog,
            dealers_csv=dealers or DEALERS,
            prices_csv=None,
            schemes_csv=None,
            stock_csv=None,
        ),
    )


def gst_of(factory: sessionmaker[Session]) -> dict[str, tuple[str, str]]:
    with factory() as session:
        return {c: (g, s) for c, g, s in session.execute(sa.select(Dealer.code, Dealer.gstin, Dealer.state))}


# (D1 cells, D2 cells, stored (gstin, state) of D1 and D2) - what each row proves
GOOD = [
    (
        (MAHARASHTRA_GSTIN, "27"),
        (GUJARAT_GSTIN, "Gujarat"),
        {"D1": (MAHARASHTRA_GSTIN, "27"), "D2": (GUJARAT_GSTIN, "24")},
    ),  # code or name
    (
        (MAHARASHTRA_GSTIN.lower(), ""),
        ("", "Madhya Pradesh"),
        {
            "D1": (MAHARASHTRA_GSTIN, "27"),  # from GSTIN
            "D2": ("", "23"),
        },
    ),  # unregistered, a state
    (("", ""), ("", ""), {"D1": ("", ""), "D2": ("", "")}),  # neither: intra-state, as domain/gst.py says
]


@pytest.mark.parametrize(("d1", "d2", "stored"), GOOD)
def test_gstin_and_state_are_stored_checked_and_as_codes(
    factory: sessionmaker[Session],
    tmp_path: Path,
    d1: tuple[str, str],
    d2: tuple[str, str],
    stored: dict[str, tuple[str, str]],
) -> None:
    load(factory, tmp_path, dealers_with(d1, d2))
    assert gst_of(factory) == stored


# (D1's gstin and state cells, the error)
BAD = [
    (
        ("27AAPFU0939F1ZA", ""),
        "dealers.csv line 2: gstin: '27AAPFU0939F1ZA' fails its check character (expected V)",
    ),
    (("27AAPFU0939F1Z", ""), "dealers.csv line 2: gstin: a GSTIN has 15 characters, '27AAPFU0939F1Z' has 14"),
    (
        ("99AAPFU0939F1ZV", ""),
        "dealers.csv line 2: gstin: '99AAPFU0939F1ZV' starts with 99, which is no state",
    ),
    (("", "Atlantis"), "dealers.csv line 2: state 'Atlantis' is not a GST state code or state name"),
    (
        (MAHARASHTRA_GSTIN, "24"),
        "dealers.csv line 2: state 24 (Gujarat) is not the state of gstin 27AAPFU0939F1ZV (27, Maharashtra)",
    ),
]


@pytest.mark.parametrize(("d1", "error"), BAD)
def test_a_bad_gstin_or_state_is_named_with_file_line_and_column(
    factory: sessionmaker[Session], tmp_path: Path, d1: tuple[str, str], error: str
) -> None:
    with pytest.raises(ImportFailed) as caught:
        load(factory, tmp_path, dealers_with(d1, ("", "")))
    assert str(caught.value).startswith(error)
    assert gst_of(factory) == {}  # nothing of a bad file is written


def test_an_empty_cell_keeps_the_stored_gstin_and_a_dash_clears_it(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    load(factory, tmp_path / "1", dealers_with((MAHARASHTRA_GSTIN, ""), (GUJARAT_GSTIN, "")))
    load(factory, tmp_path / "2", dealers_with(("", ""), ("-", "-")))
    assert gst_of(factory) == {"D1": (MAHARASHTRA_GSTIN, "27"), "D2": ("", "")}
    load(factory, tmp_path / "3")  # a file without the columns keeps them too
    assert gst_of(factory)["D1"] == (MAHARASHTRA_GSTIN, "27")


def catalog_with(hsn_maggi: str, hsn_parle: str) -> str:
    return (
        CATALOG.replace(",gst_rate\n", ",gst_rate,hsn\n")
        .replace("maggi 70,18\n", f"maggi 70,18,{hsn_maggi}\n")
        .replace(",,5\n", f",,5,{hsn_parle}\n")
    )


def hsn_of(factory: sessionmaker[Session]) -> dict[str, str]:
    with factory() as session:
        return dict(session.execute(sa.select(Sku.sku, Sku.hsn)).tuples().all())


def test_hsn_codes_are_stored_kept_and_cleared(factory: sessionmaker[Session], tmp_path: Path) -> None:
    load(factory, tmp_path / "1", catalog=catalog_with("1902.30", "1905 90 20"))
    assert hsn_of(factory) == {"MAG-MAS-70": "190230", "PAR-G-56": "19059020"}
    load(factory, tmp_path / "2", catalog=catalog_with("", "none"))
    assert hsn_of(factory) == {"MAG-MAS-70": "190230", "PAR-G-56": ""}


@pytest.mark.parametrize("cell", ["19", "1902301", "HSN1902", "19023012345"])
def test_a_bad_hsn_is_named(factory: sessionmaker[Session], tmp_path: Path, cell: str) -> None:
    with pytest.raises(ImportFailed, match=f"catalog.csv line 2: hsn '{cell}' is not an HSN code"):
        load(factory, tmp_path, catalog=catalog_with(cell, ""))
