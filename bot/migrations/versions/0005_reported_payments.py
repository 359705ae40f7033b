"""Payments dealers tell of on WhatsApp, kept for staff to check against the bank before any is booked
(domain.services.reported_payments).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06 17:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reported_payments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dealer_id", sa.Integer(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=True),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("message_ref", sa.String(length=64), nullable=True),
        sa.Column("told_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("told_by", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("decided_by", sa.String(length=254), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("ledger_entry_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["dealer_id"], ["dealers.id"], name=op.f("fk_reported_payments_dealer_id_dealers")
        ),
        sa.ForeignKeyConstraint(
            ["ledger_entry_id"],
            ["ledger_entries.id"],
            name=op.f("fk_reported_payments_ledger_entry_id_ledger_entries"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reported_payments")),
    )
    op.create_index(op.f("ix_reported_payments_dealer_id"), "reported_payments", ["dealer_id"], unique=False)
    op.create_index(op.f("ix_reported_payments_status"), "reported_payments", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_reported_payments_status"), table_name="reported_payments")
    op.drop_index(op.f("ix_reported_payments_dealer_id"), table_name="reported_payments")
    op.drop_table("reported_payments")
