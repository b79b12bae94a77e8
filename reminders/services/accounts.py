"""Coordinators' accounts: users, their sign-in sessions, failed logins and the audit log.

Passwords are hashed with argon2id (argon2-cffi's default). Sessions live in the
database so that logging out really ends one (a copied cookie is worthless
afterwards) and so do the counts of failed logins, so throttling holds across gunicorn workers.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import case, delete, select, update
from sqlalchemy.orm import Session

from reminders.core.db import upsert, utcnow
from reminders.core.staff import (  # noqa: F401
    ADMIN,
    COORDINATOR,
    ROLES,
    AuditEvent,
    LoginThrottle,
    User,
    UserSession,
)

MIN_PASSWORD = 12
SESSION_IDLE = timedelta(hours=12)  # a sign-in left unused this long has to sign in again

_hasher = PasswordHasher()  # argon2id, the library's recommended parameters
# Verified against when the email is unknown, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")




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
# OWASP's advice: count failures per account and address, and per address; slow guessing
# down rather than lock an account (a lock-out is a denial of service anyone can cause).
# The right password from an address that has not been failing always gets in.

THROTTLE_WINDOW = timedelta(minutes=1)
PAIR_LIMIT = 10  # failed sign-ins to one account from one address per window: the 11th waits
ADDRESS_LIMIT = 30  # failed sign-ins from one address per window, whatever the accounts (a clinic shares one)


@dataclass(frozen=True)
class Attempt:
    keys: tuple[str, str]  # (this account from this address, this address)
    allowed: bool


def reserve_attempt(session: Session, email: str, address: str, now: datetime | None = None) -> Attempt:
    """Count a sign-in as failed before its password is checked; not allowed when this account
    from this address, or this address, is over its limit. Each count is one statement on its
    own row, so a burst of attempts is counted one after the other: however many arrive at
    once, no more than the limit get a password check. Commit before checking the password,
    so the others see the count; `signed_in` takes it back when the password was right."""
    now = now or utcnow()
    keys = (f"account {email.strip().lower()} from {address}", f"address {address}")
    session.execute(delete(LoginThrottle).where(LoginThrottle.window_start < now - timedelta(days=1)))
    pair, by_address = (_count_failure(session, key, now) for key in keys)
    return Attempt(keys, pair <= PAIR_LIMIT and by_address <= ADDRESS_LIMIT)


def _count_failure(session: Session, key: str, now: datetime) -> int:
    row = LoginThrottle.__table__.c
    insert = upsert(session, LoginThrottle).values(key=key[:300], window_start=now, failures=1)
    stale = row.window_start <= now - THROTTLE_WINDOW  # a new window starts
    return session.scalar(insert.on_conflict_do_update(index_elements=["key"], set_={
        "failures": case((stale, 1), else_=row.failures + 1),
        "window_start": case((stale, insert.excluded.window_start), else_=row.window_start),
    }).returning(row.failures))


def signed_in(session: Session, attempt: Attempt) -> None:
    """The password was right: the account's count from this address starts again, and the
    address is given back the failure counted up front."""
    pair, by_address = attempt.keys
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == pair[:300]))
    session.execute(update(LoginThrottle).where(LoginThrottle.key == by_address[:300], LoginThrottle.failures > 0)
                    .values(failures=LoginThrottle.failures - 1))


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
