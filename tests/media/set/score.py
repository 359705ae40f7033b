"""Score the generated media set: what the bot would book without a person, and how right it is.

    .venv/bin/python -m tests.media.set.score     prints a table and the two numbers

A sample is auto-accepted as the conversation decides (bot/conversation/media.py): read
(bot.media.read), an OCR reading only when `unsure` finds nothing, a sheet or text PDF when the
parser is sure of every line (no question, nothing unplaced). Line-level precision is the share of
the auto-accepted lines (SKU, quantity, unit) that are in the labelled order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from bot.media.fetch import Fetched
from bot.media.read import read, unsure
from nlu.parser import Parser
from tests.media.set.generate import Sample, samples

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
DEALER = "D01"


@dataclass(frozen=True)
class Outcome:
    sample: Sample
    accepted: bool
    booked: tuple[tuple[str, str, str], ...]  # (sku, qty, unit) of an accepted sample
    why: str


def decide(parser: Parser, sample: Sample) -> Outcome:
    reading = read(Fetched("generated", sample.content_type, sample.data))
    if reading.why or not reading.lines:
        return Outcome(sample, False, (), reading.why or "nothing read")
    doubts = unsure(reading, lambda line: parser.parse(line, dealer=DEALER))
    if doubts:
        return Outcome(sample, False, (), doubts[0])
    parsed = parser.parse("\n".join(reading.lines), dealer=DEALER)
    if parsed.unmatched or parsed.notes or any(ln.review for ln in parsed.lines):
        return Outcome(sample, False, (), "the parser asks about a line")
    booked = tuple((ln.sku, f"{Decimal(ln.qty).normalize():f}", ln.uom) for ln in parsed.lines)
    return Outcome(sample, True, booked, "")


def score(outcomes: list[Outcome]) -> tuple[float, float, int, int]:
    """(line-level precision of the accepted, share accepted, correct lines, accepted lines)."""
    correct = booked = 0
    for o in outcomes:
        if not o.accepted:
            continue
        expected = Counter(o.sample.expected)
        got = Counter(o.booked)
        correct += sum((expected & got).values())
        booked += sum(got.values())
    precision = correct / booked if booked else 1.0
    share = sum(o.accepted for o in outcomes) / len(outcomes) if outcomes else 0.0
    return precision, share, correct, booked


def run() -> list[Outcome]:
    parser = Parser.from_csv(FIXTURES / "catalog.csv", FIXTURES / "dealers.csv")
    return [decide(parser, s) for s in samples()]


def main() -> None:
    outcomes = run()
    for o in outcomes:
        print(f"{o.sample.name:10} {'auto' if o.accepted else 'person':7} {o.why[:80]}")
    for kind in ("photo", "deva", "pdf", "scan", "sheet", "hand"):
        group = [o for o in outcomes if o.sample.name.startswith(kind)]
        precision, share, correct, booked = score(group)
        print(
            f"{kind:6} {len(group):3} samples: auto-accepted {share:.0%},"
            f" line precision {precision:.3f} ({correct}/{booked})"
        )
    precision, share, correct, booked = score([o for o in outcomes if not o.sample.handwriting])
    print(
        f"all printed: auto-accepted {share:.0%}, line-level precision {precision:.3f} ({correct}/{booked})"
    )


if __name__ == "__main__":
    main()
