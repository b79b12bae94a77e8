"""GSM-7 and segment counting for the one-off message box.

REPLACE WITH reminders.gsm (`segments(text)`, `is_gsm7(text)`) once it is on main:
this is a stand-in, kept tiny and equal in behaviour to dashboard/static/sms.js.
"""

from __future__ import annotations

# The GSM 03.38 basic set, and the extension set (each costs two septets).
_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
_EXTENDED = set("^{}\\[~]|€\f")

MAX_SEGMENTS = 2  # what a reminder may use; a coordinator's note keeps to the same


def is_gsm7(text: str) -> bool:
    return all(c in _BASIC or c in _EXTENDED for c in text)


def not_gsm7(text: str) -> list[str]:
    """The characters that would turn the text into UCS-2, in order, once each."""
    return list(dict.fromkeys(c for c in text if c not in _BASIC and c not in _EXTENDED))


def segments(text: str) -> int:
    if is_gsm7(text):
        units, single, multi = sum(2 if c in _EXTENDED else 1 for c in text), 160, 153
    else:
        units, single, multi = len(text.encode("utf-16-le")) // 2, 70, 67
    if units <= single:
        return 1
    return -(-units // multi)
