"""A priced quote for an order: lines, schemes, GST, totals and the credit decision.

`quote_order` is the one entry point: the orders service and the conversation
call it with plain values (a `PriceBook` and `DealerTerms` loaded by
`domain.services.quoting`) and read the `Quote` it returns. Rounding follows
the data contract, section 3: per line, to the paisa, half up:

    gross    = unit price x qty
    discount = gross x (sum of the line's scheme percentages) / 100
    net      = gross - discount
    tax      = net x gst_rate / 100          (0 when the catalog gives none)

and the order's gross, discount and tax are sums over lines; total = gross -
discount + tax.

With the supplier's state given, the quote also carries the tax's split (domain/gst.py): CGST + SGST
when the dealer's state (`DealerTerms.state`, the place of supply) is the supplier's or not known,
IGST when it is another state; in the contract JSON as "gst": {"cgst", "sgst", "igst",
"place_of_supply"}. The split never changes the tax, only divides it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from domain.credit import CreditCheck, CreditPolicy, decide
from domain.gst import TaxSplit, state_code, total_split
from domain.money import ZERO, money_str, round_paisa
from domain.pricing import PriceRow, PricingError, SkuInfo, UnknownSku, unit_price
from domain.schemes import FreeGoods, SchemeLine, SchemeRow, apply_schemes

HUNDRED = Decimal(100)
DEFAULT_POLICY = CreditPolicy()  # over the limit -> hold for approval


@dataclass(frozen=True)
class LineRequest:
    """What the dealer asked for: `qty` of `sku` in `uom`; `price`, when set, is a special unit price
    an approver granted, used in place of the price list's."""

    sku: str
    qty: Decimal
    uom: str
    price: Decimal | None = None


@dataclass(frozen=True)
class PriceBook:
    """Everything pricing needs from the masters, as plain values."""

    skus: Mapping[str, SkuInfo]
    prices: Sequence[PriceRow] = ()
    schemes: Sequence[SchemeRow] = ()


@dataclass(frozen=True)
class DealerTerms:
    """The dealer as pricing sees him; `credit_limit` None means no limit."""

    code: str
    tier: str | None = None
    credit_limit: Decimal | None = None
    state: str | None = None  # GST state code of the place of supply; None = not known


@dataclass(frozen=True)
class QuoteLine:
    sku: str
    name: str
    qty: Decimal
    uom: str
    unit_price: Decimal
    gross: Decimal
    discount: Decimal
    net: Decimal
    tax: Decimal
    gst_rate: Decimal
    schemes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Quote:
    dealer: str
    on: date
    lines: tuple[QuoteLine, ...]
    free_goods: tuple[FreeGoods, ...]
    nudges: tuple[str, ...]
    gross: Decimal
    discount: Decimal
    tax: Decimal
    total: Decimal
    credit: CreditCheck
    tax_split: TaxSplit | None = None  # None: no supplier state given, the tax is not split
    place_of_supply: str | None = None

    @property
    def net(self) -> Decimal:
        return self.gross - self.discount

    def to_contract(self, dealer: str | None = None, intent: str = "order", unmatched: Iterable[str] = (),
                    needs_review: bool = False) -> dict[str, Any]:
        """The JSON object of data-contract.md section 4 (money as strings with two decimals)."""
        credit: dict[str, Any] = {}
        if self.credit.limit is not None:
            credit["limit"] = money_str(self.credit.limit)
        credit["exposure"] = money_str(self.credit.exposure)
        if self.credit.available is not None:
            credit["available"] = money_str(self.credit.available)
        credit["decision"] = self.credit.decision
        found = {
            "dealer": dealer if dealer is not None else self.dealer,
            "intent": intent,
            "lines": [
                {"sku": ln.sku, "qty": json_qty(ln.qty), "uom": ln.uom,
                 "unit_price": money_str(ln.unit_price), "gross": money_str(ln.gross),
                 "discount": money_str(ln.discount), "net": money_str(ln.net),
                 "tax": money_str(ln.tax), "schemes": list(ln.schemes)}
                for ln in self.lines
            ],
            "free_goods": [{"sku": f.sku, "qty": json_qty(f.qty), "uom": f.uom, "scheme": f.scheme}
                           for f in self.free_goods],
            "nudges": list(self.nudges),
            "gross": money_str(self.gross),
            "discount": money_str(self.discount),
            "tax": money_str(self.tax),
            "total": money_str(self.total),
            "credit": credit,
            "unmatched": list(unmatched),
            "needs_review": needs_review,
        }
        if self.tax_split is not None:
            found["gst"] = {"cgst": money_str(self.tax_split.cgst), "sgst": money_str(self.tax_split.sgst),
                            "igst": money_str(self.tax_split.igst), "place_of_supply": self.place_of_supply}
        return found


