"""What patients read, end to end: keywords that work, disclosures carriers require, discretion
that holds for a whole conversation, and no answer over 2 segments."""

from __future__ import annotations

import re

import pytest
import time_machine
from sqlalchemy import select

from reminders.app import create_app
from reminders.content import checks, gsm
from reminders.content.keywords import KEYWORDS, PROMISES
from reminders.core.discretion import mentions_sensitive
from reminders.core.models import Flag, LabResult, Message, Patient, SymptomReport
from reminders.incoming.parser import parse_reply
from reminders.outgoing.queue import Unsendable, queue_text
from reminders.services import enrolment
from tests.scheduling_helpers import Phone, at, messages, tick
from tests.signing import AUTH_TOKEN, PUBLIC_BASE_URL
from tests.test_sms_webhook import Texts

TEAM_PHONE = "+16175550100"
TEAM_PHONE_SHOWN = "(617) 555-0100"  # as the patient dials it, not E.164
SUPPORT = "help@clinic.example"
LANGS = ("en", "es")


@pytest.fixture
def app_config(config):
    return config.with_overrides(twilio_auth_token=AUTH_TOKEN, public_base_url=PUBLIC_BASE_URL,
                                 support_contact=SUPPORT, program_name="North MS Texts",
                                 discreet_program_name="North Clinic Texts")


@pytest.fixture
def client(app_config, rt):
    return create_app(app_config).test_client()


def enrol(rt, app_config, phone="+16175550101", lang="en", discreet=False, team_phone=None, plans=True):
    with rt.session() as session:
        if team_phone:
            enrolment.find_team(session, "North", create=True).contact_phone = team_phone
        patient = enrolment.add_patient(session, phone=phone, name="Ana", tz="America/New_York", lang=lang,
                                        discreet=discreet, team="North" if team_phone else None, create_team=True,
                                        config=app_config, now=at("2027-03-09T12:00"))
        if plans:
            enrolment.add_plan(session, patient, kind="supplement", rrule="FREQ=DAILY", start="2027-03-10T08:00",
                               label="B12 1000 mcg sublingual", now=at("2027-03-09T12:00"))
            enrolment.add_plan(session, patient, kind="blood-test", rrule="FREQ=MONTHLY;INTERVAL=3",
                               start="2027-03-12T10:00", label="B12 and MMA blood test", now=at("2027-03-09T12:00"))
        return patient.id


# -- keywords ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_every_keyword_a_text_teaches_parses_to_the_intent_it_promises(lang):
    taught = checks.taught_keywords(lang)
    promises = {gsm.normalise(word): PROMISES[key] for key, word in KEYWORDS[lang].items()}
    assert set(taught) == set(promises), "a text teaches a word outside the keyword set, or a keyword goes untaught"
    for word in taught:
        assert [i.kind for i in parse_reply(word)] == [promises[word]], (word, taught[word])
        assert [i.kind for i in parse_reply(word.lower())] == [promises[word]], word  # as most people type it


def test_reminders_and_answers_teach_the_same_spanish_words():
    """Before: reminders taught TOMÉ, SALTAR and LISTO, the other answers TOMADA, OMITIR and HECHO."""
    taught = checks.taught_keywords("es")
    for word in ("TOMÉ", "SALTÉ", "LUEGO", "ANALISIS HECHO"):
        assert {"reminder", "unknown"} & taught[word], word
        assert "unknown" in taught[word], word
    assert "TEST DONE" in checks.taught_keywords("en") and "unknown" in checks.taught_keywords("en")["TEST DONE"]


@pytest.mark.parametrize("lang", LANGS)
def test_following_the_didnt_understand_answer_never_gets_it_again(rt, app_config, client, lang):
    """Before: the Spanish answer taught OMITIR, read as unknown: the patient got the same answer again."""
    enrol(rt, app_config, lang=lang)
    tick(rt, Phone(), at("2027-03-10T08:00", "America/New_York"))
    texts = Texts(client)
    with time_machine.travel(at("2027-03-10T08:05", "America/New_York"), tick=False):
        unknown = texts.answer("what time does the pharmacy open")
        taught = [w for w in _upper_words(unknown) if w not in ("STOP",)]
        assert len(taught) >= 6
        for word in taught:
            assert texts.answer(word) != unknown, word
    with rt.session() as session:
        assert session.scalars(select(Flag.reason).where(Flag.reason == "unknown_reply")).all() == ["unknown_reply"]


