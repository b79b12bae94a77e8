"""The tick: right text, right person, right local time, exactly once."""

from datetime import timedelta

from sqlalchemy import select

from reminders.core.models import (
    MISSED,
    NOT_SENT,
    OPTED_OUT,
    PENDING,
    DoseEvent,
    Flag,
    Patient,
)
from tests.scheduling_helpers import Phone, at, enrol, messages, occurrences, tick


def test_a_due_reminder_is_sent_once_and_only_once(rt):
    enrol(rt)
    phone = Phone()
    assert tick(rt, phone, at("2027-03-10T07:59", "America/New_York")).sent == 0
    assert tick(rt, phone, at("2027-03-10T08:00", "America/New_York")).sent == 1
    assert tick(rt, phone, at("2027-03-10T08:01", "America/New_York")).sent == 0
    assert len(phone.texts) == 1 and phone.texts[0].startswith("[sms to +16175550101]")
    sent = messages(rt, purpose="reminder")
    assert len(sent) == 1 and sent[0].status == "sent" and sent[0].twilio_sid


def test_daily_reminder_keeps_8am_local_across_spring_forward(rt):
    enrol(rt, start="2027-03-13T08:00")
    phone = Phone()
    for instant in ["2027-03-13T13:00Z", "2027-03-14T12:00Z", "2027-03-15T12:00Z"]:
        tick(rt, phone, at(instant.replace("Z", "")))
    assert [o.due_at.strftime("%d %H:%M") for o in occurrences(rt)] == ["13 13:00", "14 12:00", "15 12:00"]
    assert len(phone.texts) == 3


def test_reminder_inside_quiet_hours_is_held_to_their_end(rt):
    enrol(rt, start="2027-03-10T07:00", quiet="21:00-08:00")
    phone = Phone()
    tick(rt, phone, at("2027-03-10T07:00", "America/New_York"))
    assert phone.texts == []
    held = messages(rt, purpose="reminder")[0]
    assert held.status == PENDING and held.send_after == at("2027-03-10T08:00", "America/New_York")
    tick(rt, phone, at("2027-03-10T07:59", "America/New_York"))
    assert phone.texts == []
    tick(rt, phone, at("2027-03-10T08:00", "America/New_York"))
    assert len(phone.texts) == 1


def test_kathmandu_patient_is_texted_at_their_8am(rt):
    enrol(rt, tz="Asia/Kathmandu", start="2027-06-01T08:00", now=at("2027-05-30T00:00"))
    phone = Phone()
    tick(rt, phone, at("2027-06-01T02:14"))
    assert phone.texts == []
    tick(rt, phone, at("2027-06-01T02:15"))
    assert len(phone.texts) == 1


def test_after_downtime_old_occurrences_are_recorded_not_sent(rt):
    enrol(rt, start="2027-03-10T08:00")
    phone = Phone()
    # The clock was down from before the 10th until 11:00 on the 12th.
    result = tick(rt, phone, at("2027-03-12T11:00", "America/New_York"))
    assert phone.texts == []
    assert result.occurrences == 3
    assert [o.state for o in occurrences(rt)] == [NOT_SENT] * 3
    assert {m.status for m in messages(rt)} == {MISSED}


def test_within_the_grace_period_a_late_reminder_still_goes(rt):
    enrol(rt, start="2027-03-10T08:00")
    phone = Phone()
    tick(rt, phone, at("2027-03-10T09:30", "America/New_York"))
    assert len(phone.texts) == 1


def test_unanswered_dose_gets_one_nudge_then_is_missed_when_the_next_is_due(rt):
    enrol(rt, start="2027-03-10T08:00")
    phone = Phone()
    tick(rt, phone, at("2027-03-10T08:00", "America/New_York"))
    tick(rt, phone, at("2027-03-10T10:00", "America/New_York"))
    tick(rt, phone, at("2027-03-10T14:00", "America/New_York"))
    assert [m.purpose for m in messages(rt)] == ["reminder", "nudge"]
    tick(rt, phone, at("2027-03-11T08:00", "America/New_York"))
    with rt.session() as session:
        outcomes = session.scalars(select(DoseEvent.outcome)).all()
    assert outcomes == ["missed"]


def test_three_missed_doses_in_a_row_raise_one_flag(rt):
    enrol(rt, start="2027-03-10T08:00")
    phone = Phone()
    for day in range(10, 16):
        tick(rt, phone, at(f"2027-03-{day}T08:00", "America/New_York"))
    with rt.session() as session:
        flags = session.scalars(select(Flag)).all()
    assert [f.reason for f in flags] == ["missed_doses"]


def test_blood_test_due_soon_due_today_then_weekly_follow_ups_then_flag(rt):
    enrol(rt, kind="blood-test", rrule="FREQ=MONTHLY;INTERVAL=3", start="2027-03-15T10:00")
    phone = Phone()
    tick(rt, phone, at("2027-03-12T10:00", "America/New_York"))
    assert [m.purpose for m in messages(rt)] == ["due_soon", "due_today"]
    assert len(phone.texts) == 1
    tick(rt, phone, at("2027-03-15T10:00", "America/New_York"))
    assert len(phone.texts) == 2
    for week in range(1, 5):
        tick(rt, phone, at("2027-03-15T10:00", "America/New_York") + timedelta(days=7 * week))
    purposes = [m.purpose for m in messages(rt)]
    assert purposes == ["due_soon", "due_today", "follow_up_1", "follow_up_2", "follow_up_3"]
    with rt.session() as session:
        assert session.scalars(select(Flag.reason)).all() == ["blood_test_overdue"]


def test_opted_out_and_paused_patients_get_nothing(rt):
    enrol(rt, phone="+16175550101", start="2027-03-10T08:00")
    enrol(rt, phone="+16175550102", start="2027-03-10T08:00")
    with rt.session() as session:
        first, second = session.scalars(select(Patient).order_by(Patient.id)).all()
        first.consent = OPTED_OUT
        second.paused = True
    phone = Phone()
    tick(rt, phone, at("2027-03-10T08:00", "America/New_York"))
    assert phone.texts == []


def test_a_patient_who_opts_out_after_scheduling_is_not_texted(rt):
    enrol(rt, start="2027-03-10T07:00")
    phone = Phone()
    tick(rt, phone, at("2027-03-10T07:00", "America/New_York"))  # held by quiet hours
    with rt.session() as session:
        session.scalars(select(Patient)).one().consent = OPTED_OUT
    tick(rt, phone, at("2027-03-10T08:00", "America/New_York"))
    assert phone.texts == []
    assert messages(rt)[0].status == "cancelled"


def test_the_tick_query_reads_only_due_plans(rt):
    for n in range(5):
        enrol(rt, phone=f"+1617555010{n}", start=f"2027-03-1{n}T08:00")
    phone = Phone()
    result = tick(rt, phone, at("2027-03-10T08:00", "America/New_York"))
    assert result.occurrences == 1
