"""media_files: a file a dealer sent, as fetched from Twilio, kept with its inbound message.

One row per MediaUrl of a message that was fetched (refused URLs store nothing; the review item says
why). The review screen shows the file beside the lines read from it (bot/console/media_files.py).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from domain.columns import UTCDateTime, utcnow
from domain.models import Base


class MediaFile(Base):
    __tablename__ = "media_files"
    __table_args__ = (sa.UniqueConstraint("message_sid", "position", name="uq_media_files_message_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    inbound_id: Mapped[int | None] = mapped_column(ForeignKey("inbound_messages.id"), index=True)
    message_sid: Mapped[str] = mapped_column(sa.String(64))  # the inbound message's MessageSid
    position: Mapped[int] = mapped_column()  # 0 for MediaUrl0
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int] = mapped_column()
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    read_as: Mapped[str] = mapped_column(sa.String(16), default="")  # image, pdf, sheet
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
