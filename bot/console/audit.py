"""The audit trail: every console action is one `audit_log` row (who, when, what, before and after).

    record(session, "order.dispatch", "SO-1043", before={"state": "approved"}, after={"state": "dispatched"})

The row is added in the caller's transaction, so an action and its audit row
commit together or not at all. Values are made JSON-safe here (Decimal and
dates become strings). Admins read the trail at /console/audit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from flask import Blueprint, render_template, request
from sqlalchemy.orm import Session

from bot.console.auth import role_required
from bot.console.web import reading, who
from domain.models import AuditLog

PAGE = 100


def jsonable(value: Any) -> Any:
    """Decimal -> '12.50', date -> '2026-11-21', enums -> their value, dataclasses -> dicts."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if is_dataclass(value) and not isinstance(value, type):
        return jsonable(asdict(value))
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    return value


def record(
    session: Session,
    action: str,
    target: str = "",
    *,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    by: str | None = None,
) -> AuditLog:
    """Add one audit row for `action` on `target` by the logged-in user (or `by`)."""
    row = AuditLog(
        who=(by or who())[:254],
        action=action[:64],
        target=target[:200],
        before=jsonable(dict(before)) if before is not None else None,
        after=jsonable(dict(after)) if after is not None else None,
    )
    session.add(row)
    return row


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/audit", "audit_log", audit_log)


@role_required("admin")
def audit_log() -> str:
    from bot.console.queries import audit_rows

    action = request.args.get("action", "").strip()
    with reading() as session:
        rows = audit_rows(session, action, PAGE)
    return render_template("console/audit.html", rows=rows, action=action)
