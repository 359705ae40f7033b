"""Fetching a message's media from Twilio, and nothing else.

A MediaUrl arrives in the (signed) webhook, but it is still text from outside: the bot fetches only
URLs of Twilio's API for its own account, so a forged or odd URL can never make it call another host.

    rules = FetchRules.from_settings(settings)
    refused(url, rules)          -> "" when the URL may be fetched, else why not (nothing is fetched)
    fetch(url, rules)            -> Fetched(content_type, data); FetchRefused names what was wrong

The rules:

- the URL's origin (scheme, host, port) is TWILIO_API_BASE_URL's (https://api.twilio.com by default)
  and its path is under /2010-04-01/Accounts/<TWILIO_ACCOUNT_SID>/ ; no user or password in it;
- the request carries HTTP basic auth with the account SID and token;
- a redirect is followed (at most MAX_REDIRECTS) only to https on TWILIO_MEDIA_HOSTS (Twilio's media
  hosts) or back to the API's own origin under the account; the credentials go only to the API;
- only HANDLED_TYPES are read, at most MAX_BYTES (the body is streamed and the fetch stops once it
  is over), each request with TIMEOUT seconds.

>>> rules = FetchRules("https://api.twilio.com", "AC1", "token")
>>> refused("https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1", rules)
''
>>> refused("https://api.twilio.com/2010-04-01/Accounts/AC2/Messages/MM1/Media/ME1", rules)
'the link is for another Twilio account'
>>> refused("https://evil.example/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1", rules)
'the link is not on the Twilio API (evil.example)'
>>> refused("http://api.twilio.com/2010-04-01/Accounts/AC1/x", rules)
'the link is not on the Twilio API (api.twilio.com)'
>>> handled_type("image/jpeg; charset=binary"), handled_type("text/html")
('image/jpeg', '')
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin, urlsplit

import requests

if TYPE_CHECKING:
    from collections.abc import Iterator

    from bot.config import Settings

DEFAULT_API = "https://api.twilio.com"
MAX_BYTES = 5 * 1024 * 1024
TIMEOUT = 15.0  # seconds to connect, and between bytes read
MAX_REDIRECTS = 3
CHUNK = 64 * 1024

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What the bot reads (read.py); anything else is never downloaded.
HANDLED_TYPES: dict[str, str] = {
    "image/jpeg": "image",
    "image/png": "image",
    "image/webp": "image",
    "application/pdf": "pdf",
    XLSX: "sheet",
    "text/csv": "sheet",
    "text/comma-separated-values": "sheet",
}


class FetchRefused(Exception):
    """The URL or Twilio's answer broke a rule; the text says which, in words staff can read."""


@dataclass(frozen=True)
class FetchRules:
    api_base_url: str
    account_sid: str
    auth_token: str
    media_hosts: tuple[str, ...] = ()
    max_bytes: int = MAX_BYTES
    timeout: float = TIMEOUT

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchRules:
        return cls(
            settings.twilio_api_base_url or DEFAULT_API,
            settings.twilio_account_sid,
            settings.twilio_auth_token,
            tuple(settings.twilio_media_hosts),
        )

    @property
    def origin(self) -> tuple[str, str, int]:
        return _origin(self.api_base_url)

    @property
    def account_path(self) -> str:
        return f"/2010-04-01/Accounts/{self.account_sid}/"


@dataclass(frozen=True)
class Fetched:
    url: str
    content_type: str  # one of HANDLED_TYPES
    data: bytes


def _origin(url: str) -> tuple[str, str, int]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        port = -1
    return scheme, (parts.hostname or "").lower(), port


def _clean_path(url: str) -> str:
    """The path with dot segments resolved, so /Accounts/AC1/../AC2/ cannot pass as AC1's."""
    path = unquote(urlsplit(url).path)
    return posixpath.normpath(path) + ("/" if path.endswith("/") else "") if path else "/"


