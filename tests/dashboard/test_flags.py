"""The flags queue: urgent first, acknowledge, resolve with a note."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from reminders.core.db import utcnow
from reminders.core.models import (
    FLAG_ACKNOWLEDGED,
    FLAG_RESOLVED,
    PROMPT,
    ROUTINE,
    URGENT,
    Flag,
    Message,
)
from reminders.records.flags import raise_flag
from reminders.services.accounts import AuditEvent
from tests.dashboard.conftest import COORD_A, post


def _flags(rt, world):
    now = utcnow()
    with rt.session() as s:
        flags = [
            Flag(patient_id=world.patient_a, reason=reason, level=level, detail=detail,
                 created_at=now - ago, raised_at=now - ago)
            for reason, level, detail, ago in (
                ("unknown_reply", ROUTINE, "routine old", timedelta(days=2)),
                ("red_flag", URGENT, "urgent new", timedelta(minutes=5)),
                ("missed_doses", ROUTINE, "routine new", timedelta(hours=1)),
                ("low_b12", PROMPT, "review soon", timedelta(days=3)),
            )
        ]
        s.add_all(flags)
        s.flush()
        return tuple(flag.id for flag in flags[:3])


def test_urgent_first_then_review_then_what_asked_last(as_coord_a, world, rt):
    old, _, _ = _flags(rt, world)
    page = as_coord_a.get("/flags").get_data(as_text=True)
    positions = [page.index(text) for text in ("urgent new", "review soon", "routine new", "routine old")]
    assert positions == sorted(positions)
    with rt.session() as s:  # a new text on the old one moves it to the top of its level
        text = Message(patient_id=world.patient_a, direction="in", purpose="reply", status="handled",
                       body="hello again?")
        s.add(text)
        s.flush()
        assert raise_flag(s, world.patient_a, "unknown_reply", ROUTINE, "routine old", utcnow(), text.id).id == old
    page = as_coord_a.get("/flags").get_data(as_text=True)
    assert page.index("routine old") < page.index("routine new")


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
