"""Master data upload: the contract's CSV files through the same importer as `orderbot import`.

    GET  /console/masters                  admin: the upload form
    POST /console/masters                  admin: files in fields catalog, dealers, prices, schemes,
                                           stock; action=preview shows what would change (nothing
                                           written) with an Apply button, action=import applies now
    POST /console/masters/apply            admin: apply the previewed upload (its token)
    GET  /console/masters/uploads/<token>  admin: a background upload's progress (refreshes itself)

The files are imported in the importer's order (catalog, dealers, prices, schemes,
stock), each whole or not at all, exactly as `orderbot import DIR` does: the first
file with bad rows stops the upload, and every bad row is listed as the importer
names it ("dealers.csv line 14: credit_limit 'abc' is not a number"), escaped like
any text on a console page. Files imported before the bad one stay imported. The
result names every field changed per row; an empty cell keeps the stored value and
`-` or `none` clears it (docs/masters.md).

An upload of more than MASTERS_BACKGROUND_ROWS rows (app config, default 20,000: a
120,000-row catalog) is applied as a background job (bot.masters_upload: rq when
REDIS_URL is set, else a thread of this process) and the page shows its progress
instead of running into the web timeout. Every file imported, and every refusal, is
written to the audit log.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import FileStorage

from bot import masters_upload as uploads
from bot.console.auth import role_required
from bot.console.web import runtime, who
from bot.dispatch import RqDispatcher
from domain.importing import FILES, ImportFailed

NAV = [("Masters", "console.masters", ())]
MAX_BYTES = 20 * 1024 * 1024  # a 20 MB master file is already very large
MAX_SHOWN = uploads.MAX_SHOWN
BACKGROUND_ROWS = 20_000


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/masters", "masters", masters, methods=["GET", "POST"])
    bp.add_url_rule("/masters/apply", "masters_apply", apply, methods=["POST"])
    bp.add_url_rule("/masters/uploads/<token>", "masters_upload", progress)


def field_name(file_name: str) -> str:
    """'catalog.csv' -> 'catalog' (the form field that carries it)."""
    return file_name.removesuffix(".csv")


def _page(status: int = 200, **shown: object) -> ResponseReturnValue:
    fields = [(name, field_name(name)) for name in FILES]
    values = {"upload": None, "preview": None, "token": "", "refused": None, **shown}
    return render_template("console/masters.html", fields=fields, **values), status


@role_required()
def masters() -> ResponseReturnValue:
    if request.method == "GET":
        return _page()
    chosen = ((name, request.files.get(field_name(name))) for name in FILES)
    given = [(name, storage) for name, storage in chosen if storage is not None and storage.filename]
    if not given:
        flash(f"Choose at least one file ({', '.join(FILES)}).", "error")
        return _page(400)
    data, refused = _read(given)
    if refused is not None:
        return _page(422, upload=refused)
    token = uploads.stage(data)
    if request.form.get("action") == "preview":
        return _preview(token)
    return _apply(token)


def _read(given: list[tuple[str, FileStorage]]) -> tuple[dict[str, bytes], uploads.Status | None]:
    data = {}
    for name, storage in given:
        data[name] = storage.stream.read(MAX_BYTES + 1)
        if len(data[name]) > MAX_BYTES:
            too_big = f"{name}: the file is larger than {MAX_BYTES // (1024 * 1024)} MB"
            return data, uploads.Status(state="failed", failed_file=name, errors=[too_big])
    return data, None


def _preview(token: str) -> ResponseReturnValue:
    if _background(token):
        uploads.start(runtime(), token, who(), uploads.PREVIEW)
        return redirect(url_for("console.masters_upload", token=token), 303)
    return _shown(token, uploads.run_preview(runtime().sessions, token, who()))


def _shown(token: str, state: uploads.Status) -> ResponseReturnValue:
    """An upload's page: a preview with its Apply button, a refused preview, progress, or the result."""
    if state.state == "previewed":
        return _page(preview=state.lines, token=token)
    if state.state == "failed" and state.job == uploads.PREVIEW:
        return _page(422, refused=state)
    return _page(422 if state.state == "failed" else 200, upload=state, token=token)


def _background(token: str) -> bool:
    """More rows than a web request should take on (MASTERS_BACKGROUND_ROWS)?"""
    try:
        size = uploads.rows(token)
    except ImportFailed:
        return False  # the importer names the bad layout, file by file
    return size > int(current_app.config.get("MASTERS_BACKGROUND_ROWS", BACKGROUND_ROWS))


@role_required()
def apply() -> ResponseReturnValue:
    token = request.form.get("token", "")
    try:
        uploads.folder(token)
    except uploads.UnknownUpload as exc:
        flash(str(exc), "error")
        return _page(404)
    return _apply(token)


def _apply(token: str) -> ResponseReturnValue:
    rt = runtime()
    if _background(token):
        uploads.start(rt, token, who())
        return redirect(url_for("console.masters_upload", token=token), 303)
    queue = rt.dispatcher.queue if isinstance(rt.dispatcher, RqDispatcher) else None  # builds the next parser
    state = uploads.apply(rt.sessions, token, who(), queue=queue)
    return _page(422 if state.state == "failed" else 200, upload=state)


@role_required()
def progress(token: str) -> ResponseReturnValue:
    try:
        state = uploads.status(token)
    except uploads.UnknownUpload as exc:
        flash(str(exc), "error")
        return _page(404)
    return _shown(token, state)
