"""What the parser learned from fixes: per-dealer aliases, and promoting one to everyone.

GET  /console/aliases                  newest first (ops and admins)
POST /console/aliases/<id>/promote     admins: the words mean this SKU for every dealer
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from bot.console import audit
from bot.console.auth import role_required
from bot.console.teach import all_aliases, promote
from bot.console.web import reading, who, writing
from domain.models import LearnedAlias


def register(bp: Blueprint) -> None:
    bp.add_url_rule("/aliases", "aliases", aliases)
    bp.add_url_rule("/aliases/<int:alias_id>/promote", "alias_promote", promote_alias, methods=["POST"])


@role_required("ops")
def aliases() -> str:
    with reading() as session:
        rows = all_aliases(session)
    return render_template("console/aliases.html", rows=rows)


@role_required()
def promote_alias(alias_id: int) -> ResponseReturnValue:
    with writing() as session:
        alias = session.get(LearnedAlias, alias_id)
        if alias is None:
            abort(404)
        phrase = alias.phrase
        everyone = promote(session, alias_id, who())
        audit.record(
            session,
            "alias.promote",
            phrase,
            before={"alias": alias_id},
            after={"everyone": everyone.id if everyone else "already"},
        )
    flash(f"'{phrase}' now means the same SKU for every dealer.", "info")
    return redirect(url_for("console.aliases"))
