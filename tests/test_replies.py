"""The reply parser's contract beyond the corpora: the JSON shape, chosen values, and what it refuses."""

from __future__ import annotations

import dataclasses

import pytest

from reminders.incoming.parser import (
    KINDS,
    SEVERITY_MILD,
    SEVERITY_MODERATE,
    SEVERITY_SEVERE,
    SNOOZE_DEFAULT_MINUTES,
    Intent,
    normalise,
    parse_reply,
    parse_to_json,
)


def dicts(text):
    return [intent.as_dict() for intent in parse_reply(text)]


def test_each_kind_carries_exactly_its_own_fields():
    assert dicts("snooze 30") == [{"kind": "snooze", "minutes": 30, "at": None}]
    assert dicts("remind me at 9pm") == [{"kind": "snooze", "minutes": 60, "at": "21:00"}]
    assert dicts("thanks") == [{"kind": "thanks"}]
    assert dicts("tingling 6") == [{"kind": "symptom", "symptom": "tingling", "severity": 6}]
    assert dicts("pins and needles") == [{"kind": "symptom", "symptom": "tingling", "severity": None}]
    assert dicts("B12 320") == [{"kind": "lab_result", "test": "b12", "value": 320, "unit": None}]
    assert dicts("taken") == [{"kind": "dose_taken"}]
    assert set(KINDS) == {"dose_taken", "dose_skipped", "affirm", "deny", "snooze", "symptom", "blood_test_done",
                          "lab_result", "opt_out", "opt_in", "help", "tip", "thanks", "set_time", "pause", "resume",
                          "next", "unknown"}


def test_parse_to_json_echoes_the_text_and_lists_the_intents():
    assert parse_to_json("took it, tingling 4/10") == {
        "text": "took it, tingling 4/10",
        "intents": [{"kind": "dose_taken"}, {"kind": "symptom", "symptom": "tingling", "severity": 4}],
    }
    assert parse_to_json("") == {"text": "", "intents": [{"kind": "unknown"}]}


def test_intents_are_frozen_values():
    intent = parse_reply("snooze 30")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        intent.minutes = 5
    assert intent == Intent("snooze", minutes=30)


def test_intents_come_in_the_order_of_the_text():
    kinds = [i.kind for i in parse_reply("dizzy 4, forgot it, remind me in an hour, tip please")]
    assert kinds == ["symptom", "dose_skipped", "snooze", "tip"]
    kinds = [i.kind for i in parse_reply("remind me in an hour, forgot it, dizzy 4")]
    assert kinds == ["snooze", "dose_skipped", "symptom"]


@pytest.mark.parametrize("text, minutes", [
    ("later", SNOOZE_DEFAULT_MINUTES), ("snooze", SNOOZE_DEFAULT_MINUTES), ("más tarde", SNOOZE_DEFAULT_MINUTES),
    ("snooze 30", 30), ("remind me in an hour", 60), ("in 2 hours", 120), ("in 90 minutes", 90),
    ("half an hour", 30), ("tingling for half an hour", None), ("remind me in half an hour", 30), ("in 1.5 hours", 90), ("en 2 horas", 120),
    ("remind me tomorrow", 24 * 60), ("snooze 9999", 24 * 60), ("snooze 0", 1),
])
def test_snooze_minutes(text, minutes):
    snoozes = [i for i in parse_reply(text) if i.kind == "snooze"]
    if minutes is None:
        assert not snoozes
    else:
        assert snoozes == [Intent("snooze", minutes=minutes)]
    assert SNOOZE_DEFAULT_MINUTES == 60


@pytest.mark.parametrize("text, severity", [
    ("mild numbness", SEVERITY_MILD), ("slight tingling", SEVERITY_MILD), ("a little dizzy", SEVERITY_MILD),
    ("moderate pain", SEVERITY_MODERATE), ("dolor moderado", SEVERITY_MODERATE),
    ("severe fatigue", SEVERITY_SEVERE), ("terrible pain", SEVERITY_SEVERE), ("really bad tingling", SEVERITY_SEVERE),
    ("dolor fuerte", SEVERITY_SEVERE), ("pain not so bad", None), ("tingling 6", 6), ("tingling 6/10", 6),
    ("tingling 6 out of 10", 6), ("tingling 10/10", 10), ("tingling 12/10", 10), ("tingling 15", None),
    ("tingling 6.5", 7), ("no tingling", 0), ("tingling is gone", 0), ("sin hormigueo", 0), ("tingling 0", 0),
    ("tingling in 2 fingers", None), ("tingling for 3 days", None), ("tingling since 2pm", None),
])
def test_severity(text, severity):
    symptoms = [i for i in parse_reply(text) if i.kind == "symptom"]
    assert [s.severity for s in symptoms] == [severity]
    assert (SEVERITY_MILD, SEVERITY_MODERATE, SEVERITY_SEVERE) == (3, 5, 8)


@pytest.mark.parametrize("written, canonical", [
    ("pg/mL", "pg/mL"), ("PG/ML", "pg/mL"), ("pg", "pg/mL"), ("pmol/l", "pmol/L"), ("PMOL/L", "pmol/L"),
    ("nmol/L", "nmol/L"), ("µmol/L", "umol/L"), ("μmol/L", "umol/L"), ("umol/l", "umol/L"),
    ("micromol/L", "umol/L"), ("ng/ml", "ng/mL"), ("ng / mL", "ng/mL"),
])
def test_lab_units_have_one_spelling(written, canonical):
    assert parse_reply(f"MMA 0.31 {written}") == [Intent("lab_result", test="mma", value=0.31, unit=canonical)]


@pytest.mark.parametrize("text, value", [
    ("b12 320", 320), ("b12 1,200", 1200), ("mma 0,35", 0.35), ("mma .3", 0.3), ("folate 12.5", 12.5),
])
def test_lab_values_are_numbers(text, value):
    [intent] = parse_reply(text)
    assert intent.value == value and type(intent.value) is type(value)


@pytest.mark.parametrize("text", ["B12 1000 mcg", "b12 at 8am", "took my b12 at 9:30", "b12 2 pills", "b12 3 times"])
def test_doses_counts_and_times_are_not_lab_values(text):
    assert "lab_result" not in [i.kind for i in parse_reply(text)]


@pytest.mark.parametrize("slip, meant", [
    ("takn", "taken"), ("Tkaen", "taken"), ("skiped", "skipped"), ("tinglng", "tingling"), ("numbess", "numbness"),
    ("exausted", "exhausted"), ("unsubscibe", "unsubscribe"), ("tookk", "took"), ("snoooze", "snooze"),
    ("TIIIRED", "tired"),
])
def test_one_letter_slips_in_the_words_that_matter_are_corrected(slip, meant):
    assert normalise(slip) == meant


@pytest.mark.parametrize("word", [
    "tried", "cancer", "waking", "slipped", "token", "massages", "balanced", "infection", "casada", "latter",
    "testing", "stops", "helps", "tool",
])
def test_real_words_near_a_keyword_are_left_alone(word):
    assert normalise(word) == word


def test_text_is_folded_to_plain_lower_case():
    assert normalise("  Ya la TOMÉ…\n\n ¿Sí?  ") == "ya la tome..... si?"
    assert normalise("didn’t") == "didn't"
    assert normalise("👍🏽 ✅") == "thumbsup check"
