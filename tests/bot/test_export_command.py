"""`orderbot export`: the accountant's file from the command line, to a file or standard output."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from bot.cli import main
from domain.db import make_engine, session_factory
from domain.exports import CSV_COLUMNS
from domain.importing import import_dir
from domain.services.ledger import record_payment
from domain.uow import UnitOfWork, create_schema
from tests.conftest import ROOT


@pytest.fixture
def url(sqlite_url: str) -> str:
    engine = make_engine(sqlite_url)
    create_schema(engine)
    factory = session_factory(engine)
    import_dir(factory, ROOT / "fixtures")
    record_payment(UnitOfWork(factory), "D01", Decimal("2350.00"), ref="UTR-9", on=date(2026, 11, 5))
    engine.dispose()
    return sqlite_url


def test_tally_vouchers_are_written_to_the_named_file(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "nov.xml"
    code = main(["--db", url, "export", "--format", "tally", "--from", "2026-11-01", "--to", "2026-11-30",
                 "--out", str(out)])
    assert code == 0
    (voucher,) = ET.parse(out).getroot().iter("VOUCHER")
    assert (voucher.findtext("VOUCHERTYPENAME"), voucher.findtext("PARTYLEDGERNAME")) == (
        "Receipt", "Shree Ganesh Kirana",
    )
    assert "1 vouchers from 2026-11-01 to 2026-11-30 written to" in capsys.readouterr().err


def test_csv_goes_to_standard_output(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", url, "export", "--format", "csv", "--from", "2026-11-05", "--to", "2026-11-05"]) == 0
    written = capsys.readouterr()
    lines = written.out.splitlines()
    assert "1 vouchers from 2026-11-05 to 2026-11-05 written to standard output" in written.err
    assert lines[0].startswith("type,date,number,dealer_code")
    # no free goods (sku .. scheme), no GST split (cgst .. gstin) and no invoice_number on a payment
    assert lines[1] == "payment,2026-11-05,UTR-9,D01,Shree Ganesh Kirana,2350.00" + "," * 15


def test_an_empty_period_is_written_and_said_to_be_empty(
    url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", url, "export", "--format", "csv", "--from", "2025-01-01", "--to", "2025-01-31"]) == 0
    written = capsys.readouterr()
    assert written.out.splitlines() == [",".join(CSV_COLUMNS)]
    assert "0 vouchers from 2025-01-01" in written.err
    assert "the period has no invoices or payments" in written.err


# (arguments after `export`, exit code, what stderr says)
BAD = [
    (["--format", "pdf", "--from", "2026-11-01", "--to", "2026-11-30"], 2,
     "invalid choice: 'pdf'"),  # only tally and csv
    (["--format", "csv", "--from", "1 Nov", "--to", "2026-11-30"], 2,
     "'1 Nov' is not a date like 2026-11-30"),  # dates are ISO
    (["--format", "csv", "--from", "2026-11-30", "--to", "2026-11-01"], 1,
     "ends (2026-11-01) before it starts"),  # a backwards period
]


@pytest.mark.parametrize(("args", "code", "message"), BAD)
def test_a_bad_request_says_what_is_wrong(
    url: str, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    try:
        result = main(["--db", url, "export", *args])
    except SystemExit as exc:  # argparse refuses before the command runs
        result = int(exc.code or 0)
    assert result == code
    assert message in capsys.readouterr().err


def test_a_file_that_cannot_be_written_is_named_without_a_traceback(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no such folder" / "nov.csv"
    code = main(["--db", url, "export", "--format", "csv", "--from", "2026-11-01", "--to", "2026-11-30",
                 "--out", str(out)])
    assert code == 1
    assert capsys.readouterr().err == f"orderbot export: cannot write {out}: No such file or directory\n"
