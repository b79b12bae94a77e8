"""The demo's seeded history is history: nothing in it waits to be interpreted and answered."""

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select

from reminders.core.models import INBOUND, RECEIVED, Message, Patient, Plan
from reminders.outgoing import quiet_hours
from reminders.services import demo


def test_seeded_replies_are_already_handled_so_the_sweeper_answers_none_of_them(rt, config):
    with rt.session() as session:
        assert demo.seed(session, config)
    with rt.session() as session:
        inbound = session.scalars(select(Message.status).where(Message.direction == INBOUND)).all()
    assert inbound and RECEIVED not in inbound  # a received one would be swept up and answered today


def test_the_demo_patient_is_where_it_is_daytime_at_every_quarter_hour_of_the_year():
    instant = datetime(2027, 1, 1, tzinfo=timezone.utc)
    while instant.year == 2027:
        local = instant.astimezone(ZoneInfo(demo.demo_zone(instant)))
        assert 9 <= local.hour < 18, instant
        instant += timedelta(minutes=15)


def test_seeded_before_dawn_in_new_york_the_first_reminder_still_comes_by_day_outside_quiet_hours(rt, config):
    seeded = datetime(2027, 3, 10, 7, 17, tzinfo=timezone.utc)  # 02:17 in New York
    with rt.session() as session:
        assert demo.seed(session, config, now=seeded)
    with rt.session() as session:
        patient = session.scalar(select(Patient))
        first = session.scalar(select(Plan.next_fire_at).where(Plan.kind == "supplement"))
    first = first if first.tzinfo else first.replace(tzinfo=timezone.utc)
    assert patient.quiet_start != patient.quiet_end  # real quiet hours, not none
    assert quiet_hours.release_time(first, patient.tz, patient.quiet_start, patient.quiet_end) <= first
    local = first.astimezone(ZoneInfo(patient.tz))
    assert 9 <= local.hour < 18 and first - seeded <= timedelta(minutes=3)
