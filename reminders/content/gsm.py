"""GSM-7: the SMS alphabet, and how many segments a text costs.

One character outside GSM 03.38 (a curly quote, an emoji, an "á") switches the whole
text to UCS-2: 70 characters a segment instead of 160. The character table itself
comes from the `gsm0338` codec; this module adds what carriers do with it.
"""

from __future__ import annotations

import unicodedata

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)

CODEC = "gsm03.38"


def _table() -> tuple[frozenset[str], frozenset[str]]:
    """The codec's characters: one septet each (basic) and two (escape + char)."""
    basic = {bytes([i]).decode(CODEC) for i in range(128) if i != 0x1B}  # 0x1B is the escape
    extension = set()
    for i in range(128):
        try:
            extension.add(bytes([0x1B, i]).decode(CODEC))
        except UnicodeDecodeError:
            pass
    return frozenset(basic), frozenset(extension - {"\x0c"})  # form feed is no text


BASIC, EXTENSION = _table()

# Typographic characters word processors put in, and their plain GSM-7 spelling.
TYPOGRAPHY = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-",
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\u200a": " ",
    "\u2026": "...",
    "\u2022": "-",
}
_TYPOGRAPHY_TABLE = str.maketrans(TYPOGRAPHY)

SINGLE_GSM = 160  # septets in a one-part text
PART_GSM = 153  # septets per part once split (7 go to the concatenation header)
SINGLE_UCS2 = 70  # UTF-16 code units in a one-part text
PART_UCS2 = 67


_CHARS = BASIC | EXTENSION


def _gsm_char(ch: str) -> bool:
    return ch in _CHARS


def normalise(text: str) -> str:
    """Plain GSM-7 spelling of typographic punctuation and accented letters.

    Curly quotes become straight, en/em dashes '-', non-breaking spaces ' ', the
    ellipsis '...'. A letter GSM-7 lacks loses its accent when the bare letter is in
    GSM-7 (á -> a, Í -> I); letters GSM-7 has (é, ñ, ü, à...) are kept. Anything
    else is left for `non_gsm7_chars` to report.
    """
    text = text.translate(_TYPOGRAPHY_TABLE)
    if _CHARS.issuperset(text):  # most texts: nothing to fold, checked in one C loop
        return text
    return "".join(ch if _gsm_char(ch) else _fold(ch) for ch in text)


def _fold(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return base if base and base != ch and all(_gsm_char(c) for c in base) else ch


def non_gsm7_chars(text: str) -> list[str]:
    """The distinct characters of `text` that GSM-7 cannot carry, in order of appearance."""
    seen: list[str] = []
    if _CHARS.issuperset(text):
        return seen
    for ch in text:
        if ch not in seen and not _gsm_char(ch):
            seen.append(ch)
    return seen


def is_gsm7(text: str) -> bool:
    return _CHARS.issuperset(text)


def septets(text: str) -> int:
    """GSM-7 length: extension characters (^{}\\[~]|€) take two septets (escape + char)."""
    bad = non_gsm7_chars(text)
    if bad:
        raise ValueError(f"not GSM-7: {', '.join(describe(c) for c in bad)}")
    return len(text) + sum(map(EXTENSION.__contains__, text))


def segments(text: str) -> int:
    """How many SMS parts a carrier bills for `text`.

    Split parts never cut a character in two: an extension character's escape pair,
    or a UTF-16 surrogate pair, moves whole to the next part.
    """
    if not text:
        return 1
    if is_gsm7(text):
        costs = [2 if ch in EXTENSION else 1 for ch in text]
        single, part = SINGLE_GSM, PART_GSM
    else:
        costs = [len(ch.encode("utf-16-le")) // 2 for ch in text]
        single, part = SINGLE_UCS2, PART_UCS2
    if sum(costs) <= single:
        return 1
    parts, used = 1, 0
    for cost in costs:
        if used + cost > part:
            parts, used = parts + 1, 0
        used += cost
    return parts


def describe(ch: str) -> str:
    """A character as a reviewer can find it: its glyph, code point and name."""
    name = unicodedata.name(ch, "control character")
    return f"{ch!r} U+{ord(ch):04X} {name}"
