"""The words people read for stored names, and numbers as they dial them."""

from __future__ import annotations

from datetime import time

import pytest

from reminders.core import phones, words


@pytest.mark.parametrize("kind, name, shown", [
    ("purpose", "snooze_1", "Reminder after a snooze (1st)"),
    ("purpose", "follow_up_12", "Blood test follow-up (12th)"),
    ("purpose", "answer", "Automatic answer"),
    ("status", "cancelled", "not needed, not sent"),
    ("reason", "low_b12", "Low B12"),
    ("audit", "view_patient", "Viewed a patient's page"),
    ("consent", "opted_out", "Opted out"),
    ("reason", "a_reason_added_later", "A reason added later"),  # never the raw name
    ("status", None, ""),
])
def test_say(kind, name, shown):
    assert words.say(kind, name) == shown


def test_quiet_hours_in_words():
    assert words.quiet_hours(time(0), time(0)) == "No quiet hours"
    assert words.quiet_hours(time(21), time(8, 30)) == "Quiet 9:00 pm–8:30 am"
    assert words.clock(time(0, 5)) == "12:05 am" and words.clock(time(12)) == "12:00 pm"


@pytest.mark.parametrize("e164, region, shown", [
    ("+16175550100", "US", "(617) 555-0100"),
    ("+14165550100", "US", "(416) 555-0100"),  # Toronto: the same dialling plan as Boston
    ("+442079460958", "US", "+44 20 7946 0958"),
    ("+16175550100", "GB", "+1 617-555-0100"),
    ("+442079460958", "GB", "020 7946 0958"),
    ("not a number", "US", "not a number"),
    (None, "US", ""),
])
def test_display(e164, region, shown):
    assert phones.display(e164, region) == shown


def test_region_of_a_patients_number():
    assert phones.region_of("+442079460958") == "GB" and phones.region_of("+16175550100") == "US"
    assert phones.region_of("junk") == "US"


def test_texts_give_the_team_number_as_dialled_from_the_patients_own_country(config):
    from reminders.content import answers
    from reminders.core.models import CareTeam, Patient

    team = CareTeam(name="North", contact_phone="+16175550100")
    assert answers.contact(Patient(phone="+16175550101", team=team), config) == "(617) 555-0100"
    assert answers.contact(Patient(phone="+447700900123", team=team), config) == "+1 617-555-0100"
