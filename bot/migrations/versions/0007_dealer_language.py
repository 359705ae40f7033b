"""The language a dealer's replies are written in (issue 11): '' = the language of each message he
writes, 'en', 'hi' (Hindi, Devanagari) or 'hi_Latn' (Hinglish); set in the console, by the dealer
("Hindi me bolo") or from the dealers master file. docs/languages.md.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 17:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dealers") as batch:
        batch.add_column(sa.Column("language", sa.String(length=8), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("dealers") as batch:
        batch.drop_column("language")
