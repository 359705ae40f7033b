"""GET /healthz: 200 when the database (and Redis, when configured) answer; 503 naming what failed."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from bot.dispatch import RqDispatcher

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> ResponseReturnValue:
    rt = current_app.extensions["orderbot"]
    checks: dict[str, str] = {}
    try:
        with rt.engine.connect().execution_options(sqlite_deferred=True) as conn:
            conn.execute(sa.text("select 1"))
        checks["database"] = "ok"
    except Exception as exc:  # any driver or network error means the database does not answer
        checks["database"] = f"failed: {type(exc).__name__}"
    if isinstance(rt.dispatcher, RqDispatcher):
        try:
            rt.dispatcher.ping()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"failed: {type(exc).__name__}"
    else:
        checks["redis"] = "not configured (jobs run inline)"
    failed = [name for name, result in checks.items() if result.startswith("failed")]
    body = {"status": "unavailable" if failed else "ok", **checks}
    if failed:
        body["failed"] = ", ".join(failed)
    return jsonify(body), 503 if failed else 200
