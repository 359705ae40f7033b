"""The parser: built once from a catalog snapshot, then `parse(text) -> ParsedMessage`.

>>> from decimal import Decimal
>>> from nlu.types import Product
>>> p = Parser([Product("MAG-70", "Maggi Masala Noodles 70g", (("case", Decimal(96)), ("pc", Decimal(1))),
...                     "case", brand="Maggi", aliases=("maggi",))])
>>> m = p.parse("bhaiya 10 peti maggi bhej do")
>>> m.intent, [(ln.sku, ln.qty, ln.uom) for ln in m.lines], m.needs_review
('order', [('MAG-70', Decimal('10'), 'case')], False)
"""

from __future__ import annotations

import gc
import logging
import re
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from nlu import spans, units
from nlu.carry import carry, context_of, names_product, said_words
from nlu.catalog import load_catalog_csv, load_dealers_csv
from nlu.customer import CustomerFinder
from nlu.index import CatalogIndex
from nlu.intent import decide
from nlu.learned import Learned
from nlu.match import Match, alias_key, resolve, signature
from nlu.nonitems import non_items
from nlu.normalise import Token, tokenize
from nlu.segment import Item, Piece, classify, split_items
from nlu.types import UNITS, Alias, Candidate, DealerRef, ParsedLine, ParsedMessage, Product, Unmatched
from nlu.vocab import ADDITIVE  # words that add to the item before: '+ 10 pc'

log = logging.getLogger(__name__)

MAX_TEXT = 20_000
AUTO_CONFIDENCE = 0.8
GUESS_CONFIDENCE = 0.7  # a line picked by a guess (Match.guess) is shown to a person, not sent
MAX_QTY = Decimal(100_000)
# A SKU code has a digit or a dash ("MAG-MAS-70", "DOLO650"); the look-ahead skips plain words early.
_CODE = re.compile(r"(?=[A-Za-z0-9.\-_/]*[0-9-])[A-Za-z0-9][A-Za-z0-9.\-_/]*[A-Za-z0-9]")
# An order code written in capitals ("SO-1043"): case is what tells it from words, so it is read from the
# raw text; "order no 1043", "status 1043" are spaCy patterns over the tokens (nlu/spans.py).
_ORDER_CODE = re.compile(r"\b[A-Z]{1,4}-\d{3,}\b")


