"""The /simulator page: on only in demo/development; messages go through the signed webhook."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from bot import create_app
from bot.models import InboundMessage
from bot.simulator import LocalSender, local_config
from tests.bot.conversation_support import D01, Chat


def app_for(chat: Chat, env: str) -> Flask:
    return create_app(
        local_config(str(chat.engine.url), ORDERBOT_ENV=env, OUTBOUND_SENDER=LocalSender(), TESTING=True)
    )


ENVS = [
    ("demo", 200),  # the demo has it
    ("development", 200),  # so has development
    ("production", 404),  # anywhere else it does not exist
]


@pytest.mark.parametrize(("env", "status"), ENVS)
def test_the_simulator_exists_only_in_demo_and_development(chat: Chat, env: str, status: int) -> None:
    app = app_for(chat, env)
    try:
        assert app.test_client().get("/simulator").status_code == status
    finally:
        app.extensions["orderbot"].close()


def test_the_page_lists_dealers_and_reps_and_escapes_names(chat: Chat) -> None:
    app = app_for(chat, "demo")
    try:
        page = app.test_client().get("/simulator").get_data(as_text=True)
    finally:
        app.extensions["orderbot"].close()
    assert "Shree Ganesh Kirana, Nagpur (D01, dealer)" in page and "rep for D01, D02, D03, D05" in page
    assert D01 in page


def test_a_message_goes_through_the_signed_webhook_and_the_replies_come_from_the_outbox(chat: Chat) -> None:
    app = app_for(chat, "demo")
    client = app.test_client()
    try:
        draft = client.post("/simulator/send", json={"phone": D01, "body": "10 peti maggi"}).get_json()
        done = client.post("/simulator/send", json={"phone": D01, "body": "yes"}).get_json()
        feed = client.get("/simulator/messages", query_string={"phone": D01, "after": 0}).get_json()
    finally:
        app.extensions["orderbot"].close()
    assert "*Order draft SO-1001*" in draft["replies"][0]
    assert "confirmed" in done["replies"][0]
    assert [m["body"] for m in feed["messages"]] == draft["replies"] + done["replies"]
    assert [m.status for m in chat.rows(InboundMessage)] == [
        "processed",
        "processed",
    ]  # via the webhook


def test_a_photo_from_the_simulator_arrives_as_media_and_is_queued_for_review(chat: Chat) -> None:
    app = app_for(chat, "demo")
    try:
        reply = app.test_client().post("/simulator/send", json={"phone": D01, "body": "bill", "photo": True})
    finally:
        app.extensions["orderbot"].close()
    assert "Got your file" in reply.get_json()["replies"][0]
    [message] = chat.rows(InboundMessage)
    assert message.num_media == 1 and message.media_urls[0].endswith(".jpg")


CHROMIUM = "/usr/bin/chromium"


@pytest.mark.browser
def test_a_person_chats_in_the_browser_and_sees_the_bots_replies_formatted(chat: Chat) -> None:
    import os
    import threading

    from werkzeug.serving import make_server

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is missing (Debian package chromium)")
    from playwright.sync_api import sync_playwright

    app = app_for(chat, "demo")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM)
            page = browser.new_page(viewport={"width": 420, "height": 860})
            page.goto(f"http://127.0.0.1:{server.server_port}/simulator")
            page.select_option("#phone", "+919000000102")
            page.fill("#body", "maggi 2 peti")
            page.press("#body", "Enter")
            page.wait_for_selector(".msg.bot", timeout=20000)
            bold = page.inner_html(".msg.bot")
            page.fill("#body", "haan")
            page.press("#body", "Enter")
            page.wait_for_function("document.querySelectorAll('.msg.bot').length >= 2", timeout=20000)
            texts = [e.inner_text() for e in page.query_selector_all(".msg.bot")]
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
        app.extensions["orderbot"].close()
    assert "<b>Order draft SO-1001</b>" in bold  # WhatsApp *bold* shown bold, as a phone shows it
    assert "Order SO-1001 confirmed." in texts[1]


def test_the_demo_database_is_migrated_and_loaded_from_the_fixtures_once(tmp_path: Path) -> None:
    import sqlalchemy as sa

    from bot.commands import demo
    from domain.db import make_engine
    from domain.models import Dealer, LedgerEntry

    path = tmp_path / "demo.db"

    def counts() -> tuple[int, int]:
        engine = make_engine(f"sqlite:///{path}")
        try:
            with engine.connect() as conn:
                return (
                    conn.scalar(sa.select(sa.func.count(Dealer.id))) or 0,
                    conn.scalar(sa.select(sa.func.count(LedgerEntry.id))) or 0,
                )
        finally:
            engine.dispose()

    assert demo.prepare(path, demo.FIXTURES) == f"sqlite:///{path}"
    first = counts()
    assert first[0] == 10
    demo.prepare(path, demo.FIXTURES)  # started again: the data is kept, nothing imported twice
    assert counts() == first
    demo.prepare(path, demo.FIXTURES, fresh=True)  # --fresh starts over
    assert counts() == first


def test_the_demo_can_still_print_the_parse_of_the_sample_chats(capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    assert main(["demo", "--samples"]) == 0
    out = capsys.readouterr().out
    assert "> bhaiya 10 peti maggi aur 5 peti parle g bhej do" in out and "MAG-MAS-70" in out
