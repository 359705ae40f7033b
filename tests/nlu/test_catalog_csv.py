from __future__ import annotations

from pathlib import Path

import pytest

from nlu.catalog import CatalogError, load_catalog_csv, load_dealers_csv

HEADER = "sku,name,uoms,default_uom,brand,category,size,price,aliases\n"


def test_contract_rows_load_with_units_aliases_and_defaults(trade_dir: Path) -> None:
    products = {p.sku: p for p in load_catalog_csv(trade_dir / "catalog.csv")}
    fev = products["FEV-SH-1KG"]
    assert fev.units == ("case", "pc")
    assert fev.factor("case") == 12
    assert fev.default_uom == "pc"
    assert fev.aliases == ("fevicol",)
    assert [d.code for d in load_dealers_csv(trade_dir / "dealers.csv")] == ["H01", "H02", "H03"]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "A,Thing,case:x|pc:1,case,,,,,",
            "catalog.csv line 2: uoms 'case:x|pc:1' - factor 'x' is not a number",
        ),
        (
            "A,Thing,crate:10|pc:1,crate,,,,,",
            "catalog.csv line 2: uoms 'crate:10|pc:1' - unknown unit 'crate'",
        ),
        (
            "A,Thing,case:10|pc:2,case,,,,,",
            "catalog.csv line 2: uoms 'case:10|pc:2' - exactly one unit must have factor 1",
        ),
        (
            "A,Thing,case:10|pc:1,box,,,,,",
            "catalog.csv line 2: default_uom 'box' of A is not one of its uoms",
        ),
        (",Thing,case:10|pc:1,case,,,,,", "catalog.csv line 2: sku is empty"),
    ],
)
def test_bad_rows_are_named_by_file_line_and_problem(tmp_path: Path, row: str, message: str) -> None:
    path = tmp_path / "catalog.csv"
    path.write_text(HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_catalog_csv(path)
    assert str(err.value).startswith(message)


def test_a_duplicate_sku_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "catalog.csv"
    path.write_text(HEADER + "A,One,pc:1,pc,,,,,\nA,Two,pc:1,pc,,,,,\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="catalog.csv line 3: sku A appears twice"):
        load_catalog_csv(path)
