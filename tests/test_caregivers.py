"""Caregivers, through the command line, the webhook and the clock: their own YES first,
their STOP stops only their texts, and they are told (minimally) of missed doses or a red flag."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select, update

from reminders.core.caregivers import Caregiver
from reminders.core.models import Flag, Message, Patient
from tests.scheduling_helpers import Phone, at, enrol, tick
from tests.signing import PUBLIC_BASE_URL
from tests.texting import phone, text, webhook  # noqa: F401  (fixtures)

PATIENT = "+16175550101"
CARER = "+16175550202"
ZONE = "America/New_York"


def texts_to(phone: Phone, number: str) -> list[str]:
    return [t for t in phone.texts if t.startswith(f"[sms to {number}]")]


def body_of(line: str) -> str:
    return line.split("] ", 1)[1]


def add(runner, *extra, carer=CARER, name="Maria Lopez"):
    result = runner("caregivers", "add", "--phone", PATIENT, "--caregiver-phone", carer, "--name", name,
                    "--consent", "verbal, at clinic visit 2027-03-01", *extra)
    assert result.exit_code == 0, result.output
    return result.output


def daily_until(rt, phone: Phone, last_day: int, first_day: int = 10) -> None:
    """The clock ticks at each day's 08:00 reminder (and once after it) from the 10th."""
    for day in range(first_day, last_day + 1):
        due = at(f"2027-03-{day:02d}T08:00", ZONE)
        tick(rt, phone, due)
        tick(rt, phone, due + timedelta(minutes=1))


def reply(webhook, sender: str, body: str, when) -> str:
    return text(webhook, sender, body, when)


def caregiver(rt) -> Caregiver:
    with rt.session() as s:
        return s.scalar(select(Caregiver))


def test_double_opt_in_then_told_once_when_n_doses_in_a_row_are_missed(rt, runner, webhook, phone):
    enrol(rt, phone=PATIENT, start="2027-03-10T08:00")
    with time_machine.travel(at("2027-03-09T12:00", ZONE), tick=False):
        out = add(runner, "--on", "missed", "--missed-in-a-row", "2")
    assert "waiting for their YES" in out and "2 missed doses in a row" in out
    listed = runner("caregivers", "list", "--phone", PATIENT).output
    assert "Maria Lopez +16175550202 (en): waiting for their YES" in listed
    assert "verbal, at clinic visit 2027-03-01" in listed

    # The invitation is the only text before their YES.
    tick(rt, phone, at("2027-03-09T12:01", ZONE))
    [invite] = texts_to(phone, CARER)
    assert "Pat asked that you be told" in invite and "Reply YES" in invite and "STOP" in invite

    # Two doses missed before the YES: they are not told (the row is kept, cancelled).
    daily_until(rt, phone, 12)
    assert len(texts_to(phone, CARER)) == 1
    assert [m.status for m in rt_messages(rt, "cg_missed")] == ["cancelled"]

    answer = reply(webhook, CARER, "YES", at("2027-03-12T09:00", ZONE))
    assert "thank you" in answer and "check-in" in answer
    assert caregiver(rt).state == "active"
    # The patient's own thread is untouched by the caregiver's YES.
    with rt.session() as s:
        assert s.scalar(select(Patient.consent)) == "opted_in"

    # The patient answers one dose, then misses two in a row: told once, with no health details.
    reply(webhook, PATIENT, "taken", at("2027-03-12T09:05", ZONE))
    daily_until(rt, phone, 15, first_day=13)
    alerts = [body_of(t) for t in texts_to(phone, CARER)[1:]]
    assert alerts == ["B12 Reminders: Pat has missed 2 reminders in a row. Please check in."]
    daily_until(rt, phone, 17, first_day=16)  # a third, fourth missed: the same streak, not told again
    assert len(texts_to(phone, CARER)) == 2


def rt_messages(rt, purpose: str) -> list[Message]:
    with rt.session() as s:
        return s.scalars(select(Message).where(Message.purpose == purpose).order_by(Message.id)).all()


