"""A small catalog of another trade (paints and electricals), written for these tests.

It proves the parser is driven by the catalog, not by FMCG words.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu.parser import Parser

CATALOG = """\
sku,name,uoms,default_uom,brand,category,size,price,aliases
AP-TRA-1L,Asian Paints Tractor Emulsion White 1L,bucket:1,bucket,Asian Paints,Paint,1L,250.00,tractor white
AP-TRA-4L,Asian Paints Tractor Emulsion White 4L,bucket:1,bucket,Asian Paints,Paint,4L,900.00,tractor white
AP-TRA-20L,Asian Paints Tractor Emulsion White 20L,bucket:1,bucket,Asian Paints,Paint,20L,4200,tractor white
AP-APX-20L,Asian Paints Apex Exterior Emulsion 20L,bucket:1,bucket,Asian Paints,Paint,20L,6800.00,apex
BER-SIL-20L,Berger Silk Luxury Emulsion 20L,bucket:1,bucket,Berger,Paint,20L,7400.00,berger silk
FEV-SH-1KG,Fevicol SH Synthetic Resin Adhesive 1kg,case:12|pc:1,pc,Fevicol,Adhesive,1kg,420.00,fevicol
FEV-SH-5KG,Fevicol SH Synthetic Resin Adhesive 5kg,pc:1,pc,Fevicol,Adhesive,5kg,1980.00,fevicol
HAV-SW-6A,Havells Crabtree 6A Switch,box:20|pc:1,box,Havells,Switches,6A,1100.00,havells switch
HAV-LED-9W,Havells Adore LED Bulb 9W,box:10|pc:1,box,Havells,Lighting,9w,950.00,
HAV-LED-12W,Havells Adore LED Bulb 12W,box:10|pc:1,box,Havells,Lighting,12w,1250.00,
PHI-LED-9W,Philips Stellar Bright LED Bulb 9W,box:10|pc:1,box,Philips,Lighting,9w,990.00,
ANC-WIRE-1.5,Anchor Insulated Copper Wire 1.5 sqmm 90m,roll:1,roll,Anchor,Wires,1.5 sqmm,1500.00,
ANC-WIRE-2.5,Anchor Insulated Copper Wire 2.5 sqmm 90m,roll:1,roll,Anchor,Wires,2.5 sqmm,2400.00,
M-SEAL-100,M-Seal Phataphat 100g (Rs 60),box:12|pc:1,pc,M-Seal,Adhesive,100g,60.00,mseal
"""
DEALERS = """\
code,name,phone,town
H01,Verma Paint House,+919800000001,Bhopal
H02,Verma Electricals,+919800000002,Sehore
H03,Sri Ganesh Hardware,+919800000003,Bhopal
"""


@pytest.fixture(scope="session")
def trade_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("paints")
    (folder / "catalog.csv").write_text(CATALOG, encoding="utf-8")
    (folder / "dealers.csv").write_text(DEALERS, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def trade_parser(trade_dir: Path) -> Parser:
    return Parser.from_csv(trade_dir / "catalog.csv", trade_dir / "dealers.csv")


def lines_of(parsed: object) -> list[tuple[str, str, str]]:
    """(sku, qty as text, uom) of a ParsedMessage, sorted."""
    return sorted((ln.sku, f"{ln.qty.normalize():f}", ln.uom) for ln in parsed.lines)  # type: ignore[attr-defined]
