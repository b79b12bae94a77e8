"""The words-and-clock pages in Debian's chromium, at phone and laptop size: a coordinator picks
their zone on the account page and every time follows it, with the patient's beside; numbers
are tel: links; nothing scrolls sideways. Screenshots of each page go to artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest

from tests.dashboard.conftest import ADMIN
from tests.dashboard.browser import SIZES, expect, shot, sideways_overflow, sign_in
from tests.dashboard.test_words import busy, internal_names  # noqa: F401  (fixture)


@pytest.mark.parametrize("size", SIZES)
def test_a_coordinator_sets_their_zone_and_every_page_follows(page, busy, size):  # noqa: F811
    page.set_viewport_size(SIZES[size])
    sign_in(page)
    page.get_by_role("link", name="Settings").click()
    expect(page.get_by_role("heading", name="Your settings")).to_be_visible()
    page.locator("select#tz").select_option("America/Los_Angeles")
    shot(page, f"account-{size}")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".notice")).to_contain_text("Times are now shown in America/Los Angeles")

    for name, path in (("patients", "/patients"), ("patient", f"/patients/{busy.patient_a}"),
                       ("flags", "/flags"), ("exports", "/exports")):
        page.goto(page.base + path)
        text = page.locator("body").inner_text()
        assert internal_names(text) == [], (path, internal_names(text))
        assert sideways_overflow(page) <= 0, (path, size)
        shot(page, f"words-{name}-{size}")
        if name in ("patient", "flags"):
            assert re.search(r"[ap]m P[SD]T \(patient: (\w{3} )?\d{1,2}:\d\d [ap]m E[SD]T\)", text), path
    page.goto(f"{page.base}/patients/{busy.patient_a}")
    expect(page.locator(".patient-head a.tel")).to_have_attribute("href", "tel:+16175550111")
    expect(page.locator(".patient-head")).to_contain_text("No quiet hours")


@pytest.mark.parametrize("size", SIZES)
def test_admin_pages_in_words(page, busy, size):  # noqa: F811
    page.set_viewport_size(SIZES[size])
    sign_in(page, ADMIN)
    page.goto(f"{page.base}/patients/{busy.patient_a}")  # an audit row
    for name in ("users", "teams", "audit"):
        page.goto(f"{page.base}/admin/{name}")
        text = page.locator("body").inner_text()
        assert internal_names(text) == [], (name, internal_names(text))
        assert sideways_overflow(page) <= 0, (name, size)
        shot(page, f"words-admin-{name}-{size}")
    expect(page.locator("main")).to_contain_text("Viewed a patient's page")
