"""Settings for the web app, the rq jobs and the sweeper, read once and checked.

Values come from a config mapping (tests, the demo) over the environment:

    TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_FROM, SECRET_KEY   required
    DATABASE_URL          default: the embedded SQLite file (domain.db.database_url)
    REDIS_URL             absent: jobs run inline in the web process
    TWILIO_API_BASE_URL   where the twilio client sends requests instead of https://api.twilio.com
    TWILIO_MEDIA_HOSTS    hosts a media download may be redirected to, comma separated (Twilio's own,
                          MEDIA_HOSTS); the media itself is fetched only from TWILIO_API_BASE_URL
    PUBLIC_BASE_URL       the URL Twilio calls (signature checks behind proxies, status callbacks)
    TWILIO_TEMPLATES      JSON object: template key -> approved content SID ("HX...")
    MESSAGE_HANDLER       "module:function" (or a callable in a config dict); default bot.conversation:handle
    RATE_LIMIT_PER_MINUTE messages a sender may send in 60 seconds before being slowed (20)
    SWEEP_INTERVAL        seconds between scheduled sweeps (30)
    SWEEP_AFTER           seconds a stored message or queued reply may wait before the sweeper acts (60)
    SENDING_STALE         seconds a reply may sit claimed without Twilio's answer before it is re-queued (120)
    DELIVERY_RETRY_INTERVALS  seconds between rq retries of a delivery, comma separated ("5,20,60,180,600")
    MAX_SEND_ATTEMPTS     attempts at one outbox row before it is marked failed (8)
    RQ_QUEUE              queue name ("default")
    MAX_UPLOAD_BYTES      the largest request body (a master upload), in bytes (64 MiB); webhooks take 64 KiB
    FORWARDED_HOPS        proxies in front of the app whose X-Forwarded-For is trusted (0): the client's
                          address is what the console's login limits count

>>> s = load_settings({"TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t",
...                    "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886", "SECRET_KEY": "k",
...                    "DATABASE_URL": "sqlite:///x.db"}, environ={})
>>> s.redis_url is None, s.rate_limit_per_minute
(True, 20)
>>> load_settings({}, environ={})
Traceback (most recent call last):
...
bot.config.ConfigError: missing required setting TWILIO_ACCOUNT_SID (set it in the environment or the config)
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from domain.db import database_url

REQUIRED = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_WHATSAPP_FROM", "SECRET_KEY")
DEFAULT_HANDLER = "bot.conversation:handle"
MEDIA_HOSTS = ("mms.twiliocdn.com", "media.twiliocdn.com")  # where Twilio's media URLs redirect


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True)
class Settings:
    twilio_account_sid: str
    twilio_auth_token: str
    twilio_whatsapp_from: str
    secret_key: str
    database_url: str
    redis_url: str | None = None
    twilio_api_base_url: str | None = None
    twilio_media_hosts: tuple[str, ...] = MEDIA_HOSTS
    public_base_url: str | None = None
    twilio_templates: Mapping[str, str] = field(default_factory=dict)
    message_handler: str | Callable[..., Any] = DEFAULT_HANDLER
    rate_limit_per_minute: int = 20
    sweep_interval: int = 30
    sweep_after: int = 60
    sending_stale: int = 120
    delivery_retry_intervals: tuple[int, ...] = (5, 20, 60, 180, 600)
    max_send_attempts: int = 8
    rq_queue: str = "default"
    max_upload_bytes: int = 64 * 1024 * 1024
    forwarded_hops: int = 0

    def status_callback_url(self, outbox_id: int) -> str | None:
        """Where Twilio should report this reply's delivery, or None without PUBLIC_BASE_URL."""
        if not self.public_base_url:
            return None
        return f"{self.public_base_url.rstrip('/')}/webhooks/twilio/status?outbox={outbox_id}"


