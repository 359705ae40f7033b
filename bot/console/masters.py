"""Master data upload: the contract's CSV files through the same importer as `orderbot import`.

    GET  /console/masters        admin: the upload form
    POST /console/masters        admin: files in fields catalog, dealers, prices, schemes, stock

The files are imported in the importer's order (catalog, dealers, prices, schemes,
stock), each whole or not at all, exactly as `orderbot import DIR` does: the first
file with bad rows stops the upload, and every bad row is listed as the importer
names it ("dealers.csv line 14: credit_limit 'abc' is not a number"), escaped like
any text on a console page. Files imported before the bad one stay imported.
Every file imported, and every refusal, is written to the audit log.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from flask import Blueprint, flash, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import FileStorage

from bot.console import audit
from bot.console.auth import role_required
from bot.console.web import runtime, writing
from domain.errors import DomainError
from domain.importing import FILES, FileResult, ImportFailed, import_file

NAV = [("Masters", "console.masters", ())]
MAX_BYTES = 20 * 1024 * 1024  # a 20 MB master file is already very large
MAX_SHOWN = 200


@dataclass
class Upload:
    """What one POST did: files imported, and the refusal that stopped it (if any)."""

    done: list[FileResult] = field(default_factory=list)
    failed_file: str = ""
    errors: list[str] = field(default_factory=list)
    more: int = 0  # bad rows beyond MAX_SHOWN


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/masters", "masters", masters, methods=["GET", "POST"])


def field_name(file_name: str) -> str:
    """'catalog.csv' -> 'catalog' (the form field that carries it)."""
    return file_name.removesuffix(".csv")


@role_required()
def masters() -> ResponseReturnValue:
    fields = [(name, field_name(name)) for name in FILES]
    if request.method == "GET":
        return render_template("console/masters.html", fields=fields, upload=None)
    chosen = ((name, request.files.get(f)) for name, f in fields)
    given = [(name, storage) for name, storage in chosen if storage is not None and storage.filename]
    if not given:
        flash(f"Choose at least one file ({', '.join(FILES)}).", "error")
        return render_template("console/masters.html", fields=fields, upload=None), 400
    upload = import_uploads(given)
    status = 200 if not upload.failed_file else 422
    return render_template("console/masters.html", fields=fields, upload=upload), status


def import_uploads(given: list[tuple[str, FileStorage]]) -> Upload:
    """Import the uploaded files in FILES order; stop at the first refused one."""
    upload = Upload()
    factory = runtime().sessions
    with tempfile.TemporaryDirectory(prefix="orderbot-masters-") as folder:
        for name, storage in given:
            path = Path(folder) / name
            data = storage.stream.read(MAX_BYTES + 1)
            if len(data) > MAX_BYTES:
                _refused(upload, name, [f"{name}: the file is larger than {MAX_BYTES // (1024 * 1024)} MB"])
                break
            path.write_bytes(data)
            try:
                result = import_file(factory, path, kind=name)
            except ImportFailed as exc:
                _refused(upload, name, [str(e) for e in exc.errors])
                break
            except DomainError as exc:
                _refused(upload, name, [str(exc)])
                break
            upload.done.append(result)
            with writing() as session:
                audit.record(
                    session,
                    "masters.import",
                    name,
                    after={
                        "upload": (storage.filename or "")[:200],
                        "rows": result.rows,
                        "summary": str(result),
                    },
                )
    return upload


def _refused(upload: Upload, name: str, errors: list[str]) -> None:
    upload.failed_file = name
    upload.errors = errors[:MAX_SHOWN]
    upload.more = max(len(errors) - MAX_SHOWN, 0)
    with writing() as session:
        audit.record(
            session, "masters.import_refused", name, after={"bad_rows": len(errors), "first": errors[0][:300]}
        )
