"""What a console password must be: long, not common, not the email. Checked wherever one is set.

    weakness("correct horse battery", "asha@example.com")   # None: good enough
    weakness("Password@2026", "asha@example.com")           # 'is a common password with ...'

The rules are a table of (test, what is wrong); the first that fails is named, so the person
setting the password reads why it was refused. The common passwords are a data file shipped in
the package (bot/rules/common_passwords.txt, the top of the public breach lists, lower case).

>>> weakness("short", "a@b.in")
'has fewer than 12 characters'
>>> weakness("passwordpassword", "a@b.in")
'is a common password (or one with digits and symbols around it)'
>>> weakness("Asha@Example.com", "asha@example.com")
'is the email address or its name'
>>> weakness("aaaaaaaabbbb", "a@b.in")
'uses fewer than 5 different characters'
>>> weakness("tractor parts ledger", "a@b.in") is None
True
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from importlib import resources

MIN_LENGTH = 12
MIN_DISTINCT = 5
COMMON_FILE = "rules/common_passwords.txt"
_AROUND = re.compile(r"^[\W\d_]+|[\W\d_]+$")  # digits, symbols and spaces before or after the word


class WeakPassword(ValueError):
    """A password that may not be set; the message says why."""


@cache
def common_passwords() -> frozenset[str]:
    text = resources.files("bot").joinpath(COMMON_FILE).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def cores(password: str) -> set[str]:
    """The forms a guesser tries: as typed (lower case), without spaces, without the digits and symbols
    around it, and the unit of a repeat ('abcabcabcabc' -> 'abc').

    >>> sorted(cores("Password@2026"))
    ['password', 'password@2026']
    """
    lowered = password.lower()
    found = {lowered, lowered.replace(" ", ""), _AROUND.sub("", lowered)}
    for form in list(found):
        repeat = re.fullmatch(r"(.+?)\1+", form)
        if repeat:
            found.add(repeat.group(1))
    return {form for form in found if form}


def _too_short(password: str, email: str) -> bool:
    return len(password) < MIN_LENGTH


def _too_plain(password: str, email: str) -> bool:
    return len(set(password.lower())) < MIN_DISTINCT


def _common(password: str, email: str) -> bool:
    return bool(cores(password) & common_passwords())


def _the_email(password: str, email: str) -> bool:
    address = email.strip().lower()
    name = address.split("@", 1)[0]
    return bool(cores(password) & {address, name, _AROUND.sub("", name)})


RULES: tuple[tuple[Callable[[str, str], bool], str], ...] = (
    (_too_short, f"has fewer than {MIN_LENGTH} characters"),
    (_too_plain, f"uses fewer than {MIN_DISTINCT} different characters"),
    (_common, "is a common password (or one with digits and symbols around it)"),
    (_the_email, "is the email address or its name"),
)


def weakness(password: str, email: str) -> str | None:
    """What is wrong with `password` for the user `email`, or None when it may be set."""
    for test, wrong in RULES:
        if test(password, email):
            return wrong
    return None


def check(password: str, email: str) -> None:
    """Raise WeakPassword naming what is wrong ('the password has fewer than 12 characters')."""
    wrong = weakness(password, email)
    if wrong is not None:
        raise WeakPassword(f"the password {wrong}")
