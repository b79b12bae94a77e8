"""The reply keywords we teach: one set per language, written the same way in every text.

Templates (templates.toml) and answers (answers.py) name a keyword by its placeholder,
"{TAKEN}", never by its word, so a text cannot teach a word the others do not. Each word
is one the reply parser reads as the intent in PROMISES on its own, whatever reminder is
open: tests/test_keywords.py parses every upper-case word any text teaches.

Spanish keys on verbs in the first person ("TOMÉ", "SALTÉ"): é is in GSM-7, so they arrive
as written, and the parser reads them with or without the accent.
"""

from __future__ import annotations

import functools

from reminders.content import gsm

# The intent each keyword promises (reply kinds in DESIGN.md).
PROMISES = {
    "TAKEN": "dose_taken",
    "SKIP": "dose_skipped",
    "LATER": "snooze",
    "TEST_DONE": "blood_test_done",
    "TIP": "tip",
    "HELP": "help",
    "STOP": "opt_out",
    "START": "opt_in",
    "YES": "affirm",  # a caregiver's double opt-in
    "PAUSE": "pause",  # self-service by text
    "RESUME": "resume",
}

KEYWORDS = {
    "en": {
        "TAKEN": "TAKEN", "SKIP": "SKIP", "LATER": "LATER", "TEST_DONE": "TEST DONE",
        "TIP": "TIP", "HELP": "HELP", "STOP": "STOP", "START": "START", "YES": "YES",
        "PAUSE": "PAUSE", "RESUME": "RESUME",
    },
    # STOP and START stay English: carriers (and Twilio) act on those words in any language.
    "es": {
        "TAKEN": "TOMÉ", "SKIP": "SALTÉ", "LATER": "LUEGO", "TEST_DONE": "ANÁLISIS HECHO",
        "TIP": "CONSEJO", "HELP": "AYUDA", "STOP": "STOP", "START": "START", "YES": "SÍ",
        "PAUSE": "PAUSA", "RESUME": "SEGUIR",
    },
}


@functools.cache
def keywords(lang: str) -> dict[str, str]:
    """Placeholder -> the word as sent (GSM-7: accents GSM-7 lacks folded). Read, never changed:
    every answer fills its placeholders from it, so it is folded once per language."""
    return {key: gsm.normalise(word) for key, word in KEYWORDS[lang].items()}
