"""What flows between the webhook/jobs layer and the conversation layer.

The job that processes an inbound WhatsApp message builds an `Inbound`, calls
the conversation handler inside the same database transaction, and writes each
returned `Reply` to the outbox. The handler never sends anything itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Inbound:
    message_sid: str
    phone: str  # sender, E.164 ("+919826104573"), without the "whatsapp:" prefix
    body: str
    num_media: int = 0
    media_urls: tuple[str, ...] = ()
    profile_name: str = ""


@dataclass(frozen=True)
class Reply:
    body: str  # at most 1,600 characters (the replies module splits longer text)
    to: str | None = None  # E.164; None means the inbound sender
    template: str | None = None  # key of an approved template, for messages outside the 24-hour window
    template_vars: dict[str, str] = field(default_factory=dict)
