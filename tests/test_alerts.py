"""Urgent flags reach a person: the on-call contact within one tick, by text (the outbox) and e-mail
(a real local SMTP server); then the backups and admins every ESCALATE_AFTER_MINUTES until someone
acknowledges. Every notification is on the flag and in the audit log."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from reminders.core.cases import FlagEvent, Notification
from reminders.core.models import CareTeam, Message, Patient
from reminders.core.runtime import Runtime
from reminders.core.staff import AuditEvent, User
from reminders.outgoing import clock
from reminders.records import flags
from reminders.services import enrolment
from tests.scheduling_helpers import Phone, at
from tests.smtp_server import SmtpServer

BASE = "https://reminders.example.org"
T0 = at("2027-03-14T02:00")  # 2 a.m.: the patient's quiet hours, and nobody at the dashboard
ON_CALL, BACKUP = "+16175550199", "+16175550198"


@pytest.fixture
def alerting(config, smtp_server):
    """A runtime whose e-mail goes to the local SMTP server."""
    runtime = Runtime.from_config(config.with_overrides(smtp_url=smtp_server.url, public_base_url=BASE,
                                                        escalate_after_minutes=15))
    yield runtime
    runtime.close()


@pytest.fixture
def north(rt):
    """A patient of team North, whose on-call and backup contacts are set, and one admin."""
    with rt.session() as s:
        patient = enrolment.add_patient(s, phone="+16175550101", name="Ana Lima", tz="America/New_York",
                                        team="North", create_team=True, welcome=False)
        team = patient.team
        team.on_call_phone, team.on_call_email = ON_CALL, "oncall@north.example"
        team.backup_phone, team.backup_email = BACKUP, "backup@north.example"
        s.add(User(email="admin@clinic.example", role="admin", password_hash="x"))
        s.flush()
        return patient.id


def red_flag(rt, patient_id, now, words="I suddenly can't see out of my left eye"):
    with rt.session() as s:
        text = Message(patient_id=patient_id, direction="in", purpose="reply", status="handled", body=words,
                       created_at=now)
        s.add(text)
        s.flush()
        flag = flags.raise_flag(s, patient_id, "red_flag", "urgent", "new vision loss", now, text.id)
        s.flush()
        return flag.id


def texts_to(rt, number):
    with rt.session() as s:
        return s.scalars(select(Message).where(Message.to_number == number).order_by(Message.id)).all()


def test_the_on_call_contact_is_texted_and_emailed_within_one_tick(alerting, rt, north, smtp_server):
    flag_id = red_flag(rt, north, T0)
    phone = Phone()
    clock.tick(alerting, phone.transport, now=T0 + timedelta(seconds=30))

    [text] = texts_to(rt, ON_CALL)
    assert text.status == "sent" and text.patient_id is None  # sent inside the patient's quiet hours
    assert text.body == f"Urgent flag for a patient of North: {BASE}/flags/{flag_id}"
    assert "Ana" not in text.body and "vision" not in text.body  # no health details, no name
    [mail] = smtp_server.wait_for(1)
    assert mail.to == ["oncall@north.example"] and f"{BASE}/flags/{flag_id}" in mail.body
    assert "vision" not in mail.body + mail.subject and "Ana" not in mail.body
    assert texts_to(rt, BACKUP) == []  # the backup only when no one acknowledges

    with rt.session() as s:
        notified = s.scalars(select(Notification).where(Notification.flag_id == flag_id)).all()
        assert sorted((n.channel, n.role) for n in notified) == [("email", "on_call"), ("sms", "on_call")]
        assert {n.status for n in notified if n.channel == "email"} == {"sent"}
        audited = s.scalars(select(AuditEvent.detail).where(AuditEvent.action == "flag_notify")).all()
        assert sorted(audited) == [f"flag {flag_id}: e-mail to on-call oncall@north.example",
                                   f"flag {flag_id}: text to on-call {ON_CALL}"]


def test_unacknowledged_it_escalates_to_the_backups_and_admins_until_acknowledged(alerting, rt, north, smtp_server):
    flag_id = red_flag(rt, north, T0)
    phone = Phone()
    clock.tick(alerting, phone.transport, now=T0)
    clock.tick(alerting, phone.transport, now=T0 + timedelta(minutes=14))
    assert texts_to(rt, BACKUP) == []  # not yet

    clock.tick(alerting, phone.transport, now=T0 + timedelta(minutes=16))
    [backup] = texts_to(rt, BACKUP)
    assert backup.body == f"Urgent flag for a patient of North, not acknowledged after 16 min: {BASE}/flags/{flag_id}"
    assert len(texts_to(rt, ON_CALL)) == 2  # the on-call contact is told again too
    smtp_server.wait_for(4)
    assert {m.to[0] for m in smtp_server.mails[1:]} == {"oncall@north.example", "backup@north.example",
                                                        "admin@clinic.example"}

    clock.tick(alerting, phone.transport, now=T0 + timedelta(minutes=32))  # and again
    assert len(texts_to(rt, BACKUP)) == 2

    with rt.session() as s:
        assert flags.acknowledge(s, s.get(flags.Flag, flag_id), "ann@north.example", T0 + timedelta(minutes=33))
    for minutes in (48, 64, 120):
        clock.tick(alerting, phone.transport, now=T0 + timedelta(minutes=minutes))
    assert len(texts_to(rt, BACKUP)) == 2 and len(texts_to(rt, ON_CALL)) == 3
    assert len(smtp_server.wait_for(7)) == 7
    with rt.session() as s:
        escalations = s.scalars(select(AuditEvent).where(AuditEvent.action == "flag_escalate")).all()
        assert len(escalations) == 2 * 5  # two rounds: on-call and backup texts, three e-mails


def test_a_new_red_flag_after_acknowledgement_notifies_again(alerting, rt, north, smtp_server):
    flag_id = red_flag(rt, north, T0)
    phone = Phone()
    clock.tick(alerting, phone.transport, now=T0)
    with rt.session() as s:
        flags.acknowledge(s, s.get(flags.Flag, flag_id), "ann@north.example", T0 + timedelta(minutes=2))
    assert red_flag(rt, north, T0 + timedelta(minutes=5), "now I cannot walk") == flag_id  # the same case
    clock.tick(alerting, phone.transport, now=T0 + timedelta(minutes=5, seconds=30))
    assert [t.body for t in texts_to(rt, ON_CALL)] == [f"Urgent flag for a patient of North: {BASE}/flags/{flag_id}"] * 2
    with rt.session() as s:
        kinds = s.scalars(select(FlagEvent.kind).where(FlagEvent.flag_id == flag_id).order_by(FlagEvent.id)).all()
        assert kinds == ["raised", "acknowledged", "text", "reopened"]


def test_acknowledging_withdraws_alert_texts_not_yet_sent(alerting, rt, north):
    flag_id = red_flag(rt, north, T0)
    clock.tick(alerting, Phone().transport, now=T0, send=False)  # a worker sends; none is running
    [pending] = texts_to(rt, ON_CALL)
    assert pending.status == "pending"
    with rt.session() as s:
        flags.acknowledge(s, s.get(flags.Flag, flag_id), "ann@north.example", T0 + timedelta(minutes=1))
    assert texts_to(rt, ON_CALL)[0].status == "cancelled"


def test_with_no_one_on_call_the_admins_are_emailed_at_once(alerting, rt, north, smtp_server):
    with rt.session() as s:
        team = s.scalar(select(CareTeam))
        team.on_call_phone = team.on_call_email = team.backup_phone = team.backup_email = None
    red_flag(rt, north, T0)
    clock.tick(alerting, Phone().transport, now=T0)
    [mail] = smtp_server.wait_for(1)
    assert mail.to == ["admin@clinic.example"]


def test_with_no_one_at_all_the_flag_says_so(alerting, rt, north):
    with rt.session() as s:
        s.get(Patient, north).team_id = None
        s.execute(User.__table__.delete())
    flag_id = red_flag(rt, north, T0)
    clock.tick(alerting, Phone().transport, now=T0)
    with rt.session() as s:
        assert "no_one" in s.scalars(select(FlagEvent.kind).where(FlagEvent.flag_id == flag_id)).all()


def test_a_mail_server_that_is_down_delays_no_text_and_is_retried(config, rt, north):
    with SmtpServer() as server:
        url = server.url
    down = Runtime.from_config(config.with_overrides(smtp_url=url, public_base_url=BASE))  # nothing listens
    try:
        red_flag(rt, north, T0)
        clock.tick(down, Phone().transport, now=T0)
        assert texts_to(rt, ON_CALL)[0].status == "sent"
        with rt.session() as s:
            mail = s.scalar(select(Notification).where(Notification.channel == "email"))
            assert (mail.status, mail.attempts) == ("sending", 1) and "cannot reach 127.0.0.1" in mail.error
        for n in range(1, 5):
            clock.tick(down, Phone().transport, now=T0 + timedelta(seconds=30 * n))
        with rt.session() as s:
            assert s.scalar(select(Notification.status).where(Notification.channel == "email")) == "failed"
    finally:
        down.close()


def test_without_smtp_url_an_email_is_recorded_as_not_sent(config, rt, north):
    plain = Runtime.from_config(config.with_overrides(public_base_url=BASE))
    try:
        red_flag(rt, north, T0)
        clock.tick(plain, Phone().transport, now=T0)
        with rt.session() as s:
            mail = s.scalar(select(Notification).where(Notification.channel == "email"))
            assert (mail.status, mail.error) == ("failed", "SMTP_URL is not set")
    finally:
        plain.close()


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # a test server on 127.0.0.1
def test_email_logs_in_when_the_url_has_a_user(config, rt, north):
    with SmtpServer(user="reminders", password="s3cret") as server:
        runtime = Runtime.from_config(config.with_overrides(smtp_url=server.url, public_base_url=BASE))
        try:
            red_flag(rt, north, T0)
            clock.tick(runtime, Phone().transport, now=T0)
            assert server.wait_for(1)[0].to == ["oncall@north.example"]
        finally:
            runtime.close()