def refused(url: str, rules: FetchRules) -> str:
    """'' when `url` is a media URL of this account on the Twilio API, else why it is not fetched."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        return "the link carries a user name or password"
    if _origin(url) != rules.origin:
        return f"the link is not on the Twilio API ({parts.hostname or url[:60]})"
    if not _clean_path(url).startswith(rules.account_path):
        return "the link is for another Twilio account"
    return ""


def _redirect_refused(url: str, rules: FetchRules) -> str:
    """'' when a redirect to `url` may be followed: Twilio's media hosts over https, or the API again."""
    if not refused(url, rules):
        return ""
    scheme, host, _port = _origin(url)
    if scheme == "https" and host in rules.media_hosts and not urlsplit(url).username:
        return ""
    return f"Twilio redirected to a host that is not one of its media hosts ({host or url[:60]})"


def handled_type(header: str) -> str:
    """The media type of a Content-Type header when the bot reads it, else ''."""
    kind = header.split(";", 1)[0].strip().lower()
    return kind if kind in HANDLED_TYPES else ""


def fetch(url: str, rules: FetchRules, session: requests.Session | None = None) -> Fetched:
    """Download one media item under the rules (module doc); FetchRefused says why not."""
    why = refused(url, rules)
    if why:
        raise FetchRefused(why)
    http = session or requests.Session()
    http.trust_env = False  # no proxy or .netrc from the environment sees the credentials
    try:
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            to_api = not refused(current, rules)
            auth = (rules.account_sid, rules.auth_token) if to_api else None
            try:
                response = http.get(
                    current, auth=auth, stream=True, allow_redirects=False, timeout=rules.timeout
                )
            except requests.RequestException as exc:
                raise FetchRefused(f"Twilio could not be reached ({type(exc).__name__})") from None
            with response:
                if response.is_redirect:
                    target = urljoin(current, response.headers.get("Location", ""))
                    why = _redirect_refused(target, rules)
                    if why:
                        raise FetchRefused(why)
                    current = target
                    continue
                if response.status_code != 200:
                    raise FetchRefused(f"Twilio answered {response.status_code} for the file")
                kind = handled_type(response.headers.get("Content-Type", ""))
                if not kind:
                    shown = response.headers.get("Content-Type", "none")[:60]
                    raise FetchRefused(f"the file's type ({shown}) is not one the bot reads")
                declared = response.headers.get("Content-Length", "")
                if declared.isdigit() and int(declared) > rules.max_bytes:
                    raise FetchRefused(_too_big(rules))
                return Fetched(current, kind, _read_capped(response.iter_content(CHUNK), rules))
        raise FetchRefused(f"Twilio redirected more than {MAX_REDIRECTS} times")
    finally:
        if session is None:
            http.close()


def _read_capped(chunks: Iterable[bytes], rules: FetchRules) -> bytes:
    data = bytearray()
    try:
        for chunk in chunks:
            data.extend(chunk)
            if len(data) > rules.max_bytes:
                raise FetchRefused(_too_big(rules))
    except requests.RequestException as exc:
        raise FetchRefused(f"the download broke off ({type(exc).__name__})") from None
    return bytes(data)


def _too_big(rules: FetchRules) -> str:
    return f"the file is larger than {rules.max_bytes // (1024 * 1024)} MB"


# -- the job's rules ---------------------------------------------------------------------------------------

_rules: ContextVar[FetchRules | None] = ContextVar("media_fetch_rules", default=None)


@contextmanager
def fetching(settings: Settings) -> Iterator[None]:
    """While the job runs the handler, media may be fetched with these settings (bot.jobs)."""
    token = _rules.set(FetchRules.from_settings(settings))
    try:
        yield
    finally:
        _rules.reset(token)


def current_rules() -> FetchRules | None:
    """The rules of the job running now; None outside a job (nothing is fetched then)."""
    return _rules.get()
