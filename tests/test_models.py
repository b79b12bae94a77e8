from datetime import datetime, timezone

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from reminders.core.models import Patient


def test_two_patients_cannot_share_a_phone_number(rt):
    with rt.session() as session:
        session.add(Patient(phone="+16175550101", name="A", tz="UTC"))
    with pytest.raises(IntegrityError):
        with rt.session() as session:
            session.add(Patient(phone="+16175550101", name="B", tz="UTC"))


def test_times_come_back_as_the_same_utc_instant(rt):
    from zoneinfo import ZoneInfo

    moment = datetime(2027, 3, 14, 3, 30, tzinfo=ZoneInfo("America/New_York"))
    with rt.session() as session:
        session.add(Patient(phone="+16175550101", name="A", tz="UTC", created_at=moment))
    with rt.session() as session:
        stored = session.scalar(select(Patient.created_at))
    assert stored == moment and stored.tzinfo == timezone.utc


def test_naive_datetimes_are_refused(rt):
    with pytest.raises(Exception, match="naive datetime"):
        with rt.session() as session:
            session.add(Patient(phone="+16175550101", name="A", tz="UTC", created_at=datetime(2027, 1, 1)))
