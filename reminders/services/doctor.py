"""`reminders doctor`: is this deployment able to do its job? Plain answers, one per line."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import requests
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from twilio.base.exceptions import TwilioException

from reminders.core.config import Config, ConfigError
from reminders.core.migrate import alembic_config
from reminders.core.models import INBOUND, OUTBOUND, PENDING, RECEIVED, Heartbeat, Message, Patient
from reminders.core.runtime import Runtime
from reminders.core.staff import ADMIN, User
from reminders.outgoing import email
from reminders.services import teams

# The outbox is behind when a text waits longer than this past its time.
BACKLOG_AFTER = timedelta(minutes=5)


@dataclass(frozen=True)
class Finding:
    ok: bool
    topic: str
    words: str

    def __str__(self) -> str:
        return f"{'ok  ' if self.ok else 'FAIL'}  {self.topic}: {self.words}"


def examine(environ=None, now: datetime | None = None) -> list[Finding]:
    try:
        config = Config.from_env(environ)
    except ConfigError as error:
        return [Finding(False, "configuration", str(error))]
    findings = [Finding(True, "configuration", f"{config.env}, transport {config.sms_transport}")]
    rt = Runtime.from_config(config)
    try:
        database = check_database(rt)
        findings.append(database)
        if config.sms_transport == "twilio":
            findings.append(check_twilio(config))
        if database.ok:
            findings += [check_clock(rt, now), check_outbox(rt, now), check_inbox(rt, now)] + check_on_call(rt)
    finally:
        rt.close()
    return findings


def check_database(rt: Runtime) -> Finding:
    try:
        with rt.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
            current = MigrationContext.configure(connection).get_current_revision()
    except SQLAlchemyError as error:
        reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
        return Finding(False, "database", f"cannot connect ({reason}); check DATABASE_URL")
    head = ScriptDirectory.from_config(alembic_config(rt.config.database_url)).get_current_head()
    if current != head:
        return Finding(False, "database", f"schema at {current or 'nothing'}, code expects {head}: "
                                          "run `reminders db upgrade`")
    return Finding(True, "database", f"reachable, schema at {head} (newest)")


def check_twilio(config: Config) -> Finding:
    from reminders.outgoing.twilio_client import make_client

    client = make_client(config.twilio_account_sid, config.twilio_auth_token,
                         config.twilio_api_url, timeout=config.http_timeout)
    try:
        account = client.api.v2010.accounts(config.twilio_account_sid).fetch()
    except TwilioException as error:
        if getattr(error, "status", None) == 401:
            return Finding(False, "twilio", "the account SID or auth token is wrong (401)")
        return Finding(False, "twilio", f"Twilio refused the check: {getattr(error, 'code', error)}")
    except requests.exceptions.RequestException as error:
        return Finding(False, "twilio", f"cannot reach {config.twilio_api_url}: {type(error).__name__}")
    if account.status != "active":
        return Finding(False, "twilio", f"the account is {account.status}")
    return Finding(True, "twilio", f"credentials accepted, account {account.status}")


def check_clock(rt: Runtime, now: datetime | None) -> Finding:
    now = now or datetime.now().astimezone()
    with rt.session() as session:
        beat = session.scalar(select(Heartbeat).where(Heartbeat.name == "clock"))
    if beat is None:
        return Finding(False, "clock", "has never ticked: is `reminders clock` running?")
    age = now - beat.at
    if age > timedelta(seconds=3 * rt.config.tick_seconds):
        return Finding(False, "clock", f"last tick {_ago(age)} ago (every {rt.config.tick_seconds}s "
                                       "expected): is `reminders clock` running?")
    return Finding(True, "clock", f"last tick {_ago(age)} ago ({beat.detail})")


def check_outbox(rt: Runtime, now: datetime | None) -> Finding:
    """Pending texts past their time, and those claimed by a sender whose lease ran out."""
    now = now or datetime.now().astimezone()
    pending = (Message.status == PENDING, Message.direction == OUTBOUND)
    with rt.session() as session:
        late = session.scalar(select(func.count()).select_from(Message).where(
            *pending, Message.send_after < now - BACKLOG_AFTER))
        orphaned = session.scalar(select(func.count()).select_from(Message).where(
            *pending, Message.lease_until < now - BACKLOG_AFTER))
    if late or orphaned:
        words = f"{late} text(s) overdue by more than 5 min"
        if orphaned:
            words += f", {orphaned} claimed by a sender that stopped (lease over for 5 min)"
        return Finding(False, "outbox", words + ": are the senders (clock or workers) running, "
                                        "and is Twilio answering?")
    return Finding(True, "outbox", "nothing overdue")


def check_on_call(rt: Runtime) -> list[Finding]:
    """Who an urgent flag reaches beyond the dashboard: each team's on-call contact, e-mail, admins."""
    with rt.session() as session:
        rows = teams.listing(session)
        teamless = session.scalar(select(func.count()).select_from(Patient).where(Patient.team_id.is_(None)))
        admins = session.scalar(select(func.count()).select_from(User).where(User.role == ADMIN, User.active))
        emails = any(row.team.on_call_email or row.team.backup_email for row in rows) or admins > 0
    if not rows and not teamless:
        return []  # nothing enrolled yet
    findings = []
    for row in rows:
        gaps = teams.gaps(row.team)
        on_call = not any("on-call" in gap for gap in gaps)
        words = "; ".join(gaps) if gaps else (
            f"on-call {row.team.on_call_phone or row.team.on_call_email}, "
            f"backup {row.team.backup_phone or row.team.backup_email}")
        findings.append(Finding(on_call, f"on-call {row.team.name}", words))
    if teamless:
        findings.append(Finding(False, "on-call", f"{teamless} patient(s) have no care team: their urgent "
                                                  "flags reach no on-call contact, only the admins' e-mail"))
    if not admins:
        findings.append(Finding(False, "on-call", "no active admin: an unacknowledged urgent flag escalates "
                                                  "to the backup contacts only, and one from a patient "
                                                  "with no team or no on-call contact reaches no one"))
    if emails:
        findings.append(check_smtp(rt.config))
    if rows and not rt.config.public_base_url:
        # Right for the demo on this machine; nobody else can open it.
        findings.append(Finding(rt.config.development, "on-call", "PUBLIC_BASE_URL is not set: alerts link "
                                                                  "to http://127.0.0.1:5000"))
    return findings


