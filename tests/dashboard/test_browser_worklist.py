"""The worklist in a real browser (Debian's chromium), at phone and laptop size: the order by need,
a red-flag text arriving through the webhook putting its patient on top, the filter chips and the
search together, tap-sized chips, no sideways scrolling, and screenshots in artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest

from tests.dashboard.browser import SIZES, expect, shot, sideways_overflow, sign_in, unlabelled_fields
from tests.dashboard.test_triage import text
from tests.dashboard.test_worklist import ward  # noqa: F401  (fixture)
from tests.signing import AUTH_TOKEN, PUBLIC_BASE_URL

TAP = 44  # px: the smallest comfortable tap target


@pytest.fixture
def config(config):
    return config.with_overrides(twilio_auth_token=AUTH_TOKEN, public_base_url=PUBLIC_BASE_URL)


@pytest.fixture
def day(app, ward):  # noqa: F811
    """Team North's ward, and then Alice texts a red flag: it is the newest urgent flag of all."""
    answer = text(app.test_client(), "I suddenly can't see out of my left eye")
    assert "911" in answer
    return ward


def names(page) -> list[str]:
    return page.locator(".cards.patients .name").all_inner_texts()


@pytest.mark.parametrize("size", list(SIZES))
def test_worklist_order_and_filters(page, day, size):  # noqa: F811
    page.set_viewport_size(SIZES[size])
    sign_in(page)
    expect(page.locator(".cards.patients .name").first).to_have_text("Alice Archer")
    assert names(page) == ["Alice Archer", "Zoe Urgent", "Yann Prompt", "Xena Routine", "Walt Missed",
                           "Vera Silent", "Uma Low", "Otto Optout", "Paula Paused"]
    first = page.locator(".cards.patients > li").first
    assert first.locator(".why li").first.inner_text() == "Urgent flag: new vision loss, just now"
    assert sideways_overflow(page) <= 0, f"/patients scrolls sideways at {size}"
    assert unlabelled_fields(page) == []
    chips = page.locator(".chips a")
    heights = [chips.nth(n).bounding_box()["height"] for n in range(chips.count())]
    assert min(heights) >= TAP, heights
    shot(page, f"patients-{size}")

    page.get_by_role("link", name=re.compile(r"^Missed doses")).click()
    page.wait_for_url("**/patients?show=missed")
    expect(page.get_by_role("link", name=re.compile(r"^Missed doses"))).to_have_attribute("aria-current", "page")
    assert names(page) == ["Walt Missed"]
    assert "3 doses missed in a row" in page.locator(".cards.patients").inner_text()

    page.get_by_role("link", name=re.compile(r"^Low adherence")).click()
    page.wait_for_url("**/patients?show=low")
    assert names(page) == ["Walt Missed", "Uma Low"]
    page.get_by_label("Search by name or phone").fill("uma")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url(re.compile(r"/patients\?q=uma&show=low$"))
    assert names(page) == ["Uma Low"]
    expect(page.get_by_role("link", name=re.compile(r"^Low adherence"))).to_have_attribute("aria-current", "page")
    shot(page, f"patients-low-uma-{size}")

    page.get_by_role("link", name=re.compile(r"^All")).click()
    page.wait_for_url(re.compile(r"/patients\?q=uma$"))
    assert names(page) == ["Uma Low"]
