"""Console pages carry security headers, templates need no inline code without the nonce, a `next`
out of all reason is ignored, and the dashboard never parses a body the bot refused as too long
(issue 12, item 10)."""

from __future__ import annotations

import re
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pytest

from bot.console import dashboard
from bot.models import InboundMessage
from bot.replies.shape import LIMIT
from domain.columns import utcnow
from tests.bot.console.conftest import PASSWORD, Console

TEMPLATES = Path(__file__).resolve().parents[3] / "bot" / "console" / "templates"


@pytest.mark.parametrize(
    "url",
    [
        "/console/dashboard",  # money on the page
        "/console/dealers/D01",  # a balance and payments
        "/console/orders",
        "/console/login",  # even the login page may not be framed
    ],
)
def test_console_pages_carry_the_security_headers(console: Console, url: str) -> None:
    response = console.client("admin").get(url)
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    nonce = re.search(r"'nonce-([^']+)'", policy)
    assert nonce
    for tag in re.findall(r"<(?:style|script)\b[^>]*>", response.get_data(as_text=True)):
        assert f'nonce="{nonce.group(1)}"' in tag  # every inline block carries this request's nonce


def test_the_stylesheet_may_be_cached_but_not_sniffed(console: Console) -> None:
    response = console.app.test_client().get("/console/static/console.css")
    response.close()
    assert response.status_code == 200
    assert response.headers.get("Cache-Control") != "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", sorted(TEMPLATES.rglob("*.html")), ids=lambda p: p.name)
def test_no_template_needs_inline_code_the_policy_refuses(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"\sstyle\s*=", text), "a style= attribute: use a class in console.css"
    assert not re.search(r"\son[a-z]+\s*=", text), "an inline event handler: use a static script"
    assert "javascript:" not in text
    for tag in re.findall(r"<(?:style|script)\b[^>]*>", text):
        assert "csp_nonce()" in tag, f'{tag} needs nonce="{{{{ csp_nonce() }}}}"'


@pytest.mark.parametrize(
    "next_url",
    [
        "/console/orders\r\nSet-Cookie: planted=1",  # CR/LF would split the Location header
        "/console/orders\nX: y",
        "https://evil.example/console",  # an absolute URL
        "/console/../webhooks/twilio/whatsapp",  # climbing out
        "/console\\@evil.example",  # a backslash some browsers read as a slash
        "/console/" + "a" * 5000,  # absurdly long
    ],
)
def test_a_next_out_of_all_reason_is_ignored_never_a_500(console: Console, next_url: str) -> None:
    client = console.app.test_client()
    assert client.get("/console/login", query_string={"next": next_url}).status_code == 200
    response = client.post(
        "/console/login",
        data={
            "email": "ops@example.com",
            "password": PASSWORD,
            "next": next_url,
            "csrf_token": console.token(client),
        },
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/console/"
    assert "planted" not in str(response.headers)


def test_the_dashboard_never_parses_a_body_the_bot_refused_as_too_long(
    console: Console, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_body = "maggi 10 peti " * 200  # 2,800 characters: the bot answered "too long"
    with console.session() as s, s.begin():
        s.add_all(
            [
                InboundMessage(
                    message_sid="SMlong1",
                    phone="+919000000106",
                    body=long_body,
                    body_length=len(long_body),
                    status="processed",
                    received_at=utcnow(),
                ),
                InboundMessage(
                    message_sid="SMlong2",
                    phone="+919000000106",
                    body="maggi 2 peti",
                    body_length=90_000,
                    status="processed",
                    received_at=utcnow(),
                ),  # stored capped
                InboundMessage(
                    message_sid="SMshort",
                    phone="+919000000106",
                    body="maggi 10 peti",
                    body_length=13,
                    status="processed",
                    received_at=utcnow(),
                ),
            ]
        )
    parsed: list[str] = []
    import bot.parsing

    real = bot.parsing.parse

    def recording(session: Any, text: str, *args: Any, **kwargs: Any) -> Any:
        parsed.append(text)
        return real(session, text, *args, **kwargs)

    monkeypatch.setattr(bot.parsing, "parse", recording)
    monkeypatch.setattr(dashboard, "CONFIDENCE_CACHE", OrderedDict())  # this test's own, dropped after
    assert console.client("admin").get("/console/dashboard").status_code == 200
    assert parsed == ["maggi 10 peti"]
    assert all(len(text) <= LIMIT for text in parsed)


def test_a_master_upload_may_be_larger_than_a_webhook_but_not_than_max_upload_bytes(
    console_template: Path, tmp_path: Path
) -> None:
    import io
    import shutil

    from bot import create_app
    from bot.webhooks import WEBHOOK_MAX_BYTES
    from tests.bot.console.conftest import RecordingSender, login
    from tests.support.botapp import settings

    path = tmp_path / "upload.db"
    shutil.copy(console_template, path)
    limit = 4 * WEBHOOK_MAX_BYTES
    app = create_app(
        settings(
            f"sqlite:///{path}",
            OUTBOUND_SENDER=RecordingSender(),
            ORDERBOT_ENV="development",
            MAX_UPLOAD_BYTES=str(limit),
        )
    )
    try:
        admin = app.test_client()
        assert login(admin, "admin@example.com").status_code == 302
        token = re.search(
            r'name="csrf_token" value="([^"]+)"', admin.get("/console/masters").get_data(as_text=True)
        )
        assert token

        def upload(size: int) -> int:
            data = {"csrf_token": token.group(1), "stock": (io.BytesIO(b"x" * size), "stock.csv")}
            return int(
                admin.post("/console/masters", data=data, content_type="multipart/form-data").status_code
            )

        assert upload(2 * WEBHOOK_MAX_BYTES) == 422  # read (and refused as a bad file), not cut off
        assert upload(limit + 1) == 413  # over MAX_UPLOAD_BYTES: refused before it is read
    finally:
        app.extensions["orderbot"].close()
