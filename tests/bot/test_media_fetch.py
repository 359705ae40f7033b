"""The media fetch rules (bot/media/fetch.py): only this account's media on the Twilio API, redirects
only to Twilio's media hosts, only the types read, at most the size; anything else is never fetched."""

from __future__ import annotations

import doctest
from collections.abc import Iterator

import pytest

from bot.media import fetch
from bot.media.fetch import FetchRefused, FetchRules
from tests.support.fake_twilio import FakeTwilio
from tests.support.signing import TEST_SID, TEST_TOKEN

API = "https://api.twilio.com"
ACCOUNT = f"/2010-04-01/Accounts/{TEST_SID}/Messages/MM1/Media/ME1"


def test_doctests() -> None:
    assert doctest.testmod(fetch).failed == 0


@pytest.mark.parametrize(
    ("url", "why"),
    [
        (f"{API}{ACCOUNT}", ""),
        (f"https://api.twilio.com:443{ACCOUNT}", ""),
        (f"https://API.twilio.com{ACCOUNT}", ""),
        (f"http://api.twilio.com{ACCOUNT}", "not on the Twilio API"),
        (f"https://api.twilio.com:8443{ACCOUNT}", "not on the Twilio API"),
        (f"https://api.twilio.com.evil.example{ACCOUNT}", "not on the Twilio API"),
        (f"https://evil.example{ACCOUNT}", "not on the Twilio API (evil.example)"),
        (f"https://user:pw@api.twilio.com{ACCOUNT}", "user name or password"),
        (f"{API}/2010-04-01/Accounts/ACother/Messages/MM1/Media/ME1", "another Twilio account"),
        (f"{API}/2010-04-01/Accounts/{TEST_SID}/../ACother/Media/ME1", "another Twilio account"),
        (f"{API}/2010-04-01/Accounts/{TEST_SID}%2F..%2FACother/Media/ME1", "another Twilio account"),
        (f"{API}/2010-04-01/Accounts/{TEST_SID}", "another Twilio account"),
        ("file:///etc/passwd", "not on the Twilio API"),
        ("", "not on the Twilio API"),
    ],
)
def test_which_urls_may_be_fetched(url: str, why: str) -> None:
    refused = fetch.refused(url, FetchRules(API, TEST_SID, TEST_TOKEN))
    assert (why in refused) if why else refused == ""


@pytest.fixture
def twilio() -> Iterator[tuple[FakeTwilio, FetchRules]]:
    with FakeTwilio() as fake:
        yield fake, FetchRules(fake.base_url, TEST_SID, TEST_TOKEN, media_hosts=("mms.twiliocdn.com",))


def test_this_accounts_media_is_fetched_with_basic_auth(twilio: tuple[FakeTwilio, FetchRules]) -> None:
    fake, rules = twilio
    url = fake.add_media(b"Item,Qty\nmaggi,10\n", "text/csv; charset=utf-8")
    got = fetch.fetch(url, rules)
    assert (got.content_type, got.data) == ("text/csv", b"Item,Qty\nmaggi,10\n")
    with pytest.raises(FetchRefused, match="answered 401"):
        fetch.fetch(url, FetchRules(fake.base_url, TEST_SID, "wrong token"))


@pytest.mark.parametrize(
    ("make", "why"),
    [
        (lambda f: f.add_media(b"x", "image/png").replace("127.0.0.1", "localhost"), "not on the Twilio API"),
        (lambda f: f.add_media(b"x", "image/png", account="ACother"), "another Twilio account"),
        (
            lambda f: f.add_media(b"x", "image/png", redirect="https://evil.example/x.png"),
            "not one of its media",
        ),
        (
            lambda f: f.add_media(b"x", "image/png", redirect="http://mms.twiliocdn.com/x.png"),
            "not one of its media",
        ),
        (
            lambda f: f.add_media(b"x", "image/png", redirect=f.base_url + "/2010-04-01/Accounts/ACother/x"),
            "not one of its media",
        ),
        (lambda f: f.add_media(b"<html>", "text/html"), "(text/html) is not one the bot reads"),
        (lambda f: f.add_media(b"MZ", "application/octet-stream"), "is not one the bot reads"),
        (lambda f: f.add_media(b"0" * (fetch.MAX_BYTES + 1), "text/csv"), "larger than 5 MB"),
    ],
    ids=[
        "other-host",
        "other-account",
        "redirect-elsewhere",
        "redirect-http",
        "redirect-other-account",
        "html",
        "binary",
        "too-big",
    ],
)
def test_what_is_refused(twilio: tuple[FakeTwilio, FetchRules], make: object, why: str) -> None:
    fake, rules = twilio
    url = make(fake)  # type: ignore[operator]
    before = list(fake.media_requests)
    with pytest.raises(FetchRefused, match=why.replace("(", r"\(").replace(")", r"\)")):
        fetch.fetch(url, rules)
    if why in ("not on the Twilio API", "another Twilio account"):
        assert fake.media_requests == before  # never asked for


def test_a_redirect_within_the_account_is_followed(twilio: tuple[FakeTwilio, FetchRules]) -> None:
    fake, rules = twilio
    target = fake.add_media(b"%PDF-1.4", "application/pdf")
    url = fake.add_media(b"", "image/png", redirect=target)
    assert fetch.fetch(url, rules).content_type == "application/pdf"


def test_an_endless_redirect_stops(twilio: tuple[FakeTwilio, FetchRules]) -> None:
    fake, rules = twilio
    url = fake.add_media(b"", "image/png")
    with fake._lock:  # a URL that redirects to itself
        path = url.removeprefix(fake.base_url)
        fake._media[path] = (b"", "image/png", url)
    with pytest.raises(FetchRefused, match="more than 3 times"):
        fetch.fetch(url, rules)


def test_outside_a_job_there_are_no_rules() -> None:
    assert fetch.current_rules() is None
