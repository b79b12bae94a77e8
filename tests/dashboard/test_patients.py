"""The patients list and a patient's page: figures, charts, and the actions taken there."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from sqlalchemy import select

from reminders.core.db import utcnow
from reminders.core.models import (
    INBOUND,
    OPTED_OUT,
    OUTBOUND,
    PENDING,
    ConsentEvent,
    DoseEvent,
    Flag,
    LabResult,
    Message,
    Patient,
    Plan,
    SymptomReport,
)
from reminders.services import enrolment
from reminders.services.accounts import AuditEvent
from tests.dashboard.conftest import COORD_A, post, sign_in
from tests.scheduling_helpers import Phone, at, messages, tick


def _doses(rt, patient_id, outcomes_days_ago):
    now = utcnow()
    with rt.session() as s:
        for outcome, days in outcomes_days_ago:
            s.add(DoseEvent(patient_id=patient_id, outcome=outcome, at=now - timedelta(days=days, hours=1)))


def _card(page: str, name: str) -> str:
    """From the patient's name to the next card (each card holds a list of its own)."""
    start = page.index(name)
    end = page.find('<li class="card', start)
    return page[start:end if end > 0 else page.index("</main>", start)]


def test_list_shows_adherence_over_7_and_30_days(as_coord_a, world, rt):
    # Last 7 days: 3 taken of 4. Last 30: those plus 1 taken and 3 missed -> 4 of 8.
    _doses(rt, world.patient_a, [("taken", 1), ("taken", 2), ("taken", 3), ("skipped", 4),
                                 ("taken", 10), ("missed", 12), ("missed", 15), ("missed", 20),
                                 ("taken", 40)])  # 40 days ago counts for neither
    card = _card(as_coord_a.get("/patients").get_data(as_text=True), "Alice Archer")
    assert "<dd>75%</dd>" in card and "<dd>50%</dd>" in card


def test_list_shows_last_reply_flags_and_states(as_coord_a, world, rt):
    with rt.session() as s:
        s.add(Message(patient_id=world.patient_a, direction=INBOUND, purpose="reply", status="received",
                      body="taken", created_at=utcnow() - timedelta(hours=3)))
        s.add(Flag(patient_id=world.patient_a, reason="red_flag", level="urgent"))
        p = s.get(Patient, world.patient_a)
        p.paused, p.consent = True, OPTED_OUT
    card = _card(as_coord_a.get("/patients").get_data(as_text=True), "Alice Archer")
    assert "3 h ago" in card
    assert "1 open flag, 1 urgent" in card
    assert "Opted out" in card and "Paused" in card


def test_search_by_name_or_phone_and_pages(as_admin, world, rt):
    with rt.session() as s:
        for i in range(60):
            enrolment.add_patient(s, phone=f"+1617555{2000 + i:04d}", name=f"Zed Patient {i:02d}",
                                  tz="America/New_York", team="North", create_team=True)
    page = as_admin.get("/patients?q=alice").get_data(as_text=True)
    assert "Alice Archer" in page and "Bruno Baker" not in page
    by_phone = as_admin.get("/patients?q=(312) 555-0122").get_data(as_text=True)
    assert "Bruno Baker" in by_phone and "Alice Archer" not in by_phone
    first = as_admin.get("/patients").get_data(as_text=True)
    assert "62 patients" in first and "Page 1 of 2" in first
    second = as_admin.get("/patients?page=2").get_data(as_text=True)
    assert "Zed Patient 59" in second and "Zed Patient 59" not in first
    assert "100%" not in as_admin.get("/patients?q=%25").get_data(as_text=True)  # % is literal, not a wildcard


