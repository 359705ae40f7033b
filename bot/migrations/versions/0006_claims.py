"""Claims: goods a dealer reports damaged, leaking, expired, short or wrong, or asks to return, each
with its lines; staff approve them whole or in part (a credit note) or reject them (domain.services.claims).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06 17:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("dealer_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("told_by", sa.String(length=20), nullable=False),
        sa.Column("message_ref", sa.String(length=64), nullable=True),
        sa.Column("notes", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_by", sa.String(length=254), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.Column("credit_amount", sa.BigInteger(), nullable=False),
        sa.Column("ledger_entry_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["dealer_id"], ["dealers.id"], name=op.f("fk_claims_dealer_id_dealers")),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_claims_order_id_orders")),
        sa.ForeignKeyConstraint(
            ["ledger_entry_id"], ["ledger_entries.id"], name=op.f("fk_claims_ledger_entry_id_ledger_entries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        sa.UniqueConstraint("number", name=op.f("uq_claims_number")),
    )
    op.create_index(op.f("ix_claims_dealer_id"), "claims", ["dealer_id"], unique=False)
    op.create_index(op.f("ix_claims_order_id"), "claims", ["order_id"], unique=False)
    op.create_index(op.f("ix_claims_status"), "claims", ["status"], unique=False)
    op.create_table(
        "claim_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sku_code", sa.String(length=64), nullable=True),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("candidates", sa.JSON(), nullable=False),
        sa.Column("qty", sa.BigInteger(), nullable=True),
        sa.Column("uom", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=16), nullable=False),
        sa.Column("approved_qty", sa.BigInteger(), nullable=True),
        sa.Column("rate", sa.BigInteger(), nullable=True),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_lines_claim_id_claims"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_lines")),
    )
    op.create_index(op.f("ix_claim_lines_claim_id"), "claim_lines", ["claim_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_claim_lines_claim_id"), table_name="claim_lines")
    op.drop_table("claim_lines")
    op.drop_index(op.f("ix_claims_status"), table_name="claims")
    op.drop_index(op.f("ix_claims_order_id"), table_name="claims")
    op.drop_index(op.f("ix_claims_dealer_id"), table_name="claims")
    op.drop_table("claims")
