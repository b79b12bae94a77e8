"""A flag card: the patient's name, a tap-to-call link, every text's words with its time, who was
alerted, a reply box on the one-off message path, and, for an unknown number, "new phone"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from reminders.core.cases import FlagEvent
from reminders.core.db import utcnow
from reminders.core.models import CareTeam, Flag, Message, Patient
from reminders.outgoing import clock
from reminders.services.accounts import AuditEvent
from tests.dashboard.conftest import COORD_A, post, sign_in
from tests.dashboard.test_triage import ALICE, ON_CALL, only_flag, text
from tests.scheduling_helpers import Phone
from tests.signing import AUTH_TOKEN, PUBLIC_BASE_URL


@pytest.fixture
def config(config):
    return config.with_overrides(twilio_auth_token=AUTH_TOKEN, public_base_url=PUBLIC_BASE_URL)


def test_a_card_names_the_patient_links_their_phone_and_times_each_text(as_coord_a, rt):
    text(as_coord_a, "can I take it with food")
    page = as_coord_a.get("/flags").get_data(as_text=True)
    assert "Alice Archer" in page and f'href="tel:{ALICE}"' in page
    assert "can I take it with food" in page and ("EDT" in page or "EST" in page)  # the patient's own clock


def test_the_alert_link_asks_for_sign_in_then_shows_the_flag(client, world, rt):
    with rt.session() as s:
        s.get(CareTeam, world.team_a).on_call_phone = ON_CALL
    text(client, "I suddenly lost my vision")
    flag = only_flag(rt, reason="red_flag")
    clock.tick(rt, Phone().transport)
    with rt.session() as s:
        [alert] = s.scalars(select(Message.body).where(Message.to_number == ON_CALL)).all()
    path = alert.split(PUBLIC_BASE_URL, 1)[1]
    assert path == f"/flags/{flag.id}"

    signed_out = client.get(path)
    assert signed_out.status_code == 302 and "/login" in signed_out.location
    assert sign_in(client, COORD_A).status_code == 302
    page = client.get(path).get_data(as_text=True)
    assert "I suddenly lost my vision" in page and "Alerted 1 time" in page and ON_CALL in page

    post(client, f"/flags/{flag.id}/acknowledge", {"back": "flag"}, token_from=path)
    assert (only_flag(rt).state, only_flag(rt).acknowledged_by, only_flag(rt).notify_at) == ("acknowledged", COORD_A, None)
    later = utcnow() + timedelta(hours=1)
    clock.tick(rt, Phone().transport, now=later)  # no escalation once acknowledged
    with rt.session() as s:
        assert len(s.scalars(select(Message).where(Message.to_number == ON_CALL)).all()) == 1
        assert s.scalar(select(AuditEvent.action).where(AuditEvent.action == "view_flag")) == "view_flag"


def test_reply_from_the_card_goes_through_the_outbox(as_coord_a, rt):
    text(as_coord_a, "can I take it with food")
    flag = only_flag(rt)
    response = post(as_coord_a, f"/flags/{flag.id}/reply", {"body": "Yes, with or without food."},
                    token_from="/flags")
    assert response.status_code == 302
    with rt.session() as s:
        [reply] = s.scalars(select(Message).where(Message.purpose == "manual")).all()
        assert (reply.status, reply.to_number, reply.send_after is not None) == ("pending", ALICE, True)
        event = s.scalar(select(FlagEvent).where(FlagEvent.kind == "replied"))
        assert (event.message_id, event.actor) == (reply.id, COORD_A)
    page = as_coord_a.get("/flags").get_data(as_text=True)
    assert "Reply from ann@north.example" in page and "Yes, with or without food." in page


def test_reply_to_a_patient_who_opted_out_is_refused_with_words(as_coord_a, rt, world):
    text(as_coord_a, "can I take it with food")
    with rt.session() as s:
        s.get(Patient, world.patient_a).consent = "opted_out"
    flag = only_flag(rt)
    response = post(as_coord_a, f"/flags/{flag.id}/reply", {"body": "Hello"}, token_from="/flags")
    assert response.status_code == 400
    assert "opted out of texts" in response.get_data(as_text=True)
    with rt.session() as s:
        assert s.scalars(select(Message).where(Message.purpose == "manual")).all() == []


def test_an_unknown_number_is_linked_as_a_patients_new_phone(as_admin, rt, world):
    new = "+16175559001"
    text(as_admin, "hi, new phone, this is Alice", sender=new)
    text(as_admin, "taken", sender=new)
    flag = only_flag(rt, reason="unknown_sender")
    wrong = post(as_admin, f"/flags/{flag.id}/link", {"phone": "+16175550000"}, token_from="/flags")
    assert wrong.status_code == 400 and "no patient with phone +16175550000" in wrong.get_data(as_text=True)

    response = post(as_admin, f"/flags/{flag.id}/link", {"phone": ALICE}, token_from="/flags")
    assert response.status_code == 302 and response.location.endswith(f"/patients/{world.patient_a}")
    with rt.session() as s:
        alice = s.get(Patient, world.patient_a)
        assert alice.phone == new
        texts = s.scalars(select(Message.body).where(Message.patient_id == alice.id, Message.direction == "in")).all()
        assert sorted(texts) == ["hi, new phone, this is Alice", "taken"]
        assert s.get(Flag, flag.id).patient_id == alice.id
        assert s.scalar(select(AuditEvent.detail).where(AuditEvent.action == "link_number")).startswith(
            f"flag {flag.id}: 4 text(s) from {new}")  # two texts and their two answers
    # Now the coordinator of Alice's team sees it, under her name.
    assert "hi, new phone, this is Alice" in as_admin.get(f"/patients/{world.patient_a}").get_data(as_text=True)


def test_a_new_phone_that_said_stop_carries_it_to_the_patient(as_admin, rt, world):
    new = "+16175559001"
    text(as_admin, "STOP", sender=new)
    text(as_admin, "hello", sender=new)
    flag = only_flag(rt, reason="unknown_sender")
    post(as_admin, f"/flags/{flag.id}/link", {"phone": ALICE}, token_from="/flags")
    with rt.session() as s:
        assert s.get(Patient, world.patient_a).consent == "opted_out"


def test_coordinators_do_not_see_unknown_numbers(as_coord_a, rt):
    text(as_coord_a, "who is this", sender="+16175559001")
    assert "who is this" not in as_coord_a.get("/flags").get_data(as_text=True)


def test_admin_edits_a_teams_on_call_contacts(as_admin, rt, world):
    prefix = f"team{world.team_a}-"
    form = {prefix + "contact_phone": "(617) 555-0100", prefix + "on_call_phone": "617 555 0199",
            prefix + "on_call_email": "OnCall@North.example", prefix + "backup_phone": "",
            prefix + "backup_email": "backup@north.example", prefix + "hours": "mon-fri 9:00-17:00",
            prefix + "tz": "America/Chicago"}
    response = post(as_admin, f"/admin/teams/{world.team_a}", form, token_from="/admin/teams")
    assert response.status_code == 302
    with rt.session() as s:
        team = s.get(CareTeam, world.team_a)
        assert (team.contact_phone, team.on_call_phone, team.on_call_email, team.backup_phone, team.backup_email) == (
            "+16175550100", "+16175550199", "oncall@north.example", None, "backup@north.example")
        assert (team.hours, team.tz) == ("Mon-Fri 09:00-17:00", "America/Chicago")
        assert s.scalar(select(AuditEvent.action).where(AuditEvent.action == "team_edit")) == "team_edit"
    page = as_admin.get("/admin/teams").get_data(as_text=True)
    assert "+16175550199" in page and "oncall@north.example" in page

    bad = post(as_admin, f"/admin/teams/{world.team_a}", {**form, prefix + "on_call_email": "nope"},
               token_from="/admin/teams")
    assert bad.status_code == 400 and "not an email address" in bad.get_data(as_text=True)


def test_admin_adds_a_team_with_on_call_contacts(as_admin, rt, world):
    response = post(as_admin, "/admin/teams", {"name": "East", "on_call_phone": "+16175550177",
                                               "backup_email": "east@clinic.example"}, token_from="/admin/teams")
    assert response.status_code == 302
    with rt.session() as s:
        east = s.scalar(select(CareTeam).where(CareTeam.name == "East"))
        assert (east.on_call_phone, east.backup_email) == ("+16175550177", "east@clinic.example")
    again = post(as_admin, "/admin/teams", {"name": "East"}, token_from="/admin/teams")
    assert again.status_code == 400 and "already exists" in again.get_data(as_text=True)
