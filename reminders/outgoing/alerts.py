"""Urgent flags reach a person: the team's on-call contact at once, then, every
ESCALATE_AFTER_MINUTES until someone acknowledges, the on-call and backup contacts and the admins.

Runs in the clock's tick before the outbox sends, so the on-call text goes out in the tick that
finds the flag. Texts go through the outbox (queue_staff_text); e-mails are sent by the tick itself
over one SMTP connection, outside any transaction. The words say which clinic and where to look,
never anything about the patient's health.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from reminders.core import logs
from reminders.core.cases import (
    ADMIN,
    BACKUP,
    EMAIL,
    FAILED,
    NO_ONE,
    ON_CALL,
    QUEUED,
    SENDING,
    SENT,
    SMS,
    FlagEvent,
    Notification,
)
from reminders.core.config import Config
from reminders.core.models import FLAG_OPEN, CareTeam, Flag, Patient
from reminders.core.phones import masked
from reminders.core.runtime import Runtime
from reminders.core.staff import ADMIN as ADMIN_ROLE
from reminders.core.staff import AuditEvent, User
from reminders.outgoing import email
from reminders.outgoing.queue import queue_staff_text

log = logging.getLogger(__name__)

BATCH = 100
EMAIL_BATCH = 50
EMAIL_ATTEMPTS = 5  # one a tick; escalation rounds bring new ones anyway
DEV_BASE_URL = "http://127.0.0.1:5000"  # `reminders demo`'s address, when PUBLIC_BASE_URL is unset


@dataclass(frozen=True)
class Notified:
    queued: int  # texts and e-mails queued this tick
    emails_waiting: bool  # whether send_emails has anything to do (an idle tick skips it)


def notify_due(rt: Runtime, now: datetime) -> Notified:
    """Queue the texts and e-mails of every urgent flag whose notification is due."""
    done = 0
    while True:
        with rt.session() as session:
            flags = session.scalars(
                select(Flag).where(Flag.notify_at <= now, Flag.state == FLAG_OPEN)
                .order_by(Flag.notify_at).limit(BATCH)
            ).all()
            for flag in flags:
                done += _notify(session, rt.config, flag, now)
            if len(flags) < BATCH:
                return Notified(done, session.scalar(_EMAIL_WAITING) is not None)


_EMAIL_WAITING = select(Notification.id).where(Notification.channel == EMAIL,
                                               Notification.status == SENDING).limit(1)


def _notify(session, config: Config, flag: Flag, now: datetime) -> int:
    round_ = flag.notify_round + 1
    # Claimed by moving notify_at on: a second clock (which should never run) finds nothing.
    claimed = session.execute(
        update(Flag)
        .where(Flag.id == flag.id, Flag.notify_at == flag.notify_at, Flag.notify_round == flag.notify_round)
        .values(notify_at=now + timedelta(minutes=config.escalate_after_minutes), notify_round=round_)
        .execution_options(synchronize_session=False)
    ).rowcount
    if not claimed:
        return 0
    team = _team(session, flag)
    people = recipients(session, team, round_)
    if not people:
        if round_ == 1:
            session.add(FlagEvent(flag_id=flag.id, at=now, kind=NO_ONE,
                                  detail="no on-call contact, backup or admin to notify"))
        logs.event(log, "alert_no_one", logging.WARNING, flag=flag.id)
        return 0
    line = alert_line(flag, team, round_, now, config)
    for role, channel, address in people:
        _record(session, flag, round_, role, channel, address, line, now)
    return len(people)


def on_call_reachable(team: CareTeam | None, config: Config) -> bool:
    """Whether an urgent flag for this team's patient reaches its on-call contact: what lets the
    patient's answer say the team is being alerted."""
    if team is None:
        return False
    return bool(team.on_call_phone or (team.on_call_email and config.smtp_url))


def _team(session, flag: Flag) -> CareTeam | None:
    patient = session.get(Patient, flag.patient_id) if flag.patient_id else None
    return patient.team if patient else None


def recipients(session, team: CareTeam | None, round_: int) -> list[tuple[str, str, str]]:
    """(role, channel, address) to notify in this round: the on-call contact first; from the
    second round (or at once, when no one is on call) the backups and the admins as well."""
    people = [(ON_CALL, SMS, team.on_call_phone), (ON_CALL, EMAIL, team.on_call_email)] if team else []
    if round_ > 1 or not any(address for _, _, address in people):
        if team:
            people += [(BACKUP, SMS, team.backup_phone), (BACKUP, EMAIL, team.backup_email)]
        admins = session.scalars(
            select(User.email).where(User.role == ADMIN_ROLE, User.active.is_(True)).order_by(User.email)
        )
        people += [(ADMIN, EMAIL, address) for address in admins]
    seen, unique = set(), []
    for role, channel, address in people:
        if address and (channel, address.lower()) not in seen:
            seen.add((channel, address.lower()))
            unique.append((role, channel, address))
    return unique


