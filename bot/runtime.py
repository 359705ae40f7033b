"""Everything a webhook, a job or the sweeper needs, built from `Settings` without connecting.

The web app builds one in `create_app` (app.extensions["orderbot"]). An rq
worker has no app: its jobs call `current()`, which builds one from the
environment on first use and keeps it for the life of the process.

The message handler is `MESSAGE_HANDLER` ("module:function", or a callable in a
config dict), called as `handler(session, inbound, now) -> list[Reply]`.
"""

from __future__ import annotations

import importlib
import os
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.config import ConfigError, Settings, load_settings
from bot.dispatch import Dispatcher, InlineDispatcher, RqDispatcher
from bot.logging import configure_logging, install_log_masking
from bot.messages import Inbound, Reply
from bot.outbound import Sent, TwilioSender
from domain.db import make_engine, session_factory

Handler = Callable[[Session, Inbound, datetime], Sequence[Reply]]


class Sender(Protocol):
    def send(
        self,
        to: str,
        body: str | None = None,
        *,
        content_sid: str | None = None,
        content_variables: Any = None,
        status_callback: str | None = None,
        media_url: str | None = None,
    ) -> Sent: ...


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    sender: Sender
    dispatcher: Dispatcher
    _handler: Handler | None = field(default=None, repr=False)

    @property
    def handler(self) -> Handler:
        if self._handler is None:
            self._handler = resolve_handler(self.settings.message_handler)
        return self._handler

    def close(self) -> None:
        self.dispatcher.close()
        self.engine.dispose()


def resolve_handler(spec: str | Callable[..., Any]) -> Handler:
    """'package.module:function' -> the function; ConfigError names MESSAGE_HANDLER when it is not there."""
    if callable(spec):
        return spec
    module_name, _, attr = spec.partition(":")
    if not module_name or not attr:
        raise ConfigError(f"MESSAGE_HANDLER {spec!r} must look like 'package.module:function'")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        raise ConfigError(f"MESSAGE_HANDLER {spec!r}: module {exc.name!r} cannot be imported") from exc
    handler = getattr(module, attr, None)
    if not callable(handler):
        raise ConfigError(f"MESSAGE_HANDLER {spec!r}: {module_name} has no function {attr!r}")
    return handler


def build_runtime(settings: Settings, sender: Sender | None = None) -> Runtime:
    """A runtime for `settings`; `sender` replaces the twilio sender (the demo's local sender)."""
    install_log_masking()
    engine = make_engine(settings.database_url)
    _dispose_after_fork(engine)
    dispatcher: Dispatcher
    if settings.redis_url:
        dispatcher = RqDispatcher(settings)
    else:
        dispatcher = InlineDispatcher()
    runtime = Runtime(
        settings=settings,
        engine=engine,
        sessions=session_factory(engine),
        sender=sender
        or TwilioSender(
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            settings.twilio_whatsapp_from,
            settings.twilio_api_base_url,
        ),
        dispatcher=dispatcher,
    )
    if isinstance(dispatcher, InlineDispatcher):
        dispatcher.bind(runtime)
    return runtime


def _dispose_after_fork(engine: Engine) -> None:
    """A forked child (rq job, gunicorn worker) must not reuse its parent's connections."""
    ref = weakref.ref(engine)

    def forget_parent_connections() -> None:
        alive = ref()
        if alive is not None:
            alive.dispose(close=False)

    os.register_at_fork(after_in_child=forget_parent_connections)


_current: Runtime | None = None


def current() -> Runtime:
    """The process's runtime: the one installed, else one built from the environment."""
    global _current
    if _current is None:
        configure_logging()
        _current = build_runtime(load_settings())
    return _current


def install(runtime: Runtime | None) -> None:
    """Make `runtime` the process's runtime (tests, in-process workers); None forgets it."""
    global _current
    _current = runtime
