"""Signed, expiring links to invoice PDFs, for the WhatsApp media message that sends a dealer his invoice.

    url = signed_url(settings.public_base_url, app.secret_key, "INV/2026-27/0001")
    # https://bot.example.com/documents/IklOVi8yMDI2LTI3LzAwMDEi.Z1Nx.3kq.../INV-2026-27-0001.pdf

Twilio fetches the URL when it sends the message, so the route is public: the token (itsdangerous,
signed with SECRET_KEY, salt `invoice-pdf`) names the document and when it was signed, and is good for
LINK_MAX_AGE. A token that was not signed by us, or names another document, gets 403; an expired one
410; nothing is said about which documents exist. None when PUBLIC_BASE_URL is not set (nothing to
send then: the dispatch message goes without the PDF).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Final

from flask import Blueprint, Response, abort, current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from domain.invoices import pdf_name
from domain.models import Invoice
from domain.services.invoices import find_invoice

SALT: Final = "invoice-pdf"
LINK_MAX_AGE: Final = timedelta(days=7)

bp = Blueprint("documents", __name__)


def _serializer(secret: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=SALT)


def signed_url(public_base_url: str | None, secret: str, number: str) -> str | None:
    """The public link to document `number`, or None without a PUBLIC_BASE_URL."""
    if not public_base_url:
        return None
    token = _serializer(secret).dumps(number)
    return f"{public_base_url.rstrip('/')}/documents/{token}/{pdf_name(number)}"


def number_of(secret: str, token: str, max_age: timedelta = LINK_MAX_AGE) -> str:
    """The document number a token names; SignatureExpired when too old, BadSignature when not ours."""
    value = _serializer(secret).loads(token, max_age=int(max_age.total_seconds()))
    if not isinstance(value, str):
        raise BadSignature("not a document token")
    return value


@bp.get("/documents/<token>/<name>")
def document(token: str, name: str) -> Response:
    try:
        number = number_of(str(current_app.secret_key), token, LINK_MAX_AGE)
    except SignatureExpired:
        abort(410, "This link has expired: ask us for the invoice again.")
    except BadSignature:
        abort(403)
    if name != pdf_name(number):
        abort(403)
    with current_app.extensions["orderbot"].sessions() as session:
        doc = find_invoice(session, number)
        if doc is None:
            abort(404)
        response = pdf_response(doc, "inline")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def pdf_response(doc: Invoice, disposition: str) -> Response:
    """The document as a PDF response ('inline' to show it, 'attachment' to download it)."""
    # fpdf (31 MB RSS with Pillow and fontTools) loads with the first PDF, not in every web worker
    # at start (issue 13)
    from domain.invoice_pdf import render

    response = Response(render(doc), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'{disposition}; filename="{pdf_name(doc.number)}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


__all__ = ["LINK_MAX_AGE", "bp", "number_of", "pdf_response", "signed_url"]
