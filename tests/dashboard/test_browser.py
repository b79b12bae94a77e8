"""The dashboard in a real browser: Playwright driving Debian's chromium.

A coordinator signs in, enrols a patient with a plan, sees the patient's page with
its charts, sends a message, resolves a flag and downloads a CSV; every main page
is checked at phone size (390x844 and 360 wide) for sideways scrolling, and
screenshots go to artifacts/screenshots/ (git-ignored) for people to look at.

Without /usr/bin/chromium these tests skip, saying why, except in CI (CI set),
where they fail instead: .ci/run installs chromium with apt-get first.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from reminders.core.db import utcnow
from reminders.core.models import Flag, Message, Patient
from reminders.services.demo_history import seed_history
from tests.dashboard.browser import PHONE, expect, shot, sideways_overflow, sign_in, unlabelled_fields
from tests.dashboard.conftest import COORD_A, PASSWORD

def test_coordinator_enrols_follows_and_exports(page, world, rt):
    page.goto(page.base + "/patients")
    assert "/login" in page.url  # signed out: sent to sign in
    shot(page, "login")
    sign_in(page)
    shot(page, "patients")

    # Enrol a patient with a daily B12 plan.
    page.get_by_role("link", name="Enrol").click()
    page.get_by_label("Name", exact=True).fill("Dana Browser")
    page.get_by_label("Mobile number").fill("(617) 555-0142")
    page.get_by_label("Time zone").select_option("America/New_York")
    page.locator("#start").fill("2030-04-01T08:30")
    page.locator("#label").fill("B12 1000 mcg")
    page.get_by_role("button", name="Enrol patient").click()
    expect(page.get_by_role("heading", name="Dana Browser")).to_be_visible()
    expect(page.locator("#plans")).to_contain_text("Next: Mon Apr 01, 12:30 pm UTC (patient: 8:30 am EDT)")  # the coordinator's clock (no zone set: UTC), the patient's beside

    # A few weeks later: replies, symptoms, labs and a flag (as the reply handler would record them).
    with rt.session() as s:
        patient = s.scalar(select(Patient).where(Patient.name == "Dana Browser"))
        seed_history(s, patient)
        patient_id = patient.id
    page.reload()
    expect(page.locator("#symptoms figure svg:visible")).to_have_count(1)  # drawn narrow and wide: one shows
    expect(page.locator(".lab svg")).to_have_count(3)  # B12, MMA, homocysteine, each with its range shaded
    expect(page.locator("td.day-taken").nth(10)).to_be_attached()  # more than 10 days taken
    expect(page.locator("#thread")).to_contain_text("can I take it with my coffee?")

    # The message box counts segments as you type, and says when a character is not GSM-7.
    box = page.get_by_label("Send a one-off message")
    box.fill("Hi Dana, it’s the clinic")
    expect(page.locator("#sms-count")).to_contain_text("Not GSM-7")
    box.fill("Hi Dana, it's the clinic. Call us when you can.")
    expect(page.locator("#sms-count")).to_contain_text("GSM-7 · 47 characters · 1 segment")
    shot(page, "patient")
    page.get_by_role("button", name="Queue message").click()
    # It goes with the next send, or is held to the end of Dana's quiet hours: either says when.
    expect(page.get_by_text(re.compile(r"Message queued; (it goes out with the next send|quiet hours: held until \d\d:\d\d patient time)\."))).to_be_visible()
    shot(page, "patient-message-queued")
    with rt.session() as s:
        assert s.scalar(select(Message.status).where(Message.purpose == "manual")) == "pending"
    assert sideways_overflow(page) <= 0

    # The flag from the history: acknowledge, then resolve it with a note.
    page.get_by_role("link", name="Flags").click()
    expect(page.locator("main")).to_contain_text("can I take it with my coffee?")
    shot(page, "flags")
    page.get_by_role("button", name="Acknowledge").first.click()
    expect(page.get_by_text("Flag acknowledged")).to_be_visible()
    page.locator("summary", has_text="Resolve").first.click()
    page.get_by_label("What was done?").first.fill("Told her coffee is fine; no change.")
    page.get_by_role("button", name="Resolve flag").first.click()
    expect(page.get_by_text("Flag resolved")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Nothing needs you right now.")
    with rt.session() as s:
        flag = s.scalar(select(Flag).where(Flag.patient_id == patient_id))
        assert (flag.state, flag.resolved_by) == ("resolved", COORD_A)

    # Export the patient's log as CSV from their page.
    page.goto(f"{page.base}/patients/{patient_id}#export")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download CSV").click()
    download = download_info.value
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text())))
    kinds = {r["kind"] for r in rows}
    assert {"message_out", "message_in", "dose", "symptom", "lab", "consent", "flag"} <= kinds
    assert all(r["at_local"].endswith(("-04:00", "-05:00")) for r in rows)


@pytest.mark.parametrize("width", [390, 360])
def test_no_page_scrolls_sideways_on_a_phone(page, world, rt, width):
    with rt.session() as s:
        seed_history(s, s.get(Patient, world.patient_a))
    page.set_viewport_size({"width": width, "height": 844})
    sign_in(page)
    pages = {
        "patients": "/patients", "patient": f"/patients/{world.patient_a}", "flags": "/flags",
        "enrol": "/enrol", "exports": "/exports", "demo-phone": f"/demo/phone/{world.patient_a}",
    }
    for name, path in pages.items():
        page.goto(page.base + path)
        assert sideways_overflow(page) <= 0, f"{path} scrolls sideways at {width} px"
        assert unlabelled_fields(page) == [], f"{path} has fields without a label"
        if width == 390 and name in ("enrol", "exports", "demo-phone"):
            shot(page, name)


def test_admin_pages_at_phone_size(page, world, rt):
    from tests.dashboard.conftest import ADMIN

    sign_in(page, ADMIN)
    page.goto(f"{page.base}/patients/{world.patient_b}")  # something for the audit log
    for name in ("users", "teams", "audit"):
        page.goto(f"{page.base}/admin/{name}")
        assert sideways_overflow(page) <= 0, name
        assert unlabelled_fields(page) == [], name
    expect(page.locator("main")).to_contain_text("Viewed a patient's page")
    shot(page, "admin-audit")


def test_demo_phone_reply_shows_on_the_patient_page(page, world, rt):
    with rt.session() as s:
        s.add(Message(patient_id=world.patient_a, direction="out", purpose="reminder", status="sent",
                      body="Time for your B12. Reply TAKEN or SKIP.", send_after=utcnow()))
    sign_in(page)
    page.get_by_role("link", name="Demo phone").click()
    expect(page.locator("#phone-thread")).to_contain_text("Time for your B12")
    page.get_by_label("Reply as Alice Archer").fill("taken, tingling 3")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#phone-thread")).to_contain_text("taken, tingling 3")
    page.goto(f"{page.base}/patients/{world.patient_a}")
    expect(page.locator("#thread")).to_contain_text("taken, tingling 3")


def test_keyboard_reaches_the_sign_in_form(page, world):
    page.goto(page.base + "/login")
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.locator(":focus")).to_have_text("Skip to content")
    page.keyboard.press("Tab")  # the site's name
    page.keyboard.press("Tab")
    expect(page.locator(":focus")).to_have_id("email")
    page.keyboard.type(COORD_A)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/patients")


@pytest.mark.parametrize("size", [PHONE, {"width": 1280, "height": 800}], ids=["390", "1280"])
def test_what_is_held_or_refused_is_said_in_words(page, world, rt, size):
    """A one-off message held by quiet hours says until when; a rule that would text every 10
    minutes is refused next to its field."""
    from datetime import time as clock_time

    with rt.session() as s:  # quiet all day long: whatever the hour the test runs at, the text is held
        alice = s.get(Patient, world.patient_a)
        alice.quiet_start, alice.quiet_end = clock_time(0, 0), clock_time(23, 59)
    page.set_viewport_size(size)
    sign_in(page)
    page.goto(f"{page.base}/patients/{world.patient_a}")
    page.get_by_label("Send a one-off message").fill("Hi Alice, please call the clinic.")
    page.get_by_role("button", name="Queue message").click()
    expect(page.get_by_text("quiet hours: held until 23:59 patient time")).to_be_visible()
    shot(page, f"patient-message-held-{size['width']}")

    page.locator("summary", has_text="Add a plan").click()
    page.locator("#plans").get_by_label("Repeats").last.select_option("custom")
    page.locator("#plans").get_by_label("Rule (RRULE)").last.fill("FREQ=MINUTELY;INTERVAL=10")
    page.locator("#plans").get_by_label("Starts (patient's local time)").last.fill("2030-04-01T08:30")
    page.get_by_role("button", name="Add plan").click()
    expect(page.locator("#plans")).to_contain_text("two fires less than an hour apart")
    page.locator("#plans").scroll_into_view_if_needed()
    shot(page, f"patient-rule-refused-{size['width']}")


@pytest.mark.parametrize("size", [PHONE, {"width": 1280, "height": 800}], ids=["390", "1280"])
def test_a_slowed_sign_in_says_to_wait(page, world, rt, size):
    from reminders.services.accounts import PAIR_LIMIT, LoginThrottle

    with rt.session() as s:  # this address has just failed ten times on this account
        s.add(LoginThrottle(key=f"account {COORD_A} from 127.0.0.1", window_start=utcnow(), failures=PAIR_LIMIT))
    page.set_viewport_size(size)
    page.goto(page.base + "/login")
    page.get_by_label("Email").fill(COORD_A)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Too many failed sign-ins from here. Wait a minute, then try again.")).to_be_visible()
    shot(page, f"login-slowed-{size['width']}")
