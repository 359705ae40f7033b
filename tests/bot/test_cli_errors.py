"""A database the command cannot use is one clear line on stderr and exit 2, never a traceback."""

from __future__ import annotations

import pytest

from bot.cli import main

UNREACHABLE = "postgresql://nobody:s3cret@127.0.0.1:1/x"


@pytest.mark.parametrize(
    "argv",
    [
        ["db", "upgrade"],  # migrations
        ["import", "fixtures"],  # masters
        ["orders", "--dealer", "D01", "--json"],  # a read
        ["statement", "D01", "--json"],
        ["payment", "D01", "100"],  # a write
        ["user", "list"],
        ["export", "--format", "csv", "--from", "2026-01-01", "--to", "2026-02-01"],
    ],
)
def test_an_unreachable_database_is_named_without_its_password_or_a_traceback(
    argv: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", UNREACHABLE)  # main copies --db here; restored after the test
    assert main(["--db", UNREACHABLE, *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"orderbot {argv[0]}: cannot use the database postgresql+psycopg://nobody:***@")
    assert "Connection refused" in err and "s3cret" not in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("not a url", "(DATABASE_URL is not a database URL)"),  # not even a URL
        ("foo://x/y", "foo://x/y: Can't load plugin"),  # a database kind SQLAlchemy does not know
    ],
)
def test_a_malformed_database_url_is_named(
    url: str, says: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["--db", url, "orders", "--dealer", "D01", "--json"]) == 2
    assert says in capsys.readouterr().err