def alert_line(flag: Flag, team: CareTeam | None, round_: int, now: datetime, config: Config) -> str:
    """The whole text: which clinic and a link. No name, no symptom, nothing about health."""
    whom = (f"a patient of {team.name}" if team else
            "a patient with no care team" if flag.patient_id else "an unknown number")
    url = f"{(config.public_base_url or DEV_BASE_URL).rstrip('/')}/flags/{flag.id}"
    if round_ == 1:
        return f"Urgent flag for {whom}: {url}"
    waited = max(1, int((now - flag.raised_at).total_seconds() // 60))
    return f"Urgent flag for {whom}, not acknowledged after {waited} min: {url}"


def _record(session, flag: Flag, round_: int, role: str, channel: str, address: str, line: str,
            now: datetime) -> None:
    notification = Notification(flag_id=flag.id, at=now, round=round_, channel=channel, role=role,
                                address=address, body=line)
    if channel == SMS:
        notification.message = queue_staff_text(session, address, line, now)
        notification.status = QUEUED
    else:
        notification.subject = line.split(":", 1)[0]
        notification.body = (
            f"{line}\n\nSign in to see it and acknowledge it. Until someone does, it is sent again "
            "to the on-call and backup contacts and the admins.\n"
        )
        notification.status = SENDING
    session.add(notification)
    action = "flag_notify" if round_ == 1 else "flag_escalate"
    session.add(AuditEvent(at=now, actor="clock", action=action, patient_id=flag.patient_id,
                           detail=f"flag {flag.id}: {'text' if channel == SMS else 'e-mail'} to {role.replace('_', '-')} {address}"))
    logs.event(log, "alert_queued", flag=flag.id, round=round_, channel=channel, role=role,
               to=masked(address) if channel == SMS else address.split("@")[-1])


# -- e-mail ------------------------------------------------------------------------------


def send_emails(rt: Runtime, now: datetime) -> int:
    """Send the e-mails waiting to go, over one connection; how many went."""
    claimed = _claim_emails(rt)
    if not claimed:
        return 0
    outcomes: dict[int, str | None] = {}
    try:
        with email.connect(rt.config) as mailer:
            for notification_id, to, subject, body in claimed:
                try:
                    mailer.send(to, subject, body)
                    outcomes[notification_id] = None
                except email.EmailError as error:
                    outcomes[notification_id] = str(error)
    except email.EmailError as error:  # no connection: none of them went
        outcomes.update({n: str(error) for n, *_ in claimed if n not in outcomes})
    _record_emails(rt, outcomes, now, final=not rt.config.smtp_url)
    return sum(error is None for error in outcomes.values())


def _claim_emails(rt: Runtime) -> list[tuple[int, str, str, str]]:
    with rt.session() as session:
        rows = session.execute(
            select(Notification.id, Notification.address, Notification.subject, Notification.body,
                   Notification.attempts)
            .where(Notification.channel == EMAIL, Notification.status == SENDING)
            .order_by(Notification.id).limit(EMAIL_BATCH)
        ).all()
        claimed = []
        for row in rows:
            # attempts is the claim: a second clock that read the same row updates nothing.
            if session.execute(
                update(Notification).where(Notification.id == row.id, Notification.attempts == row.attempts)
                .values(attempts=row.attempts + 1).execution_options(synchronize_session=False)
            ).rowcount:
                claimed.append((row.id, row.address, row.subject or "", row.body))
        return claimed


def _record_emails(rt: Runtime, outcomes: dict[int, str | None], now: datetime, final: bool) -> None:
    with rt.session() as session:
        for notification_id, error in outcomes.items():
            notification = session.get(Notification, notification_id)
            if notification.status != SENDING:
                continue  # withdrawn meanwhile (acknowledged)
            if error is None:
                notification.status, notification.sent_at, notification.error = SENT, now, None
                logs.event(log, "email_sent", flag=notification.flag_id, notification=notification_id)
                continue
            notification.error = error
            if final or notification.attempts >= EMAIL_ATTEMPTS:
                notification.status = FAILED
            logs.event(log, "email_failed", logging.WARNING, flag=notification.flag_id,
                       notification=notification_id, attempt=notification.attempts, error=error,
                       given_up=notification.status == FAILED)