def test_stop_from_the_caregivers_phone_stops_only_their_texts(rt, runner, webhook, phone):
    enrol(rt, phone=PATIENT, start="2027-03-10T08:00")
    with time_machine.travel(at("2027-03-09T12:00", ZONE), tick=False):
        add(runner, "--on", "missed,red_flag", "--missed-in-a-row", "1")
    tick(rt, phone, at("2027-03-09T12:01", ZONE))  # the invitation goes out
    reply(webhook, CARER, "yes", at("2027-03-09T12:05", ZONE))

    answer = reply(webhook, CARER, "STOP", at("2027-03-09T12:10", ZONE))
    assert "no more texts about Pat" in answer
    assert reply(webhook, CARER, "STOP", at("2027-03-09T12:11", ZONE)) == ""  # one confirmation, then silence
    assert caregiver(rt).state == "stopped"

    daily_until(rt, phone, 12)
    assert len(texts_to(phone, PATIENT)) == 3  # the patient still gets every reminder
    assert len(texts_to(phone, CARER)) == 1  # the invitation only
    reply(webhook, PATIENT, "I can't see out of my left eye", at("2027-03-12T09:00", ZONE))
    tick(rt, phone, at("2027-03-12T09:01", ZONE))
    assert len(texts_to(phone, CARER)) == 1
    with rt.session() as s:
        assert s.scalar(select(Patient.consent)) == "opted_in"

    # START is their own new consent: alerts resume, from the next streak on.
    assert "thank you" in reply(webhook, CARER, "START", at("2027-03-12T10:00", ZONE))
    daily_until(rt, phone, 13, first_day=13)
    reply(webhook, PATIENT, "took it", at("2027-03-13T08:30", ZONE))
    daily_until(rt, phone, 15, first_day=14)
    assert body_of(texts_to(phone, CARER)[-1]) == "B12 Reminders: Pat has missed a reminder. Please check in."


def test_red_flag_tells_those_who_asked_discreetly_and_outside_their_quiet_hours(rt, runner, webhook, phone):
    enrol(rt, phone=PATIENT, start="2027-03-10T08:00")
    with rt.session() as s:
        s.execute(update(Patient).values(discreet=True))
    with time_machine.travel(at("2027-03-09T12:00", ZONE), tick=False):
        add(runner, "--on", "red_flag", "--lang", "es", "--tz", "Europe/Madrid")
        add(runner, "--on", "missed", carer="+16175550303", name="Sam Lopez")
    tick(rt, phone, at("2027-03-09T12:01", ZONE))  # the invitations (18:01 in Madrid)
    assert "Responda SI para aceptar" in body_of(texts_to(phone, CARER)[0])
    assert "gracias" in reply(webhook, CARER, "Sí", at("2027-03-09T12:05", ZONE))
    reply(webhook, "+16175550303", "YES", at("2027-03-09T12:06", ZONE))

    # 22:00 in New York is 03:00 in Madrid: held to the end of the caregiver's own quiet hours.
    reply(webhook, PATIENT, "I suddenly can't see, it went dark", at("2027-03-09T22:00", ZONE))
    tick(rt, phone, at("2027-03-09T22:01", ZONE))
    assert len(texts_to(phone, CARER)) == 1
    tick(rt, phone, at("2027-03-10T08:00", "Europe/Madrid"))
    alert = body_of(texts_to(phone, CARER)[-1])
    assert alert == "Clinic Reminders: hemos pedido al equipo de Pat que se ponga en contacto. Por favor, llamele."
    assert "B12" not in alert and "vision" not in alert
    assert len(texts_to(phone, "+16175550303")) == 1  # told about missed doses only: just the invitation


def test_what_else_a_caregiver_writes_reaches_the_coordinators(rt, runner, webhook, phone):
    enrol(rt, phone=PATIENT, start="2027-03-10T08:00")
    add(runner)
    answer = reply(webhook, CARER, "Is Pat OK? She did not pick up", at("2027-03-09T12:05", ZONE))
    assert "only sends check-in texts" in answer
    with rt.session() as s:
        flag = s.scalar(select(Flag).where(Flag.reason == "caregiver_reply"))
        assert flag is not None and flag.patient_id is not None
        text = s.get(Message, flag.message_id)
        assert text.body.startswith("Is Pat OK?") and text.caregiver_id is not None


@pytest.mark.parametrize("extra, message", [
    (["--on", "everything"], "expected missed, red_flag"),
    (["--caregiver-phone", PATIENT], "the patient's own"),
    (["--missed-in-a-row", "0"], "between 1 and 14"),
    (["--consent", " "], "how the patient agreed"),
])
def test_bad_input_is_one_line_and_adds_nobody(rt, runner, extra, message):
    enrol(rt, phone=PATIENT)
    options = {"--phone": PATIENT, "--caregiver-phone": CARER, "--name": "Maria", "--consent": "verbal",
               **dict(zip(extra[::2], extra[1::2]))}
    args = ["caregivers", "add", *[part for pair in options.items() for part in pair]]
    result = runner(*args)
    assert result.exit_code != 0 and message in result.output, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert caregiver(rt) is None