class Parser:
    def __init__(
        self, products: Sequence[Product], dealers: Sequence[DealerRef] = (), aliases: Sequence[Alias] = ()
    ) -> None:
        self.index = CatalogIndex(list(products))
        self.customers = CustomerFinder(dealers)
        spans.pipeline()  # spaCy's matchers, once per process: the first message is not the slow one
        self.layers: dict[str | None, Learned] = {None: Learned()}  # taught aliases: everyone's, per dealer
        self.errors = 0  # messages the parser failed on (each logged with its traceback)
        for alias in aliases:
            self.add_alias(alias)

    @staticmethod
    def freeze_gc() -> None:
        """Opt in, once the parser that will serve this process is built: hide every object alive
        now (above all the catalog index, ~10 objects per SKU) from the cyclic garbage collector.

        Without it each full collection re-scans the whole index; on a 100k-SKU catalog that, not
        matching, makes the slowest parses slow. It is process-wide (it freezes whatever else is
        alive too), so the library never does it by itself: the program that owns the process
        calls `parser.freeze_gc()` after building its parser, and again after building a new one
        (objects frozen before are first handed back to the collector, so a dropped parser's
        cycles are still freed).
        """
        gc.unfreeze()
        gc.collect()
        gc.freeze()

    @classmethod
    def from_csv(cls, catalog_path: str | Path, dealers_path: str | Path | None = None) -> Parser:
        dealers = load_dealers_csv(dealers_path) if dealers_path else []
        return cls(load_catalog_csv(catalog_path), dealers)

    def add_alias(self, alias: Alias) -> None:
        """A phrase ops taught for a SKU: the same words parse to it from now on, and its words count
        as alias evidence (nlu/learned.py) - in `alias.dealer`'s messages only, or in everyone's when
        the alias has no dealer. Raises KeyError for an unknown SKU, ValueError for a phrase with no
        product words."""
        entry = self.index.by_sku.get(alias.sku)
        if entry is None:
            raise KeyError(f"alias '{alias.phrase}': unknown sku {alias.sku}")
        layer = self.layers.get(alias.dealer)
        if layer is None:
            layer = self.layers[alias.dealer] = Learned(parent=self.layers[None])
        tokens = tokenize(alias.phrase)
        codes = self._codes(alias.phrase, tokens)
        reading = layer.teaching()  # taught words exactly: a new word is never a slip of an older one
        pieces = classify(tokens, self.index, codes, reading)
        new_words = [p.text for p in pieces if p.kind == "word" and p.canon is None]
        if new_words:
            layer.add_words(new_words)
            pieces = classify(tokens, self.index, codes, reading)
        item = Item([p for p in pieces if p.kind not in ("qty", "num", "sep", "conj", "filler", "dash")])
        if not item.has("word", "soft"):
            raise ValueError(f"alias '{alias.phrase}': no product words")
        sized = item.has("size", "measure", "price")
        layer.teach(entry, alias_key(item), sized=sized, signature=signature(item))

    def _layer(self, dealer: str | None) -> Learned | None:
        """The taught aliases a message from `dealer` is read with; None when nothing was taught."""
        found = self.layers.get(dealer) if dealer is not None else None
        if found is None:
            common = self.layers[None]
            return common if common.exact else None
        return found

    # -- parsing --------------------------------------------------------------------------------
    def parse(self, text: str, *, dealer: str | None = None) -> ParsedMessage:
        try:
            return self._parse(text if isinstance(text, str) else str(text), dealer)
        except Exception as exc:  # never let one odd message stop the bot; a person looks at it
            # logged with its traceback (never the message: dealers' words stay out of logs) and
            # counted, so a parser fault shows up in the logs and in `errors`, not as quiet "other"s
            self.errors += 1
            log.exception("parser error #%d on a message of %d characters", self.errors, len(str(text)))
            return ParsedMessage(
                intent="other", needs_review=True, notes=(f"parser error: {type(exc).__name__}",)
            )

    def shop_named(self, text: str) -> str | None:
        """The dealer a message that is not an order names anywhere in it ("balance Laxmi Provision
        Stores", "Sai Baba ka status"), as the customer finder judges shop names; None when it names
        none or could mean two."""
        words = [t.text for t in tokenize(text[:MAX_TEXT]) if t.text != "\n"]
        return self.customers.named_in(words, spans.pipeline().spelt)

    def items(self, text: str, *, dealer: str | None = None) -> ParsedMessage:
        """The products a message names, whatever it asks: `parse`, with the item lines kept for every
        intent (a question about a price or stock names products without ordering them), and a product
        named without a quantity ("maggi ka rate kya hai") as a line of quantity 0 in its order unit.
        A name the parser is not sure of stays unmatched, with its candidates.

        >>> from nlu.types import Product
        >>> p = Parser([Product("MAG-70", "Maggi 70g", (("case", Decimal(96)), ("pc", Decimal(1))), "case",
        ...                     brand="Maggi", aliases=("maggi",))])
        >>> [(ln.sku, ln.qty, ln.uom) for ln in p.items("maggi").lines], p.parse("maggi").lines
        ([('MAG-70', Decimal('0'), 'case')], ())
        """
        try:
            return self._parse(text if isinstance(text, str) else str(text), dealer, named=True)
        except Exception as exc:  # as `parse`: one odd message never stops the bot
            self.errors += 1
            log.exception("parser error #%d on a message of %d characters", self.errors, len(str(text)))
            return ParsedMessage(
                intent="other", needs_review=True, notes=(f"parser error: {type(exc).__name__}",)
            )

    def _parse(self, text: str, dealer: str | None, named: bool = False) -> ParsedMessage:
        text = text[:MAX_TEXT]
        tokens = tokenize(text)
        shop = self.customers.locate(tokens)
        customer = shop.code
        start, stop = shop.body_start, shop.body_stop
        if customer is None and start and self._names_brand_words(tokens[:start]):
            start = 0  # "chambal da order: urea 10 bag": a brand heading its items, not a shop we lack
        body = _without_non_items(tokens[start:stop])
        learned = self._layer(dealer)
        pieces = self._brand_headings(classify(body, self.index, self._codes(text, body), learned))
        items = split_items(pieces, self.index)
        lines, unmatched, notes = self._resolve(text, items, learned, named)
        # "polycab wire: 1.5 - 5 coil": items named by the heading before them are items too
        has_items = (
            any(it.has_qty and self._orderish(it) for it in items)
            or bool(lines)
            or any(u.qty is not None and u.candidates for u in unmatched)
        )
        kept = [t for t in tokens if t.text != "\n"]
        found = spans.find([t.text for t in kept])  # find: cue phrases and order numbers ...
        ref = _order_ref(text, kept, found.refs)
        intent = decide(  # ... then annotate
            found.labels, text, has_items=has_items, has_order_ref=not has_items and bool(ref)
        )
        order_ref = None if intent == "order" else ref  # an order with items names no order
        if intent != "order" and not named:
            return ParsedMessage(
                intent=intent,
                customer=customer,
                confidence=0.9,
                needs_review=intent == "other",
                order_ref=order_ref,
            )
        merged = _merge(lines, notes)
        review = bool(unmatched) or not merged or any(ln.review for ln in merged)
        confidence = min([ln.confidence for ln in merged] or [0.0])
        if unmatched:
            confidence = min(confidence, 0.5)
        return ParsedMessage(
            intent=intent,
            lines=tuple(merged),
            unmatched=tuple(unmatched),
            customer=customer,
            confidence=confidence,
            needs_review=review,
            order_ref=order_ref,
            notes=tuple(notes),
        )

    def _orderish(self, item: Item) -> bool:
        words = item.of("word", "code")
        if item.of("code"):
            return True
        if any(w.canon is not None for w in words):
            return True
        return bool(words) and bool(item.of("qty"))

    def _codes(self, text: str, tokens: list[Token]) -> dict[int, tuple[int, int]]:
        found: dict[int, tuple[int, int]] = {}
        if "-" not in text and text == text.lower():  # codes are looked up when written in capitals
            return found
        for m in _CODE.finditer(text):
            entry = self.index.codes.get(m.group().upper())
            if entry is None or "-" not in m.group() and not any(ch.isdigit() for ch in m.group()):
                continue
            inside = [k for k, t in enumerate(tokens) if m.start() <= t.start and t.end <= m.end()]
            if inside:
                found[inside[0]] = (entry, inside[-1])
        return found

    def _resolve(
        self, text: str, items: list[Item], learned: Learned | None, named: bool = False
    ) -> tuple[list[ParsedLine], list[Unmatched], list[str]]:
        lines: list[ParsedLine] = []
        unmatched: list[Unmatched] = []
        notes: list[str] = []
        prev: Match | None = None  # the item the last lines came from: "+ 10 pc", "(20 pcs)" refer to it
        prev_lines: list[ParsedLine] = []
        prev_end = 0
        before: tuple[Item, Match | None] | None = None  # the name the next item may carry on from
        context: list[Piece] = []  # its pieces (nlu/carry.py), made when an item needs them
        heading = True  # the context is a name said without a quantity ("Havells MCB:"), or nothing yet
        context_end = 0
        headers: list[tuple[Item, Match, bool]] = []  # names without a quantity; used by a later item?
        failed: tuple[Item, Unmatched] | None = None  # the item just sent to review, for words after it
        last_heading: tuple[Item, Match] | None = None  # the last name said without a quantity
        carried_from: Item | None = None  # the heading the last carried item was read with
        prev_brand = ""

        def read(it: Item) -> Match:
            return resolve(it, self.index, prev_brand=prev_brand, learned=learned)

        def trial(it: Item) -> Match:  # a reading carry tries: no candidates to gather for a person
            return resolve(it, self.index, prev_brand=prev_brand, learned=learned, candidates=False)

        def carry_on(it: Item, context: list[Piece]) -> tuple[Match, Item] | None:
            """`it` read with the name before it, else with the last heading ("IFFCO -" over all
            the lines under it: "DAP 25 hor" two lines later is still IFFCO's)."""
            nonlocal carried_from
            found = carry(it, self._carried(text, context, heading, context_end, it), trial, *self._words)
            carried_from = None
            if (
                found is None
                and last_heading is not None
                and before is not None
                and before[0] is not last_heading[0]
            ):
                found = carry(it, context_of(*last_heading), trial, *self._words)
                carried_from = last_heading[0] if found is not None else None
            return found

        for item in items:
            if item.bracket and not item.has_name:
                self._restated(text, item, prev, prev_lines, lines, unmatched)
                continue
            carried = False
            if not item.has_name:
                if not _names_a_variant(item):
                    if not item.has_qty:
                        continue
                    more = []
                    if prev is not None and prev.entry is not None and _adds(text, prev_end, item):
                        # "1 case + 10 pc", "5 nahi 7 peti": more of the same item, or its correction
                        if item.of("corr") and lines:
                            lines.pop()
                        more = self._lines(text, item, prev, continuation=True)
                    if not more:  # a number nothing explains: never a quantity of the line before
                        unmatched.append(
                            Unmatched(text[item.start : item.end], item.span, reason="unexplained_number")
                        )
                        continue
                    more = _with_rate_notes(text, item, more, notes)
                    lines.extend(more)
                    prev_lines = prev_lines + more
                    prev_end = item.end
                    continue
                # "fortune sunflower 1 ltr 10 peti aur 5 ltr 2 peti": the same name, another variant
                context = context_of(*before) if before is not None else []
                found = carry_on(item, context)
                if found is None:
                    if item.has_qty:  # with the name before it, to show a person what it might be
                        names = [p for p in context if p.kind in ("word", "soft", "code")]
                        guess = read(Item(names + item.pieces)) if names else Match(None)
                        unmatched.append(
                            self._unmatched(text, item, replace(guess, entry=None, reason="ambiguous"))
                        )
                    continue
                match, item = found
                carried = True
            else:
                match = read(item)
                if not item.has_qty and failed is not None and "\n" not in text[failed[0].end : item.start]:
                    # "dap 50kg 50bag iffco": words after the count finish the item before
                    joined = Item(failed[0].pieces + item.pieces)
                    whole = read(joined)
                    if whole.entry is not None and not whole.guess:
                        unmatched.remove(failed[1])
                        item, match = joined, whole
                failed = None
                if match.guess or (match.entry is None and match.reason in ("ambiguous", "not_in_catalog")):
                    context = context_of(*before) if before is not None else []
                    found = carry_on(item, context)
                    if found is not None:
                        match, item = found
                        carried = True
            if carried and headers:
                headers = [(h, m, used or h is carried_from) for h, m, used in headers]
                headers[-1] = (headers[-1][0], headers[-1][1], True)
            if not item.has_qty:
                # a name without a quantity: asked about, unless the lines after it carry it on
                headers.append((item, match, False))
                before, heading, context_end = (item, match), True, item.end
                last_heading = (item, match)
                prev = None
                continue
            before, heading, context_end = (item, match), False, item.end
            if match.entry is None:
                unmatched.append(self._unmatched(text, item, match))
                failed = (item, unmatched[-1])
                prev, prev_lines = None, []
                continue
            prev_brand = self.index.entries[match.entry].brand
            new = self._lines(text, item, match)
            if carried:
                new = [replace(ln, how="carried") for ln in new]
            if not new:
                unmatched.append(
                    Unmatched(
                        text[item.start : item.end],
                        item.span,
                        *_said_qty(item, match),
                        reason="unit",
                        candidates=self._candidates([match.entry], match.score / 100),
                    )
                )
            new = _with_rate_notes(text, item, new, notes)
            lines.extend(new)
            prev, prev_lines, prev_end = match, new, item.end
        for item, match, used in headers:
            if not used and not self._heads(item, lines):
                line = self._named(text, item, match) if named else None
                if line is not None:
                    lines.append(line)
                    continue
                missing = self._without_quantity(text, item, match)
                if missing is not None:
                    unmatched.append(missing)
        return lines, unmatched, notes

    @property
    def _words(self) -> tuple[set[str], set[str]]:
        return self.index.brand_words, self.index.variant_words

    def _carried(self, text: str, context: list[Piece], heading: bool, end: int, item: Item) -> list[Piece]:
        """What `item` may carry: all of the name before it - but from a whole item on an earlier
        line ("dettol liquid 500ml 6 pc / handwash 200ml 1 case") only when `item` names no product of
        its own: a new product on a new line is the dealer's to name, brand and all."""
        if heading or "\n" not in text[end : item.start]:
            return context
        brands, variants = self._words
        said = said_words(context)
        if any(names_product(p, brands, variants | said) for p in item.pieces):
            return []
        return context

    def _heads(self, item: Item, lines: list[ParsedLine]) -> bool:
        """Is `item` a heading of the lines after it ("Syngenta: actara 10, ..."): every word of it
        names a product booked on a later line."""
        words = [w for w in item.of("word") if w.canon is not None]
        if not words or len(words) != len(item.of("word")) or item.has("size", "measure", "num", "price"):
            return False
        after = {self.index.by_sku[ln.sku] for ln in lines if ln.span[0] >= item.end}
        return any(all(i in self.index.products_for(w.canon) for w in words if w.canon) for i in after)

    def _without_quantity(self, text: str, item: Item, match: Match) -> Unmatched | None:
        """A name said without a quantity that no later line carried on: what a person must ask,
        or None for words that only chat ("wire", "maal")."""
        words = text[item.start : item.end]
        if any(w.canon is None for w in item.of("word")):
            # a line of words nothing explains: it may be an item the catalog lacks
            return self._unmatched(text, item, match)
        if match.entry is not None:  # "maggi 5 peti, colgate": one product named, how many?
            return Unmatched(
                words, item.span, reason="no_quantity", candidates=self._candidates([match.entry], 0.9)
            )
        sized = item.has("size", "measure", "num", "price", "code")
        few = match.reason == "ambiguous" and len(match.candidates) <= 3
        if sized or few or self._names_brand(item):
            return Unmatched(
                words, item.span, reason="no_quantity", candidates=self._candidates(match.candidates, 0.5)
            )
        return None

    def _named(self, text: str, item: Item, match: Match) -> ParsedLine | None:
        """A product said without a quantity, read as `items` reads it: a line of quantity 0 in its
        order unit, marked for a person as an order line would be; None when it is no one product,
        or has words nothing explains."""
        if match.entry is None or any(w.canon is None for w in item.of("word")):
            return None
        product = self.index.entries[match.entry].product
        confidence = _confidence(item, match)
        others = [i for i in match.candidates if i != match.entry] if match.guess else []
        why = "guess" if match.guess else ("low_confidence" if confidence < AUTO_CONFIDENCE else "")
        runners_up = self._candidates(others, match.score / 100) if others else ()
        span = (item.start, item.end)
        return ParsedLine(
            product.sku,
            Decimal(0),
            product.default_uom,
            confidence,
            text[span[0] : span[1]],
            span,
            match.how,
            runners_up,
            review=why,
        )

    def _unmatched(self, text: str, item: Item, match: Match) -> Unmatched:
        rate, rate_uom = _said_rate(item)
        return Unmatched(
            text[item.start : item.end],
            item.span,
            *_said_qty(item, match),
            reason=match.reason,
            candidates=self._candidates(match.candidates, 0.5),
            rate=rate,
            rate_uom=rate_uom,
        )

    def _restated(
        self,
        text: str,
        item: Item,
        prev: Match | None,
        prev_lines: list[ParsedLine],
        lines: list[ParsedLine],
        unmatched: list[Unmatched],
    ) -> None:
        """'2 peti (80 btl)', '5 ton yaani 100 bag': a quantity restated in other units. It agrees
        with the line before: nothing to add. It disagrees: a person reads it. The line before had
        a unit the SKU is not sold in ('2 gaddi (20 pkt)'): the restatement is the quantity."""
        words = text[item.start : item.end]
        if prev is None or prev.entry is None:
            return
        product = self.index.entries[prev.entry].product
        said = self._lines(text, item, prev, continuation=True)
        if not prev_lines:
            last = unmatched[-1] if unmatched else None
            if said and last is not None and last.reason == "unit" and last.span[1] <= item.start:
                unmatched.pop()
                lines.extend(said)
            return
        if said and _base(said, product) == _base(prev_lines, product):
            return
        if not said and self._same_amount(item, prev.entry, prev_lines):
            return  # "2 roll (180 mtr)": two 90 m coils are 180 metres
        unmatched.append(
            Unmatched(
                words,
                item.span,
                reason="conflicting_quantity",
                candidates=self._candidates([prev.entry], prev.score / 100),
            )
        )

    def _same_amount(self, item: Item, entry: int, lines: list[ParsedLine]) -> bool:
        """Does a bracket of lengths, weights or volumes ('(180 mtr)') equal the lines in the
        product's own pack size (2 rolls of a 90 m coil)?"""
        sized = [p.size for p in item.of("measure", "size") if p.size is not None]
        if not sized or item.has("qty", "num"):
            return False
        product = self.index.entries[entry].product
        sizes = dict(self.index.entries[entry].sizes)
        base = _base(lines, product)
        dim = sized[0][0]
        if base is None or dim not in sizes or any(d != dim for d, _ in sized):
            return False
        return sum(v for _, v in sized) == base * sizes[dim]

    def _brand_headings(self, pieces: list[Piece]) -> list[Piece]:
        """'IFFCO - urea 200, DAP 100': a brand alone before a dash at a line's start heads the
        lines under it, as 'IFFCO:' does; the dash there ends the heading."""
        brands = self.index.brand_words
        for k in range(1, len(pieces)):
            p = pieces[k]
            if p.kind != "dash" or (k >= 2 and pieces[k - 2].text != "\n"):
                continue
            w = pieces[k - 1]
            if w.kind == "word" and w.canon is not None and any(a[0] in brands for a in w.canon.alts):
                pieces[k] = replace(p, kind="sep")
        return pieces

    def _names_brand_words(self, tokens: list[Token]) -> bool:
        brands = self.index.brand_words
        return any(t.text in brands for t in tokens)

    def _names_brand(self, item: Item) -> bool:
        heads = self.index.brand_heads
        return any(
            w.canon is not None and w.canon.how == "exact" and w.canon.alts[0][0] in heads
            for w in item.kinds.get("word", ())
        )

    def _candidates(self, entries: list[int], score: float) -> tuple[Candidate, ...]:
        out = []
        for i in entries[:5]:
            p = self.index.entries[i].product
            out.append(Candidate(p.sku, p.name, round(score * 100, 1), "fuzzy"))
        return tuple(out)

    def _lines(self, text: str, item: Item, match: Match, *, continuation: bool = False) -> list[ParsedLine]:
        assert match.entry is not None
        entry = self.index.entries[match.entry]
        product = entry.product
        qtys: list[tuple[str, Decimal, str]] = []  # (kind, value, word)
        explicit = item.of("qty")
        nums = item.of("num") if continuation else match.qty_nums
        pieces: list[Piece] = explicit + ([] if explicit else nums)
        pieces = _apply_corrections(item, pieces)
        for p in pieces:
            assert p.value is not None
            qtys.append((p.unit or "", p.value, p.word))
        if (
            not qtys
            and not continuation
            and match.measure_qty is not None
            and match.measure_qty.value is not None
        ):
            qtys.append((match.measure_qty.unit, match.measure_qty.value, match.measure_qty.word))
        if continuation:
            for p in item.of("measure"):
                if p.value is not None:
                    qtys.append((p.unit, p.value, p.word))
        sizes = sorted(entry.sizes)
        pack = sizes[0] if len(sizes) == 1 else None
        confidence = _confidence(item, match)
        # a guessed line carries the SKUs it was chosen from, for the dealer or a reviewer to pick
        others = [i for i in match.candidates if i != match.entry] if match.guess else []
        runners_up = self._candidates(others, match.score / 100) if others else ()
        rate, rate_uom = _asked_rate(item, product)
        why = "guess" if match.guess else ("low_confidence" if confidence < AUTO_CONFIDENCE else "")
        out = []
        for kind, value, word in qtys:
            if kind:
                booked = units.book(kind, value, product, word=word, pack_size=pack)
            else:
                booked = (product.default_uom, value)
            if booked is None or booked[1] <= 0 or booked[1] > MAX_QTY:
                return []
            unit, qty = booked
            out.append(
                ParsedLine(
                    product.sku,
                    qty,
                    unit,
                    confidence,
                    text[item.start : item.end],
                    (item.start, item.end),
                    match.how,
                    runners_up,
                    rate,
                    rate_uom,
                    why,
                )
            )
        return out


