"""How often reminders carry a tip: per patient, with a per-team default, and what it costs."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from reminders.content import gsm
from reminders.content.tips import load_library, tip_due
from reminders.core.models import Patient
from reminders.services import enrolment
from tests.scheduling_helpers import Phone, at, enrol, messages, tick

LIBRARY = load_library()
NY = "America/New_York"


def two_weeks_of_reminders(rt, rrule="FREQ=DAILY", patient=None, team=None):
    """Enrol a daily patient, give them (or their team) a cadence, tick through 14 days."""
    patient_id, _ = enrol(rt, rrule=rrule, start="2027-03-10T08:00")
    with rt.session() as session:
        p = session.get(Patient, patient_id)
        p.tip_cadence = patient
        if team:
            p.team = enrolment.find_team(session, "North", create=True)
            p.team.tip_cadence = team
    phone = Phone()
    for day in range(14):
        for hour in (8, 20):  # a minute after each local fire time, across the change to summer time
            tick(rt, phone, at(f"{date(2027, 3, 10) + timedelta(days=day)}T{hour:02d}:01", NY))
    return [m for m in messages(rt, purpose="reminder")]


def days_with_a_tip(reminders):
    """The day numbers (0 = the first reminder's local date) of the reminders that carried a tip."""
    def local(m):
        return m.send_after.astimezone(ZoneInfo(NY)).date()
    return [(local(m) - local(reminders[0])).days for m in reminders if m.tip_id]


@pytest.mark.parametrize("cadence, days", [
    ("every", list(range(14))),
    ("daily", list(range(14))),
    ("weekly", [0, 7]),
    ("never", []),
])
def test_a_patients_cadence_decides_which_reminders_carry_a_tip(rt, cadence, days):
    reminders = two_weeks_of_reminders(rt, patient=cadence)
    assert len(reminders) == 14
    assert days_with_a_tip(reminders) == days


def test_at_most_one_a_day_means_one_of_two_daily_reminders(rt):
    reminders = two_weeks_of_reminders(rt, rrule="FREQ=DAILY;BYHOUR=8,20;BYMINUTE=0", patient="daily")
    assert len(reminders) == 28
    with_tip = [m for m in reminders if m.tip_id]
    assert len(with_tip) == 14 and all(m.send_after.astimezone(ZoneInfo(NY)).hour == 8 for m in with_tip)


def test_a_team_sets_the_default_and_a_patient_may_differ(rt):
    assert days_with_a_tip(two_weeks_of_reminders(rt, team="weekly")) == [0, 7]


def test_a_patients_own_cadence_wins_over_the_teams(rt):
    assert len(days_with_a_tip(two_weeks_of_reminders(rt, patient="every", team="never"))) == 14


def test_a_reminder_without_a_tip_is_one_segment_and_with_one_at_most_two(rt):
    reminders = two_weeks_of_reminders(rt, patient="weekly")
    assert {gsm.segments(m.body) for m in reminders if not m.tip_id} == {1}
    assert all(gsm.segments(m.body) <= 2 for m in reminders)


def test_the_cadence_counts_calendar_days_in_the_patients_zone():
    last = at("2027-04-07T08:00", NY)
    assert not tip_due("daily", NY, last, last + timedelta(hours=15))  # 23:00 the same evening
    assert tip_due("daily", NY, last, last + timedelta(hours=23, minutes=59))
    assert not tip_due("weekly", NY, last, last + timedelta(days=6, hours=12))
    assert tip_due("weekly", NY, last, last + timedelta(days=7, minutes=-1))  # next week's 8:00, a minute early
    assert tip_due("weekly", NY, None, last) and not tip_due("never", NY, None, last)


def test_the_cadence_is_enrolled_and_shown_on_the_command_line(runner, rt):
    result = runner("patients", "add", "--phone", "+16175550188", "--name", "Ana", "--tz", NY, "--tips", "weekly")
    assert result.exit_code == 0, result.output
    with rt.session() as session:
        assert session.scalars(select(Patient.tip_cadence)).one() == "weekly"
    assert "tips      weekly" in runner("patients", "show", "--phone", "+16175550188").output
    bad = runner("patients", "add", "--phone", "+16175550189", "--name", "Bo", "--tz", NY, "--tips", "hourly")
    assert bad.exit_code != 0 and len(bad.output.strip().splitlines()) == 1
