"""A local stand-in for Twilio's Messages API, for tests, load tests and staging.

    with FakeTwilio() as fake:                       # 127.0.0.1, a free port, its own thread
        settings["TWILIO_API_BASE_URL"] = fake.base_url
        fake.fail_next(2, status=429)                # the next two sends get 429, then success
        ...
        fake.wait_for(1)                             # -> [SentMessage(to=..., body=...)]

It serves the media of inbound messages too: `fake.add_media(data, content_type)` -> the MediaUrl
to put in a webhook, answered on GET /2010-04-01/Accounts/{sid}/Messages/{MM..}/Media/{ME..}
(basic auth checked; `fake.media_requests` lists every media path asked for).

It implements POST /2010-04-01/Accounts/{sid}/Messages.json as the real twilio
client calls it (form fields To, From, Body, ContentSid, ContentVariables,
StatusCallback; HTTP basic auth with the account SID and auth token) and answers
201 with a message resource, or what was scripted: 429 / 500 / 503, or a 400
refusal carrying a Twilio error code (63016: outside the 24-hour window).

For tests that run the bot in other processes (gunicorn, rq workers) it also
serves GET /_fake/messages (JSON list of accepted messages) and POST
/_fake/script (form: status, count, code), and runs standalone:

    python -m tests.support.fake_twilio --port 8765
"""

from __future__ import annotations

import argparse
import base64
import itertools
import json
import random
import threading
import time
from collections import deque
from dataclasses import asdict, dataclass, field
from typing import Any

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

from tests.support.signing import TEST_SID, TEST_TOKEN

ERROR_MESSAGES = {
    63016: "Failed to send freeform message because you are outside the allowed window.",
    21211: "The 'To' number is not a valid phone number.",
    20429: "Too Many Requests",
}


@dataclass(frozen=True)
class SentMessage:
    sid: str
    to: str
    from_: str
    body: str | None
    content_sid: str | None = None
    content_variables: dict[str, str] = field(default_factory=dict)
    status_callback: str | None = None
    media_urls: tuple[str, ...] = ()  # MediaUrl: files sent with the text (an invoice PDF)


@dataclass(frozen=True)
class Answer:
    status: int  # 429, 500, 503 or 400
    code: int | None = None  # Twilio error code for a 400 refusal


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