_WORDS = re.compile(r"[a-z]+|\+|&")


def _confidence(item: Item, match: Match) -> float:
    """How sure the parser is of the SKU it matched for `item`."""
    confidence = match.score / 100 * (0.97 if match.how in ("exact", "alias", "code") else 0.93)
    if match.approx:
        confidence = min(confidence, 0.6)
    if match.guess:
        confidence = min(confidence, GUESS_CONFIDENCE)
    if match.how == "fuzzy" and (match.score < 85 or _far_spelling(item)):
        confidence = min(confidence, 0.75)
    return confidence


def _adds(text: str, prev_end: int, item: Item) -> bool:
    """Is the bare quantity `item` said as more of the item before it (or as its correction)?"""
    if item.of("corr"):
        return True
    return any(w in ADDITIVE for w in _WORDS.findall(text[prev_end : item.end].lower()))


def _names_a_variant(item: Item) -> bool:
    """A piece without a name that still names something: a size, a price, a 'bada', or a number
    beside its count ('7377 20 packet') - another variant of the name before it."""
    if item.of("size", "measure", "price", "mod"):
        return True
    nums = item.of("num")
    return bool(nums) and (item.has("qty") or len(nums) > 1)


def _far_spelling(item: Item) -> bool:
    """Is a word of the item read as a catalog word more than one slip away from it ('telmisartan'
    for 'telsartan': the molecule, not the brand)? A sound-alike key matched it; a person checks."""
    for p in item.of("word"):
        canon = p.canon
        if canon is None or canon.how != "fuzzy":
            continue
        if min(Levenshtein.distance(p.text, "".join(alt)) for alt in canon.alts) > 1:
            return True
    return False


