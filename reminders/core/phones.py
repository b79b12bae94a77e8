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
