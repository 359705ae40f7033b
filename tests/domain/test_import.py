"""`import_dir`: contract master files into the database, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import Session, sessionmaker

from domain.db import make_engine, session_factory
from domain.importing import ImportFailed, import_dir
from domain.models import Dealer, FieldRep, LedgerEntry, PriceRow, SchemeRow, Sku, SkuUnit, StockLevel
from domain.uow import create_schema

CATALOG = """\
sku,name,uoms,default_uom,brand,category,size,price,aliases,gst_rate
MAG-MAS-70,Maggi Masala 70g,case:96|pc:1,case,Maggi,Noodles,70g,1180.80,maggi masala|maggi 70,18
PAR-G-56,Parle-G 56g,box:12|pc:1,box,Parle,Biscuits,56g,60.00,,5
"""
DEALERS = """\
code,name,phone,town,tier,credit_limit,balance,reps
D1,Sharma Traders,+919826104573,Indore,A,200000.00,45200.00,+919826500011|+919826500012
D2,Gupta Store,9893217640,Dewas,B,,0,
"""
PRICES = """\
sku,uom,price,tier,dealer
MAG-MAS-70,case,1152.00,,
MAG-MAS-70,case,1128.96,A,
MAG-MAS-70,pc,12.00,,D1
"""
SCHEMES = """\
code,name,kind,applies_to,target,min_qty,min_uom,min_value,free_sku,free_qty,free_uom,discount_pct,recursive,valid_from,valid_to,tiers
MAGGI-10P1,Maggi 10+1,free_goods,sku,MAG-MAS-70,10,case,,,1,case,,yes,2026-01-01,2026-12-31,
PARLE-QPS,Parle slab,qty_discount,brand,Parle,10,box,,,,,2,no,,,A|B
PARLE-QPS,Parle slab,qty_discount,brand,Parle,20,box,,,,,3.5,no,,,A|B
BIG-VAL,Noodles value,value_discount,category,Noodles,,,50000,,,,1.5,no,,,
"""
STOCK = "sku,qty\nMAG-MAS-70,960\nPAR-G-56,120.5\n"
GOOD = {"catalog.csv": CATALOG, "dealers.csv": DEALERS, "prices.csv": PRICES, "schemes.csv": SCHEMES,
        "stock.csv": STOCK}
TABLES = {"catalog.csv": Sku, "dealers.csv": Dealer, "prices.csv": PriceRow, "schemes.csv": SchemeRow,
          "stock.csv": StockLevel}


@pytest.fixture
def factory(db_url: str) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(db_url)
    create_schema(engine)
    yield session_factory(engine)
    engine.dispose()


def write_set(folder: Path, **changes: str | None) -> Path:
    """The good files with some replaced (name_csv="...") or left out (name_csv=None)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = dict(GOOD)
    for key, text in changes.items():
        name = key.replace("_csv", ".csv")
        assert name in files, name
        files[name] = text  # type: ignore[assignment]
    for name, text in files.items():
        path = folder / name
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(text, encoding="utf-8")
    return folder


def count(factory: sessionmaker[Session], model: type) -> int:
    with factory() as session:
        return int(session.scalar(sa.select(sa.func.count()).select_from(model)) or 0)


def test_a_full_set_loads_with_exact_values(factory: sessionmaker[Session], tmp_path: Path) -> None:
    results = import_dir(factory, write_set(tmp_path))
    assert [str(r).split(";")[0] for r in results] == [
        "catalog.csv: 2 rows: 2 created, 0 updated, 0 unchanged",
        "dealers.csv: 2 rows: 2 created, 0 updated, 0 unchanged",
        "prices.csv: 3 rows: 3 created, 0 updated, 0 unchanged",
        "schemes.csv: 4 rows: 4 created, 0 updated, 0 unchanged",
        "stock.csv: 2 rows: 2 created, 0 updated, 0 unchanged",
    ]
    with factory() as session:
        maggi = session.scalars(sa.select(Sku).where(Sku.sku == "MAG-MAS-70")).one()
        assert (maggi.price, maggi.gst_rate, maggi.aliases) == (Decimal("1180.80"), Decimal(18),
                                                                 ["maggi masala", "maggi 70"])
        assert [(u.unit, u.factor) for u in maggi.units] == [("case", Decimal(96)), ("pc", Decimal(1))]
        d1, d2 = session.scalars(sa.select(Dealer).order_by(Dealer.code)).all()
        assert (d1.phone, d1.tier, d1.credit_limit) == ("+919826104573", "A", Decimal("200000.00"))
        assert (d2.phone, d2.credit_limit) == ("+919893217640", None)  # normalised; empty limit = none
        assert sorted(r.phone for r in d1.reps) == ["+919826500011", "+919826500012"]
        opening = session.scalars(sa.select(LedgerEntry)).all()
        assert [(e.dealer_id, e.kind, e.amount) for e in opening] == [(d1.id, "opening", Decimal("45200.00"))]
        dealer_price = session.scalars(sa.select(PriceRow).where(PriceRow.dealer_id == d1.id)).one()
        assert (dealer_price.uom, dealer_price.price) == ("pc", Decimal("12.00"))
        assert dealer_price.dealer_key == d1.id
        slabs = session.scalars(sa.select(SchemeRow).where(SchemeRow.code == "PARLE-QPS")
                                .order_by(SchemeRow.min_qty)).all()
        assert [(s.min_qty, s.discount_pct, s.tiers) for s in slabs] == [
            (Decimal(10), Decimal(2), ["A", "B"]), (Decimal(20), Decimal("3.5"), ["A", "B"])]
        value = session.scalars(sa.select(SchemeRow).where(SchemeRow.code == "BIG-VAL")).one()
        assert (value.min_qty, value.min_value, value.recursive) == (Decimal(0), Decimal("50000.00"), False)
        stock = {s.sku.sku: s.on_hand for s in session.scalars(sa.select(StockLevel))}
        assert stock == {"MAG-MAS-70": Decimal(960), "PAR-G-56": Decimal("120.5")}


