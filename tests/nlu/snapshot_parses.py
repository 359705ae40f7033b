"""Every message of the eval and trade sets, parsed: a snapshot to prove a refactor changes nothing.

    .venv/bin/python -m tests.nlu.snapshot_parses --write /tmp/before.json   # before the change
    .venv/bin/python -m tests.nlu.snapshot_parses --check /tmp/before.json   # after: 0 differences

Per message it records the contract JSON (`to_contract()`), the notes, each line's and each
unmatched item's whole record (review code, reason, candidates, spans, rates) and the pieces
`classify` reads the message into. Each set's messages are also parsed written in capitals (the
SKU-code path) and with their punctuation spaced out; every message is parsed against every other
set's catalog as well, the bench's synthetic 1k messages against its synthetic catalog, and short
made-up messages that put every word of the rule tables at a message's start, middle and end (where
a look-ahead runs out), so many more of the rules are walked than the sets alone walk.

A set that was not there at --write (someone added one under tests/nlu/blind/) is reported as
new, never as a difference.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nlu import numbers, segment, sizes, units, vocab
from nlu.normalise import tokenize
from nlu.parser import Parser, _without_non_items
from nlu.segment import classify
from tests.bench import synthetic

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SETS: dict[str, Path] = {
    "fmcg": SHARED / "eval" / "fmcg",
    "electricals": SHARED / "eval" / "electricals",
    "agri": SHARED / "eval" / "agri",
    "building": ROOT / "tests" / "nlu" / "trades" / "building",
    "building_b": ROOT / "tests" / "nlu" / "trades" / "building_b",
    "pharma": ROOT / "tests" / "nlu" / "trades" / "pharma",
    "pharma_b": ROOT / "tests" / "nlu" / "trades" / "pharma_b",
    "fresh": ROOT / "tests" / "nlu" / "fresh",
    "blind/pharma": ROOT / "tests" / "nlu" / "blind" / "pharma",
    "blind/building": ROOT / "tests" / "nlu" / "blind" / "building",
}
# each word of the tables put where a rule looks before or after it
TEMPLATES = (
    "{w}",
    "maggi 5 peti {w}",
    "{w} 5 maggi",
    "5 {w} maggi",
    "maggi {w} 2",
    "2 {w} 3 peti dolo",
    "{w} {w} 10 {w}",
    "pipe 1/2 {w}: 4 @ 12 {w}",
)
EDGE_CATALOGS = ("fmcg", "electricals", "pharma")
_PUNCT = re.compile(r"([,.;:()/+@x*-])")


def texts(folder: Path) -> list[str]:
    """The "text" of every row of the set's *.jsonl files, in file and line order."""
    found: list[str] = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.append(json.loads(line)["text"])
    return found


def edge_words() -> list[str]:
    """Every word the rule tables name, and the marks rules read, in a stable order."""
    tables: list[object] = [
        numbers.ALL_NUMBER_WORDS,
        numbers.NUMBER_WORDS,
        numbers.BEFORE_UNIT_ONLY,
        units.UNIT_WORDS,
        sizes.SIZE_UNITS,
        sizes.PRICE_WORDS,
        sizes.WALA_WORDS,
        vocab.FILLERS,
        vocab.SIZE_MODIFIERS,
        vocab.CORRECTIONS,
        vocab.STOPWORDS,
        vocab.LETTER_NAMES,
        vocab.CHAT_WORDS,
        {a for a, _ in vocab.GREETINGS},
        segment.SEPARATORS,
        segment.CONJUNCTIONS,
        segment.QTY_MARKERS,
        segment.RESTATE,
        segment.RATE_WORDS,
        segment.SPOKEN_BREAKS,
        {a for a, _ in segment.SPOKEN_PAIRS},
        {"-", "@", "x", "sq", "mm", "/-", "10x10", "4+1", "12:32:16", "19 19 19", "c6", "full stop"},
    ]
    words: set[str] = set()
    for table in tables:
        assert isinstance(table, set | frozenset | dict)
        words.update(w for w in table if w.strip())
    return sorted(words)