def json_qty(value: Decimal) -> int | float:
    """A quantity as JSON: 10 stays 10, 0.5 becomes 0.5."""
    return int(value) if value == value.to_integral_value() else float(value)


def merge_requests(requests: Iterable[LineRequest]) -> list[LineRequest]:
    """One line per (sku, uom), quantities added, in the order first asked."""
    merged: dict[tuple[str, str], Decimal] = {}
    prices: dict[tuple[str, str], Decimal | None] = {}
    for req in requests:
        qty = Decimal(req.qty)
        if qty <= 0:
            raise PricingError(f"{req.sku}: quantity {req.qty} {req.uom} is not more than zero")
        if req.price is not None and req.price <= 0:
            raise PricingError(f"{req.sku}: special price {req.price} is not more than zero")
        key = (req.sku, req.uom)
        if key in prices and prices[key] != req.price:
            raise PricingError(f"{req.sku}: two different prices for one {req.uom}")
        merged[key] = merged.get(key, Decimal(0)) + qty
        prices[key] = req.price
    return [LineRequest(sku, qty, uom, prices[(sku, uom)]) for (sku, uom), qty in merged.items()]


def quote_order(requests: Iterable[LineRequest], book: PriceBook, dealer: DealerTerms, on: date,
                exposure: Decimal, policy: CreditPolicy = DEFAULT_POLICY,
                oldest_overdue_days: int | None = None, supplier_state: str | None = None) -> Quote:
    """Price `requests` for `dealer` on `on` and decide credit against `exposure` (before this order);
    with `supplier_state`, split the tax by the dealer's state.

    Raises PricingError (UnknownSku, UnknownUnit, NoPrice) naming the line it cannot price.
    """
    wanted = merge_requests(requests)
    priced: list[tuple[SkuInfo, LineRequest, Decimal, Decimal]] = []
    for req in wanted:
        info = book.skus.get(req.sku)
        if info is None:
            raise UnknownSku(f"{req.sku} is not in the catalog")
        if req.price is not None:
            info.require_factor(req.uom)  # the unit must still be one the SKU is sold in
            price = round_paisa(req.price)
        else:
            price = unit_price(info, req.uom, book.prices, dealer.code, dealer.tier)
        priced.append((info, req, price, round_paisa(price * req.qty)))
    found = apply_schemes([SchemeLine(r.sku, r.qty, r.uom, gross) for _, r, _, gross in priced], book.skus,
                          book.schemes, on, dealer.tier)
    lines = []
    for (info, req, price, gross), pct, codes in zip(priced, found.pcts, found.codes, strict=True):
        discount = round_paisa(gross * min(pct, HUNDRED) / HUNDRED)
        net = gross - discount
        rate = info.gst_rate or Decimal(0)
        tax = round_paisa(net * rate / HUNDRED)
        lines.append(QuoteLine(req.sku, info.name, req.qty, req.uom, price, gross, discount, net, tax, rate,
                               codes))
    gross_sum = sum((ln.gross for ln in lines), ZERO)
    discount_sum = sum((ln.discount for ln in lines), ZERO)
    tax_sum = sum((ln.tax for ln in lines), ZERO)
    total = gross_sum - discount_sum + tax_sum
    credit = decide(total, dealer.credit_limit, exposure, policy, oldest_overdue_days)
    place = state_code(dealer.state)
    split = None
    if state_code(supplier_state) is not None:
        split = total_split((ln.tax for ln in lines), supplier_state, place)
    return Quote(dealer.code, on, tuple(lines), found.free_goods, found.nudges, gross_sum, discount_sum,
                 tax_sum, total, credit, split, place)