def _without_non_items(tokens: list[Token]) -> list[Token]:
    """The message's tokens with what is no item taken out (a phone number, a site address, a date,
    a PO number, a payment or rate remark, a signature: nlu/nonitems.py), each span left as one
    separator so the items on either side stay apart."""
    spans = non_items(tokens)
    if not spans:
        return tokens
    out: list[Token] = []
    at = 0
    for span in spans:
        out.extend(tokens[at : span.start])
        out.append(Token(",", tokens[span.start].start, tokens[span.end - 1].end))
        at = span.end
    out.extend(tokens[at:])
    return out


def _base(lines: Sequence[ParsedLine], product: Product) -> Decimal | None:
    """The lines' total in the product's base unit; None when a unit has no factor."""
    total = Decimal(0)
    for ln in lines:
        factor = product.factor(ln.uom)
        if factor is None:
            return None
        total += ln.qty * factor
    return total


def _said_rate(item: Item) -> tuple[Decimal | None, str]:
    """The one rate the dealer asked for this item and the unit kind it is per ('' = the item's own
    unit); (None, '') when he asked none or several."""
    rates = item.of("rate")
    if len(rates) != 1 or rates[0].value is None or rates[0].value <= 0:
        return None, ""
    return rates[0].value, units.UNIT_WORDS.get(rates[0].word, "")


