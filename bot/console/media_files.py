"""A file a dealer sent, as the bot fetched it, for the review screen beside what was read from it.

GET /console/media/<id>    the stored bytes (ops role), with its own type, never run by the browser:
                           served as an attachment unless it is an image, with nosniff (and the
                           console's own strict CSP)
"""

from __future__ import annotations

from flask import Blueprint, Response, abort
from flask.typing import ResponseReturnValue

from bot.console.auth import role_required
from bot.console.web import reading
from bot.media.models import MediaFile

INLINE = frozenset({"image/jpeg", "image/png", "image/webp"})
SUFFIX = {"application/pdf": "pdf", "text/csv": "csv", "text/comma-separated-values": "csv"}


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/media/<int:file_id>", "media_file", media_file)


@role_required("ops")
def media_file(file_id: int) -> ResponseReturnValue:
    with reading() as session:
        row = session.get(MediaFile, file_id)
        if row is None:
            abort(404)
        data, content_type = row.data, row.content_type
    response = Response(data, content_type=content_type)
    response.headers["X-Content-Type-Options"] = "nosniff"
    if content_type not in INLINE:
        suffix = SUFFIX.get(content_type, "xlsx")
        response.headers["Content-Disposition"] = f'attachment; filename="file-{file_id}.{suffix}"'
    return response
