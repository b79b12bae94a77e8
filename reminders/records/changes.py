"""The record of a change a patient made by text, or a coordinator's undo of one."""

from __future__ import annotations

from datetime import datetime

from reminders.core.changes import PatientChange


def record_change(session, patient_id: int, kind: str, old: dict, new: dict, *, source: str, actor: str,
                  now: datetime, plan_id: int | None = None, message_id: int | None = None,
                  undo_of: PatientChange | None = None) -> PatientChange:
    change = PatientChange(patient_id=patient_id, plan_id=plan_id, kind=kind, old=old, new=new, source=source,
                           actor=actor, message_id=message_id, at=now,
                           undo_of_id=undo_of.id if undo_of is not None else None)
    session.add(change)
    if undo_of is not None:
        undo_of.undone_at, undo_of.undone_by = now, actor
    return change
