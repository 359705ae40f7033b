"""Settings: what is required is named when missing, and malformed values say what is wrong."""

from __future__ import annotations

import pytest

from bot.config import ConfigError, load_settings

BASE = {
    "TWILIO_ACCOUNT_SID": "AC123",
    "TWILIO_AUTH_TOKEN": "token",
    "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886",
    "SECRET_KEY": "secret",
    "DATABASE_URL": "sqlite:////tmp/x.db",
}


@pytest.mark.parametrize(
    "missing",
    [
        "TWILIO_ACCOUNT_SID",  # no account
        "TWILIO_AUTH_TOKEN",  # no token: signatures could not be checked
        "TWILIO_WHATSAPP_FROM",  # no sender number
        "SECRET_KEY",  # sessions of the console would be unsigned
    ],
)
def test_a_missing_required_setting_stops_start_up_naming_it(missing: str) -> None:
    config = {k: v for k, v in BASE.items() if k != missing}
    with pytest.raises(ConfigError, match=f"missing required setting {missing}"):
        load_settings(config, environ={})


def test_an_empty_value_counts_as_missing() -> None:
    with pytest.raises(ConfigError, match="TWILIO_AUTH_TOKEN"):
        load_settings({**BASE, "TWILIO_AUTH_TOKEN": ""}, environ={})


def test_the_config_mapping_wins_over_the_environment() -> None:
    environ = {**BASE, "TWILIO_AUTH_TOKEN": "env"}
    settings = load_settings({"TWILIO_AUTH_TOKEN": "from-config"}, environ=environ)
    assert settings.twilio_auth_token == "from-config"
    assert settings.twilio_account_sid == "AC123"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("TWILIO_WHATSAPP_FROM", "14155238886", "not a number like whatsapp:"),  # no +
        ("TWILIO_TEMPLATES", "{oops", "TWILIO_TEMPLATES is not JSON"),  # broken JSON
        ("TWILIO_TEMPLATES", '["HX1"]', "must map template keys"),  # a list, not a mapping
        ("RATE_LIMIT_PER_MINUTE", "twenty", "RATE_LIMIT_PER_MINUTE 'twenty' is not a whole number"),
        ("SWEEP_INTERVAL", "0", "SWEEP_INTERVAL must be at least 1"),
        ("DELIVERY_RETRY_INTERVALS", "5,soon", "DELIVERY_RETRY_INTERVALS"),
    ],
)
def test_a_malformed_setting_is_refused_with_what_is_wrong(key: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings({**BASE, key: value}, environ={})


@pytest.mark.parametrize(
    ("key", "value", "attribute", "expected"),
    [
        # the whatsapp: prefix is added
        ("TWILIO_WHATSAPP_FROM", "+14155238886", "twilio_whatsapp_from", "whatsapp:+14155238886"),
        # Heroku-style URLs get the psycopg 3 driver
        ("DATABASE_URL", "postgres://u@h/db", "database_url", "postgresql+psycopg://u@h/db"),
        ("TWILIO_TEMPLATES", '{"order_update": "HX1"}', "twilio_templates", {"order_update": "HX1"}),
        ("DELIVERY_RETRY_INTERVALS", "1, 2,4", "delivery_retry_intervals", (1, 2, 4)),
        ("REDIS_URL", "", "redis_url", None),  # empty means not configured: jobs inline
    ],
)
def test_settings_are_normalised(key: str, value: str, attribute: str, expected: object) -> None:
    assert getattr(load_settings({**BASE, key: value}, environ={}), attribute) == expected


def test_status_callbacks_are_only_requested_with_a_public_url() -> None:
    assert load_settings(BASE, environ={}).status_callback_url(7) is None
    settings = load_settings({**BASE, "PUBLIC_BASE_URL": "https://bot.example.in/"}, environ={})
    assert settings.status_callback_url(7) == "https://bot.example.in/webhooks/twilio/status?outbox=7"


def test_create_app_refuses_to_start_without_a_required_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot import create_app

    for key in BASE:
        monkeypatch.delenv(key, raising=False)
    with pytest.raises(ConfigError, match="TWILIO_ACCOUNT_SID"):
        create_app({"SECRET_KEY": "x"})


def test_an_unimportable_message_handler_is_named() -> None:
    from bot.runtime import resolve_handler

    with pytest.raises(ConfigError, match="MESSAGE_HANDLER 'nowhere.at_all:handle'"):
        resolve_handler("nowhere.at_all:handle")
    with pytest.raises(ConfigError, match="has no function 'nope'"):
        resolve_handler("bot.messages:nope")
