"""`orderbot user add|passwd|deactivate|list`: console users; a password is read from standard input.

    printf '%s\n' "$PASSWORD" | orderbot user add asha@example.com --role ops
    orderbot user add ravi@example.com --role admin      # asks twice on a terminal
    printf '%s\n' "$NEW" | orderbot user passwd asha@example.com
    orderbot user deactivate asha@example.com
    orderbot user list

The password is stored as a werkzeug hash (never in clear) and must pass bot/passwords.py: at
least 12 characters, not a common password, not the email; a refused one is named. A new
password and deactivation end every console session of the user at once (bot/staff.py).
Adding an email that exists changes its password and role (say --update). The database is
migrated first when behind.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bot import migrations
from bot.passwords import WeakPassword, check
from bot.staff import deactivate, find, set_password
from domain.db import database_url, make_engine, session_factory
from domain.models import STAFF_ROLES, StaffUser


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "user", help="console users (add, passwd, deactivate, list)", description=__doc__.splitlines()[0]
    )
    actions = parser.add_subparsers(dest="user_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a user (password from standard input)")
    add.add_argument("email")
    add.add_argument("--role", required=True, choices=STAFF_ROLES)
    add.add_argument("--update", action="store_true", help="change password and role of an existing user")
    add.set_defaults(func=add_user)
    passwd = actions.add_parser("passwd", help="a new password (from standard input); ends his sessions")
    passwd.add_argument("email")
    passwd.set_defaults(func=change_password)
    off = actions.add_parser("deactivate", help="the user can no longer log in; ends his sessions")
    off.add_argument("email")
    off.set_defaults(func=deactivate_user)
    listing = actions.add_parser("list", help="list users and their roles")
    listing.set_defaults(func=list_users)


def read_password() -> str:
    """One line from standard input; on a terminal, asked twice without echo."""
    if sys.stdin.isatty():
        first = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != first:
            raise ValueError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def add_user(args: argparse.Namespace) -> int:
    email = args.email.strip().lower()
    if "@" not in email or len(email) > 254:
        print(f"user add: '{args.email}' is not an email address", file=sys.stderr)
        return 2
    password = _new_password("user add", email)
    if password is None:
        return 2

    def work(session: Session) -> int:
        row = find(session, email)
        if row is not None and not args.update:
            print(
                f"user add: {email} exists already (add --update to change its password and role)",
                file=sys.stderr,
            )
            return 1
        if row is None:
            row = StaffUser(email=email, password_hash="", role=args.role)
            session.add(row)
        row.role, row.active = args.role, True
        set_password(session, row, password)
        return 0

    code = _in_transaction(work)
    if code == 0:
        print(f"{email}: {args.role}")
    return code


def change_password(args: argparse.Namespace) -> int:
    email = args.email.strip().lower()
    password = _new_password("user passwd", email)
    if password is None:
        return 2

    def work(session: Session) -> int:
        row = find(session, email)
        if row is None:
            print(f"user passwd: no user {email} (orderbot user list shows them)", file=sys.stderr)
            return 1
        set_password(session, row, password)
        return 0

    code = _in_transaction(work)
    if code == 0:
        print(f"{email}: new password; every session of this user has ended")
    return code


def deactivate_user(args: argparse.Namespace) -> int:
    email = args.email.strip().lower()

    def work(session: Session) -> int:
        row = find(session, email)
        if row is None:
            print(f"user deactivate: no user {email} (orderbot user list shows them)", file=sys.stderr)
            return 1
        deactivate(session, row)
        return 0

    code = _in_transaction(work)
    if code == 0:
        print(f"{email}: inactive; every session of this user has ended")
    return code


def list_users(args: argparse.Namespace) -> int:
    url = database_url()
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            for row in session.scalars(sa.select(StaffUser).order_by(StaffUser.email)):
                print(f"{row.email}\t{row.role}\t{'active' if row.active else 'inactive'}")
    finally:
        engine.dispose()
    return 0


def _new_password(command: str, email: str) -> str | None:
    """The password from standard input if it may be set; else None after saying why."""
    try:
        password = read_password()
        check(password, email)
    except WeakPassword as exc:
        print(f"{command}: {exc} (read from standard input)", file=sys.stderr)
        return None
    except ValueError as exc:
        print(f"{command}: {exc}", file=sys.stderr)
        return None
    return password


def _in_transaction(work: Callable[[Session], int]) -> int:
    """Run `work` in one transaction on the migrated database; its exit code."""
    url = database_url()
    if migrations.needs_upgrade(url):
        migrations.upgrade(url)
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session, session.begin():
            return work(session)  # a refusal returns before changing anything
    finally:
        engine.dispose()
