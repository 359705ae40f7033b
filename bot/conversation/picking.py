"""Questions about unclear items: "Which one did you mean by *lux 1 peti*? 1) ... 2) ... 0) None".

    start(turn, parsed, dealer)     a parsed order: draft what is clear (or change the open draft with
                                    it: pieces.py), ask about what the dealer can pick, send the rest
                                    to a person (review item kind "parse")
    answer_pick(turn, text)         the number answering the open question; after the last one the
                                    draft is placed with the picked lines

A line the parser wants confirmed (`ParsedLine.review` set: a guess, an unsure
spelling, an unclear rate) is asked about too, with its SKU as the first option.
The bot never re-decides what the parser was sure of: it reads the parser's
reasons (`ParsedLine.review`, `Unmatched.reason`), never its note text. The
open question lives in the sender's conversation row (state.py), so the answer
may reach another process.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from bot import replies, snapshot
from bot.conversation import pieces
from bot.conversation.ordering import Line, review
from bot.conversation.turn import Turn
from bot.names import sku_names
from bot.parsing import parse
from domain.models import Dealer, Order, Sku
from nlu import units
from nlu.answers import read_answer
from nlu.changes import Changes, read_changes
from nlu.types import ParsedMessage

MAX_OPTIONS = 5
# Unmatched items the dealer can settle by picking a product; the others (a bracket that disagrees
# with its line, a number or unit word nothing explains) are for a person to read
PICKABLE = frozenset({"ambiguous", "not_in_catalog", "unit", ""})


# -- starting an order -------------------------------------------------------------------------------


def start(
    turn: Turn, parsed: ParsedMessage, dealer: Dealer, text: str | None = None, new: bool = False
) -> None:
    """Draft what is clear, ask about what the dealer can pick, send the rest to a person. `text` is
    what was parsed (the message without a "naya order" cue); `new` starts a new draft even while one
    is open, which otherwise this message changes (nlu.changes: add, set, remove)."""
    text = turn.inbound.body if text is None else text
    read = None if new else pieces.open_draft(turn, dealer)
    live = read if pieces.is_live(read, turn.now) else None
    changes = read_changes(text, parsed) if live is not None else Changes(tuple("add" for _ in parsed.lines))
    clear: list[Line] = []
    questions: list[dict[str, Any]] = []
    unclear: list[str] = []
    for line, change in zip(parsed.lines, changes.lines, strict=True):
        if not line.review or line.review == "rate":  # an unclear rate: staff read the note below
            clear.append(Line.parsed(line, change=change))
            continue
        options = [line.sku] + [c.sku for c in line.candidates if c.sku != line.sku]
        question = {
            "text": line.text,
            "options": options[:MAX_OPTIONS],
            "qty": str(line.qty),
            "uom": line.uom,
            "change": change,
        }
        if line.rate is not None:  # the rate he asked travels with the item he is asked to pick
            question.update(rate=str(line.rate), rate_uom=line.rate_unit)
        questions.append(question)
    for n, item in enumerate(parsed.unmatched):
        if n in changes.taken:  # "sprite hata": a removal, not an item
            continue
        if n in changes.doubtful:  # "good day ki jagah hide n seek 3 box" as one name: a pick would guess
            unclear.append(item.text)
            continue
        if item.reason == "no_quantity":
            sku = _product_named(turn, dealer, item.text)
            if sku:
                questions.append({"kind": "qty", "text": item.text, "options": [sku]})
            else:
                unclear.append(item.text)
            continue
        if item.candidates and item.reason in PICKABLE:
            questions.append(
                {
                    "text": item.text,
                    "options": [c.sku for c in item.candidates][:MAX_OPTIONS],
                    "qty": str(item.qty) if item.qty is not None else None,
                    "uom": item.uom,
                    **({"rate": str(item.rate), "rate_uom": item.rate_uom} if item.rate is not None else {}),
                }
            )
        else:
            unclear.append(item.text)
    unclear.extend(parsed.notes)  # what staff must read: rates that cannot be tied to a line
    if questions:
        turn.conv.ask(
            "pick",
            {
                "dealer": dealer.code,
                "text": turn.inbound.body,
                "parse": parsed.to_contract(),
                "lines": [ln.to_json() for ln in clear],
                "questions": questions,
                "at": 0,
                "unclear": unclear,
                "drop": list(changes.removed),
                "new": new,
            },
            turn.now,
        )
        _ask(turn, questions, 0)
        return
    _finish(turn, dealer, clear, unclear, parsed.to_contract(), drop=changes.removed, new=new, read=read)


def offer_quantity(turn: Turn, dealer: Dealer, text: str, new: bool = False) -> bool:
    """A message naming one product without a quantity ("maggi bhejo"): ask how many; False otherwise."""
    sku = _product_named(turn, dealer, text)
    if sku is None:
        return False
    question = {"kind": "qty", "text": text, "options": [sku]}
    turn.conv.ask(
        "pick",
        {
            "dealer": dealer.code,
            "text": text,
            "parse": {"intent": "order", "text": text},
            "lines": [],
            "questions": [question],
            "at": 0,
            "unclear": [],
            "new": new,
        },
        turn.now,
    )
    _ask(turn, [question], 0)
    return True


def _product_named(turn: Turn, dealer: Dealer, words: str) -> str | None:
    """The one catalog product `words` name for sure (read as if a quantity were given), or None."""
    probe = parse(turn.session, f"1 {words}", dealer.code)
    if probe.intent != "order" or len(probe.lines) != 1 or probe.unmatched:
        return None
    line = probe.lines[0]
    return None if line.review else line.sku


def _ask(turn: Turn, questions: Sequence[Mapping[str, Any]], at: int) -> None:
    question = questions[at]
    names = sku_names(turn.session, question["options"])
    if question.get("kind") == "qty":
        sku = question["options"][0]
        turn.say(replies.ask_quantity(names.get(sku, sku), at + 1, len(questions)))
        return
    turn.say(
        replies.ask_pick(
            question["text"], [names.get(s, s) for s in question["options"]], at + 1, len(questions)
        )
    )


def answer_pick(turn: Turn, text: str) -> bool:
    """Handle the answer to an open pick question; False when `text` is not an answer (handled elsewhere).

    The answer is a number, or the item written out again naming one of the options
    ("good day kaju 3 peti" to "Which Good Day?"), which also gives its quantity.
    """
    data = dict(turn.conv.data)
    questions: list[dict[str, Any]] = data["questions"]
    at: int = data["at"]
    question = questions[at]
    dealer = turn.session.scalars(sa.select(Dealer).where(Dealer.code == data["dealer"])).one()
    if question.get("kind") == "qty":
        return _answer_quantity(turn, dealer, data, text)
    answer = read_answer(text)
    number = answer.number if answer.kind == "number" else None
    written = _written_answer(turn, dealer, question, text) if number is None else None
    if number is None and written is None:
        if answer.kind == "unclear":
            return False
        turn.say(replies.pick_again(len(question["options"])))  # a yes, no or wait picks nothing
        return True
    if number is not None and not 0 <= number <= len(question["options"]):
        turn.say(replies.pick_again(len(question["options"])))
        return True
    picked = written
    if number:
        picked = _picked_line(turn, question, question["options"][number - 1])
    _next(turn, dealer, data, picked)
    return True


def lapse(turn: Turn) -> None:
    """The open pick question lapses (the dealer sent a new order or request instead of an answer): the
    clear lines held for it are drafted (or added to his open draft) and the items still asked about
    go to a person, who tells him; nothing he wrote is lost. Call before the question is cleared."""
    data = dict(turn.conv.data)
    dealer = turn.session.scalars(sa.select(Dealer).where(Dealer.code == data.get("dealer"))).first()
    if dealer is None:
        return
    questions: list[dict[str, Any]] = data.get("questions", [])
    unasked = [q["text"] for q in questions[int(data.get("at", 0)) :]]
    lines = [Line.from_json(ln) for ln in data.get("lines", [])]
    turn.conv.clear(turn.now)
    drop, new = data.get("drop", []), bool(data.get("new", False))
    _finish(
        turn,
        dealer,
        lines,
        [*data.get("unclear", []), *unasked],
        data.get("parse", {}),
        original=data.get("text"),
        drop=drop,
        new=new,
    )


def _answer_quantity(turn: Turn, dealer: Dealer, data: dict[str, Any], text: str) -> bool:
    """ "5 peti" or "5" to "How many Maggi?"; 0, none or a no ("rehne do") sends the item to a person."""
    question = data["questions"][data["at"]]
    sku = question["options"][0]
    answer = read_answer(text)
    if answer.kind == "no" or (answer.kind == "number" and answer.number == 0):
        _next(turn, dealer, data, None)
        return True
    read = parse(turn.session, f"{sku} {text}", dealer.code)
    found = [ln for ln in read.lines if ln.sku == sku]
    if len(found) != 1 or len(read.lines) != 1:
        return False
    _next(turn, dealer, data, Line.parsed(found[0], f"{question['text']}: {text}"))
    return True


def _next(turn: Turn, dealer: Dealer, data: dict[str, Any], picked: Line | None) -> None:
    """Record the answer to the current question, then ask the next one or finish the order."""
    questions: list[dict[str, Any]] = data["questions"]
    at: int = data["at"]
    question = questions[at]
    lines = [Line.from_json(ln) for ln in data["lines"]]
    unclear: list[str] = list(data["unclear"])
    if picked is None:
        unclear.append(question["text"])
    else:
        lines.append(picked)
    if at + 1 < len(questions):
        data.update(lines=[ln.to_json() for ln in lines], unclear=unclear, at=at + 1)
        turn.conv.ask("pick", data, turn.now)
        _ask(turn, questions, at + 1)
        return
    turn.conv.clear(turn.now)
    drop, new = data.get("drop", []), bool(data.get("new", False))
    _finish(turn, dealer, lines, unclear, data["parse"], original=data["text"], drop=drop, new=new)


def _written_answer(turn: Turn, dealer: Dealer, question: Mapping[str, Any], text: str) -> Line | None:
    """The item written out again as exactly one line whose SKU is one of the options; else None."""
    parsed = parse(turn.session, text, dealer.code)
    if parsed.intent != "order" or len(parsed.lines) != 1 or parsed.unmatched:
        return None
    line = parsed.lines[0]
    if line.sku not in question["options"] or line.review:
        return None
    return Line.parsed(line)


def _picked_line(turn: Turn, question: Mapping[str, Any], sku: str) -> Line | None:
    """The line for the SKU the dealer picked, with the quantity the parser read from his words: in the
    unit he said when the SKU is sold in it, else as the parser books that unit for the SKU (units.book:
    a "case" is a bag or a box where there is no case), in the SKU's default unit when he said none.
    None when he gave no single quantity or the SKU has no sensible unit for it (a person decides)."""
    if not question.get("qty"):
        return None
    row = turn.session.scalars(sa.select(Sku).where(Sku.sku == sku)).first()
    if row is None:
        return None
    qty, said = Decimal(question["qty"]), question.get("uom")
    if not said or row.factor(said) is not None:
        booked: tuple[str, Decimal] | None = (said or row.default_uom, qty)
    else:
        booked = units.book(said, qty, snapshot.product(row))
    if booked is None:
        return None
    rate = Decimal(question["rate"]) if question.get("rate") else None
    change = question.get("change", "add")
    return Line(sku, booked[1], booked[0], question["text"], rate, question.get("rate_uom", ""), change)


def _finish(
    turn: Turn,
    dealer: Dealer,
    lines: Sequence[Line],
    unclear: Sequence[str],
    parse: Mapping[str, Any],
    original: str | None = None,
    drop: Sequence[str] = (),
    new: bool = False,
    read: Order | None | pieces.Unread = pieces.UNREAD,
) -> None:
    """Draft the clear lines, or change the open draft with them and the products `drop` names
    (pieces.place, handed the open draft when `read` already), and put what is unclear in the review
    queue."""
    text = original if original is not None else turn.inbound.body
    number = None
    if lines or drop:
        number = pieces.place(turn, dealer, lines, drop, new, read)
    if unclear or not (lines or drop):
        review(turn, dealer, text, parse, unclear, number)
        turn.say(replies.sent_to_review(list(unclear), placed=number is not None))
