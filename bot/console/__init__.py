"""The ops console at /console: staff log in and work the review queue, approvals, orders and dealers.

`init_app(app)` (called by bot.app's PLUGINS) builds a fresh `console` blueprint,
lets every module of this package that has `register(bp)` add its pages to it
(auth, review, approvals, orders, dealers, and the dashboard/reports/masters
modules beside them), and registers it with:

- Flask-Login: staff users from `staff_users`; an anonymous visitor is sent to /console/login.
- CSRF (Flask-WTF) on every console form, and only there: the Twilio webhooks and the
  simulator are not forms and are never checked (WTF_CSRF_CHECK_DEFAULT is off; the
  console blueprint checks its own requests).
- The session cookie HttpOnly, SameSite=Lax, and Secure outside development
  (development = app.debug, or ORDERBOT_ENV / ENV "development"/"demo" in the config or environment,
  as for the simulator).
- Fail-closed roles: a console view that was not declared with `auth.role_required(...)`
  (or `auth.public`) answers 403, so a page added without a role check is never open.

A module may also expose `NAV = [(label, endpoint, roles), ...]` to appear in the menu.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from flask import Blueprint, Flask, abort, current_app, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect

from bot.console import auth
from bot.console.web import register_filters

PREFIX = "/console"
DEVELOPMENT = frozenset({"development", "dev", "demo"})
CORE_NAV: list[tuple[str, str, tuple[str, ...]]] = [
    ("Review", "console.review_queue", ("ops",)),
    ("Approvals", "console.approvals", ("approver",)),
    ("Orders", "console.orders", ("ops", "approver")),
    ("Dealers", "console.dealers", ("ops", "approver")),
    ("Unknown numbers", "console.unknown_senders", ("ops", "approver")),
    ("Aliases", "console.aliases", ("ops",)),
    ("Audit log", "console.audit_log", ()),
]

csrf = CSRFProtect()
login_manager = LoginManager()
login_manager.login_view = "console.login"
login_manager.login_message = "Please log in to use the console."
login_manager.session_protection = "strong"
login_manager.user_loader(auth.load_user)


def is_development(app: Flask) -> bool:
    given = app.config.get("ORDERBOT_ENV") or app.config.get("ENV") or os.environ.get("ORDERBOT_ENV", "")
    env = str(given).lower()
    return bool(app.debug) or env in DEVELOPMENT


def route_modules() -> list[Any]:
    """This package's modules that add pages (`register(bp)`), in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if callable(getattr(module, "register", None)):
            found.append(module)
    return found


def build_blueprint() -> Blueprint:
    """A new blueprint with every page module on it (one per app: a blueprint is frozen once used)."""
    bp = Blueprint(
        "console",
        __name__,
        url_prefix=PREFIX,
        template_folder="templates",
        static_folder="static",
        static_url_path="/static",
    )
    nav: list[tuple[str, str, tuple[str, ...]]] = list(CORE_NAV)
    for module in route_modules():
        module.register(bp)
        nav.extend(getattr(module, "NAV", []))
    nav.sort(key=lambda entry: entry[1] != "console.dashboard")  # the dashboard first, the rest as listed
    bp.before_request(_guard)
    bp.context_processor(lambda: {"console_nav": _visible(nav)})
    return bp


def init_app(app: Flask) -> None:
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # only the console checks CSRF (webhooks are not forms)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", 8 * 3600)  # a shift with a page left open
    app.config["SESSION_COOKIE_HTTPONLY"] = True  # Flask has defaults for these: set, not setdefault
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = not is_development(app)
    app.config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=12)
    csrf.init_app(app)
    login_manager.init_app(app)
    register_filters(app)
    app.register_blueprint(build_blueprint())
    app.register_error_handler(CSRFError, auth.csrf_refused)
    if not any(rule.rule == f"{PREFIX}/" for rule in app.url_map.iter_rules()):
        app.add_url_rule(f"{PREFIX}/", endpoint="console.home", view_func=_home)


def _guard() -> ResponseReturnValue | None:
    """Before every console request: CSRF on forms, then a role declaration on the view (fail closed)."""
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    view = current_app.view_functions.get(request.endpoint or "")
    if request.endpoint == "console.static":
        return None
    if view is None or not hasattr(view, auth.ROLES_ATTR):
        abort(403)
    return None


def _visible(nav: list[tuple[str, str, tuple[str, ...]]]) -> list[tuple[str, str]]:
    if not current_user.is_authenticated:
        return []
    shown = []
    for label, endpoint, roles in nav:
        if endpoint in current_app.view_functions and auth.may(current_user.role, roles):
            shown.append((label, url_for(endpoint)))
    return shown


@auth.public
def _home() -> ResponseReturnValue:
    """/console/: the first page the user's role may open."""
    if not current_user.is_authenticated:
        return redirect(url_for("console.login"))
    for endpoint in ("console.dashboard", "console.review_queue", "console.approvals", "console.orders"):
        view: Callable[..., Any] | None = current_app.view_functions.get(endpoint)
        if view is not None and auth.may(current_user.role, getattr(view, auth.ROLES_ATTR, ())):
            return redirect(url_for(endpoint))
    return redirect(url_for("console.orders"))
