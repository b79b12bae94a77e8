"""The enrol form in a real browser (Debian's chromium): the schedule picker shows only the fields
its choice uses and writes the rule; warnings come before saving; screenshots of the enrol page
and the patient page at phone and laptop size go to artifacts/screenshots/."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from reminders.core.models import Patient, Plan
from tests.dashboard.browser import SIZES, expect, shot, sideways_overflow, sign_in, unlabelled_fields


def patient_fields(page, name: str, phone: str, start: str) -> None:
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Mobile number").fill(phone)
    page.get_by_label("Time zone").select_option("America/Chicago")
    page.get_by_label("Quiet hours").fill("22:00-07:00")
    page.locator("#start").fill(start)


def rules(rt, name: str) -> list[str]:
    with rt.session() as s:
        return s.scalars(select(Plan.rrule).join(Patient).where(Patient.name == name).order_by(Plan.id)).all()


@pytest.mark.parametrize("size", SIZES)
def test_the_picker_shows_what_its_choice_uses_and_writes_the_rule(page, world, rt, size):
    page.set_viewport_size(SIZES[size])
    sign_in(page)
    page.goto(page.base + "/enrol")
    dose = page.locator("fieldset", has=page.locator("legend", has_text="B12 dose reminders"))
    repeats, rule_box = dose.get_by_label("Repeats"), page.locator("#rrule")
    days, every, month_day = page.locator("#days-group"), page.locator("#every"), page.locator("#month_day")
    # Every day: nothing more to say, and no rule box.
    expect(repeats).to_have_value("daily")
    for hidden in (rule_box, days, every, month_day):
        expect(hidden).to_be_hidden()
    repeats.select_option(label="Every few months")
    expect(every).to_be_visible()
    expect(month_day).to_be_visible()
    expect(days).to_be_hidden()
    repeats.select_option(label="Custom rule (RRULE)")
    expect(rule_box).to_be_visible()
    repeats.select_option(label="On chosen days of the week")
    expect(days).to_be_visible()
    for hidden in (rule_box, every, month_day):
        expect(hidden).to_be_hidden()
    days.get_by_label("Monday").check()
    days.get_by_label("Thursday").check()

    # The blood-test plan has its own picker, shown once it is asked for.
    bt_repeats = page.locator("#bt_schedule")
    expect(bt_repeats).to_be_hidden()
    page.get_by_label("Also remind about blood tests").check()
    expect(bt_repeats).to_be_visible()
    expect(bt_repeats).to_have_value("months")
    page.locator("#bt_every").fill("3")
    page.locator("#bt_month_day").select_option(label="1st")
    page.locator("#bt_start").fill("2030-05-01T10:00")

    name = f"Rosa Picker {size}"
    patient_fields(page, name, "(617) 555-0143" if size == "390x844" else "(617) 555-0144", "2030-04-01T21:00")
    assert unlabelled_fields(page) == []
    assert sideways_overflow(page) <= 0
    shot(page, f"enrol-picker-{size}")
    page.get_by_role("button", name="Enrol patient").click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    assert rules(rt, name) == ["FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=1"]
    plans = page.locator("#plans")
    expect(plans).to_contain_text("Mondays and Thursdays at 9:00 pm")
    expect(plans).to_contain_text("Every 3 months on the 1st at 10:00 am")
    expect(page.locator(".notice-ok")).to_contain_text("B12 dose: Mondays and Thursdays at 9:00 pm")
    # The edit form reads the rule back into the picker.
    page.locator("#plans summary", has_text="Edit plan").first.click()
    edit = page.locator("#plans form").first
    expect(edit.get_by_label("Repeats")).to_have_value("days")
    expect(edit.get_by_label("Monday")).to_be_checked()
    assert sideways_overflow(page) <= 0
    shot(page, f"patient-plans-{size}")


@pytest.mark.parametrize("size", SIZES)
def test_enrol_warnings_come_before_saving(page, world, rt, size):
    page.set_viewport_size(SIZES[size])
    sign_in(page)
    page.goto(page.base + "/enrol")
    name = f"Walt Warned {size}"
    patient_fields(page, name, "(617) 555-0145" if size == "390x844" else "(617) 555-0146", "2020-01-01T01:31")
    page.get_by_role("button", name="Enrol patient").click()
    warnings = page.locator("#warnings")
    expect(warnings).to_contain_text("The first dose, 2020-01-01 at 1:31 am, is in the past")
    expect(warnings).to_contain_text("1:31 am is inside quiet hours (22:00-07:00): the reminder will be held to 07:00.")
    assert rules(rt, name) == []  # nothing saved yet
    shot(page, f"enrol-warnings-{size}")
    # Every field kept its value; saving anyway saves.
    expect(page.get_by_label("Name", exact=True)).to_have_value(name)
    expect(page.get_by_label("Time zone")).to_have_value("America/Chicago")
    page.get_by_role("button", name="Save anyway").click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    assert rules(rt, name) == ["FREQ=DAILY"]


def test_every_error_shows_at_once(page, world, rt):
    sign_in(page)
    page.goto(page.base + "/enrol")
    page.get_by_label("Mobile number").fill("+16175550111")  # Alice's
    page.locator("#schedule").select_option("days")  # and no day chosen
    page.locator("#start").fill("2030-04-01T09:00")
    page.get_by_role("button", name="Enrol patient").click()
    for field, words in (("name", "required"), ("phone", "already enrolled"), ("days", "at least one day")):
        expect(page.locator(f"#{field}-error")).to_contain_text(words)
    shot(page, "enrol-errors-390x844")
