"""What every console view shares: sessions, the acting staff member, outbound delivery, filters.

with reading() as session:                  # a read-only look (SQLite: no write lock held)
    rows = queries.open_reviews(session)
with writing() as session:                  # one transaction: the change, its audit row, the messages
    outbox = do_the_thing(session, ...)
deliver(outbox)                             # hand the committed messages to the sender
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, tzinfo
from decimal import Decimal, InvalidOperation

from flask import Flask, current_app, g
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy.orm import Session

from bot.console import words
from bot.runtime import Runtime
from domain.columns import utcnow
from domain.money import fmt_inr
from domain.orders import Actor


def runtime() -> Runtime:
    found: Runtime = current_app.extensions["orderbot"]
    return found


@contextmanager
def reading() -> Iterator[Session]:
    """A session for looking only; on SQLite it begins DEFERRED so it never holds the write lock."""
    rt = runtime()
    with rt.sessions(bind=rt.engine.execution_options(sqlite_deferred=True)) as session:
        yield session


@contextmanager
def writing() -> Iterator[Session]:
    """A session whose work commits together when the block ends (rolled back if it raises)."""
    with runtime().sessions() as session, session.begin():
        yield session


def deliver(outbox_ids: Iterable[int]) -> None:
    """Hand committed outbox rows to the dispatcher (rq, or inline); the sweeper covers a failure."""
    rt = runtime()
    for outbox_id in outbox_ids:
        rt.dispatcher.deliver(outbox_id)


def staff() -> Actor:
    """The logged-in staff member as the domain's actor."""
    return Actor.staff(str(current_user.email))


def who() -> str:
    return str(current_user.email) if current_user.is_authenticated else "anonymous"


def decimal_or_none(text: str | None) -> Decimal | None:
    """'12.5' -> Decimal('12.5'); blank or not a number -> None."""
    try:
        value = Decimal((text or "").strip().replace(",", ""))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def date_or_none(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        return None


def age(moment: datetime | None, now: datetime | None = None) -> str:
    """'3d 4h', '2h 10m', '5m' since `moment`."""
    if moment is None:
        return ""
    seconds = max(int(((now or utcnow()) - moment).total_seconds()), 0)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return f"{days}d {hours}h"
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m"


def qty(value: Decimal | None) -> str:
    """Decimal('10.000') -> '10', Decimal('0.500') -> '0.5'."""
    if value is None:
        return ""
    text = f"{Decimal(value).normalize():f}"
    return text


def local_zone() -> tzinfo:
    """The distributor's time zone (the `timezone` setting), read once a request."""
    if "console_zone" not in g:
        with reading() as session:
            g.console_zone = words.distributor_zone(session)
    found: tzinfo = g.console_zone
    return found


def person(kind: object, ref: str | None) -> str:
    """Who did something, by name (bot/console/words.py), each looked up once a request."""
    names: dict[tuple[str, str], str] = g.setdefault("console_people", {})
    key = (str(getattr(kind, "value", kind)), ref or "")
    if key not in names:
        with reading() as session:
            names[key] = words.person(session, kind, ref or "")
    return names[key]


def staff_name(user: object) -> str:
    """A staff user as the console names him (his email; never a phone)."""
    return str(getattr(user, "email", "") or "")


def register_filters(app: Flask) -> None:
    """Jinja filters for money, quantities, ages and times. Every one returns plain text (escaped)."""
    app.jinja_env.filters["inr"] = lambda v: "" if v is None else fmt_inr(Decimal(v))
    app.jinja_env.filters["qty"] = qty
    app.jinja_env.filters["age"] = age
    app.jinja_env.filters["when"] = lambda v: words.local_time(v, local_zone())
    app.jinja_env.filters["state_words"] = words.state_words
    app.jinja_env.filters["person"] = staff_name
    app.jinja_env.globals["person"] = person
    app.jinja_env.filters["nbsp"] = lambda v: Markup("&nbsp;") if v in (None, "") else v
