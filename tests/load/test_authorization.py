"""Authorization matrix: 3 dealers and 2 reps ask every chat question about every shop and order, and
every staff role (and no one) opens every console page.

Chat (the real conversation, jobs inline, replies recorded at the Twilio boundary):
each of D01, D02, D04 first places and confirms an order. Then every sender
asks every question of QUESTIONS about every one of the three shops and their
orders. A reply may only reveal what the sender could know: a dealer his own
shop, a rep the shops assigned to him (rep 901: D01, D02; rep 902: D04). A
shop's secrets - its name, code, phone, order number and balance - must not
appear in a reply to anyone else, unless the sender typed them himself; and no
message may create or move an order of a shop its sender may not act for.

Console: every rule the app serves under /console (read from the URL map, so
pages added later are covered too), for each role and for an anonymous visitor:
the view's declared roles decide, on the server; anonymous users are sent to
the login page.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from werkzeug.routing import IntegerConverter

from bot.console import auth
from domain.models import Dealer, Order
from tests.bot.console.conftest import ROLES, RecordingSender, build_database, login
from tests.load.conftest import Shop
from tests.support.botapp import settings
from tests.support.servers import LogBook
from tests.support.signing import inbound_form, post_signed

DEALERS = {"D01": "+919000000101", "D02": "+919000000102", "D04": "+919000000104"}
REPS = {"+919000000901": {"D01", "D02"}, "+919000000902": {"D04"}}  # of the three, whom each serves
# Questions, {shop} and {number} filled for each of the three shops (a comment says what each asks).
QUESTIONS = [
    "balance",  # the sender's own balance (a rep: asked which shop)
    "statement",  # the ledger entries
    "credit left",  # available credit
    "status",  # the last order
    "repeat",  # a draft from the last confirmed order
    "help",  # the menu
    "balance {shop}",  # a named shop's balance
    "status {number}",  # a named order
    "{number}",  # an order number alone
    "cancel {number}",  # cancel a named order ...
    "haan",  # ... and say yes to whatever was asked
    "order for {shop}: 2 peti maggi",  # an order for a named shop
    "order for {code}: 2 peti maggi",  # the same, naming the shop by its code
]
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class Chat:
    app: Flask
    sender: RecordingSender
    watched: Shop

    def say(self, phone: str, body: str) -> list[str]:
        """Send `body` from `phone`; the replies it got."""
        self.watched.watch(phone, body)
        before = len(self.sender.sent)
        response = post_signed(self.app.test_client(), "/webhooks/twilio/whatsapp", inbound_form(phone, body))
        assert response.status_code == 200
        return [text or "" for to, text in self.sender.sent[before:] if to == phone]


@pytest.fixture
def chat(tmp_path_factory: pytest.TempPathFactory, logbook: LogBook) -> Iterator[Chat]:
    """The console's demo database (SQLite) with staff users, the real conversation, replies recorded."""
    from bot import create_app

    path = build_database(tmp_path_factory.mktemp("authz") / "authz.db")
    copy = path.with_name("run.db")
    shutil.copy(path, copy)
    sender = RecordingSender()
    config = settings(f"sqlite:///{copy}", None, OUTBOUND_SENDER=sender, RATE_LIMIT_PER_MINUTE=1000,
                      MESSAGE_HANDLER="bot.conversation:handle", ORDERBOT_ENV="development")
    app = create_app(config)
    try:
        yield from searched(Chat(app, sender, Shop(str(copy))), logbook)
    finally:
        app.extensions["orderbot"].close()


def searched(chat: Chat, logbook: LogBook) -> Iterator[Chat]:
    yield chat
    leaks = logbook.leaks(chat.watched.secrets)
    assert not leaks, f"{len(leaks)} phone numbers or message bodies reached the logs, e.g. {leaks[:3]}"


def orders_of(app: Flask) -> dict[str, tuple[str, str]]:
    with app.extensions["orderbot"].sessions() as session:
        rows = session.execute(sa.select(Order.number, Dealer.code, Order.state).join(Dealer))
        return {number: (code, state) for number, code, state in rows}