def test_importing_the_same_files_again_changes_nothing(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    folder = write_set(tmp_path)
    import_dir(factory, folder)
    before = {name: count(factory, model) for name, model in TABLES.items()}
    ledger, reps = count(factory, LedgerEntry), count(factory, FieldRep)
    again = import_dir(factory, folder)
    assert all(r.counts.created == r.counts.updated == 0 and r.counts.unchanged == r.rows for r in again)
    assert {name: count(factory, model) for name, model in TABLES.items()} == before
    assert (count(factory, LedgerEntry), count(factory, FieldRep)) == (ledger, reps)


def test_changed_rows_are_updated_in_place(factory: sessionmaker[Session], tmp_path: Path) -> None:
    import_dir(factory, write_set(tmp_path))
    with factory() as session:
        ids = {s.sku: s.id for s in session.scalars(sa.select(Sku))}
    changed = write_set(
        tmp_path / "v2",
        catalog_csv=CATALOG.replace("1180.80", "1200.00").replace("case:96|pc:1", "case:48|pc:1"),
        dealers_csv=DEALERS.replace("Gupta Store", "Gupta General Store"),
        prices_csv=PRICES.replace("1152.00", "1160.00"),
        schemes_csv=SCHEMES.replace(",2,no,,,A|B", ",2.5,no,,,A|B"),
        stock_csv=STOCK.replace("960", "900"),
    )
    results = {r.file: r.counts for r in import_dir(factory, changed)}
    assert {name: (c.created, c.updated) for name, c in results.items()} == {
        "catalog.csv": (0, 1), "dealers.csv": (0, 1), "prices.csv": (0, 1), "schemes.csv": (0, 1),
        "stock.csv": (0, 1)}
    with factory() as session:
        maggi = session.scalars(sa.select(Sku).where(Sku.sku == "MAG-MAS-70")).one()
        assert (maggi.id, maggi.price, maggi.factor("case")) == (ids["MAG-MAS-70"], Decimal("1200.00"), 48)
        name = session.scalars(sa.select(Dealer.name).where(Dealer.code == "D2")).one()
        assert name == "Gupta General Store"
    assert count(factory, SkuUnit) == 4  # units updated, not duplicated


@pytest.mark.parametrize(
    ("balances", "entries"),
    [
        # same balance twice: one opening entry only
        (["45200.00", "45200.00"], ["45200.00"]),
        # a raised balance is a new correction entry for the difference; the first entry is untouched
        (["45200.00", "50000.00"], ["45200.00", "4800.00"]),
        # back down again: a negative correction, never an edit of history
        (["45200.00", "50000.00", "45200.00"], ["45200.00", "4800.00", "-4800.00"]),
        # an empty balance cell leaves the ledger alone
        (["45200.00", ""], ["45200.00"]),
        # a dealer who paid in advance opens negative
        (["-1500.50"], ["-1500.50"]),
    ],
)
def test_opening_balance_is_settled_by_new_entries(
    factory: sessionmaker[Session], tmp_path: Path, balances: list[str], entries: list[str]
) -> None:
    for step, balance in enumerate(balances):
        dealers = DEALERS.replace("45200.00", balance)
        import_dir(factory, write_set(tmp_path / str(step), dealers_csv=dealers, prices_csv=None,
                                      schemes_csv=None, stock_csv=None))
    with factory() as session:
        rows = session.scalars(sa.select(LedgerEntry).order_by(LedgerEntry.id)).all()
    assert [str(e.amount) for e in rows] == entries
    assert len({e.reference for e in rows}) == len(rows)


def test_reps_follow_the_file_and_dealers_may_swap_phones(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    import_dir(factory, write_set(tmp_path))
    swapped = DEALERS.replace("+919826104573", "X").replace("9893217640", "+919826104573").replace(
        "X", "+919893217640").replace("+919826500011|+919826500012", "+917000412395")
    import_dir(factory, write_set(tmp_path / "v2", dealers_csv=swapped))
    with factory() as session:
        d1 = session.scalars(sa.select(Dealer).where(Dealer.code == "D1")).one()
        assert d1.phone == "+919893217640"
        assert [r.phone for r in d1.reps] == ["+917000412395"]
    assert count(factory, FieldRep) == 3  # the unlinked reps stay on record


HEADER = SCHEMES.splitlines()[0]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        # a required column is missing: named on the header line
        ({"catalog_csv": "sku,name,default_uom\nA,B,case\n"}, "catalog.csv line 1: missing column 'uoms'"),
        # a price that is not a number
        ({"catalog_csv": CATALOG.replace("60.00", "abc")}, "catalog.csv line 3: price 'abc' is not a number"),
        # three decimals is not money
        ({"catalog_csv": CATALOG.replace("60.00", "60.005")},
         "catalog.csv line 3: price '60.005' has more than two decimals (paise)"),
        # a unit outside the closed set
        ({"catalog_csv": CATALOG.replace("box:12|pc:1,box", "crate:12|pc:1,crate")},
         "catalog.csv line 3: unknown unit 'crate' in uoms"),
        # the same SKU twice
        ({"catalog_csv": CATALOG + CATALOG.splitlines()[1] + "\n"},
         "catalog.csv line 4: sku 'MAG-MAS-70' appears again (first on line 2)"),
        # default unit not among the units
        ({"catalog_csv": CATALOG.replace("case:96|pc:1,case", "case:96|pc:1,box")},
         "catalog.csv line 2: default_uom 'box' is not one of the uoms (case, pc)"),
        # no unit with factor 1
        ({"catalog_csv": CATALOG.replace("case:96|pc:1", "case:96|pc:2")},
         "catalog.csv line 2: uoms 'case:96|pc:2' has no base unit (a unit with factor 1)"),
        # GST is a percentage
        ({"catalog_csv": CATALOG.replace(",5\n", ",105\n")},
         "catalog.csv line 3: gst_rate '105' is not a percentage from 0 to 100"),
        # a row with more values than the header has columns
        ({"catalog_csv": CATALOG.replace(",5\n", ",5,extra\n")},
         "catalog.csv line 3: has 11 values but the header has 10 columns"),
        # the example from STYLE.md
        ({"dealers_csv": DEALERS.replace(",,0,", ",abc,0,")},
         "dealers.csv line 3: credit_limit 'abc' is not a number"),
        # a phone that cannot be a real number
        ({"dealers_csv": DEALERS.replace("9893217640", "98932")},
         "dealers.csv line 3: phone '98932' is not a valid phone number"),
        # a rep phone is checked as well
        ({"dealers_csv": DEALERS.replace("+919826500012", "call me")},
         "dealers.csv line 2: reps 'call me' is not a phone number"),
        # two dealers, one phone
        ({"dealers_csv": DEALERS.replace("9893217640", "+919826104573")},
         "dealers.csv line 3: phone +919826104573 is also dealer D1's (line 2)"),
        # the same dealer code twice
        ({"dealers_csv": DEALERS.replace("D2,", "D1,")}, "dealers.csv line 3: code 'D1' appears again"),
        # a SKU the catalog does not have
        ({"prices_csv": PRICES + "NOPE,case,10.00,,\n"}, "prices.csv line 5: unknown sku 'NOPE'"),
        # a dealer that does not exist
        ({"prices_csv": PRICES.replace(",,D1", ",,D9")}, "prices.csv line 4: unknown dealer 'D9'"),
        # a unit the SKU is not sold in
        ({"prices_csv": PRICES + "MAG-MAS-70,box,10.00,,\n"},
         "prices.csv line 5: MAG-MAS-70 is not sold in 'box' (its units: case, pc)"),
        # the same price key twice
        ({"prices_csv": PRICES + "MAG-MAS-70,case,1.00,A,\n"},
         "prices.csv line 5: the same sku, uom, tier and dealer appear again (first on line 3)"),
        # a date that is not a date
        ({"schemes_csv": SCHEMES.replace("2026-01-01", "2026-13-01")},
         "schemes.csv line 2: valid_from '2026-13-01' is not a date (write it as YYYY-MM-DD)"),
        # a kind outside the contract
        ({"schemes_csv": SCHEMES.replace("free_goods", "bogo")},
         "schemes.csv line 2: kind 'bogo' is not one of free_goods, qty_discount, value_discount"),
        # free goods for a brand must say which SKU is free
        ({"schemes_csv": f"{HEADER}\nX,x,free_goods,brand,Parle,10,box,,,1,,,no,,,\n"},
         "schemes.csv line 2: free_sku is needed when a free_goods scheme applies to a brand"),
        # a discount scheme without a percentage
        ({"schemes_csv": SCHEMES.replace(",1.5,no", ",,no")},
         "schemes.csv line 5: discount_pct is needed for value_discount (a percentage above 0)"),
        # validity that ends before it starts
        ({"schemes_csv": SCHEMES.replace("2026-12-31", "2025-12-31")},
         "schemes.csv line 2: valid_to 2025-12-31 is before valid_from 2026-01-01"),
        # slabs of one code must be one kind of scheme
        ({"schemes_csv": SCHEMES.replace("20,box,,,,,3.5", "20,case,,,,,3.5").replace(
            "Parle slab,qty_discount,brand,Parle,20", "Parle slab,qty_discount,category,Biscuits,20")},
         "schemes.csv line 4: scheme PARLE-QPS is qty_discount category Biscuits here"),
        # the same slab of one scheme twice
        ({"schemes_csv": SCHEMES + SCHEMES.splitlines()[3] + "\n"},
         "schemes.csv line 6: scheme PARLE-QPS has a slab with this min_qty and min_value already (line 4)"),
        # recursive is yes or no
        ({"schemes_csv": SCHEMES.replace(",yes,", ",often,")},
         "schemes.csv line 2: recursive 'often' is not yes or no"),
        # the same SKU twice, however it is written: named as the catalog spells it
        ({"stock_csv": "sku,qty\nMAG-MAS-70,5\nmag-mas-70,6\n"},
         "stock.csv line 3: sku 'MAG-MAS-70' appears again (first on line 2)"),
        # stock cannot be negative
        ({"stock_csv": "sku,qty\nMAG-MAS-70,-5\n"}, "stock.csv line 2: qty '-5' is negative"),
        # a blank row still counts as a spreadsheet line
        ({"stock_csv": "sku,qty\n\nMAG-MAS-70,x\n"}, "stock.csv line 3: qty 'x' is not a number"),
        # a quoted value with a line break stays one row
        ({"stock_csv": 'sku,qty\n"MAG-MAS-70",1\n"PAR\nG",2\nPAR-G-56,y\n'}, "stock.csv line 3: unknown sku"),
    ],
)
def test_a_bad_row_is_named_and_nothing_of_its_file_is_written(
    factory: sessionmaker[Session], tmp_path: Path, changes: dict[str, str], message: str
) -> None:
    bad_file = next(iter(changes)).replace("_csv", ".csv")
    with pytest.raises(ImportFailed) as caught:
        import_dir(factory, write_set(tmp_path, **changes))
    assert str(caught.value).startswith(message), str(caught.value)
    assert count(factory, TABLES[bad_file]) == 0
    earlier = list(TABLES)[: list(TABLES).index(bad_file)]
    assert all(count(factory, TABLES[name]) > 0 for name in earlier)  # files before it stay
    later = list(TABLES)[list(TABLES).index(bad_file) + 1:]
    assert all(count(factory, TABLES[name]) == 0 for name in later)  # files after it are not attempted


