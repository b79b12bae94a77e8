"""The care team's staff as the database holds them: users, their sign-ins, failed
sign-ins and the audit log. What is done with them lives in services/accounts.py."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reminders.core.db import Base, utcnow

ADMIN = "admin"  # manages teams and users, sees every patient and the audit log
COORDINATOR = "coordinator"  # sees the patients of their own care team only
ROLES = (ADMIN, COORDINATOR)


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
    tz: Mapped[str | None] = mapped_column(String(64))  # IANA zone the dashboard shows; None: the team's

    team = relationship("CareTeam")

    @property
    def is_admin(self) -> bool:
        return self.role == ADMIN

    @property
    def zone(self) -> str:
        """The zone every time on this user's dashboard is shown in: their own setting, else
        their team's zone, else UTC."""
        return self.tz or (self.team.tz if self.team is not None else None) or "UTC"

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


class LoginThrottle(Base):
    """Failed sign-ins counted under one key (an account from an address, or an address) in
    the current one-minute window. One row per key, so a burst of attempts is counted one
    after the other on that row (services/accounts.py:reserve_attempt)."""

    __tablename__ = "login_throttles"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    window_start: Mapped[datetime] = mapped_column()
    failures: Mapped[int] = mapped_column(Integer)


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