def load_settings(
    config: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Settings from `config` over `environ` (default os.environ); ConfigError names what is wrong."""
    env = os.environ if environ is None else environ
    given = dict(config or {})

    def raw(key: str) -> Any:
        value = given.get(key, env.get(key))
        return None if value == "" else value

    for key in REQUIRED:
        if raw(key) is None:
            raise ConfigError(f"missing required setting {key} (set it in the environment or the config)")
    return Settings(
        twilio_account_sid=str(raw("TWILIO_ACCOUNT_SID")),
        twilio_auth_token=str(raw("TWILIO_AUTH_TOKEN")),
        twilio_whatsapp_from=_whatsapp_from(str(raw("TWILIO_WHATSAPP_FROM"))),
        secret_key=str(raw("SECRET_KEY")),
        database_url=database_url(raw("DATABASE_URL")),
        redis_url=raw("REDIS_URL"),
        twilio_api_base_url=raw("TWILIO_API_BASE_URL"),
        twilio_media_hosts=_hosts(raw("TWILIO_MEDIA_HOSTS")),
        public_base_url=raw("PUBLIC_BASE_URL"),
        twilio_templates=_templates(raw("TWILIO_TEMPLATES")),
        message_handler=raw("MESSAGE_HANDLER") or DEFAULT_HANDLER,
        rate_limit_per_minute=_positive_int("RATE_LIMIT_PER_MINUTE", raw("RATE_LIMIT_PER_MINUTE"), 20),
        sweep_interval=_positive_int("SWEEP_INTERVAL", raw("SWEEP_INTERVAL"), 30),
        sweep_after=_positive_int("SWEEP_AFTER", raw("SWEEP_AFTER"), 60),
        sending_stale=_positive_int("SENDING_STALE", raw("SENDING_STALE"), 120),
        delivery_retry_intervals=_intervals(raw("DELIVERY_RETRY_INTERVALS")),
        max_send_attempts=_positive_int("MAX_SEND_ATTEMPTS", raw("MAX_SEND_ATTEMPTS"), 8),
        rq_queue=str(raw("RQ_QUEUE") or "default"),
        max_upload_bytes=_positive_int("MAX_UPLOAD_BYTES", raw("MAX_UPLOAD_BYTES"), 64 * 1024 * 1024),
        forwarded_hops=_positive_int("FORWARDED_HOPS", raw("FORWARDED_HOPS"), 0, least=0),
    )


def _whatsapp_from(value: str) -> str:
    """'+14155238886' and 'whatsapp:+14155238886' both become 'whatsapp:+14155238886'."""
    number = value.removeprefix("whatsapp:")
    if not number.startswith("+") or not number[1:].isdigit():
        raise ConfigError(f"TWILIO_WHATSAPP_FROM {value!r} is not a number like whatsapp:+14155238886")
    return f"whatsapp:{number}"


def _hosts(value: Any) -> tuple[str, ...]:
    if value is None:
        return MEDIA_HOSTS
    return tuple(h.strip().lower() for h in str(value).split(",") if h.strip())


def _templates(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        parsed: Any = dict(value)
    else:
        try:
            parsed = json.loads(value)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"TWILIO_TEMPLATES is not JSON ({exc.msg} at character {exc.pos})") from None
    if not isinstance(parsed, dict) or not all(isinstance(v, str) for v in parsed.values()):
        raise ConfigError('TWILIO_TEMPLATES must map template keys to content SIDs: {"key": "HX..."}')
    return {str(k): v for k, v in parsed.items()}


def _positive_int(name: str, value: Any, default: int, least: int = 1) -> int:
    if value is None:
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ConfigError(f"{name} {value!r} is not a whole number") from None
    if number < least:
        raise ConfigError(f"{name} must be at least {least}, not {number}")
    return number


def _intervals(value: Any) -> tuple[int, ...]:
    if value is None:
        return (5, 20, 60, 180, 600)
    parts = value if isinstance(value, list | tuple) else str(value).split(",")
    try:
        numbers = tuple(int(str(p).strip()) for p in parts)
    except ValueError:
        raise ConfigError(f"DELIVERY_RETRY_INTERVALS {value!r} must be whole seconds like 5,20,60") from None
    if not numbers or min(numbers) < 0:
        raise ConfigError(f"DELIVERY_RETRY_INTERVALS {value!r} must be whole seconds like 5,20,60")
    return numbers