def test_a_caregiver_is_added_once_and_another_patients_number_is_refused(rt, runner):
    enrol(rt, phone=PATIENT)
    enrol(rt, phone="+16175550404")
    add(runner)
    again = runner("caregivers", "add", "--phone", PATIENT, "--caregiver-phone", CARER, "--name", "M",
                   "--consent", "verbal")
    assert again.exit_code != 0 and "already a caregiver" in again.output
    other = runner("caregivers", "add", "--phone", PATIENT, "--caregiver-phone", "+16175550404", "--name", "M",
                   "--consent", "verbal")
    assert other.exit_code != 0 and "enrolled patient's number" in other.output


def test_the_carriers_stop_on_a_caregivers_number_stops_them_not_the_patient(rt, twilio_server):
    """Twilio's 21610 for a caregiver's number (through the real SDK): they are stopped; the patient is not."""
    from reminders.outgoing import clock
    from reminders.outgoing.transports import make_transport
    from reminders.services import caregivers as family

    rt.config = rt.config.with_overrides(
        sms_transport="twilio", twilio_account_sid=twilio_server.account_sid,
        twilio_auth_token=twilio_server.auth_token, twilio_from_number="+15005550006",
        twilio_api_url=twilio_server.url, public_base_url=PUBLIC_BASE_URL, http_timeout=0.5,
    )
    patient_id, _ = enrol(rt, phone=PATIENT, start="2027-03-10T08:00")
    with rt.session() as s:
        family.add_caregiver(s, s.get(Patient, patient_id), phone=CARER, name="Maria", consent="verbal", names=rt.config,
                             now=at("2027-03-09T12:00", ZONE))
    twilio_server.script(recipients={CARER: "21610"})
    clock.tick(rt, make_transport(rt.config), now=at("2027-03-09T12:01", ZONE))
    clock.tick(rt, make_transport(rt.config), now=at("2027-03-10T08:00", ZONE))
    assert caregiver(rt).state == "stopped"
    with rt.session() as s:
        assert s.scalar(select(Patient.consent)) == "opted_in"
    assert [r["form"]["To"] for r in twilio_server.requests] == [CARER, PATIENT]  # the reminder still went


def test_in_spanish_the_invitation_yes_alert_and_stop(rt, runner, webhook, phone):
    enrol(rt, phone=PATIENT, start="2027-03-10T08:00")
    with time_machine.travel(at("2027-03-09T12:00", ZONE), tick=False):
        add(runner, "--lang", "es", "--on", "missed", "--missed-in-a-row", "1")
    tick(rt, phone, at("2027-03-09T12:01", ZONE))
    assert "Pat pidio que le avisemos" in texts_to(phone, CARER)[0]
    assert "gracias" in reply(webhook, CARER, "si", at("2027-03-09T12:05", ZONE))
    daily_until(rt, phone, 11)
    assert body_of(texts_to(phone, CARER)[-1]) == (
        "B12 Reminders: Pat no ha respondido a un recordatorio. Por favor, llamele.")
    assert reply(webhook, CARER, "STOP", at("2027-03-11T09:00", ZONE)) == (
        "B12 Reminders: no recibira mas mensajes sobre Pat. Responda START para volver.")
    daily_until(rt, phone, 13, first_day=12)
    assert len(texts_to(phone, CARER)) == 2


def test_a_second_red_flag_text_on_an_open_case_does_not_text_the_caregiver_again(rt, runner, webhook, phone):
    enrol(rt, phone=PATIENT, start="2027-03-10T08:00")
    with time_machine.travel(at("2027-03-09T12:00", ZONE), tick=False):
        add(runner, "--on", "red_flag")
    reply(webhook, CARER, "YES", at("2027-03-09T12:05", ZONE))
    reply(webhook, PATIENT, "I can't see out of my left eye", at("2027-03-09T13:00", ZONE))
    reply(webhook, PATIENT, "it went dark again, I can't see", at("2027-03-09T13:30", ZONE))
    tick(rt, phone, at("2027-03-09T14:00", ZONE))
    assert [body_of(t).split(": ", 1)[1] for t in texts_to(phone, CARER)] == [
        "Pat asked that you be told by text when they may need a check-in. Reply YES to agree, STOP to opt out. "
        "Msg&data rates may apply.",
        "Pat's care team has been asked to contact them. Please check in."]
