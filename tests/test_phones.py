"""Phone numbers as a clinic writes them, one at a time and a list at once."""

import pytest

from reminders.core import phones

WRITTEN = [
    "(617) 555-0101",   # in the region
    "+1 416 555 0123",  # Toronto: shares +1, valid though not a US number
    "+44 20 7946 0958",  # London, written internationally
    "617-555-010",      # a digit short
    "+1 011 555 0101",  # no such area code
    "call me",
    "",
]


def answers(found):
    return [str(a) if isinstance(a, ValueError) else a for a in found]


def one_by_one(raws, region="US"):
    found = []
    for raw in raws:
        try:
            found.append(phones.normalise(raw, region))
        except ValueError as error:
            found.append(str(error))
    return found


def test_numbers_from_the_region_and_from_elsewhere_are_kept_and_the_rest_refused():
    assert one_by_one(WRITTEN) == [
        "+16175550101", "+14165550123", "+442079460958",
        "not a valid phone number: '617-555-010'", "not a valid phone number: '+1 011 555 0101'",
        "not a phone number: 'call me'", "not a phone number: ''",
    ]
    assert phones.normalise("020 7946 0958", "GB") == "+442079460958"


@pytest.mark.parametrize("copies", [1, phones.MANY // len(WRITTEN) + 1])
def test_a_list_gets_the_answers_of_one_by_one_in_its_order(copies):
    """A long list is worked out in a second process: same answers, same order, errors included."""
    raws = WRITTEN * copies
    assert answers(phones.normalise_many(raws)) == one_by_one(raws)
