"""Signing in and out, throttling, CSRF, cookies, and that nothing is open to the anonymous."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from reminders.app import create_app
from reminders.core.db import utcnow
from reminders.services.accounts import (
    ADDRESS_LIMIT,
    PAIR_LIMIT,
    AuditEvent,
    LoginThrottle,
)
from tests.dashboard.conftest import ADMIN, COORD_A, PASSWORD, csrf_token, post, sign_in

PUBLIC = {"/login", "/healthz"}


def _concrete(rule) -> str:
    """A URL for a rule, with every <int:...> filled in."""
    return re.sub(r"<(?:int:)?[a-z_]+>", "1", rule.rule)


def _page_rules(app, method: str):
    for rule in app.url_map.iter_rules():
        if method in rule.methods and not rule.rule.startswith(("/static", "/webhooks/")):
            if _concrete(rule) not in PUBLIC:
                yield rule


def audit_actions(rt, **where) -> list[str]:
    with rt.session() as s:
        query = select(AuditEvent.action).order_by(AuditEvent.id)
        for column, value in where.items():
            query = query.where(getattr(AuditEvent, column) == value)
        return list(s.scalars(query))


def test_every_page_sends_the_anonymous_to_login(client, app, world):
    rules = list(_page_rules(app, "GET"))
    assert len(rules) >= 12  # patients, patient, flags, enrol, exports, admin..., demo phone
    for rule in rules:
        response = client.get(_concrete(rule))
        assert response.status_code == 302, rule.rule
        assert response.location.startswith("/login"), rule.rule


def test_every_action_sends_the_anonymous_to_login_even_with_a_csrf_token(client, app, world):
    token = csrf_token(client)
    for rule in _page_rules(app, "POST"):
        response = client.post(_concrete(rule), data={"csrf_token": token, "note": "x", "body": "hi"})
        assert response.status_code == 302 and response.location.startswith("/login"), rule.rule


def test_public_pages_stay_public(client):
    assert client.get("/login").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_sign_in_lands_on_patients_and_is_audited(client, world, rt):
    response = sign_in(client, COORD_A)
    assert response.status_code == 302 and response.location == "/patients"
    assert "Alice Archer" in client.get("/patients").get_data(as_text=True)
    assert audit_actions(rt, actor=COORD_A) == ["login"]


def test_wrong_password_is_refused_and_audited(client, world, rt):
    response = sign_in(client, COORD_A, "not the password")
    assert response.status_code == 401
    assert "Email or password is not right" in response.get_data(as_text=True)
    assert client.get("/patients").status_code == 302
    assert audit_actions(rt, actor=COORD_A) == ["login_failed"]


def test_unknown_email_gets_the_same_answer(client, world, rt):
    response = sign_in(client, "nobody@example.org", "whatever it is")
    assert response.status_code == 401
    assert "Email or password is not right" in response.get_data(as_text=True)
    assert audit_actions(rt, actor="nobody@example.org") == ["login_failed"]


def test_disabled_user_cannot_sign_in(client, world, rt):
    from reminders.services.accounts import User

    with rt.session() as s:
        s.scalar(select(User).where(User.email == COORD_A)).active = False
    assert sign_in(client, COORD_A).status_code == 401


def test_the_eleventh_bad_password_in_a_minute_is_throttled(client, world, rt):
    for attempt in range(PAIR_LIMIT):
        assert sign_in(client, COORD_A, f"wrong {attempt}").status_code == 401
    response = sign_in(client, COORD_A, "wrong again")
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.get_data(as_text=True)
    # Even the right password waits now, from this address: that is what stops guessing.
    assert sign_in(client, COORD_A).status_code == 429
    assert audit_actions(rt, actor=COORD_A)[-2:] == ["login_throttled", "login_throttled"]


def test_throttling_lifts_after_a_minute(client, world, rt):
    long_ago = utcnow() - timedelta(seconds=61)
    with rt.session() as s:
        s.add(LoginThrottle(key=f"account {COORD_A} from 127.0.0.1", window_start=long_ago, failures=PAIR_LIMIT))
    assert sign_in(client, COORD_A).status_code == 302


def test_one_address_trying_many_accounts_is_throttled(client, world, rt):
    with rt.session() as s:
        s.add(LoginThrottle(key="address 127.0.0.1", window_start=utcnow(), failures=ADDRESS_LIMIT))
    assert sign_in(client, ADMIN).status_code == 429
    # Another address is not held back by this one.
    other = client.application.test_client()
    response = other.post("/login", environ_base={"REMOTE_ADDR": "10.9.8.7"},
                          data={"email": ADMIN, "password": PASSWORD, "csrf_token": csrf_token(other)})
    assert response.status_code == 302


def test_a_post_without_csrf_token_is_refused(as_coord_a, world, rt):
    response = as_coord_a.post(f"/patients/{world.patient_a}/pause")
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)
    from reminders.core.models import Patient

    with rt.session() as s:
        assert s.get(Patient, world.patient_a).paused is False


def test_login_itself_needs_the_csrf_token(client, world):
    response = client.post("/login", data={"email": COORD_A, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/patients").status_code == 302


def test_logout_ends_the_session_even_for_a_copied_cookie(client, world, app):
    sign_in(client, COORD_A)
    cookie = client.get_cookie("session").value
    assert post(client, "/logout").status_code == 302
    assert client.get("/patients").status_code == 302
    # Someone who copied the cookie before the logout gets nothing with it.
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    assert thief.get("/patients").status_code == 302


def test_session_cookie_is_httponly_and_lax(client, world):
    response = sign_in(client, COORD_A)
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    assert "HttpOnly" in header and "SameSite=Lax" in header


def test_session_cookie_is_secure_outside_development(config, rt):
    app = create_app(config.with_overrides(env="production"))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert create_app(config.with_overrides(env="development")).config["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize("target", ["https://evil.example/x", "//evil.example/x", "/\\evil.example"])
def test_login_never_redirects_off_site(client, world, target):
    response = client.post("/login", data={"email": COORD_A, "password": PASSWORD, "next": target,
                                           "csrf_token": csrf_token(client)})
    assert response.location == "/patients"


def test_login_returns_to_the_page_asked_for(client, world):
    first = client.get(f"/patients/{world.patient_a}")
    assert first.status_code == 302
    form_page = client.get(first.location).get_data(as_text=True)
    next_value = re.search(r'name="next" type="hidden" value="([^"]*)"', form_page).group(1)
    response = client.post("/login", data={"email": COORD_A, "password": PASSWORD, "next": next_value,
                                           "csrf_token": csrf_token(client)})
    assert response.location == f"/patients/{world.patient_a}"


def test_pages_are_not_cached_and_cannot_be_framed(as_coord_a, world):
    response = as_coord_a.get(f"/patients/{world.patient_a}")
    assert response.headers["Cache-Control"] == "no-store"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
