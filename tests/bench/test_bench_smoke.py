"""The benchmark runs end to end and prints its whole table (timings are not judged here)."""

from __future__ import annotations

import doctest

import pytest

from tests.bench import run, synthetic


def test_quick_bench_prints_the_machine_every_column_and_a_1k_row(capsys: pytest.CaptureFixture[str]) -> None:
    assert run.main(["--quick"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("machine: nproc=")
    assert "Python " in out.splitlines()[0]
    header = next(line for line in out.splitlines() if "SKUs" in line and "p50 ms" in line)
    for name, _ in run.COLUMNS:
        assert name in header, f"column {name!r} missing from {header!r}"
    row = next(line for line in out.splitlines() if line.strip().startswith("1,000"))
    assert len(row.split()) == len(run.COLUMNS), row
    assert "x" in row.split()[5]  # the speed-up column
    assert "brute force" in out and "targets:" in out


@pytest.mark.parametrize("module", [run, synthetic])  # the docstring examples hold
def test_bench_docstring_examples_hold(module: object) -> None:
    failures, _ = doctest.testmod(module)  # type: ignore[arg-type]
    assert failures == 0


def test_synthetic_catalog_is_the_same_for_a_seed_and_shuffled() -> None:
    first, again = synthetic.catalog(500), synthetic.catalog(500)
    assert first == again
    assert [p.sku for p in first] != sorted(p.sku for p in first)
    assert all(p.default_uom in p.units and p.factor("pc") == 1 for p in first)
