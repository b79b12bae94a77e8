"""What a discreet patient's lock screen must never show.

The diagnosis, the vitamin, its drug names, and words that point at them. Every text to a
discreet patient is checked against this (composed texts, answers, typed one-off messages),
and so is the neutral program name those patients see (DISCREET_PROGRAM_NAME).
"""

from __future__ import annotations

import re

SENSITIVE = re.compile(
    r"\b(ms|em|mma|amm|b[ -]?12|mri)\b|sclerosis|esclerosis|vitamin|cobalamin|myelin|mielina"
    r"|nerve|nervio|neurolog|supplement|suplement|injection|inyecci|sublingual"
    r"|homocyst|homocist|methylmal|metilmal|steroid|corticoid",
    re.IGNORECASE,
)


def mentions_sensitive(text: str) -> list[str]:
    """The sensitive words in `text` (empty when a discreet patient may see it)."""
    return [m.group(0) for m in SENSITIVE.finditer(text)]
