"""Patients steer their own reminders by text, through the webhook and the clock, in English and
Spanish: a new time, the which-plan question, a pause (and the dispatch contract), resume, next.
STOP, HELP and red flags keep priority."""

from __future__ import annotations

import re

from sqlalchemy import select, update

from reminders.core.changes import PatientChange
from reminders.core.models import Flag, Message, Patient, Plan
from reminders.services import enrolment
from tests.scheduling_helpers import Phone, at, enrol, tick
from tests.texting import phone, text, webhook  # noqa: F401  (fixtures)

PATIENT = "+16175550101"
ZONE = "America/New_York"


def say(webhook, body: str, when: str, sender: str = PATIENT) -> str:
    """The patient texts `body` at local time `when`; the bot's answer."""
    return text(webhook, sender, body, at(when, ZONE))


def spanish(rt):
    with rt.session() as s:
        s.execute(update(Patient).values(lang="es"))


def reminders_sent(phone: Phone) -> list[str]:
    """The dose reminders the patient's phone got (not the nudges)."""
    return [t for t in texts_to_patient(phone) if "Time for your" in t or "Es hora de su" in t]


def texts_to_patient(phone: Phone) -> list[str]:
    return [t for t in phone.texts if t.startswith(f"[sms to {PATIENT}]")]


def changes(rt) -> list[PatientChange]:
    with rt.session() as s:
        return s.scalars(select(PatientChange).order_by(PatientChange.id)).all()


def plan_start(rt) -> str:
    with rt.session() as s:
        return f"{s.scalar(select(Plan.start_local).order_by(Plan.id)):%H:%M}"


# -- a new time --------------------------------------------------------------------------


def test_time_change_moves_the_plan_is_confirmed_recorded_and_fires_at_the_new_time(rt, runner, webhook, phone):
    enrol(rt, start="2027-03-10T08:00")
    tick(rt, phone, at("2027-03-10T08:00", ZONE))
    answer = say(webhook, "TIME 9PM", "2027-03-10T09:00")
    # Today's 8:00 reminder went out: the new time starts tomorrow, never a second dose today.
    assert answer == ("Done: your B12 reminder is now at 9:00 pm. Next one: Thursday, March 11, 9:00 pm. "
                      "Your quiet hours are now 22:00-08:00.")
    listed = runner("plans", "list", "--phone", PATIENT).output
    assert "next 2027-03-11 21:00 EDT" in listed or "next 2027-03-11 21:00 EST" in listed
    [change] = changes(rt)
    assert change.kind == "set_time" and change.source == "sms" and change.actor == PATIENT
    assert change.old == {"time": "08:00", "quiet": "21:00-08:00"}
    assert change.new == {"time": "21:00", "quiet": "22:00-08:00"}
    assert change.message_id is not None

    tick(rt, phone, at("2027-03-11T08:00", ZONE))
    assert len(reminders_sent(phone)) == 1  # nothing at the old time
    tick(rt, phone, at("2027-03-11T21:00", ZONE))
    assert len(reminders_sent(phone)) == 2 and "(9:00 pm)" in reminders_sent(phone)[-1]


def test_time_change_in_spanish(rt, runner, webhook):
    enrol(rt, start="2027-03-10T08:00")
    spanish(rt)
    answer = say(webhook, "cambiar hora 21:00", "2027-03-10T07:00")
    assert answer == ("Hecho: su recordatorio de B12 es ahora a las 21:00. El proximo: miércoles 10 de marzo, 21:00. "
                      "Sus horas de silencio son ahora 22:00-08:00.")
    assert plan_start(rt) == "21:00"


def test_two_plans_ask_which_and_the_next_reply_answers(rt, webhook):
    patient_id, _ = enrol(rt, start="2027-03-10T08:00")
    with rt.session() as s:
        enrolment.add_plan(s, s.get(Patient, patient_id), kind="blood-test", rrule="FREQ=MONTHLY;INTERVAL=3",
                           start="2027-04-01T10:00", now=at("2027-03-01T00:00"))
    assert say(webhook, "remind me at 9 pm instead", "2027-03-10T07:00") == (
        "Which reminder: 1 B12, 2 B12 blood test? Reply with its number.")
    assert changes(rt) == []
    assert say(webhook, "5", "2027-03-10T07:01").startswith("Which reminder: 1 B12, 2 B12 blood test?")
    answer = say(webhook, "1", "2027-03-10T07:02")
    assert answer.startswith("Done: your B12 reminder is now at 9:00 pm.")
    assert plan_start(rt) == "21:00" and [c.kind for c in changes(rt)] == ["set_time"]
    # Answered: a later "2" is just a text the bot does not understand.
    assert "did not understand" in say(webhook, "2", "2027-03-10T07:03")


