"""Coordinators' accounts: users, their sign-in sessions, failed logins and the audit log.

Passwords are hashed with argon2id (argon2-cffi's default). Sessions live in the
database so that logging out really ends one (a copied cookie is worthless
afterwards) and so do failed logins, so throttling holds across gunicorn workers.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    delete,
    func,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from reminders.db import Base, utcnow

ADMIN = "admin"  # manages teams and users, sees every patient and the audit log
COORDINATOR = "coordinator"  # sees the patients of their own care team only
ROLES = (ADMIN, COORDINATOR)

MIN_PASSWORD = 12
SESSION_IDLE = timedelta(hours=12)  # a sign-in left unused this long has to sign in again

_hasher = PasswordHasher()  # argon2id, the library's recommended parameters
# Verified against when the email is unknown, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class User(Base):
    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('admin', 'coordinator')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)  # stored lower-case
    password_hash: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(16))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("care_teams.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column()

    team = relationship("CareTeam")

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    # Flask-Login's user protocol. The id it keeps in the cookie is the sign-in's
    # token (set at login and by the loader), not the user's id.
    token = None  # not a column
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str | None:
        return self.token


class UserSession(Base):
    """One signed-in browser. The cookie holds the token; we keep only its hash."""

    __tablename__ = "user_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    address: Mapped[str | None] = mapped_column(String(64))


class LoginFailure(Base):
    """A wrong password (or unknown email): what per-account and per-address throttling counts."""

    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_email_at", "email", "at"),
        Index("ix_login_failures_address_at", "address", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class AuditEvent(Base):
    """Who did what, when, to whose record: views, exports, edits, messages, logins."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The email as typed for failed logins (there may be no such user).
    actor: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(32))
    patient_id: Mapped[int | None] = mapped_column(Integer, index=True)  # no FK: kept if a patient goes
    detail: Mapped[str | None] = mapped_column(Text)
    address: Mapped[str | None] = mapped_column(String(64))


# -- passwords and users -----------------------------------------------------


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(user: User | None, password: str) -> bool:
    """Constant work whether or not the user exists."""
    try:
        return _hasher.verify(user.password_hash if user else _DUMMY_HASH, password) and user is not None
    except (VerificationError, InvalidHashError):
        return False


def normalise_email(email: str) -> str:
    email = email.strip().lower()
    if not _EMAIL.match(email) or len(email) > 200:
        raise ValueError(f"not an email address: {email!r}")
    return email


def find_user(session: Session, email: str) -> User | None:
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def add_user(
    session: Session, *, email: str, role: str, password: str, team_id: int | None = None
) -> User:
    email = normalise_email(email)
    if role not in ROLES:
        raise ValueError(f"role {role!r}: expected admin or coordinator")
    if role == COORDINATOR and team_id is None:
        raise ValueError("a coordinator needs a care team (--team): they see only its patients")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"password: at least {MIN_PASSWORD} characters")
    if find_user(session, email) is not None:
        raise ValueError(f"a user {email} already exists")
    user = User(email=email, role=role, team_id=team_id, password_hash=hash_password(password))
    session.add(user)
    session.flush()
    return user


# -- sessions ----------------------------------------------------------------


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(session: Session, user: User, address: str | None) -> str:
    """A new sign-in; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    session.add(UserSession(token_hash=_digest(token), user_id=user.id, address=address))
    user.last_login_at = utcnow()
    user.token = token
    return token


def session_user(session: Session, token: str, now: datetime | None = None) -> User | None:
    """The active user behind a token, or None when it was ended, expired or unknown."""
    now = now or utcnow()
    row = session.get(UserSession, _digest(token))
    if row is None or now - row.last_seen_at > SESSION_IDLE:
        return None
    user = session.get(User, row.user_id)
    if user is None or not user.active:
        return None
    if now - row.last_seen_at > timedelta(minutes=1):  # don't write on every request
        row.last_seen_at = now
    user.token = token
    return user


def end_session(session: Session, token: str) -> None:
    session.execute(delete(UserSession).where(UserSession.token_hash == _digest(token)))


def end_all_sessions(session: Session, user: User) -> None:
    session.execute(delete(UserSession).where(UserSession.user_id == user.id))


# -- throttling --------------------------------------------------------------

THROTTLE_WINDOW = timedelta(minutes=1)
ACCOUNT_LIMIT = 10  # failures per account per window: the 11th try is refused
ADDRESS_LIMIT = 30  # failures per address per window (a clinic may share one address)


def throttled(session: Session, email: str, address: str, now: datetime | None = None) -> bool:
    since = (now or utcnow()) - THROTTLE_WINDOW
    recent = select(func.count()).select_from(LoginFailure).where(LoginFailure.at > since)
    by_account = session.scalar(recent.where(LoginFailure.email == email.strip().lower()))
    if by_account >= ACCOUNT_LIMIT:
        return True
    return session.scalar(recent.where(LoginFailure.address == address)) >= ADDRESS_LIMIT


def record_failure(session: Session, email: str, address: str, now: datetime | None = None) -> None:
    now = now or utcnow()
    session.add(LoginFailure(email=email.strip().lower()[:200], address=address, at=now))
    # Old failures count for nothing; keep the table small.
    session.execute(delete(LoginFailure).where(LoginFailure.at < now - timedelta(days=1)))


# -- audit -------------------------------------------------------------------


def audit(
    session: Session,
    action: str,
    *,
    user: User | None = None,
    actor: str | None = None,
    patient_id: int | None = None,
    detail: str | None = None,
    address: str | None = None,
) -> AuditEvent:
    event = AuditEvent(
        user_id=user.id if user else None,
        actor=(user.email if user else actor or "-")[:200],
        action=action,
        patient_id=patient_id,
        detail=detail,
        address=address,
    )
    session.add(event)
    return event
