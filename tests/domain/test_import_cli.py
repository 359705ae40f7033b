"""`orderbot import DIR` and `orderbot db`: output, exit codes, and a fresh database migrated first."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main


@pytest.fixture
def db_env(monkeypatch: pytest.MonkeyPatch, sqlite_url: str) -> str:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)  # main() copies --db here; monkeypatch restores it
    return sqlite_url


def write(folder: Path, **files: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name.replace("_csv", ".csv")).write_text(text, encoding="utf-8")
    return folder


CATALOG = "sku,name,uoms,default_uom\nA-1,Thing,case:10|pc:1,case\n"


def test_import_into_a_fresh_database_migrates_it_and_prints_a_line_per_file(
    db_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write(tmp_path / "m", catalog_csv=CATALOG,
                   dealers_csv="code,name,phone,town\nD1,Shop,+919826104573,Indore\n")
    assert main(["--db", db_env, "import", str(folder)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "catalog.csv: 1 rows: 1 created, 0 updated, 0 unchanged",
        "dealers.csv: 1 rows: 1 created, 0 updated, 0 unchanged",
    ]
    assert main(["--db", db_env, "db", "current"]) == 0
    assert "up to date" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("files", "stderr"),
    [
        # the bad row is named on stderr
        ({"catalog_csv": "sku,name,uoms,default_uom\nA-1,Thing,case:10|pc:1,box\n"},
         "catalog.csv line 2: default_uom 'box' is not one of the uoms (case, pc)"),
        # a folder without master files says what it expected
        ({"notes_csv": "x\n"}, "holds none of catalog.csv, dealers.csv, prices.csv, schemes.csv, stock.csv"),
    ],
)
def test_a_failed_import_exits_nonzero_with_the_reason_on_stderr(
    db_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], files: dict[str, str], stderr: str
) -> None:
    folder = write(tmp_path / "m", **files)
    assert main(["--db", db_env, "import", str(folder)]) == 1
    captured = capsys.readouterr()
    assert stderr in captured.err and captured.out == ""


def test_db_upgrade_then_current(db_env: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", db_env, "db", "current"]) == 1  # empty: behind
    assert main(["--db", db_env, "db", "upgrade"]) == 0
    assert main(["--db", db_env, "db", "current"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].endswith(": up to date")


def test_dry_run_prints_what_would_change_and_writes_nothing(
    db_env: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dealers = "code,name,phone,town,tier,credit_limit\nD1,Shop,+919826104573,Indore,A,100000\n"
    assert main(["--db", db_env, "import", str(write(tmp_path / "1", dealers_csv=dealers))]) == 0
    capsys.readouterr()
    changed = write(tmp_path / "2", dealers_csv=dealers.replace("A,100000", ",120000"))
    for _ in range(2):  # the preview writes nothing, so it says the same twice
        assert main(["--db", db_env, "import", str(changed), "--dry-run"]) == 0
        assert capsys.readouterr().out.splitlines() == [
            "dealers.csv: 1 rows: 0 would be created, 1 would be updated, 0 unchanged",
            "  D1: credit_limit 100000.00 -> 120000.00",  # the empty tier keeps A
            "preview only: nothing was written (run it again without --dry-run to apply)",
        ]
    assert main(["--db", db_env, "import", str(changed)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "dealers.csv: 1 rows: 0 created, 1 updated, 0 unchanged",
        "  D1: credit_limit 100000.00 -> 120000.00",
    ]
