"""Console users on the database: a password set (checked first), deactivation, sessions ended.

    with sessions() as session, session.begin():
        user = find(session, "asha@example.com")
        set_password(session, user, "a long new password")   # WeakPassword names what is wrong
        deactivate(session, user)
        end_sessions(session, user.id)                         # logout does only this

Every console session carries the user's `session_version` from its login (bot/console/auth.py);
each of these adds one to it, so every cookie issued before stops working on its next request,
in every process, without a session store.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session
from werkzeug.security import generate_password_hash

from bot.passwords import check
from domain.models import StaffUser


def find(session: Session, email: str) -> StaffUser | None:
    """The user with this email (case and spaces ignored), active or not."""
    query = sa.select(StaffUser).where(sa.func.lower(StaffUser.email) == email.strip().lower())
    return session.scalars(query).first()


def end_sessions(session: Session, user_id: int) -> None:
    """Every console session of the user ends (one UPDATE, so two at once both count)."""
    session.execute(
        sa.update(StaffUser)
        .where(StaffUser.id == user_id)
        .values(session_version=StaffUser.session_version + 1)
        .execution_options(synchronize_session=False)
    )


def set_password(session: Session, user: StaffUser, password: str) -> None:
    """Check the password against the rules (bot.passwords), store its hash, end the user's sessions."""
    check(password, user.email)
    user.password_hash = generate_password_hash(password)
    session.flush()
    end_sessions(session, user.id)


def deactivate(session: Session, user: StaffUser) -> None:
    """The user can no longer log in, and his open sessions end."""
    user.active = False
    session.flush()
    end_sessions(session, user.id)
