"""A flag as a case: what happened on it (texts, re-openings, acknowledgements) and every
notification sent to a person about it. Written by reminders/records/flags.py and the clock's
alert step (reminders/outgoing/alerts.py)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reminders.core.db import Base, utcnow

# What a flag event records.
RAISED = "raised"  # the flag's first text or finding
TEXT = "text"  # a later text (or finding) that bears on it
ACKNOWLEDGED = "acknowledged"
REOPENED = "reopened"  # a new text after it was acknowledged: someone must look again
RESOLVED = "resolved"
REPLIED = "replied"  # a coordinator's text to the patient, from the flag card
LINKED = "linked"  # an unknown number's texts given to a patient ("new phone")
NO_ONE = "no_one"  # an urgent flag with no one to notify: no on-call contact, no admin
EVENT_KINDS = (RAISED, TEXT, ACKNOWLEDGED, REOPENED, RESOLVED, REPLIED, LINKED, NO_ONE)

# Notifications: how, to whom, and how it went.
SMS, EMAIL = "sms", "email"
ON_CALL, BACKUP, ADMIN = "on_call", "backup", "admin"
SENDING = "sending"  # an e-mail the tick has still to send
QUEUED = "queued"  # a text: in the outbox (its message row says how it went)
SENT, FAILED = "sent", "failed"
WITHDRAWN = "withdrawn"  # an e-mail not sent because someone acknowledged the flag first


class FlagEvent(Base):
    __tablename__ = "flag_events"
    __table_args__ = (
        CheckConstraint(f"kind IN ({', '.join(repr(k) for k in EVENT_KINDS)})", name="kind"),
        Index("ix_flag_events_flag_at", "flag_id", "at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(16))
    level: Mapped[str | None] = mapped_column(String(8))
    detail: Mapped[str | None] = mapped_column(Text)
    # The text behind it: the patient's own words (or, for a reply, the coordinator's).
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    actor: Mapped[str | None] = mapped_column(String(200))  # who acknowledged, replied, linked...

    flag = relationship("Flag")
    message = relationship("Message")


class Notification(Base):
    """One text or e-mail to a person about an urgent flag. A text is an outbox row (message_id)
    and its status is the message's; an e-mail is sent by the clock's tick, its status kept here."""

    __tablename__ = "flag_notifications"
    __table_args__ = (
        Index("ix_flag_notifications_flag", "flag_id"),
        # The tick's only query for e-mail: those not yet sent.
        Index(
            "ix_flag_notifications_pending_email", "id",
            postgresql_where=text("channel = 'email' AND status = 'sending'"),
            sqlite_where=text("channel = 'email' AND status = 'sending'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    round: Mapped[int] = mapped_column(Integer)  # 1: the on-call contact; 2 and on: escalations
    channel: Mapped[str] = mapped_column(String(8))  # sms, email
    role: Mapped[str] = mapped_column(String(8))  # on_call, backup, admin
    address: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default=SENDING)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None] = mapped_column()

    message = relationship("Message")