def _asked_rate(item: Item, product: Product) -> tuple[Decimal | None, str]:
    """`_said_rate`, and None when it is per a unit the product is not sold in (`_rate_notes` sends
    those to a person)."""
    rate, unit = _said_rate(item)
    if rate is None or not unit or product.factor(unit) is not None:
        return rate, unit
    return None, ""


def _with_rate_notes(text: str, item: Item, lines: list[ParsedLine], notes: list[str]) -> list[ParsedLine]:
    """The lines, marked for a person (review 'rate') when the rate asked on them is unclear."""
    found = _rate_notes(text, item, lines)
    if not found:
        return lines
    notes.extend(found)
    return [replace(ln, review=ln.review or "rate") for ln in lines]


def _rate_notes(text: str, item: Item, lines: Sequence[ParsedLine]) -> list[str]:
    """Why a person must read the rate the dealer asked: it is unclear which line or unit it is for."""
    rates = item.of("rate")
    if not rates or not lines:
        return []
    words = text[item.start : item.end]
    if len(rates) > 1:
        return [f"'{words}': more than one rate asked"]
    if rates[0].value is None or rates[0].value <= 0:
        return [f"'{words}': is '{rates[0].text}' a rate, and of how much?"]
    if lines[0].rate is None:
        return [f"'{words}': the rate is per '{rates[0].word}', which this product is not sold in"]
    if len(lines) > 1 and not rates[0].word:
        return [f"'{words}': one rate for quantities in different units"]
    return []


