"""The Flask app factory: `create_app(config=None)`.

Settings come from `config` over the environment (bot/config.py); a missing
required one stops start-up with its name. Nothing connects here or at import:
the engine, the Redis client and the twilio client connect on first use, so
gunicorn's --preload forks clean processes.

Other parts of the house plug in through PLUGINS: each listed module that
exists gets `init_app(app)` called (the ops console, the demo simulator).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from bot import health, invoice_links, webhooks
from bot.config import load_settings
from bot.logging import configure_logging
from bot.runtime import build_runtime

PLUGINS = ("bot.console", "bot.simulator")


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: webhooks, health, and whatever PLUGINS exist; `config` overrides the environment.

    Besides the settings in bot/config.py, `config` may hold Flask keys (TESTING, ...) and
    OUTBOUND_SENDER: an object with TwilioSender's `send` used instead of Twilio (the demo).
    """
    configure_logging()
    given = dict(config or {})
    settings = load_settings(given)
    app = Flask("bot")
    app.config.from_mapping({k: v for k, v in given.items() if k.isupper() and k != "OUTBOUND_SENDER"})
    app.config["SECRET_KEY"] = settings.secret_key
    app.config["MAX_CONTENT_LENGTH"] = settings.max_upload_bytes  # webhooks lower it (bot/webhooks.py)
    if settings.forwarded_hops:  # the client's address from the proxies' X-Forwarded-For, nothing else
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.forwarded_hops)  # type: ignore[method-assign]
    runtime = build_runtime(settings, sender=given.get("OUTBOUND_SENDER"))
    app.extensions["orderbot"] = runtime
    app.register_blueprint(webhooks.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(invoice_links.bp)  # /documents/<signed token>/<name>.pdf: invoices Twilio fetches
    for name in PLUGINS:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue
            raise
        module.init_app(app)
    return app
