"""Domain tables: catalog, dealers and reps, prices, schemes, stock, orders, ledger, review, staff, audit.

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-21 23:46:24.405047
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("who", sa.String(length=254), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_action"), "audit_log", ["action"], unique=False)

    op.create_table(
        "counters",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_counters")),
    )
    op.create_table(
        "dealers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("town", sa.String(length=100), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("credit_limit", sa.BigInteger(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("reminders_paused", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dealers")),
        sa.UniqueConstraint("code", name=op.f("uq_dealers_code")),
        sa.UniqueConstraint("phone", name=op.f("uq_dealers_phone")),
    )
    op.create_table(
        "field_reps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_field_reps")),
        sa.UniqueConstraint("phone", name=op.f("uq_field_reps_phone")),
    )
    op.create_table(
        "scheme_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("applies_to", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=100), nullable=False),
        sa.Column("min_qty", sa.BigInteger(), nullable=False),
        sa.Column("min_uom", sa.String(length=16), nullable=False),
        sa.Column("min_value", sa.BigInteger(), nullable=False),
        sa.Column("free_sku", sa.String(length=64), nullable=False),
        sa.Column("free_qty", sa.BigInteger(), nullable=True),
        sa.Column("free_uom", sa.String(length=16), nullable=False),
        sa.Column("discount_pct", sa.Integer(), nullable=True),
        sa.Column("recursive", sa.Boolean(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("tiers", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheme_rows")),
        sa.UniqueConstraint(
            "code", "min_qty", "min_value", name=op.f("uq_scheme_rows_code_min_qty_min_value")
        ),
    )
    op.create_index(op.f("ix_scheme_rows_code"), "scheme_rows", ["code"], unique=False)

    op.create_table(
        "settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")),
    )
    op.create_table(
        "skus",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("brand", sa.String(length=100), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("size", sa.String(length=50), nullable=False),
        sa.Column("default_uom", sa.String(length=16), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=True),
        sa.Column("gst_rate", sa.Integer(), nullable=True),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skus")),
        sa.UniqueConstraint("sku", name=op.f("uq_skus_sku")),
    )
    op.create_index(op.f("ix_skus_brand"), "skus", ["brand"], unique=False)
    op.create_index(op.f("ix_skus_category"), "skus", ["category"], unique=False)

    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_users")),
        sa.UniqueConstraint("email", name=op.f("uq_staff_users_email")),
    )
    op.create_table(
        "unknown_senders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("last_text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_unknown_senders")),
        sa.UniqueConstraint("phone", name=op.f("uq_unknown_senders_phone")),
    )
    op.create_table(
        "dealer_reps",
        sa.Column("dealer_id", sa.Integer(), nullable=False),
        sa.Column("rep_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dealer_id"], ["dealers.id"], name=op.f("fk_dealer_reps_dealer_id_dealers"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["rep_id"], ["field_reps.id"], name=op.f("fk_dealer_reps_rep_id_field_reps"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("dealer_id", "rep_id", name=op.f("pk_dealer_reps")),
    )
    op.create_table(
        "learned_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("phrase", sa.String(length=200), nullable=False),
        sa.Column("sku_id", sa.Integer(), nullable=False),
        sa.Column("dealer_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("promoted", sa.Boolean(), nullable=False),
        sa.Column("uses", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dealer_id"], ["dealers.id"], name=op.f("fk_learned_aliases_dealer_id_dealers")
        ),
        sa.ForeignKeyConstraint(["sku_id"], ["skus.id"], name=op.f("fk_learned_aliases_sku_id_skus")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learned_aliases")),
    )
    op.create_index(op.f("ix_learned_aliases_phrase"), "learned_aliases", ["phrase"], unique=False)

    op.create_table(
        "orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("dealer_id", sa.Integer(), nullable=False),
        sa.Column("placed_by_kind", sa.String(length=10), nullable=False),
        sa.Column("placed_by_ref", sa.String(length=200), nullable=False),
        sa.Column("state", sa.String(length=24), nullable=False),
        sa.Column("gross", sa.BigInteger(), nullable=False),
        sa.Column("discount", sa.BigInteger(), nullable=False),
        sa.Column("tax", sa.BigInteger(), nullable=False),
        sa.Column("total", sa.BigInteger(), nullable=False),
        sa.Column("credit_decision", sa.String(length=8), nullable=True),
        sa.Column("credit_note", sa.Text(), nullable=False),
        sa.Column("source_message_ref", sa.String(length=64), nullable=True),
        sa.Column("needs_review", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["dealer_id"], ["dealers.id"], name=op.f("fk_orders_dealer_id_dealers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_orders")),
        sa.UniqueConstraint("number", name=op.f("uq_orders_number")),
    )
    op.create_index(op.f("ix_orders_dealer_id"), "orders", ["dealer_id"], unique=False)
    op.create_index(op.f("ix_orders_source_message_ref"), "orders", ["source_message_ref"], unique=False)
    op.create_index(op.f("ix_orders_state"), "orders", ["state"], unique=False)

    op.create_table(
        "price_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sku_id", sa.Integer(), nullable=False),
        sa.Column("uom", sa.String(length=16), nullable=False),
        sa.Column("price", sa.BigInteger(), nullable=False),
        sa.Column("tier", sa.String(length=16), nullable=False),
        sa.Column("dealer_id", sa.Integer(), nullable=True),
        sa.Column("dealer_key", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["dealer_id"], ["dealers.id"], name=op.f("fk_price_rows_dealer_id_dealers")),
        sa.ForeignKeyConstraint(["sku_id"], ["skus.id"], name=op.f("fk_price_rows_sku_id_skus")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_price_rows")),
        sa.UniqueConstraint(
            "sku_id", "uom", "tier", "dealer_key", name=op.f("uq_price_rows_sku_id_uom_tier_dealer_key")
        ),
    )
    op.create_index(op.f("ix_price_rows_dealer_id"), "price_rows", ["dealer_id"], unique=False)

    op.create_table(
        "sku_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sku_id", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("factor", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["sku_id"], ["skus.id"], name=op.f("fk_sku_units_sku_id_skus"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sku_units")),
        sa.UniqueConstraint("sku_id", "unit", name=op.f("uq_sku_units_sku_id_unit")),
    )
    op.create_table(
        "stock_levels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sku_id", sa.Integer(), nullable=False),
        sa.Column("on_hand", sa.BigInteger(), nullable=False),
        sa.Column("reserved", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["sku_id"], ["skus.id"], name=op.f("fk_stock_levels_sku_id_skus")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_levels")),
        sa.UniqueConstraint("sku_id", name=op.f("uq_stock_levels_sku_id")),
    )
    op.create_table(
        "ledger_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dealer_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("entry_date", sa.Date(), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dealer_id"], ["dealers.id"], name=op.f("fk_ledger_entries_dealer_id_dealers")
        ),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_ledger_entries_order_id_orders")),
        sa.ForeignKeyConstraint(
            ["reverses_id"], ["ledger_entries.id"], name=op.f("fk_ledger_entries_reverses_id_ledger_entries")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_entries")),
        sa.UniqueConstraint(
            "dealer_id", "kind", "reference", name=op.f("uq_ledger_entries_dealer_id_kind_reference")
        ),
    )
    op.create_index(op.f("ix_ledger_entries_dealer_id"), "ledger_entries", ["dealer_id"], unique=False)
    op.create_index(op.f("ix_ledger_entries_order_id"), "ledger_entries", ["order_id"], unique=False)

    op.create_table(
        "order_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("from_state", sa.String(length=24), nullable=True),
        sa.Column("to_state", sa.String(length=24), nullable=False),
        sa.Column("actor_kind", sa.String(length=10), nullable=False),
        sa.Column("actor_ref", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_events_order_id_orders"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_events")),
    )
    op.create_index(op.f("ix_order_events_order_id"), "order_events", ["order_id"], unique=False)

    op.create_table(
        "order_free_goods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("sku_id", sa.Integer(), nullable=False),
        sa.Column("qty", sa.BigInteger(), nullable=False),
        sa.Column("uom", sa.String(length=16), nullable=False),
        sa.Column("scheme", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_free_goods_order_id_orders"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["sku_id"], ["skus.id"], name=op.f("fk_order_free_goods_sku_id_skus")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_free_goods")),
    )
    op.create_index(op.f("ix_order_free_goods_order_id"), "order_free_goods", ["order_id"], unique=False)

    op.create_table(
        "order_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("sku_id", sa.Integer(), nullable=False),
        sa.Column("qty", sa.BigInteger(), nullable=False),
        sa.Column("uom", sa.String(length=16), nullable=False),
        sa.Column("unit_price", sa.BigInteger(), nullable=False),
        sa.Column("gross", sa.BigInteger(), nullable=False),
        sa.Column("discount", sa.BigInteger(), nullable=False),
        sa.Column("net", sa.BigInteger(), nullable=False),
        sa.Column("tax", sa.BigInteger(), nullable=False),
        sa.Column("gst_rate", sa.Integer(), nullable=True),
        sa.Column("schemes", sa.JSON(), nullable=False),
        sa.Column("source_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name=op.f("fk_order_lines_order_id_orders"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["sku_id"], ["skus.id"], name=op.f("fk_order_lines_sku_id_skus")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_order_lines")),
    )
    op.create_index(op.f("ix_order_lines_order_id"), "order_lines", ["order_id"], unique=False)

    op.create_table(
        "review_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("dealer_id", sa.Integer(), nullable=True),
        sa.Column("phone", sa.String(length=20), nullable=False),
        sa.Column("message_text", sa.Text(), nullable=False),
        sa.Column("message_ref", sa.String(length=64), nullable=True),
        sa.Column("parse", sa.JSON(), nullable=True),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("claimed_by_id", sa.Integer(), nullable=True),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["claimed_by_id"], ["staff_users.id"], name=op.f("fk_review_items_claimed_by_id_staff_users")
        ),
        sa.ForeignKeyConstraint(
            ["dealer_id"], ["dealers.id"], name=op.f("fk_review_items_dealer_id_dealers")
        ),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name=op.f("fk_review_items_order_id_orders")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_items")),
    )
    op.create_index(op.f("ix_review_items_dealer_id"), "review_items", ["dealer_id"], unique=False)
    op.create_index(op.f("ix_review_items_kind"), "review_items", ["kind"], unique=False)
    op.create_index(op.f("ix_review_items_order_id"), "review_items", ["order_id"], unique=False)
    op.create_index(op.f("ix_review_items_status"), "review_items", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_review_items_status"), table_name="review_items")
    op.drop_index(op.f("ix_review_items_order_id"), table_name="review_items")
    op.drop_index(op.f("ix_review_items_kind"), table_name="review_items")
    op.drop_index(op.f("ix_review_items_dealer_id"), table_name="review_items")

    op.drop_table("review_items")
    op.drop_index(op.f("ix_order_lines_order_id"), table_name="order_lines")

    op.drop_table("order_lines")
    op.drop_index(op.f("ix_order_free_goods_order_id"), table_name="order_free_goods")

    op.drop_table("order_free_goods")
    op.drop_index(op.f("ix_order_events_order_id"), table_name="order_events")

    op.drop_table("order_events")
    op.drop_index(op.f("ix_ledger_entries_order_id"), table_name="ledger_entries")
    op.drop_index(op.f("ix_ledger_entries_dealer_id"), table_name="ledger_entries")

    op.drop_table("ledger_entries")
    op.drop_table("stock_levels")
    op.drop_table("sku_units")
    op.drop_index(op.f("ix_price_rows_dealer_id"), table_name="price_rows")

    op.drop_table("price_rows")
    op.drop_index(op.f("ix_orders_state"), table_name="orders")
    op.drop_index(op.f("ix_orders_source_message_ref"), table_name="orders")
    op.drop_index(op.f("ix_orders_dealer_id"), table_name="orders")

    op.drop_table("orders")
    op.drop_index(op.f("ix_learned_aliases_phrase"), table_name="learned_aliases")

    op.drop_table("learned_aliases")
    op.drop_table("dealer_reps")
    op.drop_table("unknown_senders")
    op.drop_table("staff_users")
    op.drop_index(op.f("ix_skus_category"), table_name="skus")
    op.drop_index(op.f("ix_skus_brand"), table_name="skus")

    op.drop_table("skus")
    op.drop_table("settings")
    op.drop_index(op.f("ix_scheme_rows_code"), table_name="scheme_rows")

    op.drop_table("scheme_rows")
    op.drop_table("field_reps")
    op.drop_table("dealers")
    op.drop_table("counters")
    op.drop_index(op.f("ix_audit_log_action"), table_name="audit_log")

    op.drop_table("audit_log")
