"""Console passwords: at least 12 characters, not common, not the email (issue 12, item 9)."""

from __future__ import annotations

import pytest

from bot.passwords import MIN_LENGTH, WeakPassword, check, common_passwords, weakness

EMAIL = "asha.kulkarni@example.com"


@pytest.mark.parametrize(
    ("password", "wrong"),
    [
        ("correct horse battery", None),  # long and uncommon
        ("Nagpur ledger 2026 bills", None),  # a common word inside a long phrase is fine
        ("s3cret!", "has fewer than 12 characters"),  # too short
        ("x" * (MIN_LENGTH - 1), "has fewer than 12 characters"),  # one short
        ("111111111111", "uses fewer than 5 different characters"),  # one key held down
        ("abababababab", "uses fewer than 5 different characters"),
        ("password1234", "is a common password (or one with digits and symbols around it)"),
        ("Password@2026", "is a common password (or one with digits and symbols around it)"),
        ("qwertyuiop123", "is a common password (or one with digits and symbols around it)"),
        ("1q2w3e4r5t6y", "is a common password (or one with digits and symbols around it)"),
        ("india@12345678", "is a common password (or one with digits and symbols around it)"),
        ("welcomewelcome", "is a common password (or one with digits and symbols around it)"),  # repeated
        ("Asha.Kulkarni@example.com", "is the email address or its name"),  # the email itself
        ("asha.kulkarni2026", "is the email address or its name"),  # its name with a year
    ],
)
def test_a_password_is_refused_naming_what_is_wrong(password: str, wrong: str | None) -> None:
    assert weakness(password, EMAIL) == wrong


def test_check_raises_with_the_reason() -> None:
    with pytest.raises(WeakPassword, match="the password has fewer than 12 characters"):
        check("short", EMAIL)


def test_the_common_list_ships_in_the_package_lower_case() -> None:
    found = common_passwords()
    assert len(found) > 200 and "password" in found and "qwerty123456" in found
    assert all(word == word.lower() and not word.startswith("#") for word in found)