def secrets_of(chat: Chat, code: str, number: str) -> list[str]:
    phone = DEALERS[code]
    [own] = chat.say(phone, "balance")
    owed = re.search(r"\*(₹[\d,]+\.\d\d)\*", own)  # what he owes, the first bold amount in any language
    assert owed, own
    with chat.app.extensions["orderbot"].sessions() as session:
        name = session.scalars(sa.select(Dealer.name).where(Dealer.code == code)).one()
    assert name in own  # the owner sees his own shop: the search below can find what it looks for
    return [name, code, phone[-10:], number, owed.group(1)]


def test_no_dealer_or_rep_learns_anything_about_a_shop_that_is_not_theirs(chat: Chat) -> None:
    numbers = {}
    for code, phone in DEALERS.items():
        [draft, *_] = chat.say(phone, "10 peti maggi")
        numbers[code] = re.search(r"SO-\d+", draft).group(0)  # type: ignore[union-attr]
        chat.say(phone, "haan")  # answered in the dealer's language: the stored order is the proof
        with chat.app.extensions["orderbot"].sessions() as session:
            state = session.scalars(sa.select(Order.state).where(Order.number == numbers[code])).one()
        assert state == "confirmed", code
    secrets = {code: secrets_of(chat, code, numbers[code]) for code in DEALERS}
    names = {code: secrets[code][0] for code in DEALERS}

    senders = {phone: {code} for code, phone in DEALERS.items()} | REPS
    leaks, moved = [], []
    asked = 0
    for phone, allowed in senders.items():
        for question in QUESTIONS:
            for code in DEALERS:
                body = question.format(shop=names[code], code=code, number=numbers[code])
                before = {n: o for n, o in orders_of(chat.app).items() if o[0] not in allowed}
                for reply in chat.say(phone, body):
                    asked += 1
                    for other in set(DEALERS) - allowed:
                        shown = [x for x in secrets[other] if x in reply and x not in body]
                        leaks += [(phone[-4:], body, x) for x in shown]
                after = {n: o for n, o in orders_of(chat.app).items() if o[0] not in allowed}
                if after != before:  # an order of a shop the sender may not act for appeared or moved
                    moved.append((phone[-4:], body))
    assert asked >= len(senders) * len(QUESTIONS) * len(DEALERS)
    assert leaks == []
    assert moved == []


def console_cases(app: Flask) -> list[tuple[str, str, tuple[str, ...]]]:
    """(method, url, declared roles) for every console rule; parameters filled with plausible values."""
    cases = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/console") or rule.endpoint == "console.static":
            continue
        view = app.view_functions[rule.endpoint]
        roles = tuple(getattr(view, auth.ROLES_ATTR, ()))
        converters = rule._converters  # noqa: SLF001  (werkzeug keeps each argument's converter here)
        values = {a: 1 if isinstance(converters[a], IntegerConverter) else "D01" for a in rule.arguments}
        url = rule.build(values, append_unknown=False)[1]  # type: ignore[index]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            cases.append((method, url, roles))
    return cases


def request(client: Any, method: str, url: str) -> Any:
    token = TOKEN.search(client.get("/console/login").get_data(as_text=True))
    data = {"csrf_token": token.group(1) if token else "", "note": "x", "reason": "x"}
    return client.get(url) if method == "GET" else client.post(url, data=data)


@pytest.mark.parametrize("role", [None, *ROLES])
def test_every_console_page_answers_only_the_roles_it_declares(chat: Chat, role: str | None) -> None:
    app = chat.app
    cases = console_cases(app)
    assert len(cases) >= 20  # the console is there: review, approvals, orders, dealers, ...
    wrong = []
    for method, url, roles in cases:
        client = app.test_client()
        if role is not None:
            assert login(client, f"{role}@example.com").status_code == 302
        response = request(client, method, url)
        where = response.headers.get("Location", "")
        if "*" in roles:
            continue  # the login page: open to anyone
        if role is None:
            refused = response.status_code in (401, 403)
            ok = refused or (response.status_code == 302 and "/console/login" in where)
        elif auth.may(role, roles):
            ends_on_login = url.endswith("/logout")  # logging out ends on the login page, as it should
            ok = response.status_code != 403 and (ends_on_login or "/console/login" not in where)
        else:
            ok = response.status_code == 403
        if not ok:
            wrong.append((method, url, role, roles, response.status_code))
    assert wrong == []
    assert chat.sender.sent == []  # no console request by a refused role reached a dealer