def _said_qty(item: Item, match: Match) -> tuple[Decimal | None, str | None]:
    """The quantity and unit the dealer gave for an item the parser could not settle, when he gave
    exactly one: (5, 'case') for 'xyz soap 5 peti', (5, None) for 'lux 5' (no unit word: the SKU's
    default unit applies), (None, None) when he gave none or several."""
    pieces = _apply_corrections(item, item.of("qty") or match.qty_nums)
    if not pieces and match.measure_qty is not None:
        pieces = [match.measure_qty]
    if len(pieces) != 1 or pieces[0].value is None or pieces[0].value <= 0:
        return None, None
    unit = pieces[0].unit
    return pieces[0].value, unit if unit in UNITS else None


def _apply_corrections(item: Item, pieces: list[Piece]) -> list[Piece]:
    """'5 nahi 10 peti', '3 cs... sorry 2 cs': a quantity followed by a correction word and another
    quantity is replaced by the later one."""
    if len(pieces) < 2:
        return pieces
    corrs = [p.start for p in item.of("corr")]
    if not corrs:
        return pieces
    kept = []
    for k, p in enumerate(pieces):
        later = pieces[k + 1 :]
        if later and any(p.end <= c <= later[0].start for c in corrs):
            continue
        kept.append(p)
    return kept


