"""Patients text back: signed, stored first, de-duplicated, understood, answered safely."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
import time_machine
from sqlalchemy import func, select

from reminders.app import create_app
from reminders.content import gsm
from reminders.core.models import (
    ConsentEvent,
    DoseEvent,
    Flag,
    LabResult,
    Message,
    Occurrence,
    Patient,
    SymptomReport,
)
from reminders.services import enrolment
from tests.scheduling_helpers import Phone, at, enrol, messages, tick
from tests.signing import AUTH_TOKEN, PUBLIC_BASE_URL, post_signed, signature

PATH = "/webhooks/twilio/sms"
PATIENT = "+16175550101"


@pytest.fixture
def signed_config(config):
    return config.with_overrides(twilio_auth_token=AUTH_TOKEN, public_base_url=PUBLIC_BASE_URL)


@pytest.fixture
def client(signed_config, rt):
    return create_app(signed_config).test_client()


class Texts:
    """Posts texts from one number the way Twilio does, numbering the MessageSids."""

    def __init__(self, client, sender=PATIENT):
        self.client, self.sender, self.count = client, sender, 0

    def form(self, body, sid=None, **extra):
        self.count += 1
        return {"MessageSid": sid or f"SM{self.count:032d}", "From": self.sender,
                "To": "+15005550006", "Body": body, "NumMedia": "0", **extra}

    def send(self, body, sid=None, **extra):
        return post_signed(self.client, PATH, self.form(body, sid, **extra))

    def answer(self, body, **extra) -> str:
        response = self.send(body, **extra)
        assert response.status_code == 200, response.data
        return answer_of(response)


def answer_of(response) -> str:
    root = ElementTree.fromstring(response.data)
    return " ".join(m.text or "" for m in root.iter("Message"))


@pytest.fixture
def texts(client):
    return Texts(client)


def minutes_after(reminder: str, minutes: int = 5):
    """Freeze the clock a few minutes after a local 08:00-style reminder (New York)."""
    return time_machine.travel(at(reminder, "America/New_York") + timedelta(minutes=minutes), tick=False)


def count(rt, model, *where):
    with rt.session() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


# -- the webhook's guarantees ------------------------------------------------------------


def test_a_signed_text_is_stored_and_answered_with_twiml(rt, texts):
    enrol(rt)
    response = texts.send("tingling 4")
    assert response.status_code == 200 and response.mimetype == "text/xml"
    assert "tingling 4/10" in answer_of(response)
    [stored] = messages(rt, direction="in")
    assert stored.body == "tingling 4" and stored.status == "handled"


@pytest.mark.parametrize("forgery", ["wrong token", "altered body", "no header", "other scheme"])
def test_forged_requests_are_refused_and_nothing_is_stored(rt, client, texts, forgery):
    enrol(rt)
    form = texts.form("STOP")
    headers = {
        "wrong token": {"X-Twilio-Signature": signature(PATH, form, token="not-the-token")},
        "altered body": {"X-Twilio-Signature": signature(PATH, {**form, "Body": "taken"})},
        "no header": {},
        "other scheme": {"X-Twilio-Signature": signature(PATH, form, base="http://reminders.example.org")},
    }[forgery]
    assert client.post(PATH, data=form, headers=headers).status_code == 403
    assert count(rt, Message, Message.direction == "in") == 0
    with rt.session() as session:
        assert session.scalars(select(Patient.consent)).one() == "opted_in"


def test_the_same_message_sid_twice_logs_once_and_answers_the_same(rt, texts):
    enrol(rt, start="2027-03-10T08:00")
    tick(rt, Phone(), at("2027-03-10T08:00", "America/New_York"))
    with minutes_after("2027-03-10T08:00"):
        first = texts.send("taken", sid="SMduplicate")
        second = texts.send("taken", sid="SMduplicate")
    assert first.data == second.data and "dose taken" in answer_of(first)
    assert count(rt, Message, Message.direction == "in") == 1
    assert count(rt, DoseEvent) == 1


def test_media_is_stored_as_urls(rt, texts):
    enrol(rt)
    texts.send("here is my lab report", NumMedia="2",
               MediaUrl0="https://api.twilio.com/m/1", MediaUrl1="https://api.twilio.com/m/2")
    assert messages(rt, direction="in")[0].media_urls == ["https://api.twilio.com/m/1", "https://api.twilio.com/m/2"]


def test_a_request_without_message_sid_is_400(client):
    form = {"From": PATIENT, "Body": "hi"}
    response = client.post(PATH, data=form, headers={"X-Twilio-Signature": signature(PATH, form)})
    assert response.status_code == 400


def test_an_oversized_request_is_413(client):
    form = {"MessageSid": "SM1", "From": PATIENT, "Body": "x" * 100_000}
    response = client.post(PATH, data=form, headers={"X-Twilio-Signature": signature(PATH, form)})
    assert response.status_code == 413


def test_database_down_is_503_not_a_stack_trace(signed_config):
    down = signed_config.with_overrides(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    texts = Texts(create_app(down).test_client())
    response = texts.send("taken")
    assert response.status_code == 503 and b"Traceback" not in response.data


# -- resolving replies against reminders -------------------------------------------------------


def test_taken_after_a_reminder_logs_the_dose_and_cancels_the_nudge(rt, texts, client):
    enrol(rt, start="2027-03-10T08:00")
    phone = Phone()
    tick(rt, phone, at("2027-03-10T08:00", "America/New_York"))
    with minutes_after("2027-03-10T08:00"):
        texts.send("took it")
    with rt.session() as session:
        dose = session.scalars(select(DoseEvent)).one()
        occurrence = session.scalars(select(Occurrence)).one()
        assert dose.outcome == "taken" and dose.occurrence_id == occurrence.id and dose.message_id
        assert occurrence.state == "answered" and occurrence.answered_by_id == dose.message_id
    tick(rt, phone, at("2027-03-10T11:00", "America/New_York"))
    assert len(phone.texts) == 1  # no nudge


def test_taken_after_later_cancels_the_snoozed_nudge(rt, texts):
    enrol(rt, start="2027-03-10T08:00")
    phone = Phone()
    tick(rt, phone, at("2027-03-10T08:00", "America/New_York"))
    with minutes_after("2027-03-10T08:00"):
        texts.send("later")
    with minutes_after("2027-03-10T08:00", 20):
        texts.send("took it")
    tick(rt, phone, at("2027-03-10T09:30", "America/New_York"))  # the snooze fell due at 09:05
    assert len(phone.texts) == 1  # the reminder only: no "again" after the dose was logged
    with rt.session() as session:
        snoozed = session.scalars(select(Message).where(Message.purpose == "snooze_1")).one()
        assert snoozed.status == "cancelled"


def test_a_bare_yes_with_nothing_open_asks_which(rt, texts):
    enrol(rt)
    assert "Which reminder" in texts.answer("yes")
    assert count(rt, DoseEvent) == 0


def test_done_after_a_blood_test_reminder_closes_the_blood_test(rt, texts):
    enrol(rt, kind="blood-test", rrule="FREQ=MONTHLY;INTERVAL=3", start="2027-03-15T10:00")
    phone = Phone()
    tick(rt, phone, at("2027-03-12T10:00", "America/New_York"))
    with minutes_after("2027-03-12T10:00", 60):
        assert "blood test done" in texts.answer("done")
    with rt.session() as session:
        assert session.scalars(select(Occurrence.state)).one() == "answered"
    for week in range(1, 5):
        tick(rt, phone, at("2027-03-15T10:00", "America/New_York") + timedelta(days=7 * week))
    assert [m.purpose for m in messages(rt, direction="out") if m.purpose != "answer"] == ["due_soon", "due_today"]
    assert count(rt, Flag) == 0


def test_snooze_queues_one_reminder_later(rt, texts):
    enrol(rt, start="2027-03-10T08:00")
    phone = Phone()
    tick(rt, phone, at("2027-03-10T08:00", "America/New_York"))
    with minutes_after("2027-03-10T08:00"):
        assert "30 min" in texts.answer("snooze 30")
    [snooze] = messages(rt, purpose="snooze_1")
    assert snooze.status == "pending"


def test_two_intents_in_one_text_are_both_logged(rt, texts):
    enrol(rt, start="2027-03-10T08:00")
    tick(rt, Phone(), at("2027-03-10T08:00", "America/New_York"))
    with minutes_after("2027-03-10T08:00"):
        answer = texts.answer("took it but my hands are numb")
    assert "dose taken" in answer and "numbness" in answer
    assert count(rt, DoseEvent) == 1 and count(rt, SymptomReport) == 1


def test_a_low_b12_result_is_logged_and_flagged(rt, texts):
    enrol(rt)
    assert "B12 180" in texts.answer("B12 180 pg/mL")
    with rt.session() as session:
        lab = session.scalars(select(LabResult)).one()
        assert (lab.test, lab.value) == ("b12", 180.0)
        assert session.scalars(select(Flag.reason)).all() == ["low_b12"]


# -- consent ----------------------------------------------------------------------------------


def test_stop_confirms_once_then_silence_and_no_more_reminders(rt, texts):
    enrol(rt, start="2027-03-10T08:00")
    assert "unsubscribed" in texts.answer("STOP")
    assert texts.answer("STOP") == ""
    assert texts.answer("tingling 3") == ""
    with rt.session() as session:
        patient = session.scalars(select(Patient)).one()
        assert patient.consent == "opted_out" and patient.consent_source == "sms"
        event = session.scalars(select(ConsentEvent).where(ConsentEvent.source == "sms")).one()
        assert event.message_id is not None
    phone = Phone()
    tick(rt, phone, at("2027-03-10T08:00", "America/New_York"))
    assert phone.texts == []
    assert count(rt, SymptomReport) == 1  # kept, not answered


def test_please_stop_texting_me_is_honoured(rt, texts):
    enrol(rt)
    texts.answer("please stop texting me")
    with rt.session() as session:
        assert session.scalars(select(Patient.consent)).one() == "opted_out"


def test_start_resumes(rt, texts):
    enrol(rt)
    texts.answer("STOP")
    assert "welcome back" in texts.answer("START").lower()
    with rt.session() as session:
        assert session.scalars(select(Patient.consent)).one() == "opted_in"


def test_help_says_who_we_are_how_often_rates_and_how_to_stop(rt, texts):
    enrol(rt)
    with rt.session() as session:
        enrolment.find_team(session, "North", create=True).contact_phone = "+16175550100"
        session.scalars(select(Patient)).one().team = enrolment.find_team(session, "North", create=True)
    answer = texts.answer("HELP")
    for words in ("B12 Reminders", "frequency", "Msg&data rates may apply", "STOP", "(617) 555-0100"):
        assert words in answer


# -- safety and the coordinators' queue ------------------------------------------------------


def test_a_red_flag_points_to_care_and_emergency_and_raises_an_urgent_flag(rt, texts):
    enrol(rt)
    answer = texts.answer("my legs gave out and I cannot stand")
    assert "911" in answer and "care team" in answer
    with rt.session() as session:
        flag = session.scalars(select(Flag)).one()
        assert (flag.reason, flag.level) == ("red_flag", "urgent")


def test_severe_numbness_is_logged_and_flagged_for_review_not_911_now(rt, texts):
    enrol(rt)
    answer = texts.answer("my numbness is 8/10 today")
    assert answer.startswith("Logged: numbness 8/10.") and "will be told" in answer and "ER now" not in answer
    with rt.session() as session:
        flag = session.scalars(select(Flag)).one()
        assert (flag.reason, flag.level, flag.detail) == ("red_flag", "prompt", "severe numbness (8/10)")


def test_sudden_vision_loss_is_a_red_flag(rt, texts):
    enrol(rt)
    assert "911" in texts.answer("I suddenly can't see out of my left eye")


def test_an_unknown_text_gets_a_menu_and_lands_in_the_queue(rt, texts):
    enrol(rt)
    assert "TAKEN" in texts.answer("what time is the pharmacy open")
    with rt.session() as session:
        assert session.scalars(select(Flag.reason)).all() == ["unknown_reply"]


def test_a_stranger_gets_a_neutral_answer_and_the_text_is_kept(rt, client):
    enrol(rt)
    answer = Texts(client, sender="+16175559999").answer("who is this?")
    assert "B12" not in answer and "Pat" not in answer and "MS" not in answer.split()
    [kept] = messages(rt, direction="in")
    assert kept.body == "who is this?" and kept.patient_id is None
    with rt.session() as session:
        assert session.scalars(select(Flag.reason)).all() == ["unknown_sender"]


def test_automatic_answers_are_capped_per_hour(rt, texts):
    enrol(rt)
    answers = [texts.answer("hello?") for _ in range(11)]
    assert all(answers[:10]) and answers[10] == ""
    assert count(rt, Message, Message.direction == "in") == 11


def test_spanish_patients_are_answered_in_spanish(rt, client):
    with rt.session() as session:
        enrolment.add_patient(session, phone=PATIENT, name="Ana", tz="America/New_York", lang="es",
                              welcome=False)
    assert "Registrado" in Texts(client).answer("hormigueo 3")


def test_every_answer_is_gsm7(rt, texts):
    enrol(rt, start="2027-03-10T08:00")
    tick(rt, Phone(), at("2027-03-10T08:00", "America/New_York"))
    with minutes_after("2027-03-10T08:00"):
        for body in ["taken", "later", "HELP", "TIP", "B12 320", "tingling 9", "asdf", "yes", "STOP", "START"]:
            answer = texts.answer(body)
            assert gsm.is_gsm7(answer), (body, answer)
