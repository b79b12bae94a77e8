"""Changes a patient makes to their own reminders by text (a new time, a pause, a resume),
and a coordinator's undoing of one: who, when, the old and the new values."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reminders.core.db import Base, utcnow

SET_TIME = "set_time"  # a plan's time of day; old/new: {"time": "08:00", "quiet": "21:00-08:00"}
PAUSE = "pause"  # reminders held; old/new: {"paused_until": ISO or None}
RESUME = "resume"  # a pause ended early; old/new as for PAUSE
CHANGE_KINDS = (SET_TIME, PAUSE, RESUME)

BY_TEXT = "sms"  # the patient, by text
BY_DASHBOARD = "dashboard"  # a coordinator (an undo)


class PatientChange(Base):
    __tablename__ = "patient_changes"
    __table_args__ = (
        CheckConstraint("kind IN ('set_time', 'pause', 'resume')", name="kind"),
        Index("ix_patient_changes_patient_at", "patient_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id"))
    plan_id: Mapped[int | None] = mapped_column(ForeignKey("plans.id"))  # set_time: the plan changed
    kind: Mapped[str] = mapped_column(String(16))
    old: Mapped[dict] = mapped_column(JSON)
    new: Mapped[dict] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(String(16))  # sms or dashboard
    actor: Mapped[str] = mapped_column(String(200))  # the patient's number, or a coordinator's e-mail
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))  # the text that asked
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # A coordinator undid it: when, who, and the change that did (its own row, source dashboard).
    undone_at: Mapped[datetime | None] = mapped_column()
    undone_by: Mapped[str | None] = mapped_column(String(200))
    undo_of_id: Mapped[int | None] = mapped_column(ForeignKey("patient_changes.id"))

    plan = relationship("Plan")