class FakeTwilio:
    def __init__(self, account_sid: str = TEST_SID, auth_token: str = TEST_TOKEN, port: int = 0) -> None:
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.latency = 0.0  # seconds every request waits before answering
        self.jitter = 0.0  # up to this many seconds more, at random (a real API's answers vary)
        self.sent: list[SentMessage] = []
        self.attempts: list[dict[str, str]] = []  # every send request, accepted or not
        self._script: deque[Answer] = deque()
        self._media: dict[str, tuple[bytes, str, str]] = {}  # path -> (bytes, content type, redirect)
        self.media_requests: list[str] = []
        self._lock = threading.Condition()
        self._sids = itertools.count(1)
        self._port = port
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    # -- scripting ---------------------------------------------------------
    def fail_next(self, count: int, status: int = 500) -> None:
        """The next `count` sends are answered with HTTP `status` (429 or 5xx) and not delivered."""
        self._push(Answer(status, 20429 if status == 429 else None), count)

    def refuse_next(self, count: int = 1, code: int = 63016) -> None:
        """The next `count` sends are refused with a 400 carrying Twilio error `code`."""
        self._push(Answer(400, code), count)

    def add_media(self, data: bytes, content_type: str, redirect: str = "", account: str = "") -> str:
        """Serve `data` as the media of a new inbound message; its MediaUrl (needs the server running).
        `redirect`: answer 307 to that URL instead (as Twilio does, to its media host); `account`: put
        the media under another account SID."""
        number = next(self._sids)
        sid = account or self.account_sid
        path = f"/2010-04-01/Accounts/{sid}/Messages/MM{number:032x}/Media/ME{number:032x}"
        with self._lock:
            self._media[path] = (data, content_type, redirect)
        return f"{self.base_url}{path}"

    def _push(self, answer: Answer, count: int) -> None:
        with self._lock:
            self._script.extend([answer] * count)

    # -- reading -----------------------------------------------------------
    def wait_for(self, count: int, timeout: float = 10.0) -> list[SentMessage]:
        """Block until at least `count` messages were accepted; AssertionError after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while len(self.sent) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"fake Twilio got {len(self.sent)} messages, expected {count}")
                self._lock.wait(left)
            return list(self.sent)

    def to(self, phone: str) -> list[SentMessage]:
        """Accepted messages for E.164 `phone`."""
        with self._lock:
            return [m for m in self.sent if m.to == f"whatsapp:{phone}"]

    # -- server ------------------------------------------------------------
    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("FakeTwilio is not running; use it as a context manager or call start()")
        return f"http://127.0.0.1:{self._server.server_port}"

    def start(self) -> FakeTwilio:
        self._server = make_server(
            "127.0.0.1", self._port, self._wsgi, threaded=True, request_handler=_QuietHandler
        )
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), name="fake-twilio", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> FakeTwilio:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- requests ----------------------------------------------------------
    def _wsgi(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        return self._route(request)(environ, start_response)

    def _route(self, request: Request) -> Response:
        path = request.path
        if request.method == "GET" and path == "/_fake/messages":
            with self._lock:
                return _json([asdict(m) for m in self.sent], 200)
        if request.method == "POST" and path == "/_fake/script":
            code = request.form.get("code")
            answer = Answer(int(request.form["status"]), int(code) if code else None)
            self._push(answer, int(request.form.get("count", "1")))
            return _json({"ok": True}, 200)
        if request.method == "POST" and path == f"/2010-04-01/Accounts/{self.account_sid}/Messages.json":
            return self._create_message(request)
        if request.method == "GET" and "/Media/" in path:
            return self._serve_media(request)
        missing = {"code": 20404, "message": f"The requested resource {path} was not found", "status": 404}
        return _json(missing, 404)

    def _create_message(self, request: Request) -> Response:
        if not self._authorized(request):
            return _json({"code": 20003, "message": "Authenticate", "status": 401}, 401)
        if self.latency or self.jitter:
            time.sleep(self.latency + random.uniform(0, self.jitter))
        form = {k: v for k, v in request.form.items()}
        with self._lock:
            self.attempts.append(form)
            answer = self._script.popleft() if self._script else None
        if answer is not None:
            code = answer.code or answer.status
            message = ERROR_MESSAGES.get(code, "Internal Server Error")
            return _json({"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}",
                          "status": answer.status}, answer.status)
        if not form.get("To") or not (form.get("Body") or form.get("ContentSid")):
            return _json({"code": 21602, "message": "Message body is required.", "status": 400}, 400)
        sid = f"SM{next(self._sids):032x}"
        message = SentMessage(
            sid=sid,
            to=form["To"],
            from_=form.get("From", ""),
            body=form.get("Body"),
            content_sid=form.get("ContentSid"),
            content_variables=json.loads(form["ContentVariables"]) if form.get("ContentVariables") else {},
            status_callback=form.get("StatusCallback"),
            media_urls=tuple(request.form.getlist("MediaUrl")),
        )
        with self._lock:
            self.sent.append(message)
            self._lock.notify_all()
        return _json(_resource(self.account_sid, message), 201)

    def _serve_media(self, request: Request) -> Response:
        with self._lock:
            self.media_requests.append(request.path)
            found = self._media.get(request.path)
        if not self._authorized(request):
            return _json({"code": 20003, "message": "Authenticate", "status": 401}, 401)
        if found is None:
            return _json({"code": 20404, "message": "The requested media was not found", "status": 404}, 404)
        data, content_type, redirect = found
        if redirect:
            return Response("", status=307, headers={"Location": redirect})
        return Response(data, status=200, content_type=content_type)

    def _authorized(self, request: Request) -> bool:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Basic "):
            return False
        expected = base64.b64encode(f"{self.account_sid}:{self.auth_token}".encode()).decode()
        return header.removeprefix("Basic ") == expected


def _resource(account_sid: str, message: SentMessage) -> dict[str, Any]:
    return {
        "sid": message.sid,
        "account_sid": account_sid,
        "to": message.to,
        "from": message.from_,
        "body": message.body or "",
        "status": "queued",
        "num_segments": "1",
        "num_media": "0",
        "direction": "outbound-api",
        "api_version": "2010-04-01",
        "error_code": None,
        "error_message": None,
        "uri": f"/2010-04-01/Accounts/{account_sid}/Messages/{message.sid}.json",
        "messaging_service_sid": None,
        "date_created": None,
        "date_sent": None,
        "date_updated": None,
        "price": None,
        "price_unit": "USD",
        "subresource_uris": {},
    }


def _json(payload: Any, status: int) -> Response:
    return Response(json.dumps(payload), status=status, mimetype="application/json")


def main() -> None:
    parser = argparse.ArgumentParser(description="Run the fake Twilio Messages API until interrupted.")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--sid", default=TEST_SID)
    parser.add_argument("--token", default=TEST_TOKEN)
    args = parser.parse_args()
    fake = FakeTwilio(args.sid, args.token, args.port).start()
    print(fake.base_url, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
