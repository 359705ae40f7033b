"""Catalog and learned-alias version counters kept by the database (issue 13): triggers on skus,
sku_units, dealers and learned_aliases bump rows of `counters` in the changing transaction, so a
message asks "did the catalog change?" with one read by key instead of scanning the tables
(domain/versioning.py). No row is written here: a counter with no row reads 0 until its first change.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 20:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from domain import versioning

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    versioning.install(op.get_bind())


def downgrade() -> None:
    versioning.uninstall(op.get_bind())
