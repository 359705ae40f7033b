"""`orderbot user add EMAIL --role ROLE`: the password from standard input, stored hashed, good to log in."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.security import check_password_hash

from bot.cli import main
from domain.db import make_engine
from domain.models import StaffUser


def users(url: str) -> list[StaffUser]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return list(conn.execute(sa.select(StaffUser.__table__)).all())  # type: ignore[arg-type]
    finally:
        engine.dispose()


def run(monkeypatch: pytest.MonkeyPatch, url: str, stdin: str, *args: str) -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    monkeypatch.setenv("DATABASE_URL", url)  # --db sets it; this puts it back after the test
    return main(["--db", url, "user", *args])


def test_a_user_is_added_with_a_hashed_password_read_from_stdin(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'u.db'}"
    assert run(monkeypatch, url, "s3cret-enough\n", "add", "Asha@Example.com", "--role", "approver") == 0
    [row] = users(url)
    assert (row.email, row.role, row.active) == ("asha@example.com", "approver", True)
    assert "s3cret-enough" not in row.password_hash
    assert row.password_hash.startswith("scrypt:") and check_password_hash(row.password_hash, "s3cret-enough")


@pytest.mark.parametrize(
    ("stdin", "args", "code", "says"),
    [
        ("short\n", ("add", "a@b.in", "--role", "ops"), 2, "fewer than 12 characters"),  # too short
        ("Password@2026\n", ("add", "a@b.in", "--role", "ops"), 2, "is a common password"),  # common
        ("asha.k@x.in123\n", ("add", "asha.k@x.in", "--role", "ops"), 2, "is the email"),  # the email
        ("plenty long enough\n", ("add", "not-an-email", "--role", "ops"), 2, "is not an email address"),
        ("plenty long enough\n", ("add", "ops@x.in", "--role", "ops"), 1, "exists already"),  # added twice
        ("plenty long enough\n", ("passwd", "nobody@x.in"), 1, "no user nobody@x.in"),  # unknown user
        ("tiny\n", ("passwd", "ops@x.in"), 2, "fewer than 12 characters"),  # the rules hold for passwd
        ("", ("deactivate", "nobody@x.in"), 1, "no user nobody@x.in"),
    ],
)
def test_a_bad_user_add_says_what_is_wrong(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    stdin: str,
    args: tuple[str, ...],
    code: int,
    says: str,
) -> None:
    url = f"sqlite:///{tmp_path / 'u.db'}"
    assert run(monkeypatch, url, "first-password\n", "add", "ops@x.in", "--role", "ops") == 0
    capsys.readouterr()
    assert run(monkeypatch, url, stdin, *args) == code
    assert says in capsys.readouterr().err
    assert len(users(url)) == 1


def test_update_changes_the_password_and_role(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'u.db'}"
    run(monkeypatch, url, "first-password\n", "add", "ops@x.in", "--role", "ops")
    assert run(monkeypatch, url, "second-password\n", "add", "ops@x.in", "--role", "admin", "--update") == 0
    [row] = users(url)
    assert row.role == "admin" and check_password_hash(row.password_hash, "second-password")


def test_an_unknown_role_is_refused_by_the_parser(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run(
            monkeypatch,
            f"sqlite:///{tmp_path / 'u.db'}",
            "plenty long enough\n",
            "add",
            "a@b.in",
            "--role",
            "boss",
        )
    assert exit_info.value.code == 2


def test_passwd_changes_the_password_and_deactivate_stops_the_login(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'u.db'}"
    run(monkeypatch, url, "first-password\n", "add", "ops@x.in", "--role", "ops")
    assert run(monkeypatch, url, "a new ledger password\n", "passwd", "OPS@x.in") == 0
    [row] = users(url)
    assert check_password_hash(row.password_hash, "a new ledger password") and row.session_version == 2
    assert run(monkeypatch, url, "", "deactivate", "ops@x.in") == 0
    [row] = users(url)
    assert (row.active, row.session_version) == (False, 3)  # each ends every session of the user