def _upper_words(text: str) -> list[str]:
    return [w for w in re.findall(r"\b[A-ZÉÑ]{2,}(?: [A-ZÉÑ]{2,})*\b", text) if w not in checks.NOT_KEYWORDS]


# -- lengths -------------------------------------------------------------------------------


def test_every_template_and_answer_fits_at_its_longest():
    assert checks.problems() == []


LONG_REPORT = {
    "en": "numbness 2, tingling 6, fatigue 3, pain 4, weakness 2, balance 3, dizzy 2, memory 4, bladder 3, "
          "mood 2, stiffness 3, B12 320 pg/mL, MMA 0.42, homocysteine 11, folate 12",
    "es": "entumecimiento 2, hormigueo 6, cansancio 3, dolor 4, debilidad 2, equilibrio 3, mareo 2, memoria 4, "
          "vejiga 3, animo 2, rigidez 3, B12 320 pg/mL, MMA 0.42, homocisteina 11, folato 12",
}


@pytest.mark.parametrize("lang", LANGS)
def test_a_long_multi_report_text_is_confirmed_in_a_two_segment_summary(rt, app_config, client, lang):
    """Before: one long report got a 3-segment answer (316 to 376 septets)."""
    enrol(rt, app_config, lang=lang, plans=False)
    answer = Texts(client).answer(LONG_REPORT[lang])
    assert gsm.is_gsm7(answer) and gsm.segments(answer) <= 2, (gsm.septets(answer), answer)
    summary = {"en": "Logged 15 reports: numbness 2, tingling 6", "es": "Registramos 15 datos: entumecimiento 2"}
    assert answer.startswith(summary[lang]) and not answer.endswith("...")
    with rt.session() as session:  # summarised in words, never in what is recorded
        assert len(session.scalars(select(SymptomReport)).all()) == 11
        assert len(session.scalars(select(LabResult)).all()) == 4


def test_a_few_reports_are_each_confirmed_in_full(rt, app_config, client):
    enrol(rt, app_config, plans=False)
    assert Texts(client).answer("tingling 6, B12 320") == "Logged: tingling 6/10. Logged: B12 320."


# -- disclosures -------------------------------------------------------------------------

# What each text must carry, in each language (CTIA): the program name, how often we text (for
# STOP: that no more texts will come), "Msg&data rates may apply", how to get help (the HELP
# answer is that help), how to opt out (STOP's answer confirms it), and a support contact.
ELEMENTS = {
    "en": {
        "frequency": r"Msg frequency varies|no more texts", "rates": r"Msg&data rates may apply",
        "help": r"Reply HELP|\b(?:Support|Help):", "opt_out": r"\bSTOP to opt out|unsubscribed",
    },
    "es": {
        "frequency": r"Frecuencia de mensajes variable|ningun otro mensaje",
        "rates": r"Pueden aplicarse tarifas de mensajes y datos",
        "help": r"Responda AYUDA para recibir ayuda|^(?=.*\bAyuda:)", "opt_out": r"STOP para darse de baja|dado de baja",
    },
}


def disclosures(rt, app_config, client, lang, discreet, team_phone):
    """The welcome, HELP, STOP and START texts one patient gets."""
    enrol(rt, app_config, lang=lang, discreet=discreet, team_phone=team_phone, plans=False)
    [welcome] = [m.body for m in messages(rt, purpose="welcome")]
    texts = Texts(client)
    return {"welcome": welcome, "help": texts.answer("HELP"), "stop": texts.answer("STOP"),
            "start": texts.answer("START")}


@pytest.mark.parametrize("team_phone", [TEAM_PHONE, None])
@pytest.mark.parametrize("discreet", [False, True])
@pytest.mark.parametrize("lang", LANGS)
def test_welcome_help_stop_and_start_carry_every_element_carriers_require(rt, app_config, client, lang, discreet,
                                                                           team_phone):
    program = app_config.program_for(discreet)
    for name, text in disclosures(rt, app_config, client, lang, discreet, team_phone).items():
        assert text.startswith(program + ": "), (name, text)
        assert ((team_phone and TEAM_PHONE_SHOWN) or SUPPORT) in text, (name, text)  # before: "call your clinic"
        assert "+1617" not in text, (name, text)  # before: "Care team: +16175550100"
        for element, pattern in ELEMENTS[lang].items():
            assert re.search(pattern, text), (name, element, text)
        assert gsm.segments(text) <= 2
        # Before: the Spanish welcome read as if AYUDA opted you out.
        assert "AYUDA o STOP para salir" not in text


