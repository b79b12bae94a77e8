"""Phone numbers, validated and stored in E.164 with Google's libphonenumber."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import repeat
from typing import Iterator, Sequence

import phonenumbers

# A list at least this long is normalised in a second process, ahead of its reader (a
# clinic's list: the number checks are most of the CPU of checking a row).
MANY = 10_000
_SLICE = 2_000  # numbers per hand-over between the processes


def normalise(raw: str, region: str = "US") -> str:
    """'(617) 555-0101' in region US -> '+16175550101'; anything not dialable raises ValueError."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise ValueError(f"not a phone number: {raw!r}") from None
    # Valid in the region it was written in implies valid (and skips looking the region up
    # among the 25 that share +1); a number from elsewhere still gets the full check.
    if not (phonenumbers.is_valid_number_for_region(number, region) or phonenumbers.is_valid_number(number)):
        raise ValueError(f"not a valid phone number: {raw!r}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_many(raws: Sequence[str], region: str = "US") -> Iterator[str | ValueError]:
    """Each of `raws` normalised, in order: the E.164 number, or the ValueError normalise raised.

    A long list on a machine with a core to spare is worked out in a second process a slice at
    a time, so the caller checks the rest of each row while the next numbers are worked out."""
    if len(raws) < MANY or (os.cpu_count() or 1) < 2:
        yield from _slice(raws, region)
        return
    done = 0
    try:
        # spawn, not fork: the caller may be a threaded web worker, whose locks a fork would copy.
        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
            slices = (raws[i:i + _SLICE] for i in range(0, len(raws), _SLICE))
            for found in pool.map(_slice, slices, repeat(region)):
                yield from found
                done += len(found)
    except BrokenProcessPool:  # the second process could not start (a script with no __main__ guard, say)
        yield from _slice(raws[done:], region)


def _slice(raws: Sequence[str], region: str) -> list[str | ValueError]:
    found: list[str | ValueError] = []
    for raw in raws:
        try:
            found.append(normalise(raw, region))
        except ValueError as error:
            found.append(error)
    return found


def masked(e164: str) -> str:
    """For logs: enough to tell numbers apart, not enough to dial."""
    return e164[:3] + "*" * max(len(e164) - 7, 0) + e164[-4:] if len(e164) > 7 else "***"


def display(e164: str | None, region: str = "US") -> str:
    """A stored number as people write it: national within `region`'s calling code ("(617) 555-0100"),
    international for any other ("+44 20 7946 0958"). Anything unparsable is shown as stored."""
    if not e164:
        return ""
    try:
        number = phonenumbers.parse(e164, region)
    except phonenumbers.NumberParseException:
        return e164
    # By calling code, not region: +1 is one dialling plan, so a Toronto number reads (416) ...
    national = number.country_code == phonenumbers.country_code_for_region(region)
    return phonenumbers.format_number(
        number, phonenumbers.PhoneNumberFormat.NATIONAL if national else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )


def region_of(e164: str | None, default: str = "US") -> str:
    """The region a number belongs to (a patient's own number says where they are)."""
    try:
        code = phonenumbers.parse(e164 or "", default).country_code
    except phonenumbers.NumberParseException:
        return default
    # The calling code's main region: all display() needs, and it holds for test ranges too.
    region = phonenumbers.region_code_for_country_code(code)
    return default if region == phonenumbers.UNKNOWN_REGION else region