def test_patient_page_shows_thread_charts_and_plans_and_is_audited(as_coord_a, world, rt):
    with rt.session() as s:
        p = s.get(Patient, world.patient_a)
        enrolment.add_plan(s, p, kind="supplement", rrule="FREQ=DAILY", start="2030-03-01T08:00", label="B12 sublingual")
        s.add(Message(patient_id=p.id, direction=OUTBOUND, purpose="reminder", status="delivered",
                      body="Time for your B12", created_at=utcnow() - timedelta(hours=2),
                      send_after=utcnow() - timedelta(hours=2)))
        s.add(Message(patient_id=p.id, direction=INBOUND, purpose="reply", status="received",
                      body="took it <b>now</b>", created_at=utcnow() - timedelta(hours=1)))
        for days, severity in ((20, 7), (10, 5), (2, 3)):
            s.add(SymptomReport(patient_id=p.id, symptom="tingling", severity=severity, at=utcnow() - timedelta(days=days)))
        s.add(LabResult(patient_id=p.id, test="b12", value=310, unit="pg/mL", at=utcnow() - timedelta(days=30)))
    page = as_coord_a.get(f"/patients/{world.patient_a}").get_data(as_text=True)
    assert "Time for your B12" in page
    assert "took it &lt;b&gt;now&lt;/b&gt;" in page  # a patient's text is escaped
    assert page.count("<svg") == 3  # the symptom chart (narrow and wide) and the B12 chart (no MMA/homocysteine yet)
    assert 'aria-label="Highest symptom severity each day: tingling"' in page
    assert "the shaded band" in page and "is the typical range, 200-900 pg/mL" in page  # named below the chart
    assert "B12 sublingual" in page
    # The next fire on the coordinator's clock (no zone of their own or their team's: UTC), the
    # patient's own time beside it.
    assert "Fri Mar 01, 1:00 pm UTC (patient: 8:00 am EST)" in page
    with rt.session() as s:
        rows = s.execute(select(AuditEvent.action, AuditEvent.actor, AuditEvent.patient_id)).all()
    assert ("view_patient", COORD_A, world.patient_a) in rows


def test_thread_pages_back_to_older_messages(as_coord_a, world, rt):
    start = utcnow() - timedelta(days=10)
    with rt.session() as s:
        for i in range(130):
            s.add(Message(patient_id=world.patient_a, direction=OUTBOUND, purpose="reminder", status="sent",
                          body=f"text number {i:03d}.", created_at=start + timedelta(minutes=i),
                          send_after=start + timedelta(minutes=i)))
    page = as_coord_a.get(f"/patients/{world.patient_a}").get_data(as_text=True)
    assert "text number 129." in page and "text number 030." in page and "text number 029." not in page
    older = re.search(r'href="([^"]*before=\d+)#thread">Older messages', page).group(1)
    older_page = as_coord_a.get(older).get_data(as_text=True)
    assert "text number 029." in older_page and "text number 000." in older_page
    assert "text number 030." not in older_page


def test_pause_and_resume(as_coord_a, world, rt):
    post(as_coord_a, f"/patients/{world.patient_a}/pause")
    with rt.session() as s:
        assert s.get(Patient, world.patient_a).paused is True
    post(as_coord_a, f"/patients/{world.patient_a}/resume")
    with rt.session() as s:
        assert s.get(Patient, world.patient_a).paused is False
        assert [a for a in s.scalars(select(AuditEvent.action)) if a in ("pause", "resume")] == ["pause", "resume"]


def test_marking_consent_records_who_and_how(as_coord_a, world, rt):
    response = post(as_coord_a, f"/patients/{world.patient_a}/consent",
                    {"consent": "opted_out", "note": "asked by phone call"})
    assert response.status_code == 302
    with rt.session() as s:
        p = s.get(Patient, world.patient_a)
        assert (p.consent, p.consent_source, p.consent_by) == ("opted_out", "dashboard", COORD_A)
        event = s.scalars(select(ConsentEvent).order_by(ConsentEvent.id.desc())).first()
        assert (event.consent, event.source, event.actor) == ("opted_out", "dashboard", COORD_A)


def test_consent_needs_a_note(as_coord_a, world):
    response = post(as_coord_a, f"/patients/{world.patient_a}/consent", {"consent": "opted_out", "note": ""})
    assert response.status_code == 400
    assert 'id="note-error"' in response.get_data(as_text=True)


def test_one_off_message_goes_to_the_outbox(as_coord_a, world, rt):
    response = post(as_coord_a, f"/patients/{world.patient_a}/messages", {"body": "Hi Alice, call us when you can."})
    assert response.status_code == 302
    with rt.session() as s:
        m = s.scalar(select(Message))
        assert (m.direction, m.purpose, m.status, m.to_number, m.segments) == (
            OUTBOUND, "manual", PENDING, "+16175550111", 1)
        assert "message" in list(s.scalars(select(AuditEvent.action)))


# Alice is in New York with the default quiet hours, 21:00-08:00.
AFTERNOON = at("2027-03-10T15:00", "America/New_York")
LATE_EVENING = at("2027-03-10T22:30", "America/New_York")


def _send_at(client, patient_id, when, body):
    """A coordinator signs in and sends `body` at `when` (patient-page time, frozen)."""
    with time_machine.travel(when, tick=False):
        assert sign_in(client, COORD_A).status_code == 302
        return post(client, f"/patients/{patient_id}/messages", {"body": body}, follow_redirects=True)


