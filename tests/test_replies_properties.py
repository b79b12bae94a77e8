"""Whatever a phone sends, parse_reply answers with a well-formed list of intents."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from reminders.incoming.parser import KINDS, LAB_TESTS, SYMPTOMS, parse_reply

# Any code point at all, lone surrogates and unassigned ones included.
ANY_CHARACTER = st.characters(exclude_categories=[])
# Pieces of real replies, so that the search also reaches the symptom, lab and snooze paths.
PIECES = st.sampled_from([
    "took it", "didn't", "no", "not", "yes", "stop", "STOP", "tingling", "numb", "pins and needles",
    "6", "10", "11/10", "0.42", "1,200", "out of 10", "/10", "b12", "mma", "pg/mL", "µmol/L", "snooze",
    "remind me in", "an hour", "2 hours", "later", "mild", "severe", "really bad", "won't", "and", "but",
    ",", ".", "!", "?", " ", "👍🏽", "✅", "tomé", "hormigueo", "sin", "de 10", "más tarde", "help", "tip",
    "blood test", "done", "forgot", "skip", "dizzy", "-", "'", "\n", "in", "for", "days",
])
# A symptom and a number on some scale: the severity must still land in 0..10.
SEVERITIES = st.tuples(
    st.sampled_from(["tingling", "no numbness", "mild pain", "dizzy", "hormigueo", "7/10 fatigue", "walking"]),
    st.sampled_from([" ", " is ", ": ", " at a ", " maybe "]),
    st.one_of(st.integers(-20, 150).map(str), st.floats(0, 200).map(lambda f: f"{f:.1f}")),
    st.sampled_from(["", "/10", " out of 10", " de 10", "/ 10", " today", "!", " and dizzy 12"]),
).map("".join)
TEXTS = st.one_of(
    SEVERITIES,
    st.text(ANY_CHARACTER, max_size=200),
    st.lists(st.one_of(PIECES, st.text(ANY_CHARACTER, max_size=3)), max_size=25).map(" ".join),
    st.lists(PIECES, max_size=25).map("".join),
)


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_parse_reply_always_answers_with_well_formed_intents(text):
    intents = parse_reply(text)
    kinds = [intent.kind for intent in intents]
    assert intents, "never an empty list"
    assert "unknown" not in kinds or kinds == ["unknown"], "unknown only ever alone"
    for intent in intents:
        as_dict = intent.as_dict()
        assert set(as_dict) == {"kind", *KINDS[intent.kind]}
        json.dumps(as_dict)
        if intent.kind == "symptom":
            assert intent.symptom in SYMPTOMS
            assert intent.severity is None or (isinstance(intent.severity, int) and 0 <= intent.severity <= 10)
        if intent.kind == "snooze":
            assert isinstance(intent.minutes, int) and 1 <= intent.minutes <= 24 * 60
        if intent.kind == "lab_result":
            assert intent.test in LAB_TESTS and intent.value >= 0
    assert len(set(intents)) == len(intents), "no intent twice"
