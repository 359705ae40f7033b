"""Files dealers send (issue 14): media_files keeps each fetched file with its inbound message.

Revision ID: 0010
Revises: 0008 (to be 0009: another migration, 0009, is being written; 0010 goes after it)
Create Date: 2026-12-06 18:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0008"  # "0009" once 0009 exists (issue 14 brief)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "media_files",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("inbound_id", sa.Integer(), sa.ForeignKey("inbound_messages.id"), nullable=True),
        sa.Column("message_sid", sa.String(64), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("read_as", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("message_sid", "position", name="uq_media_files_message_position"),
    )
    op.create_index("ix_media_files_inbound_id", "media_files", ["inbound_id"])


def downgrade() -> None:
    op.drop_index("ix_media_files_inbound_id", table_name="media_files")
    op.drop_table("media_files")
