"""Console sessions that end (issue 12, items 8 and 10).

`staff_users.session_version`: every console session carries the version it began with; logging out,
a password change and deactivation add one, so every cookie issued before stops working at once.
`inbound_messages.body_length`: a message body is stored capped (bot.store.MAX_STORED_BODY); this is
its length as it arrived (NULL on rows stored before).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 17:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("staff_users") as batch:
        batch.add_column(sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"))
    with op.batch_alter_table("inbound_messages") as batch:
        batch.add_column(sa.Column("body_length", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("inbound_messages") as batch:
        batch.drop_column("body_length")
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_column("session_version")
