"""Sign-in throttling that slows guessing down and cannot be turned into a lock-out (OWASP):
failures are counted per account and address, and per address; the right password from an
address that has not been failing always gets in.

Before, ten wrong passwords a minute from anyone locked a coordinator out of their own
account, and behind a reverse proxy (every request from the proxy's address) thirty from
anyone locked out every coordinator: there was no setting for the proxy.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from reminders.app import create_app
from reminders.core.db import utcnow
from reminders.services.accounts import ADDRESS_LIMIT, PAIR_LIMIT, LoginThrottle
from tests.dashboard.conftest import ADMIN, COORD_A, PASSWORD, csrf_token

ATTACKER, OFFICE = "203.0.113.9", "198.51.100.20"


def sign_in_from(client, address: str, email: str, password: str = PASSWORD, **headers):
    token = csrf_token(client)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token},
                       environ_base={"REMOTE_ADDR": address}, headers=headers)


def test_someone_elses_wrong_passwords_never_lock_a_coordinator_out(app, world):
    attacker, coordinator = app.test_client(), app.test_client()
    for attempt in range(PAIR_LIMIT + 3):
        assert sign_in_from(attacker, ATTACKER, COORD_A, f"guess {attempt}").status_code in (401, 429)
    assert sign_in_from(coordinator, OFFICE, COORD_A).status_code == 302


def test_guessing_from_one_address_is_slowed_for_that_account_then_lifts(app, world):
    client = app.test_client()
    for attempt in range(PAIR_LIMIT):
        assert sign_in_from(client, ATTACKER, COORD_A, f"guess {attempt}").status_code == 401
    slowed = sign_in_from(client, ATTACKER, COORD_A)  # even the right password waits, from there
    assert slowed.status_code == 429 and "Wait a minute" in slowed.get_data(as_text=True)
    assert sign_in_from(app.test_client(), ATTACKER, ADMIN).status_code == 302  # other accounts are not held
    with time_machine.travel(utcnow() + timedelta(seconds=61)):
        assert sign_in_from(app.test_client(), ATTACKER, COORD_A).status_code == 302


def test_one_address_guessing_many_accounts_is_slowed_but_not_others(app, world):
    client = app.test_client()
    for n in range(ADDRESS_LIMIT):
        sign_in_from(client, ATTACKER, f"guess{n}@example.org", "wrong")
    assert sign_in_from(client, ATTACKER, ADMIN).status_code == 429
    assert sign_in_from(app.test_client(), OFFICE, ADMIN).status_code == 302


def test_a_clinic_signing_in_all_day_from_one_address_is_never_slowed(app, world, rt):
    """A sign-in is counted as failed until its password is found right: then it is given back."""
    with rt.session() as s:  # the office has had a bad morning: one failure short of the limit
        s.add(LoginThrottle(key=f"address {OFFICE}", window_start=utcnow(), failures=ADDRESS_LIMIT - 1))
    for _ in range(3):
        assert sign_in_from(app.test_client(), OFFICE, COORD_A).status_code == 302


@pytest.fixture
def behind_a_proxy(config, rt):
    return create_app(config.with_overrides(trusted_proxies=1))


def test_behind_a_proxy_the_clients_own_address_is_counted(behind_a_proxy, world):
    proxy = "10.0.0.2"  # every request reaches the app from the proxy
    for n in range(ADDRESS_LIMIT + 5):
        sign_in_from(behind_a_proxy.test_client(), proxy, f"guess{n}@example.org", "wrong",
                     **{"X-Forwarded-For": ATTACKER})
    coordinator = sign_in_from(behind_a_proxy.test_client(), proxy, COORD_A, **{"X-Forwarded-For": OFFICE})
    assert coordinator.status_code == 302
    attacker = sign_in_from(behind_a_proxy.test_client(), proxy, ADMIN, **{"X-Forwarded-For": ATTACKER})
    assert attacker.status_code == 429


def test_without_trusted_proxies_a_forged_forwarded_for_changes_nothing(app, world):
    for n in range(ADDRESS_LIMIT):
        sign_in_from(app.test_client(), ATTACKER, f"guess{n}@example.org", "wrong",
                     **{"X-Forwarded-For": f"192.0.2.{n}"})
    assert sign_in_from(app.test_client(), ATTACKER, ADMIN, **{"X-Forwarded-For": OFFICE}).status_code == 429
