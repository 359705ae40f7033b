"""Two partial indexes over the inbound messages no job has tried yet (issue 13, the drain job).

A drain (bot/jobs.py) claims the oldest untried message by id and checks that no earlier one of
the same sender is still untried. Over the whole table the planner walked the primary key past
every processed row, or, before the table's first ANALYZE, joined every waiting row with every
other (600 ms a claim with 1,500 waiting). These indexes hold only the rows in that state (a
backlog, usually empty), so both questions read a handful of index entries.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 03:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNTRIED = sa.text("status = 'received' AND attempts = 0")


def upgrade() -> None:
    for name, columns in (("ix_inbound_messages_untried", ["id"]),
                          ("ix_inbound_messages_untried_phone", ["phone", "id"])):
        op.create_index(name, "inbound_messages", columns, postgresql_where=UNTRIED, sqlite_where=UNTRIED)


def downgrade() -> None:
    op.drop_index("ix_inbound_messages_untried_phone", table_name="inbound_messages")
    op.drop_index("ix_inbound_messages_untried", table_name="inbound_messages")