def variants(text: str) -> dict[str, str]:
    """The message as written, in capitals, and with its punctuation spaced out."""
    return {"as": text, "caps": text.upper(), "spaced": _PUNCT.sub(r" \1 ", text)}


def record(parser: Parser, text: str) -> dict[str, Any]:
    """Everything the parser says about `text`, as JSON-able values (reprs where no JSON fits)."""
    msg = parser.parse(text)
    tokens = tokenize(text[:20_000])
    shop = parser.customers.locate(tokens)
    body = _without_non_items(tokens[shop.body_start : shop.body_stop])
    try:
        pieces = [
            repr(p) for p in classify(body, parser.index, parser._codes(text, body), parser._layer(None))
        ]
    except Exception as exc:  # a fault the parser survives (its notes say so) is recorded, not raised
        pieces = [f"error: {type(exc).__name__}"]
    return {
        "contract": msg.to_contract(),
        "notes": list(msg.notes),
        "order_ref": msg.order_ref,
        "lines": [repr(ln) for ln in msg.lines],
        "unmatched": [repr(u) for u in msg.unmatched],
        "pieces": pieces,
    }


def snapshot(cross: bool = True) -> Iterator[tuple[str, dict[str, Any]]]:
    """(key, record) for every message parsed: `set:variant:n` on its own catalog,
    `catalog<-set:n` on another set's catalog, `synthetic:n` on the bench's."""
    present = {name: folder for name, folder in SETS.items() if (folder / "catalog.csv").is_file()}
    messages = {name: texts(folder) for name, folder in present.items()}
    for name, folder in present.items():
        dealers = folder / "dealers.csv"
        parser = Parser.from_csv(folder / "catalog.csv", dealers if dealers.is_file() else None)
        for n, text in enumerate(messages[name]):
            for how, written in variants(text).items():
                yield f"{name}:{how}:{n}", record(parser, written)
        if cross:
            for other, others in messages.items():
                if other != name:
                    for n, text in enumerate(others):
                        yield f"{name}<-{other}:{n}", record(parser, text)
    for name in EDGE_CATALOGS:
        if name in present:
            dealers = present[name] / "dealers.csv"
            parser = Parser.from_csv(present[name] / "catalog.csv", dealers if dealers.is_file() else None)
            for w in edge_words():
                for n, template in enumerate(TEMPLATES):
                    yield f"edge:{name}:{w}:{n}", record(parser, template.format(w=w))
    products = synthetic.catalog(1_000)
    parser = Parser(products)
    for n, message in enumerate(synthetic.messages(products, 300)):
        yield f"synthetic:{n}", record(parser, message.text)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, help="write the snapshot to this file")
    mode.add_argument("--check", type=Path, help="compare with a snapshot written before")
    ap.add_argument("--no-cross", action="store_true", help="skip parsing each set on the other catalogs")
    args = ap.parse_args(argv)
    logging.disable(logging.CRITICAL)  # the parser logs the faults it survives; the snapshot records them
    started = time.perf_counter()
    now = dict(snapshot(cross=not args.no_cross))
    took = time.perf_counter() - started
    if args.write:
        args.write.write_text(json.dumps(now, ensure_ascii=False, sort_keys=True), encoding="utf-8")
        print(f"{len(now)} parses written to {args.write} in {took:.1f}s")
        return 0
    before: dict[str, Any] = json.loads(args.check.read_text(encoding="utf-8"))
    differ = [key for key in before if key in now and _canon(now[key]) != _canon(before[key])]
    missing = [key for key in before if key not in now]
    new = [key for key in now if key not in before]
    for key in differ[:20]:
        print(f"DIFFERS {key}")
        for field in before[key]:
            if _canon(before[key][field]) != _canon(now[key].get(field)):
                print(f"  {field}:\n    before {before[key][field]}\n    now    {now[key].get(field)}")
    for key in missing[:20]:
        print(f"MISSING {key}")
    print(
        f"{len(now)} parses in {took:.1f}s: {len(differ)} differences, {len(missing)} missing, "
        f"{len(new)} new (not in the snapshot)"
    )
    return 1 if differ or missing else 0


def _canon(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    sys.exit(main())
