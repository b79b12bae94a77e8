"""Caregivers as the database holds them: someone a patient asked us to tell when they
need a check-in. What is done with them lives in outgoing/caregivers.py (their texts),
incoming/caregiver_replies.py (their answers) and services/caregivers.py (adding them)."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reminders.core.db import Base, utcnow

# A caregiver's own consent, apart from the patient's.
INVITED = "invited"  # sent the first text; nothing else until they reply YES
ACTIVE = "active"  # replied YES: alerts go to them
STOPPED = "stopped"  # replied STOP (or the carrier says so): nothing but the one confirmation
CAREGIVER_STATES = (INVITED, ACTIVE, STOPPED)

# What a caregiver is told about.
MISSED = "missed"  # N doses in a row with no answer
RED_FLAG = "red_flag"  # a red flag was raised
ALERTS = (MISSED, RED_FLAG)


class Caregiver(Base):
    __tablename__ = "caregivers"
    __table_args__ = (
        UniqueConstraint("patient_id", "phone", name="uq_caregivers_patient_phone"),
        CheckConstraint("state IN ('invited', 'active', 'stopped')", name="state"),
        CheckConstraint("lang IN ('en', 'es')", name="lang"),
        CheckConstraint("missed_in_a_row >= 1 AND missed_in_a_row <= 14", name="missed_in_a_row"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str] = mapped_column(String(20), index=True)  # E.164; inbound texts are matched on it
    lang: Mapped[str] = mapped_column(String(2), default="en")
    # Their own zone and quiet hours (by default the patient's zone, 21:00-08:00).
    tz: Mapped[str] = mapped_column(String(64))
    quiet_start: Mapped[time] = mapped_column(Time, default=time(21, 0))
    quiet_end: Mapped[time] = mapped_column(Time, default=time(8, 0))
    on_missed: Mapped[bool] = mapped_column(Boolean, default=True)
    on_red_flag: Mapped[bool] = mapped_column(Boolean, default=True)
    missed_in_a_row: Mapped[int] = mapped_column(Integer, default=3)
    state: Mapped[str] = mapped_column(String(16), default=INVITED)
    state_at: Mapped[datetime] = mapped_column(default=utcnow)
    # How the patient agreed to this caregiver being told, and who recorded it.
    patient_consent: Mapped[str] = mapped_column(Text)
    added_by: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    patient = relationship("Patient")

    @property
    def alerts(self) -> list[str]:
        return [a for a, on in ((MISSED, self.on_missed), (RED_FLAG, self.on_red_flag)) if on]
