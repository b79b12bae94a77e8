"""docs/red-flags.md is the policy: its examples are checked against the reply parser, the red-flag
rules and the answer the patient gets, and the answers it quotes are the ones the bot sends."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from reminders.app import create_app
from reminders.content import answers
from reminders.core.models import Flag
from reminders.incoming import safety
from reminders.incoming.parser import parse_reply
from reminders.services import enrolment
from tests.signing import AUTH_TOKEN, PUBLIC_BASE_URL, post_signed

POLICY = Path(__file__).resolve().parents[1] / "docs" / "red-flags.md"
CLASSES = {"Urgent": "urgent", "Review": "prompt", "Not a red flag": None}
CONTACT = "+16175550100"


def examples() -> list[tuple[str, str, str, str | None]]:
    """(class heading, lang, text, what the flag reads) for every row of the policy's tables."""
    rows, heading = [], None
    for line in POLICY.read_text().splitlines():
        if line.startswith("### "):
            heading = line[4:].strip()
        elif heading in CLASSES and line.startswith("| ") and not line.startswith(("| lang", "|---")):
            lang, text, reads = (cell.strip() for cell in line.strip("|").split("|"))
            rows.append((heading, lang, text, reads or None))
    return rows


EXAMPLES = examples()


def test_every_class_has_examples_in_english_and_spanish():
    for heading in CLASSES:
        assert {lang for h, lang, _, _ in EXAMPLES if h == heading} == {"en", "es"}, heading


@pytest.mark.parametrize("heading, lang, text, reads", EXAMPLES, ids=[e[2] for e in EXAMPLES])
def test_the_policy_says_what_the_rules_do(heading, lang, text, reads):
    red = safety.assess(text, safety.symptoms_of(parse_reply(text)))
    if CLASSES[heading] is None:
        assert red is None
    else:
        assert (red.level, red.reason) == (CLASSES[heading], reads)


@pytest.fixture
def client(config, rt):
    return create_app(config.with_overrides(twilio_auth_token=AUTH_TOKEN, public_base_url=PUBLIC_BASE_URL)).test_client()


@pytest.mark.parametrize("heading, lang, text, reads", EXAMPLES, ids=[e[2] for e in EXAMPLES])
def test_the_patient_gets_the_answer_the_policy_quotes(client, rt, heading, lang, text, reads):
    with rt.session() as s:
        patient = enrolment.add_patient(s, phone="+16175550101", name="Ana", tz="America/New_York", lang=lang,
                                        team="North", create_team=True, welcome=False)
        patient.team.contact_phone, patient.team.on_call_phone = CONTACT, "+16175550199"
    form = {"MessageSid": "SM" + "1" * 32, "From": "+16175550101", "To": "+15005550006", "Body": text,
            "NumMedia": "0"}
    response = post_signed(client, "/webhooks/twilio/sms", form)
    answer = " ".join(m.text or "" for m in ElementTree.fromstring(response.data).iter("Message"))
    with rt.session() as s:
        flag = s.scalar(select(Flag).where(Flag.reason == "red_flag"))
    if CLASSES[heading] == "urgent":
        assert answer == answers.say("red_flag_alerted", lang, contact="(617) 555-0100")
        assert (flag.level, flag.detail) == ("urgent", reads)
    elif CLASSES[heading] == "prompt":
        assert answer.endswith(answers.say("review", lang)) and "911" in answer
        assert (flag.level, flag.detail) == ("prompt", reads)
    else:
        assert "911" not in answer and flag is None


def quoted() -> set[str]:
    return {line[2:].strip() for line in POLICY.read_text().splitlines() if line.startswith("> ")}


SAFETY_ANSWERS = ["red_flag_alerted", "red_flag", "red_flag_closed", "review", "review_closed"]


@pytest.mark.parametrize("key", SAFETY_ANSWERS)
@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_policy_quotes_the_answers_word_for_word(key, lang):
    assert answers.TEXTS[lang][key] in quoted()


@pytest.mark.parametrize("key", sorted(answers.TO_STRANGERS))
def test_the_policy_quotes_the_answers_to_unknown_numbers(key):
    assert answers.to_stranger(key) in quoted()


def test_the_policy_names_the_settings_it_relies_on():
    words = POLICY.read_text()
    assert "ESCALATE_AFTER_MINUTES" in words and re.search(r"reminders doctor", words)


@pytest.mark.parametrize("text", [answers.say(k, lang, contact="+16175550100") for lang in ("en", "es")
                                  for k in SAFETY_ANSWERS]
                         + list(answers.TO_STRANGERS.values()))
def test_safety_answers_are_plain_characters_in_at_most_two_segments(text):
    from reminders.content import gsm

    assert gsm.is_gsm7(text) and gsm.segments(text) <= 2, text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_assessed_without_failing(text):
    red = safety.assess(text, safety.symptoms_of(parse_reply(text)))
    assert red is None or red.level in ("urgent", "prompt")
