"""Admins manage teams and users; the demo phone exists only with the console transport."""

from __future__ import annotations

from sqlalchemy import select

from reminders.app import create_app
from reminders.core.db import utcnow
from reminders.core.models import (
    HANDLED,
    INBOUND,
    OUTBOUND,
    CareTeam,
    DoseEvent,
    Message,
)
from reminders.services.accounts import User, UserSession
from tests.dashboard.conftest import COORD_A, post, sign_in


def test_admin_adds_a_team_and_a_user(as_admin, world, rt):
    assert post(as_admin, "/admin/teams", {"name": "East", "contact_phone": "(617) 555-0100"},
                token_from="/admin/teams").status_code == 302
    with rt.session() as s:
        team = s.scalar(select(CareTeam).where(CareTeam.name == "East"))
        assert team.contact_phone == "+16175550100"
    response = post(as_admin, "/admin/users", {"email": "eve@east.example", "role": "coordinator",
                                               "team_id": team.id, "password": "twelve chars plus"},
                    token_from="/admin/users")
    assert response.status_code == 302
    with rt.session() as s:
        assert s.scalar(select(User).where(User.email == "eve@east.example")).team_id == team.id


def test_admin_form_errors(as_admin, world):
    response = post(as_admin, "/admin/users", {"email": "eve@east.example", "role": "coordinator", "team_id": 0,
                                               "password": "short"}, token_from="/admin/users")
    assert response.status_code == 400
    assert "At least 12 characters." in response.get_data(as_text=True)


def test_disabling_a_user_signs_them_out_everywhere(as_admin, world, app, rt):
    other = app.test_client()
    assert sign_in(other, COORD_A).status_code == 302
    with rt.session() as s:
        user_id = s.scalar(select(User.id).where(User.email == COORD_A))
    post(as_admin, f"/admin/users/{user_id}/active", token_from="/admin/users")
    assert other.get("/patients").status_code == 302
    with rt.session() as s:
        assert s.scalar(select(UserSession).where(UserSession.user_id == user_id)) is None


def test_demo_phone_shows_texts_and_answers_a_reply_like_the_webhook(as_coord_a, world, rt):
    with rt.session() as s:
        s.add(Message(patient_id=world.patient_a, direction=OUTBOUND, purpose="reminder", status="sent",
                      body="Time for your B12", send_after=utcnow()))
    assert as_coord_a.get("/demo/phone").location == f"/demo/phone/{world.patient_a}"
    page = as_coord_a.get(f"/demo/phone/{world.patient_a}").get_data(as_text=True)
    assert "Time for your B12" in page
    response = post(as_coord_a, f"/demo/phone/{world.patient_a}/reply", {"body": "taken"}, token_from="/demo/phone/1")
    assert response.status_code == 302
    with rt.session() as s:
        reply = s.scalar(select(Message).where(Message.direction == INBOUND))
        assert (reply.patient_id, reply.body, reply.purpose, reply.status, reply.from_number) == (
            world.patient_a, "taken", "reply", HANDLED, "+16175550111")
        assert s.scalar(select(DoseEvent.outcome).where(DoseEvent.message_id == reply.id)) == "taken"
    thread = as_coord_a.get(f"/demo/phone/{world.patient_a}/thread").get_data(as_text=True)
    assert "taken" in thread and "Logged: dose taken" in thread


def test_no_demo_phone_when_twilio_is_configured(config, rt):
    twilio = config.with_overrides(
        env="development", sms_transport="twilio", twilio_account_sid="AC" + "0" * 32, twilio_auth_token="t",
        twilio_from_number="+16175550100", public_base_url="https://example.org")
    app = create_app(twilio)
    assert not [r for r in app.url_map.iter_rules() if r.rule.startswith("/demo")]


def test_no_demo_phone_in_production(config, rt):
    app = create_app(config.with_overrides(env="production"))
    assert not [r for r in app.url_map.iter_rules() if r.rule.startswith("/demo")]


def test_demo_phone_says_when_the_hourly_answer_cap_holds_its_answers_back(as_coord_a, world, rt, config):
    cap = config.auto_replies_per_hour
    for n in range(cap + 1):
        post(as_coord_a, f"/demo/phone/{world.patient_a}/reply", {"body": "hello?"}, token_from="/demo/phone/1")
    with rt.session() as s:
        answered = s.scalars(select(Message.body).where(Message.purpose == "answer")).all()
    assert len(answered) == cap  # the eleventh text was stored and not answered...
    page = as_coord_a.get(f"/demo/phone/{world.patient_a}").get_data(as_text=True)
    # ...and the phone says why, and when answers start again.
    assert f"has had {cap} automatic answers in the last hour" in page
    assert "answers start again at" in page


def test_demo_phone_says_nothing_of_the_cap_below_it(as_coord_a, world):
    post(as_coord_a, f"/demo/phone/{world.patient_a}/reply", {"body": "hello?"}, token_from="/demo/phone/1")
    assert "automatic answers in the last hour" not in as_coord_a.get(f"/demo/phone/{world.patient_a}").get_data(
        as_text=True)
