"""GST as an Indian invoice needs it (issue 12, items 2 and 3): a dealer's GSTIN and state, a SKU's HSN
code, the tax invoices raised at dispatch (numbered per financial year, INV/2026-27/0001) and credit
notes (CN/2026-27/0001), and the file an outbox message sends with its text (the invoice PDF's link).

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
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("dealer_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("supplier", sa.JSON(), nullable=False),
        sa.Column("recipient", sa.JSON(), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("taxable", sa.BigInteger(), nullable=False),
        sa.Column("cgst", sa.BigInteger(), nullable=False),
        sa.Column("sgst", sa.BigInteger(), nullable=False),
        sa.Column("igst", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["dealer_id"], ["dealers.id"], name=op.f("fk_invoices_dealer_id_dealers")),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_invoices_order_id_orders")),
        sa.ForeignKeyConstraint(["claim_id"], ["claims.id"], name=op.f("fk_invoices_claim_id_claims")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invoices")),
        sa.UniqueConstraint("number", name=op.f("uq_invoices_number")),
        sa.UniqueConstraint("kind", "order_id", name=op.f("uq_invoices_kind_order_id")),
        sa.UniqueConstraint("kind", "claim_id", name=op.f("uq_invoices_kind_claim_id")),
    )
    op.create_index(op.f("ix_invoices_dealer_id"), "invoices", ["dealer_id"], unique=False)
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("media_url", sa.String(length=600), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("media_url")
    op.drop_index(op.f("ix_invoices_dealer_id"), table_name="invoices")
    op.drop_table("invoices")
    with op.batch_alter_table("skus") as batch:
        batch.drop_column("hsn")
    with op.batch_alter_table("dealers") as batch:
        batch.drop_column("state")
        batch.drop_column("gstin")
