"""Phone numbers, validated and stored in E.164 with Google's libphonenumber."""

from __future__ import annotations

import phonenumbers


def normalise(raw: str, region: str = "US") -> str:
    """'(617) 555-0101' in region US -> '+16175550101'; anything not dialable raises ValueError."""
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise ValueError(f"not a phone number: {raw!r}") from None
    if not phonenumbers.is_valid_number(number):
        raise ValueError(f"not a valid phone number: {raw!r}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


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