def test_which_plan_in_spanish(rt, webhook):
    patient_id, _ = enrol(rt, start="2027-03-10T08:00")
    with rt.session() as s:
        enrolment.add_plan(s, s.get(Patient, patient_id), kind="blood-test", rrule="FREQ=MONTHLY",
                           start="2027-04-01T10:00", now=at("2027-03-01T00:00"))
    spanish(rt)
    assert say(webhook, "cambiar hora 7:30", "2027-03-10T07:00") == (
        "¿Que recordatorio: 1 B12, 2 analisis de B12? Responda con su numero.")
    assert say(webhook, "2", "2027-03-10T07:01").startswith("Hecho: su recordatorio de analisis de B12 es ahora a las 7:30.")


# -- pause, resume, next --------------------------------------------------------------------


def test_pause_7_skips_a_week_of_reminders_through_the_dispatch_command(rt, runner, webhook):
    enrol(rt, start="2027-03-10T08:00")

    def dispatch(when: str) -> str:
        result = runner("dispatch", "--once", "--now", at(when, ZONE).strftime("%Y-%m-%dT%H:%M:%SZ"))
        assert result.exit_code == 0, result.output
        return result.output

    assert f"[sms to {PATIENT}]" in dispatch("2027-03-10T08:00")
    answer = say(webhook, "PAUSE 7", "2027-03-10T09:00")
    assert answer == "OK, reminders are paused. They start again on Wednesday, March 17. Reply RESUME to start sooner."
    assert "paused by text until 2027-03-17 00:00" in runner("plans", "list", "--phone", PATIENT).output
    assert f"[sms to {PATIENT}]" not in dispatch("2027-03-13T08:00")  # day 3: nothing
    assert f"[sms to {PATIENT}]" not in dispatch("2027-03-16T08:00")
    after = dispatch("2027-03-17T08:00")  # after day 7: the due reminder
    assert f"[sms to {PATIENT}] Time for your B12 (8:00 am)" in after
    with rt.session() as s:
        assert s.scalar(select(Message.status).where(Message.purpose == "reminder").order_by(Message.id.desc())) == "sent"


def test_pausa_resume_and_next_in_spanish(rt, webhook, phone):
    enrol(rt, start="2027-03-10T08:00")
    spanish(rt)
    assert say(webhook, "PAUSA 7", "2027-03-10T09:00") == (
        "De acuerdo, recordatorios en pausa. Vuelven el miércoles 17 de marzo. Responda SEGUIR para volver antes.")
    assert say(webhook, "PRÓXIMO", "2027-03-10T09:05") == (
        "Proximo recordatorio: miércoles 17 de marzo, 8:00. Proximo analisis: ninguno previsto.")
    tick(rt, phone, at("2027-03-11T08:00", ZONE))
    assert reminders_sent(phone) == []
    assert say(webhook, "SEGUIR", "2027-03-11T10:00") == (
        "Bienvenido: los recordatorios vuelven. El proximo: viernes 12 de marzo, 8:00.")
    tick(rt, phone, at("2027-03-12T08:00", ZONE))
    assert len(reminders_sent(phone)) == 1
    assert [c.kind for c in changes(rt)] == ["pause", "resume"]