def test_every_bad_row_of_a_file_is_reported(factory: sessionmaker[Session], tmp_path: Path) -> None:
    stock = "sku,qty\nMAG-MAS-70,x\nNOPE,1\nPAR-G-56,2\n"
    with pytest.raises(ImportFailed) as caught:
        import_dir(factory, write_set(tmp_path, stock_csv=stock))
    assert [str(e) for e in caught.value.errors] == [
        "stock.csv line 2: qty 'x' is not a number", "stock.csv line 3: unknown sku 'NOPE'"]
    assert count(factory, StockLevel) == 0  # the good line 4 was not written either


def test_a_bad_file_leaves_the_previous_import_of_it_intact(
    factory: sessionmaker[Session], tmp_path: Path
) -> None:
    import_dir(factory, write_set(tmp_path))
    with pytest.raises(ImportFailed):
        import_dir(factory, write_set(tmp_path / "v2", prices_csv=PRICES.replace("1152.00", "1160.00")
                                      + "NOPE,case,1.00,,\n"))
    with factory() as session:
        prices = sorted(str(p) for p in session.scalars(sa.select(PriceRow.price)))
    assert prices == ["1128.96", "1152.00", "12.00"]


def test_the_shared_scenario_set_loads(factory: sessionmaker[Session], shared_dir: Path) -> None:
    results = import_dir(factory, shared_dir / "eval" / "quotes")
    assert [r.file for r in results] == ["catalog.csv", "dealers.csv", "prices.csv", "schemes.csv"]
    assert all(r.counts.created == r.rows > 0 for r in results)