def test_one_off_message_is_sent_by_the_next_tick(client, world, rt):
    response = _send_at(client, world.patient_a, AFTERNOON, "Hi Alice, call us.")
    assert "Message queued; it goes out with the next send." in response.get_data(as_text=True)
    phone = Phone()
    tick(rt, phone, AFTERNOON + timedelta(seconds=30))
    assert phone.texts == ["[sms to +16175550111] Hi Alice, call us."]
    [message] = messages(rt, purpose="manual")
    assert message.status == "sent" and message.send_after == AFTERNOON


def test_one_off_message_in_quiet_hours_says_it_is_held_and_goes_at_their_end(client, world, rt):
    response = _send_at(client, world.patient_a, LATE_EVENING, "Hi Alice, call us.")
    assert "held until 08:00 patient time" in response.get_data(as_text=True)
    phone = Phone()
    tick(rt, phone, LATE_EVENING + timedelta(minutes=1))
    morning = at("2027-03-11T08:00", "America/New_York")
    tick(rt, phone, morning - timedelta(seconds=1))
    assert phone.texts == []
    tick(rt, phone, morning)
    assert phone.texts == ["[sms to +16175550111] Hi Alice, call us."]


def test_one_off_message_is_refused_when_not_gsm7_too_long_discreet_paused_or_opted_out(as_coord_a, world, rt):
    url = f"/patients/{world.patient_a}/messages"
    curly = post(as_coord_a, url, {"body": "Don’t forget"})
    assert curly.status_code == 400 and "not allowed: ’" in curly.get_data(as_text=True)
    long = post(as_coord_a, url, {"body": "x" * 307})
    assert long.status_code == 400 and "at most 2 segments" in long.get_data(as_text=True)
    with rt.session() as s:  # queue_text's checks, as for every text to a patient
        s.get(Patient, world.patient_a).discreet = True
    named = post(as_coord_a, url, {"body": "Did you take your B12 today?"})
    assert named.status_code == 400 and "discreet" in named.get_data(as_text=True)
    with rt.session() as s:
        s.get(Patient, world.patient_a).paused = True
    paused = post(as_coord_a, url, {"body": "Are you there?"})
    assert paused.status_code == 400 and "paused" in paused.get_data(as_text=True)
    with rt.session() as s:
        s.get(Patient, world.patient_a).paused = False
        s.get(Patient, world.patient_a).consent = OPTED_OUT
    stopped = post(as_coord_a, url, {"body": "Are you there?"})
    assert stopped.status_code == 400 and "opted out" in stopped.get_data(as_text=True)
    with rt.session() as s:
        assert s.scalar(select(Message)) is None


def test_edit_a_plan_recomputes_its_next_fire(as_coord_b_client, world, rt):
    client = as_coord_b_client
    prefix = f"plan{world.plan_b}-"
    response = post(client, f"/patients/{world.patient_b}/plans/{world.plan_b}",
                    {prefix + "schedule": "custom", prefix + "rrule": "FREQ=WEEKLY;BYDAY=MO",
                     prefix + "start": "2030-01-01T07:30", prefix + "label": "weekly shot", prefix + "active": "y"})
    assert response.status_code == 302
    with rt.session() as s:
        plan = s.get(Plan, world.plan_b)
        assert plan.rrule == "FREQ=WEEKLY;BYDAY=MO" and plan.label == "weekly shot"
        # 2030-01-07 is the first Monday; 07:30 in Chicago is 13:30 UTC.
        assert plan.next_fire_at.isoformat() == "2030-01-07T13:30:00+00:00"
    bad = post(client, f"/patients/{world.patient_b}/plans/{world.plan_b}",
               {prefix + "schedule": "custom", prefix + "rrule": "FREQ=SOMETIMES", prefix + "start": "2030-01-01T07:30"})
    assert bad.status_code == 400 and "invalid RRULE" in bad.get_data(as_text=True)
    off = post(client, f"/patients/{world.patient_b}/plans/{world.plan_b}",
               {prefix + "schedule": "daily", prefix + "start": "2030-01-01T07:30"})
    assert off.status_code == 302
    with rt.session() as s:
        plan = s.get(Plan, world.plan_b)
        assert plan.active is False and plan.next_fire_at is None


def test_add_a_blood_test_plan(as_coord_a, world, rt):
    response = post(as_coord_a, f"/patients/{world.patient_a}/plans",
                    {"kind": "blood-test", "schedule": "months", "every": "3", "month_day": "1",
                     "start": "2030-02-01T10:00"})
    assert response.status_code == 302
    with rt.session() as s:
        plan = s.scalar(select(Plan).where(Plan.patient_id == world.patient_a))
        assert (plan.kind, plan.rrule) == ("blood_test", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1")
