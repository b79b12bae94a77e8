"""/flags and the team admin page in a real browser (Debian's chromium), at phone and laptop size:
no sideways scrolling, every field labelled, the patient's words on the cards, and screenshots in
artifacts/screenshots/ for people to look at."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from reminders.core.db import utcnow
from reminders.core.models import CareTeam, Flag
from reminders.outgoing import clock
from reminders.records import flags
from tests.dashboard.conftest import ADMIN, PASSWORD
from tests.dashboard.browser import SIZES, shot, sideways_overflow, sign_in, unlabelled_fields
from tests.dashboard.test_triage import ON_CALL, text
from tests.scheduling_helpers import Phone
from tests.signing import AUTH_TOKEN, PUBLIC_BASE_URL


@pytest.fixture
def config(config):
    return config.with_overrides(twilio_auth_token=AUTH_TOKEN, public_base_url=PUBLIC_BASE_URL)


@pytest.fixture
def queue(app, rt, world):
    """A queue like a night's: two red flags from Alice (the first acknowledged), a review, texts
    the bot did not understand, and unknown numbers, one of them with a red flag."""
    webhook = app.test_client()
    with rt.session() as s:
        team = s.get(CareTeam, world.team_a)
        team.contact_phone, team.on_call_phone, team.on_call_email = "+16175550100", ON_CALL, "oncall@north.example"
    text(webhook, "I suddenly can't see out of my left eye, it went dark this morning")
    clock.tick(rt, Phone().transport)
    with rt.session() as s:
        flags.acknowledge(s, s.scalar(select(Flag)), "ann@north.example", utcnow())
    text(webhook, "now my legs gave out and I cannot walk")
    clock.tick(rt, Phone().transport)
    text(webhook, "can I take it with <coffee>?")
    text(webhook, "pain 9 today", sender="+13125550122")  # Bruno, team South: a review
    for number, words in (("+16175559001", "hi, is this the clinic? new phone, this is Maria"),
                          ("+16175559002", "de repente no puedo caminar")):
        text(webhook, words, sender=number)


@pytest.mark.parametrize("size", list(SIZES))
def test_flags_and_teams_pages_at_phone_and_laptop_size(page, queue, size):  # noqa: F811
    page.set_viewport_size(SIZES[size])
    sign_in(page, ADMIN)
    page.goto(page.base + "/flags")
    cards = page.locator("li.flag")
    assert cards.count() == 5
    levels = [cards.nth(n).locator(".badge").inner_text() for n in range(5)]
    assert levels == ["Urgent", "Urgent", "Review today", "Routine", "Routine"]
    alice = cards.filter(has_text="Alice Archer").filter(has_text="Red flag")
    words = alice.inner_text()
    assert "now my legs gave out and I cannot walk" in words and "Re-opened by a new text" in words
    assert "I suddenly can't see out of my left eye" in words and "Call (617) 555-0111" in words
    assert "can I take it with <coffee>?" in page.locator("#main").inner_text()  # escaped, shown as typed
    assert sideways_overflow(page) <= 0, f"/flags scrolls sideways at {size}"
    assert unlabelled_fields(page) == []
    alice.locator("summary", has_text="Alerted").click()
    alice.locator("summary", has_text="Reply").click()
    shot(page, f"flags-{size}")

    page.goto(page.base + "/admin/teams")
    page.locator("summary", has_text="Edit contacts").first.click()
    assert sideways_overflow(page) <= 0, f"/admin/teams scrolls sideways at {size}"
    assert unlabelled_fields(page) == []
    shot(page, f"admin-teams-{size}")


def test_acknowledge_from_the_alert_link_after_sign_in(page, queue, rt):  # noqa: F811
    with rt.session() as s:
        flag_id = s.scalar(select(Flag.id).where(Flag.reason == "red_flag", Flag.patient_id.is_not(None),
                                                 Flag.level == "urgent"))
    page.goto(f"{page.base}/flags/{flag_id}")
    assert "/login" in page.url
    page.get_by_label("Email").fill(ADMIN)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"**/flags/{flag_id}")
    shot(page, "flag-from-alert-390x844")
    page.get_by_role("button", name="Acknowledge").click()
    page.wait_for_selector("text=no more alerts go out for it")
    assert page.url.endswith(f"/flags/{flag_id}")
    with rt.session() as s:
        assert s.get(Flag, flag_id).state == "acknowledged"
