"""Staff log-in, log-out and the role check every console page and action goes through.

Roles: `ops` (review queue, orders), `approver` (credit holds, price exceptions,
payments), `admin` (everything, and users, aliases, master data).

    @role_required("ops")             # ops and admin may open it; others get 403
    def review_queue(): ...

    @role_required()                  # admin only

The check runs on the server for every request: anonymous visitors are sent to
the login page, a logged-in user without the role gets 403. Passwords are
checked against werkzeug hashes; an unknown email costs the same time as a
wrong password. How fast passwords may be tried is throttle.py's: a limit per client
and a growing delay per email and client, so a stranger cannot lock anyone out. At
login the old session is cleared (nothing a visitor had before logging in survives,
including the CSRF token) and a fresh one begins.

A session is good only while it carries the user's `session_version` from its login
(SESSION_VERSION in the Flask session, checked in `load_user` on every request). Logging
out, a new password and deactivation add one to it (bot/staff.py), so every session of the
user ends at once, including a cookie copied before the logout.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError
from werkzeug.security import check_password_hash, generate_password_hash

from bot.console import throttle
from domain.models import STAFF_ROLES, StaffUser

log = logging.getLogger(__name__)

ROLES_ATTR = "console_roles"
SESSION_VERSION = "staff_version"  # the key in the Flask session
F = TypeVar("F", bound=Callable[..., Any])
_DUMMY_HASH = generate_password_hash(secrets.token_hex(16))


@dataclass(frozen=True)
class ConsoleUser:
    """The logged-in staff member, detached from any database session."""

    id: int
    email: str
    role: str
    session_version: int = 0

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
    """Flask-Login's loader: the active staff user with this id, read fresh on every request, if the
    session began after his last logout, password change or deactivation (its version is his)."""
    from bot.console.web import reading

    if not user_id.isdigit() or len(user_id) > 18:
        return None
    with reading() as db:
        row = db.get(StaffUser, int(user_id))
        if row is None or not row.active or session.get(SESSION_VERSION) != row.session_version:
            return None
        return ConsoleUser(row.id, row.email, row.role, row.session_version)


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
    return ConsoleUser(row.id, row.email, row.role, row.session_version)


def safe_next(target: str | None) -> str | None:
    """Only a path inside the console; never another host (open redirect), a scheme, a backslash,
    a control character (CR/LF would split the Location header) or a climb out with '..'.

    >>> [safe_next(t) for t in ("/console/orders", "https://x.in/console", "/console/a\\r\\nSet-Cookie: x")]
    ['/console/orders', None, None]
    """
    if not target or len(target) > 2000:
        return None
    if any(ord(c) < 32 or ord(c) == 127 for c in target) or "\\" in target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/console") or target.startswith("//"):
        return None
    if ".." in parts.path.split("/"):
        return None
    return target


@public
def login() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("console/login.html", next=safe_next(request.args.get("next")) or "")
    email = request.form.get("email", "")
    who = email.strip().lower()[:200]
    again = safe_next(request.form.get("next")) or ""
    client = throttle.client()
    if throttle.client_over_limit():
        log.info("console: wrong passwords over the limit from %s", client)
        flash("Too many wrong passwords from this address: wait a while and try again.", "error")
        return render_template("console/login.html", next=again), 429
    wait = throttle.wait_before_trying(who, client)
    if wait:
        seconds = max(int(wait.total_seconds() + 0.999), 1)
        flash(f"Too many wrong passwords for this email from here: try again in {seconds} seconds.", "error")
        return render_template("console/login.html", next=again), 429
    user = authenticate(email, request.form.get("password", ""))
    if user is None:
        throttle.count_failure()
        _audit(throttle.FAILED, who, by=client)
        flash("Wrong email or password.", "error")
        return render_template("console/login.html", next=again), 401
    session.clear()  # a new session: nothing from before the login survives
    session.permanent = True
    login_user(user)
    session[SESSION_VERSION] = user.session_version
    session["login_nonce"] = secrets.token_urlsafe(16)
    _audit("auth.login", user.email, by=user.email)
    return redirect(again or url_for("console.home"))


@role_required("ops", "approver")
def logout() -> ResponseReturnValue:
    """Ends every session of the user, here and on every other device (and any copy of the cookie)."""
    from bot.console.audit import record
    from bot.console.web import writing
    from bot.staff import end_sessions

    with writing() as db:
        end_sessions(db, int(current_user.id))
        record(db, "auth.logout", current_user.email, by=current_user.email)
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
    throttle.attach(bp)
    bp.add_url_rule("/login", "login", login, methods=["GET", "POST"])
    bp.add_url_rule("/logout", "logout", logout, methods=["POST"])
    bp.register_error_handler(403, forbidden)