def check_smtp(config: Config) -> Finding:
    if not config.smtp_url:
        return Finding(False, "e-mail", "SMTP_URL is not set: on-call and admin e-mails cannot be sent")
    try:
        return Finding(True, "e-mail", email.check(config))
    except email.EmailError as error:
        return Finding(False, "e-mail", f"{error}; check SMTP_URL")


def check_inbox(rt: Runtime, now: datetime | None) -> Finding:
    """Texts stored and never interpreted: the clock sweeps them up within a tick or two."""
    now = now or datetime.now().astimezone()
    overdue = now - timedelta(seconds=rt.config.sweep_after_seconds) - BACKLOG_AFTER
    with rt.session() as session:
        stuck = session.scalar(select(func.count()).select_from(Message).where(
            Message.direction == INBOUND, Message.status == RECEIVED, Message.created_at < overdue))
    if stuck:
        return Finding(False, "inbox", f"{stuck} text(s) received but not interpreted for over 5 min: "
                                       "is `reminders clock` running? (it sweeps them up)")
    return Finding(True, "inbox", "every text received has been interpreted")


def _ago(age: timedelta) -> str:
    seconds = max(0, int(age.total_seconds()))
    if seconds < 120:
        return f"{seconds}s"
    if seconds < 7200:
        return f"{seconds // 60} min"
    return f"{seconds // 3600} h"
