"""Staff log-in, log-out and the role check every console page and action goes through.

Roles: `ops` (review queue, orders), `approver` (credit holds, price exceptions,
payments), `admin` (everything, and users, aliases, master data).

    @role_required("ops")             # ops and admin may open it; others get 403
    def review_queue(): ...

    @role_required()                  # admin only

The check runs on the server for every request: anonymous visitors are sent to
the login page, a logged-in user without the role gets 403. Passwords are
checked against werkzeug hashes; an unknown email costs the same time as a
wrong password; after MAX_FAILURES wrong ones for an email within LOCKOUT, that
email is refused (429) without a check until the window passes. At login the
old session is cleared (nothing a visitor had before logging in survives,
including the CSRF token) and a fresh one begins.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError
from werkzeug.security import check_password_hash, generate_password_hash

from domain.columns import utcnow
from domain.models import STAFF_ROLES, AuditLog, StaffUser

log = logging.getLogger(__name__)

ROLES_ATTR = "console_roles"
MAX_FAILURES = 10  # wrong passwords for one email within LOCKOUT before it is refused without a check
LOCKOUT = timedelta(minutes=15)
F = TypeVar("F", bound=Callable[..., Any])
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


@dataclass(frozen=True)
class ConsoleUser:
    """The logged-in staff member, detached from any database session."""

    id: int
    email: str
    role: str

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        return str(self.id)


def may(role: str, roles: Iterable[str]) -> bool:
    """Admin may do everything; anyone else needs one of `roles`."""
    return role == "admin" or role in set(roles)


def role_required(*roles: str) -> Callable[[F], F]:
    """Allow the view to logged-in users with one of `roles` (and admins); 403 for the rest."""
    unknown = set(roles) - set(STAFF_ROLES)
    if unknown:
        raise ValueError(f"role_required: unknown roles {sorted(unknown)} (known: {', '.join(STAFF_ROLES)})")

    def decorate(view: F) -> F:
        @wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
            if not may(current_user.role, roles):
                log.info(
                    "console: %s (%s) refused %s", current_user.email, current_user.role, request.endpoint
                )
                abort(403)
            return view(*args, **kwargs)

        setattr(checked, ROLES_ATTR, tuple(roles))
        return cast(F, checked)

    return decorate


def public(view: F) -> F:
    """Mark a console view as open to anyone (the login page only)."""
    setattr(view, ROLES_ATTR, ("*",))
    return view


def load_user(user_id: str) -> ConsoleUser | None:
    """Flask-Login's loader: the active staff user with this id, read fresh on every request."""
    from bot.console.web import reading

    if not user_id.isdigit():
        return None
    with reading() as db:
        row = db.get(StaffUser, int(user_id))
        if row is None or not row.active:
            return None
        return ConsoleUser(row.id, row.email, row.role)


def authenticate(email: str, password: str) -> ConsoleUser | None:
    """The active user with this email and password, or None (same work either way)."""
    from bot.console.web import reading

    with reading() as db:
        row = db.scalars(
            sa.select(StaffUser).where(sa.func.lower(StaffUser.email) == email.strip().lower())
        ).first()
    if row is None or not row.active:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not check_password_hash(row.password_hash, password):
        return None
    return ConsoleUser(row.id, row.email, row.role)


def safe_next(target: str | None) -> str | None:
    """Only a path inside the console; never another host (open redirect) or a scheme."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/console") or target.startswith("//"):
        return None
    return target


@public
def login() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("console/login.html", next=request.args.get("next", ""))
    email = request.form.get("email", "")
    who = email.strip().lower()[:200]
    if _failures(who) >= MAX_FAILURES:
        flash(f"Too many wrong passwords for this email: wait {LOCKOUT.seconds // 60} minutes.", "error")
        return render_template("console/login.html", next=request.form.get("next", "")), 429
    user = authenticate(email, request.form.get("password", ""))
    if user is None:
        _audit("auth.login_failed", who)
        flash("Wrong email or password.", "error")
        return render_template("console/login.html", next=request.form.get("next", "")), 401
    target = safe_next(request.form.get("next"))
    session.clear()  # a new session: nothing from before the login survives
    session.permanent = True
    login_user(user)
    session["login_nonce"] = secrets.token_urlsafe(16)
    _audit("auth.login", user.email, by=user.email)
    return redirect(target or url_for("console.home"))


@role_required("ops", "approver")
def logout() -> ResponseReturnValue:
    _audit("auth.logout", current_user.email)
    logout_user()
    session.clear()
    flash("Logged out.", "info")
    return redirect(url_for("console.login"))


def csrf_refused(error: CSRFError) -> ResponseReturnValue:
    log.info("console: CSRF refused on %s: %s", request.path, error.description)
    return render_template(
        "console/error.html",
        code=400,
        message=f"The form was refused: {error.description} Reload the page and try again.",
    ), 400


def _failures(email: str) -> int:
    """Failed logins for `email` in the last LOCKOUT (read from the audit log: every process sees them)."""
    from bot.console.web import reading

    since = utcnow() - LOCKOUT
    with reading() as db:
        query = sa.select(sa.func.count()).where(
            AuditLog.action == "auth.login_failed", AuditLog.target == email, AuditLog.at >= since
        )
        return int(db.scalar(query) or 0)


def _audit(action: str, target: str, by: str | None = None) -> None:
    from bot.console.audit import record
    from bot.console.web import writing

    with writing() as db:
        record(db, action, target, by=by or target or "anonymous")


def forbidden(error: Exception) -> ResponseReturnValue:
    return render_template(
        "console/error.html", code=403, message="Your role may not open this page or do this action."
    ), 403


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/login", "login", login, methods=["GET", "POST"])
    bp.add_url_rule("/logout", "logout", logout, methods=["POST"])
    bp.register_error_handler(403, forbidden)
