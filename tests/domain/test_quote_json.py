"""Quote values and the contract JSON (data-contract.md section 4), and the shared example set
priced through the pure core alone (no database, no parser)."""

import csv
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from domain.pricing import NoPrice, PriceRow, SkuInfo, UnknownSku, UnknownUnit
from domain.quote import DealerTerms, LineRequest, PriceBook, quote_order
from domain.schemes import SchemeRow

D = Decimal
ON = date(2026, 3, 16)
SKUS = {
    "MAG": SkuInfo("MAG", "Maggi 70g", (("case", D(96)), ("pc", D(1))), "case", "Maggi", "Noodles",
                   D("1180.80"), D(18)),
    "OIL": SkuInfo("OIL", "Oil 1L", (("case", D(12)), ("bottle", D(1))), "case", "Oil", "Oil", D("1500.00")),
}
FREE = SchemeRow("M10", "Maggi 10+1", "free_goods", "sku", "MAG", min_qty=D(10), min_uom="case",
                 free_qty=D(1), recursive=True)
BOOK = PriceBook(SKUS, (PriceRow("MAG", "case", D("1152.00")),), (FREE,))


def test_contract_json_has_every_field_with_money_as_two_decimal_strings() -> None:
    quote = quote_order([LineRequest("MAG", D(10), "case")], BOOK, DealerTerms("D1", None, D("100000")), ON,
                        D("45200"))
    got = quote.to_contract("D1", "order", ["colgate 100g"], True)
    assert got == {
        "dealer": "D1", "intent": "order",
        "lines": [{"sku": "MAG", "qty": 10, "uom": "case", "unit_price": "1152.00", "gross": "11520.00",
                   "discount": "0.00", "net": "11520.00", "tax": "2073.60", "schemes": []}],
        "free_goods": [{"sku": "MAG", "qty": 1, "uom": "case", "scheme": "M10"}],
        "nudges": [],
        "gross": "11520.00", "discount": "0.00", "tax": "2073.60", "total": "13593.60",
        "credit": {"limit": "100000.00", "exposure": "45200.00", "available": "54800.00", "decision": "ok"},
        "unmatched": ["colgate 100g"], "needs_review": True,
    }
    json.dumps(got)  # plain JSON types only


def test_a_dealer_without_a_limit_has_no_limit_or_available_in_the_quote() -> None:
    quote = quote_order([LineRequest("MAG", D(1), "case")], BOOK, DealerTerms("D9"), ON, D("150000"))
    assert quote.to_contract()["credit"] == {"exposure": "150000.00", "decision": "ok"}


@pytest.mark.parametrize(
    ("requests", "qty", "gross"),
    [
        ([("MAG", "0.5", "case")], 0.5, "576.00"),  # a fractional quantity is a JSON number
        ([("MAG", "1", "case"), ("MAG", "2", "case")], 3, "3456.00"),  # one SKU and unit twice: one line
    ],
)
def test_quantities_and_repeated_lines(requests: list[tuple[str, str, str]], qty: float, gross: str) -> None:
    quote = quote_order([LineRequest(s, D(q), u) for s, q, u in requests], BOOK, DealerTerms("D1"), ON, D(0))
    line = quote.to_contract()["lines"]
    assert len(line) == 1 and line[0]["qty"] == qty and line[0]["gross"] == gross


def test_a_sku_without_gst_rate_carries_no_tax() -> None:
    quote = quote_order([LineRequest("OIL", D(2), "bottle")], BOOK, DealerTerms("D1"), ON, D(0))
    assert (quote.lines[0].unit_price, quote.tax, quote.total) == (D("125.00"), D("0.00"), D("250.00"))


@pytest.mark.parametrize(
    ("request_", "error", "message"),
    [
        (("NOPE", "1", "case"), UnknownSku, "NOPE is not in the catalog"),  # unknown SKU
        (("MAG", "1", "box"), UnknownUnit, "MAG is not sold in 'box'"),  # unit it is not sold in
        (("MAG", "0", "case"), ValueError, "quantity 0 case is not more than zero"),  # nothing ordered
    ],
)
def test_lines_that_cannot_be_priced_are_named(request_: tuple[str, str, str], error: type[Exception],
                                                message: str) -> None:
    sku, qty, uom = request_
    with pytest.raises(error, match=message):
        quote_order([LineRequest(sku, D(qty), uom)], BOOK, DealerTerms("D1"), ON, D(0))


def test_no_price_anywhere_is_named() -> None:
    book = PriceBook({"X": SkuInfo("X", "X", (("pc", D(1)),), "pc")})
    with pytest.raises(NoPrice, match="X has no price"):
        quote_order([LineRequest("X", D(1), "pc")], book, DealerTerms("D1"), ON, D(0))


# --- the shared example set, through the pure core ------------------------------------------------------


def _dec(text: str) -> Decimal | None:
    return D(text) if text.strip() else None


def _day(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def load_set(folder: Path) -> tuple[PriceBook, dict[str, tuple[DealerTerms, Decimal]]]:
    """A minimal reader of the contract's CSVs, for this test only (the real one is `orderbot import`)."""
    def rows(name: str) -> list[dict[str, str]]:
        with open(folder / name, encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    skus = {
        r["sku"]: SkuInfo(r["sku"], r["name"], tuple((u.split(":")[0], D(u.split(":")[1]))
                                                     for u in r["uoms"].split("|")),
                          r["default_uom"], r["brand"], r["category"], _dec(r["price"]), _dec(r["gst_rate"]))
        for r in rows("catalog.csv")
    }
    prices = [PriceRow(r["sku"], r["uom"], D(r["price"]), r["tier"] or None, r["dealer"] or None)
              for r in rows("prices.csv")]
    schemes = [
        SchemeRow(r["code"], r["name"], r["kind"], r["applies_to"], r["target"], _dec(r["min_qty"]),
                  r["min_uom"], _dec(r["min_value"]), r["free_sku"], _dec(r["free_qty"]), r["free_uom"],
                  _dec(r["discount_pct"]), r["recursive"] == "yes", _day(r["valid_from"]),
                  _day(r["valid_to"]), tuple(t for t in r["tiers"].split("|") if t))
        for r in rows("schemes.csv")
    ]
    dealers = {r["code"]: (DealerTerms(r["code"], r["tier"] or None, _dec(r["credit_limit"])),
                           D(r["balance"])) for r in rows("dealers.csv")}
    return PriceBook(skus, prices, schemes), dealers


def test_every_shared_example_case_prices_exactly(shared_dir: Path) -> None:
    folder = shared_dir / "eval" / "quotes"
    book, dealers = load_set(folder)
    by_name = {info.name: info.sku for info in book.skus.values()}
    text = (folder / "cases.jsonl").read_text(encoding="utf-8")
    cases = [json.loads(line) for line in text.splitlines() if line.strip()]
    assert len(cases) >= 20
    for case in cases:
        requests = []
        for item in case["text"].split(", "):
            qty, uom, name = item.split(" ", 2)
            requests.append(LineRequest(by_name[name], D(qty), uom))
        terms, balance = dealers[case["dealer"]]
        got = quote_order(requests, book, terms, date.fromisoformat(case["on"]), balance).to_contract()
        for key, want in case["expect"].items():
            if key in ("lines", "free_goods"):
                have = {(x["sku"], x["uom"]): x for x in got[key]}
                assert {(x["sku"], x["uom"]) for x in want} == set(have), (case["id"], key)
                for item in want:
                    line = have[(item["sku"], item["uom"])]
                    assert {k: line[k] for k in item} == item, case["id"]
            else:
                assert got[key] == want, (case["id"], key)
