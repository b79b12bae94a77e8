"""Hypothesis strategies for hostile input: plausible values mixed with garbage.

Fuzzing with pure noise never gets past the first check, so every field draws
from a mix: values that are valid (so later checks and the database are
reached), near misses, arbitrary unicode, empty and whitespace-only strings,
and huge strings.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# The suite runs twice in CI (SQLite, PostgreSQL): keep the example counts moderate.
FUZZ = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", 80)),  # e.g. FUZZ_EXAMPLES=1000 for a long local run
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FEW = settings(FUZZ, max_examples=max(FUZZ.max_examples // 2, 1))

BLANKS = st.sampled_from(["", " ", "\t", "\n", "\u00a0", "\u2028", "\u3000"])


def huge(max_chars: int = 3000, alphabet=None) -> st.SearchStrategy[str]:
    """A short random text repeated into a long one (a few hundred to `max_chars` characters)."""
    piece = st.text(min_size=1, max_size=6) if alphabet is None else st.text(alphabet, min_size=1, max_size=6)
    return st.tuples(piece, st.integers(200, max_chars)).map(
        lambda pair: (pair[0] * pair[1])[:max_chars]
    )


def mixed(*plausible: str, alphabet=None, max_huge: int = 3000) -> st.SearchStrategy[str]:
    """Mostly the plausible values and small mutations of them; sometimes anything at all."""
    text = st.text(alphabet=alphabet, max_size=40) if alphabet is not None else st.text(max_size=40)
    choices = [text, BLANKS, huge(max_huge, alphabet)]
    if plausible:
        pick = st.sampled_from(plausible)
        choices = [pick, pick, _mutated(pick, text)] + choices
    return st.one_of(*choices)


def _mutated(pick, text):
    """A plausible value with something glued on, cut off, or spliced in."""
    return st.tuples(pick, text, st.integers(0, 40), st.sampled_from(["prefix", "suffix", "cut", "splice"])).map(
        _mutate
    )


def _mutate(args) -> str:
    value, extra, n, how = args
    if how == "prefix":
        return extra + value
    if how == "suffix":
        return value + extra
    if how == "cut":
        return value[: n % (len(value) + 1)]
    at = n % (len(value) + 1)
    return value[:at] + extra + value[at:]


@st.composite
def spoiled(draw, valid: dict, hostile: dict, most: int = 3) -> dict:
    """Valid fields with up to `most` of them replaced by a hostile value or left out.

    A value of None means "not sent". Many draws spoil nothing or one field, so both the
    success path and each single check are reached, not only the first check to fail.
    """
    fields = {name: draw(strategy) for name, strategy in valid.items()}
    count = min(draw(st.integers(0, most)), len(hostile))
    for name in draw(st.permutations(sorted(hostile)))[:count]:
        fields[name] = None if draw(st.integers(0, 4)) == 0 else draw(hostile[name])
    return {name: value for name, value in fields.items() if value is not None}


def maybe(*values: str) -> st.SearchStrategy[str | None]:
    """One of `values`, or not sent."""
    return st.none() | st.sampled_from(values)


# Values that pass every check, and (further down) near misses for the hostile mixes.
GOOD_ZONES = ("America/New_York", "UTC", "Europe/Madrid", "Pacific/Kiritimati", "Asia/Kathmandu")
GOOD_RULES = ("FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=MONTHLY;INTERVAL=3", "FREQ=HOURLY;INTERVAL=12",
              "FREQ=DAILY;COUNT=3", "FREQ=MONTHLY;BYDAY=-1FR")
GOOD_STARTS = ("2030-01-01T09:00", "2027-03-14T02:30", "2030-01-01", "2030-06-30T23:59:59")
GOOD_QUIETS = ("21:00-08:00", "00:00-00:00", "22:00-07:30")
GOOD_DATES = ("2027-03-01", "2027-03-31", "2030-01-01")
GOOD_LABELS = ("B12", "B12 1000 mcg sublingual", "ñandú")
# Unused 555-01xx numbers (the tests' patients have 0101, 0111 and 0122): enrolments can succeed.
FREE_PHONES = st.integers(130, 199).map(lambda n: f"+1617555{n:04d}")

PHONES = ("+16175550142", "(617) 555-0143", "617.555.0144", "+442079460958", "+1 212 555 0145", "12", "+1")
ZONES = ("America/New_York", "UTC", "Europe/Madrid", "Pacific/Kiritimati", "Pacific/Pago_Pago",
         "Asia/Kathmandu", "Mars/Olympus", "../etc/passwd", "America/", "America", "utc", "EST5EDT")
RULES = ("FREQ=DAILY", "FREQ=WEEKLY;BYDAY=MO,TH", "FREQ=MONTHLY;INTERVAL=3", "FREQ=HOURLY;INTERVAL=12",
         "FREQ=DAILY;COUNT=3", "FREQ=DAILY;UNTIL=20000101T000000", "FREQ=MINUTELY", "FREQ=YEARLY;BYEASTER=0",
         "FREQ=DAILY;BYSETPOS=400", "RRULE:FREQ=DAILY\nEXDATE:20300102T090000", "FREQ=NEVER", "FREQ=")
STARTS = ("2030-01-01T09:00", "2027-03-14T02:30", "2030-01-01", "0001-01-01T00:00", "9999-12-31T23:59",
          "2030-02-30T09:00", "2030-01-01T09:00+01:00", "2030-01-01 09:00", "1900-01-01T00:00")
QUIETS = ("21:00-08:00", "00:00-00:00", "22:00-07:30", "8-9", "25:00-01:00", "21:00", "-")
DATES = ("2027-03-01", "2027-03-31", "0001-01-01", "9999-12-31", "2027-02-30", "2027-3-1", "20270301",
         "2027-03-01T12:00", "2027-03-01T12:00+05:00")
EMAILS = ("ann@north.example", "new.person@clinic.example", "x@y.z", "no-at-sign", "@", "İstanbul@x.example",
          "a@b")
LABELS = ("B12", "B12 1000 mcg sublingual", "B12 and MMA blood test", "ñandú", "😀", "a" * 81)