def _merge(lines: list[ParsedLine], conflicts: list[str]) -> list[ParsedLine]:
    """One line per (sku, unit), quantities added; rates that disagree are noted in `conflicts`."""
    merged: dict[tuple[str, str], ParsedLine] = {}
    for ln in lines:
        key = (ln.sku, ln.uom)
        if key in merged:
            old = merged[key]
            same_rate = (old.rate, old.rate_unit) == (ln.rate, ln.rate_unit) or ln.rate is None
            merged[key] = ParsedLine(
                ln.sku,
                old.qty + ln.qty,
                ln.uom,
                min(old.confidence, ln.confidence),
                old.text + " + " + ln.text,
                (old.span[0], ln.span[1]),
                old.how,
                old.candidates,
                old.rate if same_rate else None,
                old.rate_uom if same_rate else "",
                old.review or ln.review or ("" if same_rate else "rate"),
            )
            if not same_rate:
                conflicts.append(f"'{merged[key].text}': two different rates asked")
        else:
            merged[key] = ln
    return list(merged.values())


def _order_ref(text: str, tokens: list[Token], refs: list[int]) -> str | None:
    """The first order number named: a capital code in the text or a number spaCy found in a phrase."""
    code = _ORDER_CODE.search(text)
    if refs and (code is None or tokens[refs[0]].start < code.start()):
        return tokens[refs[0]].text
    return code.group() if code else None
