"""`orderbot user add EMAIL --role ROLE`: a console user; the password is read from standard input.

    printf '%s\n' "$PASSWORD" | orderbot user add asha@example.com --role ops
    orderbot user add ravi@example.com --role admin      # asks twice on a terminal
    orderbot user list

The password is stored as a werkzeug hash (never in clear). Adding an email
that exists changes its password and role (say --update), so a forgotten
password is reset the same way. The database is migrated first when behind.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from bot import migrations
from domain.db import database_url, make_engine, session_factory
from domain.models import STAFF_ROLES, StaffUser

MIN_PASSWORD = 8


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "user", help="console users (add, list)", description=__doc__.splitlines()[0]
    )
    actions = parser.add_subparsers(dest="user_action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a user (password from standard input)")
    add.add_argument("email")
    add.add_argument("--role", required=True, choices=STAFF_ROLES)
    add.add_argument("--update", action="store_true", help="change password and role of an existing user")
    add.set_defaults(func=add_user)
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
    try:
        password = read_password()
    except ValueError as exc:
        print(f"user add: {exc}", file=sys.stderr)
        return 2
    if len(password) < MIN_PASSWORD:
        print(
            f"user add: the password must have at least {MIN_PASSWORD} characters (read from standard input)",
            file=sys.stderr,
        )
        return 2
    url = database_url()
    if migrations.needs_upgrade(url):
        migrations.upgrade(url)
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session, session.begin():
            row = session.scalars(sa.select(StaffUser).where(sa.func.lower(StaffUser.email) == email)).first()
            if row is not None and not args.update:
                print(
                    f"user add: {email} exists already (add --update to change its password and role)",
                    file=sys.stderr,
                )
                return 1
            if row is None:
                row = StaffUser(email=email, password_hash="", role=args.role)
                session.add(row)
            row.password_hash = generate_password_hash(password)
            row.role, row.active = args.role, True
    finally:
        engine.dispose()
    print(f"{email}: {args.role}")
    return 0


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