def test_a_re_opt_in_gets_the_full_disclosure_again(rt, app_config, client):
    texts = disclosures(rt, app_config, client, "en", False, TEAM_PHONE)
    assert texts["start"].startswith("North MS Texts: welcome back.")
    for words in ("Msg frequency varies", "Msg&data rates may apply", "Reply HELP for help, STOP to opt out", TEAM_PHONE_SHOWN):
        assert words in texts["start"]


# -- discretion ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_a_discreet_patients_whole_conversation_names_nothing_sensitive(rt, app_config, client, lang):
    patient_id = enrol(rt, app_config, lang=lang, discreet=True, team_phone=TEAM_PHONE)
    phone, texts, answers = Phone(), Texts(client), []
    for day in range(20):  # daily reminders with their tips, a blood test due, nudges
        tick(rt, phone, at(f"2027-03-{10 + day}T08:01", "America/New_York"))
        with time_machine.travel(at(f"2027-03-{10 + day}T08:05", "America/New_York"), tick=False):
            for body in ("TIP", "taken", "later", "B12 320 pg/mL", "MMA 0.42", "homocysteine 12", "numbness 3",
                         "blood test done", "HELP", "what is this about", "STOP", "START"):
                answers.append(texts.answer(body))
    with rt.session() as session:
        patient = session.get(Patient, patient_id)
        with pytest.raises(Unsendable, match="discreet"):  # a coordinator's one-off message
            queue_text(session, patient, "manual", "Your B12 results look fine.", at("2027-03-31T12:00"), strict=True)
        queue_text(session, patient, "manual", "Please call the clinic when you can.", at("2027-03-31T12:00"),
                   strict=True)
    sent = [m.body for m in messages(rt, direction="out")]
    assert {m.purpose for m in messages(rt, direction="out")} >= {
        "welcome", "reminder", "snooze_1", "due_soon", "due_today", "answer", "manual"}
    assert len([m for m in messages(rt, direction="out") if m.tip_id]) >= 20
    for text in sent + answers:
        assert mentions_sensitive(text) == [], text
        assert "North MS Texts" not in text and "1000 mcg" not in text
    assert any(text.startswith("North Clinic Texts: ") for text in answers)
    assert any(re.search(r"(result|resultado) 320 pg/mL", text) for text in answers)  # before: "Logged: B12 320"


def test_the_tip_reply_is_its_documented_template_in_discreet_wording(rt, app_config, client):
    """Before: TIP answered the bare tip text, and its discreet check read an attribute no tip has."""
    enrol(rt, app_config, discreet=True, plans=False)
    answer = Texts(client).answer("TIP")
    assert answer.startswith("Tip: ") and answer.endswith(" Reply TIP for another.")
    assert mentions_sensitive(answer) == []
    with rt.session() as session:
        tip_id = session.scalars(select(Message.tip_id).where(Message.purpose == "answer")).one()
    assert tip_id is not None


def test_snoozing_a_blood_test_reminds_about_the_blood_test_with_its_own_keyword(rt, app_config, client):
    """Before: "Did you take your B12 and MMA blood test (10:00 am)? Reply TAKEN, SKIP or LATER." """
    enrol(rt, app_config)
    tick(rt, Phone(), at("2027-03-12T10:01", "America/New_York"))
    texts = Texts(client)
    with time_machine.travel(at("2027-03-12T10:05", "America/New_York"), tick=False):
        texts.answer("taken")  # today's dose
        assert texts.answer("later") == "OK, we will remind you again in 1 h."
    [again] = [m.body for m in messages(rt, purpose="snooze_1")]
    assert again == "Your B12 and MMA blood test is due today. Reply TEST DONE once you have had it."


def test_lab_values_are_echoed_in_the_patients_language(rt, app_config, client):
    enrol(rt, app_config, lang="es", plans=False)
    assert Texts(client).answer("homocisteina 11, folato 12, MMA 0.4") == (
        "Registrado: homocisteina 11. Registrado: folato 12. Registrado: AMM 0.4.")


def test_a_spanish_patient_who_learned_omitir_from_earlier_texts_is_understood():
    """Before: the Spanish answers taught OMITIR, and the parser read it as unknown."""
    assert [i.kind for i in parse_reply("OMITIR")] == ["dose_skipped"]
    assert [i.kind for i in parse_reply("omiti la dosis")] == ["dose_skipped"]
