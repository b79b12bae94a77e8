"""`reminders demo`: a seeded SQLite database and the app, with no account anywhere."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from reminders.core.config import Config
from reminders.core.models import Patient
from reminders.services import enrolment

DEMO_PHONE = "+16175550101"
DEMO_TEAM = "Demo clinic"
# Where the demo patient lives: the one of these zones where it is nearest 13:00 now, so the
# first reminder (two minutes after seeding) lands at a waking hour, outside real quiet
# hours. Together they cover every hour of the day, in summer and in winter.
DEMO_ZONES = ("America/New_York", "America/Los_Angeles", "Pacific/Honolulu", "Asia/Tokyo",
              "Asia/Kolkata", "Europe/London")
# The demo's dashboard sign-in: a local SQLite database with the console transport only.
DEMO_EMAIL = "demo@example.org"
DEMO_PASSWORD = "demo-password"


def demo_zone(now: datetime) -> str:
    """The demo zone where `now` is nearest the early afternoon (the first such, on a tie)."""
    def from_afternoon(zone: str) -> float:
        local = now.astimezone(ZoneInfo(zone))
        return abs(local.hour + local.minute / 60 - 13)

    return min(DEMO_ZONES, key=from_afternoon)


def seed(session: Session, config: Config | None = None, now: datetime | None = None) -> bool:
    """Add the demo patient and plans once; False when they are already there."""
    if session.scalar(select(Patient.id).where(Patient.phone == DEMO_PHONE)):
        return False
    # The usual quiet hours, and a daily dose due two minutes from now in a zone where it
    # is daytime: a newcomer sees the welcome text at once and the first reminder (with
    # its tip) shortly after. The team's phone first: the welcome text names it.
    now = now or datetime.now(timezone.utc)
    zone = demo_zone(now)
    enrolment.find_team(session, DEMO_TEAM, create=True).contact_phone = "+16175550100"
    patient = enrolment.add_patient(
        session, phone=DEMO_PHONE, name="Dana Demo", tz=zone, team=DEMO_TEAM,
        source="demo", config=config, now=now,
    )
    patient.team.on_call_phone = "+16175550100"  # the console prints the on-call alert of a red flag
    soon = now.astimezone(ZoneInfo(zone)) + timedelta(minutes=2)
    today = soon.date().isoformat()
    enrolment.add_plan(
        session, patient, kind="supplement", rrule="FREQ=DAILY",
        start=f"{soon:%Y-%m-%dT%H:%M}", label="B12 1000 mcg sublingual", now=now,
    )
    enrolment.add_plan(
        session, patient, kind="blood-test", rrule="FREQ=MONTHLY;INTERVAL=3",
        start=f"{today}T10:00", label="B12 and MMA blood test", now=now,
    )
    from reminders.services.demo_history import seed_history

    seed_history(session, patient, now=now)
    return True


def seed_user(session: Session) -> bool:
    """The demo sign-in (an admin, in the demo team); False when already there."""
    from reminders.services import accounts

    if accounts.find_user(session, DEMO_EMAIL):
        return False
    team = enrolment.find_team(session, DEMO_TEAM, create=True)
    session.flush()
    accounts.add_user(session, email=DEMO_EMAIL, role=accounts.ADMIN, password=DEMO_PASSWORD, team_id=team.id)
    return True