def test_resume_ends_a_pause_early_and_next_tells_the_next_dose_and_blood_test(rt, webhook, phone):
    patient_id, _ = enrol(rt, start="2027-03-10T08:00")
    with rt.session() as s:
        enrolment.add_plan(s, s.get(Patient, patient_id), kind="blood-test", rrule="FREQ=MONTHLY;INTERVAL=3",
                           start="2027-04-01T10:00", now=at("2027-03-01T00:00"))
    say(webhook, "away until Friday", "2027-03-10T09:00")  # a Wednesday
    with rt.session() as s:
        assert s.scalar(select(Patient.paused_until)) == at("2027-03-12T00:00", ZONE)
    assert say(webhook, "NEXT", "2027-03-10T09:01") == (
        "Next reminder: Friday, March 12, 8:00 am. Next blood test: due Thursday, April 1.")
    assert say(webhook, "resume", "2027-03-10T20:00").startswith(
        "Welcome back: reminders are on again. Next one: Thursday, March 11, 8:00 am.")
    tick(rt, phone, at("2027-03-11T08:00", ZONE))
    assert len(reminders_sent(phone)) == 1
    assert say(webhook, "RESUME", "2027-03-11T09:00").startswith("Your reminders are not paused.")


def test_a_blood_test_due_during_a_pause_is_chased_once_the_patient_is_back(rt, webhook, phone):
    enrol(rt, kind="blood-test", rrule="FREQ=MONTHLY", start="2027-03-15T10:00")
    say(webhook, "pause 10 days", "2027-03-10T09:00")  # before the "due in 3 days" text
    for day in range(12, 20):
        tick(rt, phone, at(f"2027-03-{day}T10:00", ZONE))
    assert texts_to_patient(phone) == []  # nothing while away
    tick(rt, phone, at("2027-03-20T10:00", ZONE))  # the pause ended at midnight
    [chase] = texts_to_patient(phone)
    assert "was due on Monday, March 15" in chase


# -- priorities --------------------------------------------------------------------------


def test_stop_takes_priority_over_a_pause(rt, webhook, phone):
    enrol(rt, start="2027-03-10T08:00")
    say(webhook, "PAUSE 7", "2027-03-10T09:00")
    assert "unsubscribed" in say(webhook, "STOP", "2027-03-11T09:00")
    for day in (17, 18, 19):
        tick(rt, phone, at(f"2027-03-{day}T08:00", ZONE))
    assert reminders_sent(phone) == []  # the pause ended; the STOP did not
    # In one text, STOP wins and nothing is paused.
    enrol(rt, phone="+16175550202", start="2027-03-10T08:00")
    assert "unsubscribed" in say(webhook, "pause 7. STOP", "2027-03-12T09:00", sender="+16175550202")
    with rt.session() as s:
        other = s.scalar(select(Patient).where(Patient.phone == "+16175550202"))
        assert other.consent == "opted_out" and other.paused_until is None
    assert [c.kind for c in changes(rt)] == ["pause"]


def test_a_red_flag_or_help_comes_before_a_change(rt, webhook):
    enrol(rt, start="2027-03-10T08:00")
    answer = say(webhook, "pause 7, I can't see out of my left eye", "2027-03-10T09:00")
    assert "call 911" in answer and "paused" not in answer
    assert changes(rt) == []
    with rt.session() as s:
        assert s.scalar(select(Flag.reason)) == "red_flag"
    assert "Msg&data rates may apply" in say(webhook, "HELP TIME 9PM", "2027-03-10T09:05")
    assert plan_start(rt) == "08:00"


def test_a_pause_longer_than_the_limit_is_refused_with_the_way_to_ask(rt, webhook):
    enrol(rt, start="2027-03-10T08:00")
    assert "up to 90 days" in say(webhook, "pause 400", "2027-03-10T09:00")
    assert changes(rt) == []


def test_a_rule_with_its_own_hour_goes_to_the_care_team(rt, webhook):
    enrol(rt, rrule="FREQ=DAILY;BYHOUR=8,20", start="2027-03-10T08:00")
    assert "care team" in say(webhook, "TIME 9PM", "2027-03-10T09:00")
    with rt.session() as s:
        assert s.scalar(select(Flag.reason)) == "time_change"
    assert plan_start(rt) == "08:00"


def test_the_answers_are_plain_sms_text(rt, webhook):
    enrol(rt, start="2027-03-10T08:00")
    spanish(rt)
    for body in ("TIME 9PM", "PAUSA 7", "PRÓXIMO", "SEGUIR"):
        answer = say(webhook, body, "2027-03-10T09:00")
        assert re.fullmatch(r"[ -~¡¿ñÑéÉ]+", answer), answer
