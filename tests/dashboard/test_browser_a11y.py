"""Every page, in Debian's chromium: axe-core finds no serious or critical problem at phone and
desktop size, every tap target is at least 44x44 px at 390x844, the charts' words are legible
on a phone and not huge on a desktop, and the patient page on a phone opens on a summary with
links to each section. Screenshots of each page at both sizes go to artifacts/screenshots/."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from reminders.core.models import Flag, Patient
from reminders.services import enrolment
from reminders.services.demo_history import seed_history
from tests.dashboard.browser_checks import DESKTOP, PHONE, check_page, shoot
from tests.dashboard.conftest import ADMIN, COORD_A
from tests.dashboard.browser import expect, sign_in

pytestmark = pytest.mark.slow


@pytest.fixture
def history(rt, world):
    """Alice with a few weeks of replies, doses, symptoms, labs and a flag, and a daily plan."""
    with rt.session() as s:
        alice = s.get(Patient, world.patient_a)
        seed_history(s, alice)
        enrolment.add_plan(s, alice, kind="supplement", rrule="FREQ=DAILY", start="2030-01-01T09:00", label="B12 1000 mcg")
    with rt.session() as s:
        return s.scalar(select(Flag.id).where(Flag.patient_id == world.patient_a))


def _check_all(page, pages: dict[str, str]) -> list[str]:
    problems = []
    for name, path in pages.items():
        page.set_viewport_size(PHONE)
        page.goto(page.base + path)
        problems += check_page(page, name)
    return problems


def test_signed_out_pages(page, world):
    problems = _check_all(page, {"login": "/login"})
    assert problems == [], "\n".join(problems)
    page.get_by_label("Email").fill(COORD_A)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".notice-error, .error").first).to_be_visible()
    problems = check_page(page, "login-refused")
    assert problems == [], "\n".join(problems)


def test_coordinator_pages(page, world, history):
    sign_in(page, COORD_A)
    a = world.patient_a
    pages = {
        "patients": "/patients", "patients-none-found": "/patients?q=nobody+by+that+name",
        "patient": f"/patients/{a}",
        "patient-report-refused": f"/patients/{a}/report.pdf?report-since=2030-02-01&report-until=2030-01-01",
        "flags": "/flags", "flags-resolved": "/flags?show=resolved", "flag": f"/flags/{history}",
        "enrol": "/enrol", "exports": "/exports", "account": "/account",
        "demo-phone-list": "/demo/phone", "demo-phone": f"/demo/phone/{a}",
        "not-found": "/patients/999999",
    }
    problems = _check_all(page, pages)
    page.goto(page.base + "/enrol")
    page.get_by_role("button", name="Enrol patient").click()  # empty: every error at once
    expect(page.locator(".has-error").first).to_be_visible()
    problems += check_page(page, "enrol-refused")
    page.goto(page.base + "/enrol")
    page.get_by_label("Repeats").first.select_option(label="On chosen days of the week")  # the day boxes show
    problems += check_page(page, "enrol-weekdays")
    assert problems == [], "\n".join(problems)


def test_admin_pages(page, world, history):
    sign_in(page, ADMIN)
    problems = _check_all(page, {"admin-users": "/admin/users", "admin-teams": "/admin/teams",
                                 "admin-audit": "/admin/audit"})
    assert problems == [], "\n".join(problems)


def _chart_text_sizes(page) -> dict[str, list[float]]:
    """The size on screen, in CSS px, of every visible word in each chart on the page (the
    font's size times the scale the SVG is drawn at; hypot: an axis title is turned 90°)."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('figure.chart svg')]
        .filter(svg => svg.checkVisibility())
        .map((svg, n) => [svg.closest('[data-test]')?.dataset.test || 'symptoms-' + n,
          [...svg.querySelectorAll('text')]
            .filter(t => t.textContent.trim() && t.checkVisibility({checkVisibilityCSS: true}) && t.getBBox().width > 0)
            .map(t => { const m = t.getScreenCTM(); return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); })]))""")


@pytest.mark.parametrize("size", [PHONE, {"width": 360, "height": 800}, DESKTOP], ids=["390", "360", "1280"])
def test_charts_have_a_legible_fixed_size(page, world, history, size):
    sign_in(page, COORD_A)
    page.set_viewport_size(size)
    page.goto(f"{page.base}/patients/{world.patient_a}")
    sizes = _chart_text_sizes(page)
    assert set(sizes) >= {"symptoms-0", "b12", "mma", "homocysteine"}, sizes.keys()
    for chart, px in sizes.items():
        assert px, f"{chart}: no words drawn"
        assert min(px) >= 12, f"{chart}: words {min(px):.1f} px high at {size['width']} px wide"
        assert max(px) <= 20, f"{chart}: words {max(px):.1f} px high at {size['width']} px wide"
    for svg in page.locator("figure.chart svg").all():
        if svg.is_visible():
            assert svg.bounding_box()["height"] <= 420, "a chart taller than most of a laptop's screen"
    shoot(page, f"patient-symptoms-{size['width']}", of=page.locator("#symptoms"))
    shoot(page, f"patient-labs-{size['width']}", of=page.locator("#labs"))


def test_charts_name_their_units_and_say_what_they_show(page, world, history):
    sign_in(page, COORD_A)
    page.goto(f"{page.base}/patients/{world.patient_a}")
    symptoms = page.locator("#symptoms figure.chart").filter(has=page.locator("svg:visible"))
    expect(symptoms.locator("svg:visible")).to_contain_text("severity 0-10")
    for test, unit in (("b12", "pg/mL"), ("mma", "µmol/L"), ("homocysteine", "µmol/L")):
        lab = page.locator(f'.lab[data-test="{test}"]')
        expect(lab.locator("svg:visible")).to_contain_text(unit)  # on the axis
        caption = lab.locator("figcaption")
        expect(caption).to_contain_text("Each dot is one result")
        expect(caption).to_contain_text("shaded band")
        expect(caption).not_to_contain_text("the line: results")


def test_the_patient_page_on_a_phone_opens_on_a_summary_with_links_to_each_section(page, world, history):
    sign_in(page, COORD_A)
    page.goto(f"{page.base}/patients/{world.patient_a}")
    summary = page.locator("#summary")
    expect(summary).to_contain_text("1 open flag")
    expect(summary).to_contain_text("7 days")
    expect(summary).to_contain_text("Next reminder")
    assert summary.bounding_box()["y"] + summary.bounding_box()["height"] <= PHONE["height"], "summary below the first screen"
    jump = page.get_by_role("navigation", name="On this page")
    expect(jump).to_be_visible()
    names = [link.inner_text() for link in jump.get_by_role("link").all()]
    assert names[:7] == ["Flagged", "Conversation", "Calendar", "Charts", "Plans", "Changes", "Caregivers"], names
    for link in jump.get_by_role("link").all():
        section = page.locator(link.get_attribute("href"))
        expect(section).to_have_count(1)
    jump.get_by_role("link", name="Plans").click()
    heading = page.locator("#plans-h")
    expect(heading).to_be_in_viewport()
    bar = jump.bounding_box()
    assert heading.bounding_box()["y"] >= bar["y"] + bar["height"] - 1, "the heading is under the bar of links"
    expect(jump).to_be_in_viewport()  # the bar stays at hand
    shoot(page, "patient-jumped-to-plans-390", full_page=False)
