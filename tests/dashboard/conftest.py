"""Dashboard fixtures: two care teams, a coordinator for each, an admin, a patient per team,
and a helper that signs in through the real login form (CSRF token and all)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pytest

from reminders.services import accounts, enrolment
from reminders.services.accounts import User

PASSWORD = "correct horse battery staple"


@lru_cache(maxsize=1)
def password_hash() -> str:
    # argon2id is slow on purpose (~0.3 s here): hash once, insert users with it.
    return accounts.hash_password(PASSWORD)


@dataclass
class World:
    team_a: int
    team_b: int
    patient_a: int
    patient_b: int
    plan_b: int


COORD_A = "ann@north.example"
COORD_B = "bob@south.example"
ADMIN = "root@clinic.example"


@pytest.fixture
def world(rt) -> World:
    with rt.session() as s:
        a = enrolment.add_patient(s, phone="+16175550111", name="Alice Archer", tz="America/New_York", team="North", create_team=True, welcome=False)
        b = enrolment.add_patient(s, phone="+13125550122", name="Bruno Baker", tz="America/Chicago", team="South", create_team=True, welcome=False)
        plan = enrolment.add_plan(s, b, kind="supplement", rrule="FREQ=DAILY", start="2030-01-01T09:00")
        s.flush()
        for email, role, team in ((COORD_A, "coordinator", a.team_id), (COORD_B, "coordinator", b.team_id),
                                  (ADMIN, "admin", None)):
            s.add(User(email=email, role=role, team_id=team, password_hash=password_hash()))
        return World(a.team_id, b.team_id, a.id, b.id, plan.id)


def csrf_token(client, path: str = "/login") -> str:
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post("/login", data={"email": email, "password": password, "csrf_token": csrf_token(client)})


@pytest.fixture
def as_coord_a(client, world):
    assert sign_in(client, COORD_A).status_code == 302
    return client


@pytest.fixture
def as_admin(client, world):
    assert sign_in(client, ADMIN).status_code == 302
    return client


def post(client, path: str, data: dict | None = None, token_from: str = "/patients", **kwargs):
    """A form POST with a valid CSRF token taken from a page of the signed-in session."""
    return client.post(path, data={**(data or {}), "csrf_token": csrf_token(client, token_from)}, **kwargs)


@pytest.fixture
def as_coord_b_client(client, world):
    assert sign_in(client, COORD_B).status_code == 302
    return client


# The browser tests' fixtures, for every dashboard test module that asks for them (last: the
# module imports this one's accounts).
from tests.dashboard.browser import browser, page, server  # noqa: E402, F401
