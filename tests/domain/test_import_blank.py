"""Master uploads that never wipe (issue 12, item 5): an empty cell keeps the stored value, `-` or `none`
clears it, the summary names every field changed per row, a preview writes nothing, and a dealer may not
take a field rep's phone."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from domain.importing import ImportFailed, import_dir
from domain.models import Dealer, PriceRow, SchemeRow, Sku
from tests.domain.test_import import CATALOG, DEALERS, GOOD, SCHEMES, factory, write_set

__all__ = ["factory"]

D = Decimal
D1 = "D1,Sharma Traders,+919826104573,Indore,A,200000.00,45200.00,+919826500011|+919826500012"


def dealer(factory: sessionmaker[Session], code: str = "D1") -> tuple[object, ...]:
    with factory() as session:
        d = session.scalars(sa.select(Dealer).where(Dealer.code == code)).one()
        return d.town, d.tier, d.credit_limit, sorted(r.phone for r in d.reps)


def only_dealers(folder: Path, text: str) -> Path:
    return write_set(
        folder, dealers_csv=text, catalog_csv=None, prices_csv=None, schemes_csv=None, stock_csv=None
    )


STORED = ("Indore", "A", D("200000.00"), ["+919826500011", "+919826500012"])


@pytest.mark.parametrize(
    ("row", "after", "summary"),
    [
        # the report of issue 12: blank tier, credit_limit and reps keep what is stored
        ("D1,Sharma Traders,+919826104573,,,,,", STORED, "0 updated, 2 unchanged"),
        # '-' or 'none' (any case) clears, each to its default: no tier, no limit, no reps
        ("D1,Sharma Traders,+919826104573,Indore,-,NONE,,none", ("Indore", "", None, []), "1 updated"),
        # a value replaces, and the summary names each field changed
        (
            "D1,Sharma Traders,+919826104573,Indore,B,120000,,+919826500011|+919000000001",
            ("Indore", "B", D("120000.00"), ["+919000000001", "+919826500011"]),
            "1 updated",
        ),
    ],
)
def test_an_empty_cell_keeps_the_stored_value_and_clearing_is_explicit(
    factory: sessionmaker[Session], tmp_path: Path, row: str, after: tuple[object, ...], summary: str
) -> None:
    import_dir(factory, only_dealers(tmp_path / "1", DEALERS))
    assert dealer(factory) == STORED
    [result] = import_dir(factory, only_dealers(tmp_path / "2", DEALERS.replace(D1, row)))
    assert summary in str(result)
    assert dealer(factory) == after


def test_the_summary_names_every_field_changed_per_row(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    import_dir(factory, write_set(tmp_path / "1"))
    changed = write_set(
        tmp_path / "2",
        catalog_csv=CATALOG.replace("1180.80,maggi masala|maggi 70", "1200.00,maggi masala|maggi peela"),
        dealers_csv=DEALERS.replace(D1, "D1,Sharma Traders,+919826104573,Indore,B,250000.00,,none").replace(
            "Dewas,B,,0,", "Dewas,B,5000,0,+919826500011"
        ),
        prices_csv=None,
        schemes_csv=SCHEMES.replace(",2,no,,,A|B", ",2.5,no,,,-"),
        stock_csv="sku,qty\nMAG-MAS-70,900\n",
    )
    results = {r.file: r for r in import_dir(factory, changed)}
    assert results["catalog.csv"].changes == (
        "MAG-MAS-70: price 1180.80 -> 1200.00; aliases added maggi peela, removed maggi 70",
    )
    assert results["dealers.csv"].changes == (
        "D1: tier A -> B; credit_limit 200000.00 -> 250000.00; reps removed +919826500011, +919826500012",
        "D2: credit_limit (none) -> 5000.00; reps added +919826500011",
    )
    assert results["schemes.csv"].changes == (
        "PARLE-QPS slab 10.00: discount_pct 2.00 -> 2.50; tiers removed A, B",
    )
    assert results["stock.csv"].changes == ("MAG-MAS-70: qty 960.00 -> 900.00",)
    assert results["dealers.csv"].lines() == [
        "dealers.csv: 2 rows: 0 created, 2 updated, 0 unchanged",
        "  D1: tier A -> B; credit_limit 200000.00 -> 250000.00; reps removed +919826500011, +919826500012",
        "  D2: credit_limit (none) -> 5000.00; reps added +919826500011",
    ]


def test_blank_cells_of_every_master_file_keep_the_stored_values(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    import_dir(factory, write_set(tmp_path / "1"))
    with factory() as session:
        before = [
            repr(sorted(map(_values, session.scalars(sa.select(m))))) for m in (Sku, SchemeRow, PriceRow)
        ]
    blank_catalog = "sku,name,uoms,default_uom,brand,category,size,price,aliases,gst_rate\n" + "".join(
        f"{line.split(',')[0]},{line.split(',')[1]},{line.split(',')[2]},{line.split(',')[3]},,,,,,\n"
        for line in CATALOG.splitlines()[1:]
    )
    header, *slabs = SCHEMES.splitlines()
    blank_schemes = (
        header
        + "\n"
        + "".join(
            ",".join(cells[:1] + [""] + cells[2:5] + [cells[5], "", cells[7]] + [""] * 8) + "\n"
            for cells in (slab.split(",") for slab in slabs)
        )
    )
    results = import_dir(
        factory,
        write_set(
            tmp_path / "2",
            catalog_csv=blank_catalog,
            dealers_csv=None,
            prices_csv=None,
            schemes_csv=blank_schemes,
            stock_csv=None,
        ),
    )
    assert [(r.file, r.counts.updated, r.counts.unchanged) for r in results] == [
        ("catalog.csv", 0, 2),
        ("schemes.csv", 0, 4),
    ]
    with factory() as session:
        after = [
            repr(sorted(map(_values, session.scalars(sa.select(m))))) for m in (Sku, SchemeRow, PriceRow)
        ]
    assert after == before


def _values(row: object) -> tuple[str, ...]:
    skip = {"updated_at", "created_at"}
    return tuple(
        f"{c.key}={getattr(row, c.key)!r}" for c in sa.inspect(type(row)).column_attrs if c.key not in skip
    )


def test_a_new_row_with_empty_cells_takes_the_defaults(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    import_dir(
        factory, only_dealers(tmp_path, DEALERS.replace(D1, "D1,Sharma Traders,+919826104573,Indore,,,,"))
    )
    assert dealer(factory) == ("Indore", "", None, [])


def test_a_preview_says_what_would_change_and_writes_nothing(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    import_dir(factory, write_set(tmp_path / "1", schemes_csv=None, stock_csv=None))
    new_sku = CATALOG + "NEW-1,New thing,case:10|pc:1,case,,,,50.00,,\n"
    folder = write_set(
        tmp_path / "2",
        catalog_csv=new_sku,
        dealers_csv=DEALERS.replace("200000.00", "1.00"),
        prices_csv=PRICES_WITH_NEW,
        schemes_csv=None,
        stock_csv=None,
    )
    results = import_dir(factory, folder, dry_run=True)
    assert [str(r) for r in results] == [
        "catalog.csv: 3 rows: 1 would be created, 0 would be updated, 2 unchanged",
        "dealers.csv: 2 rows: 0 would be created, 1 would be updated, 1 unchanged",
        "prices.csv: 4 rows: 1 would be created, 0 would be updated, 3 unchanged",  # NEW-1 is known
    ]
    assert results[1].changes == ("D1: credit_limit 200000.00 -> 1.00",)
    with factory() as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Sku)) == 2  # nothing written
        assert session.scalar(sa.select(sa.func.count()).select_from(PriceRow)) == 3
    assert dealer(factory)[2] == D("200000.00")
    assert [r.counts.created for r in import_dir(factory, folder)] == [1, 0, 1]  # applied for real


PRICES_WITH_NEW = GOOD["prices.csv"] + "NEW-1,case,49.00,,\n"


@pytest.mark.parametrize(
    ("dealers", "message"),
    [
        # a stored rep's phone (D1's rep) given to D2
        (
            DEALERS.replace("9893217640", "+919826500011"),
            "dealers.csv line 3: phone +919826500011 belongs to a field rep (rep of D1)",
        ),
        # a rep the same file names
        (
            DEALERS.replace("9893217640", "+919826500012"),
            "dealers.csv line 3: phone +919826500012 belongs to a",
        ),
        # a dealer who is his own rep
        (
            DEALERS.replace("+919826500011|", "+919826104573|"),
            "dealers.csv line 2: phone +919826104573 is also one of the dealer's reps",
        ),
    ],
)
def test_a_dealer_given_a_field_reps_phone_is_refused(
    factory: sessionmaker[Session], tmp_path: Path, dealers: str, message: str
) -> None:
    import_dir(factory, only_dealers(tmp_path / "1", DEALERS))
    with pytest.raises(ImportFailed) as caught:
        import_dir(factory, only_dealers(tmp_path / "2", dealers))
    assert str(caught.value).startswith(message), str(caught.value)
    assert dealer(factory, "D2")[0] == "Dewas"  # nothing of the file written
