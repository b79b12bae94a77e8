"""The flags queue: urgent first, acknowledge, resolve with a note."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from reminders.core.db import utcnow
from reminders.core.models import (
    FLAG_ACKNOWLEDGED,
    FLAG_RESOLVED,
    ROUTINE,
    URGENT,
    Flag,
)
from reminders.services.accounts import AuditEvent
from tests.dashboard.conftest import COORD_A, post


def _flags(rt, world):
    now = utcnow()
    with rt.session() as s:
        old = Flag(patient_id=world.patient_a, reason="unknown_reply", level=ROUTINE, detail="routine old",
                   created_at=now - timedelta(days=2))
        urgent = Flag(patient_id=world.patient_a, reason="red_flag", level=URGENT, detail="urgent new",
                      created_at=now - timedelta(minutes=5))
        new = Flag(patient_id=world.patient_a, reason="missed_doses", level=ROUTINE, detail="routine new",
                   created_at=now - timedelta(hours=1))
        s.add_all([old, urgent, new])
        s.flush()
        return old.id, urgent.id, new.id


def test_urgent_first_then_oldest(as_coord_a, world, rt):
    _flags(rt, world)
    page = as_coord_a.get("/flags").get_data(as_text=True)
    positions = [page.index(text) for text in ("urgent new", "routine old", "routine new")]
    assert positions == sorted(positions)


def test_acknowledge_then_resolve_with_a_note(as_coord_a, world, rt):
    _, urgent, _ = _flags(rt, world)
    assert post(as_coord_a, f"/flags/{urgent}/acknowledge", token_from="/flags").status_code == 302
    with rt.session() as s:
        flag = s.get(Flag, urgent)
        assert flag.state == FLAG_ACKNOWLEDGED and flag.acknowledged_at is not None
    assert "urgent new" in as_coord_a.get("/flags").get_data(as_text=True)  # still in the queue

    no_note = post(as_coord_a, f"/flags/{urgent}/resolve", {"note": "  "}, token_from="/flags")
    assert no_note.status_code == 302
    with rt.session() as s:
        assert s.get(Flag, urgent).state == FLAG_ACKNOWLEDGED

    post(as_coord_a, f"/flags/{urgent}/resolve", {"note": "Called her; eye clinic today."}, token_from="/flags")
    with rt.session() as s:
        flag = s.get(Flag, urgent)
        assert (flag.state, flag.resolved_by, flag.note) == (FLAG_RESOLVED, COORD_A, "Called her; eye clinic today.")
        actions = list(s.scalars(select(AuditEvent.action).where(AuditEvent.action.like("flag_%"))))
        assert actions == ["flag_acknowledge", "flag_resolve"]
    assert "urgent new" not in as_coord_a.get("/flags").get_data(as_text=True)
    resolved = as_coord_a.get("/flags?show=resolved").get_data(as_text=True)
    assert "urgent new" in resolved and "eye clinic today" in resolved


def test_flags_about_unknown_numbers_are_for_admins(as_coord_a, world, rt):
    with rt.session() as s:
        flag = Flag(patient_id=None, reason="unknown_sender", detail="text from a stranger")
        s.add(flag)
        s.flush()
        flag_id = flag.id
    assert "text from a stranger" not in as_coord_a.get("/flags").get_data(as_text=True)
    assert post(as_coord_a, f"/flags/{flag_id}/acknowledge", token_from="/flags").status_code == 404


def test_admin_sees_flags_about_unknown_numbers(as_admin, rt):
    with rt.session() as s:
        s.add(Flag(patient_id=None, reason="unknown_sender", detail="text from a stranger"))
    assert "text from a stranger" in as_admin.get("/flags").get_data(as_text=True)
