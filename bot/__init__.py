"""The channels: Flask app factory, Twilio webhook, conversation, replies, jobs, console, CLI."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["create_app"]


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """`bot:create_app()` for gunicorn and Flask (bot/app.py); imported lazily so `bot.cli` stays light."""
    from bot.app import create_app as factory

    return factory(config)
