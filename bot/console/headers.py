"""Security headers on every console response (issue 12, item 10).

- Content-Security-Policy: only this site's scripts, styles, images and forms; no frames around the
  console (frame-ancestors 'none'), no plugins, no <base>. An inline <style> or <script> needs the
  request's nonce: `<style nonce="{{ csp_nonce() }}">`; a style="..." attribute is refused by the
  browser, so a template uses a class (console.css) or an SVG attribute instead
  (tests/bot/console/test_headers.py reads every template for this).
- Cache-Control: no-store on every console page (they show balances, payments and orders: nothing
  stays in a shared or back-button cache after logout); the static stylesheet may be cached.
- X-Content-Type-Options: nosniff, Referrer-Policy: same-origin, X-Frame-Options: DENY (for
  browsers without CSP frame-ancestors).
"""

from __future__ import annotations

import secrets

from flask import Blueprint, Response, g, request

POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
FIXED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def csp_nonce() -> str:
    """This request's nonce for an inline <style> or <script> (one per request, made on first use)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return str(g.csp_nonce)


def secure(response: Response) -> Response:
    for name, value in FIXED.items():
        response.headers.setdefault(name, value)
    response.headers["Content-Security-Policy"] = POLICY.format(nonce=csp_nonce())
    if request.endpoint != "console.static":
        response.headers["Cache-Control"] = "no-store"
        response.headers.pop("Expires", None)
    return response


def register(bp: Blueprint) -> None:
    bp.after_request(secure)
    bp.context_processor(lambda: {"csp_nonce": csp_nonce})
