"""Phone numbers as a clinic writes them, one at a time and a list at once."""

import subprocess
import sys

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


def test_a_script_with_no_main_guard_still_gets_its_answers(tmp_path):
    """The second process is spawned, which runs the caller's script again; one that starts
    work on import makes that process fail, and the list is then worked out in this one."""
    script = tmp_path / "unguarded.py"
    script.write_text("from reminders.core import phones\n"
                      f"found = list(phones.normalise_many(['+16175550101', '12'] * {phones.MANY}))\n"
                      "print(sum(isinstance(f, str) for f in found), sum(isinstance(f, ValueError) for f in found))\n")
    ran = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr[-2000:]
    assert ran.stdout.split() == [str(phones.MANY), str(phones.MANY)]
