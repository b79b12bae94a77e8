"""`reminders demo`: a seeded SQLite database and the app, with no account anywhere."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from reminders.core.config import Config
from reminders.core.models import Patient
from reminders.services import enrolment

DEMO_PHONE = "+16175550101"
DEMO_TEAM = "Demo clinic"
DEMO_ZONE = "America/New_York"
# The demo's dashboard sign-in: a local SQLite database with the console transport only.
DEMO_EMAIL = "demo@example.org"
DEMO_PASSWORD = "demo-password"


def seed(session: Session, config: Config | None = None) -> bool:
    """Add the demo patient and plans once; False when they are already there."""
    if session.scalar(select(Patient.id).where(Patient.phone == DEMO_PHONE)):
        return False
    # No quiet hours, and a daily dose due two minutes from now: a newcomer sees
    # the welcome text at once and the first reminder (with its tip) shortly after.
    # The team's phone first: the welcome text names it.
    enrolment.find_team(session, DEMO_TEAM).contact_phone = "+16175550100"
    patient = enrolment.add_patient(
        session, phone=DEMO_PHONE, name="Dana Demo", tz=DEMO_ZONE, team=DEMO_TEAM,
        source="demo", quiet="00:00-00:00", config=config,
    )
    patient.team.on_call_phone = "+16175550100"  # the console prints the on-call alert of a red flag
    soon = datetime.now(ZoneInfo(DEMO_ZONE)) + timedelta(minutes=2)
    today = soon.date().isoformat()
    enrolment.add_plan(
        session, patient, kind="supplement", rrule="FREQ=DAILY",
        start=f"{soon:%Y-%m-%dT%H:%M}", label="B12 1000 mcg sublingual",
    )
    enrolment.add_plan(
        session, patient, kind="blood-test", rrule="FREQ=MONTHLY;INTERVAL=3",
        start=f"{today}T10:00", label="B12 and MMA blood test",
    )
    from reminders.services.demo_history import seed_history

    seed_history(session, patient)
    return True


def seed_user(session: Session) -> bool:
    """The demo sign-in (an admin, in the demo team); False when already there."""
    from reminders.services import accounts

    if accounts.find_user(session, DEMO_EMAIL):
        return False
    team = enrolment.find_team(session, DEMO_TEAM)
    session.flush()
    accounts.add_user(session, email=DEMO_EMAIL, role=accounts.ADMIN, password=DEMO_PASSWORD, team_id=team.id)
    return True
