"""What the bot says back, in English and Spanish: short, GSM-7, never more than 2 segments.

Spanish is written with its accents; `say` folds the ones GSM-7 lacks (á í ó ú) and keeps é
and ñ, which it has. Wordings are chosen so that folding changes no word's meaning
(docs/content.md). Reply keywords are placeholders ("{TAKEN}"), filled from keywords.py, so
every answer teaches the same words as the reminders. "{program}" is the program name the
patient sees (the neutral one for a discreet patient) and "{contact}" their support contact.

Every answer leaves through `finish`, which caps it at 2 segments and refuses a sensitive
word for a discreet patient, whatever key it came from.
"""

from __future__ import annotations

from dataclasses import dataclass

from reminders.content import gsm
from reminders.content.keywords import keywords
from reminders.core.config import Config
from reminders.core import phones
from reminders.core.discretion import mentions_sensitive
from reminders.core.models import Patient

MAX_SEPTETS = 2 * gsm.PART_GSM  # 306: two segments

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "dose_taken": "Logged: dose taken. Thank you!",
        "dose_skipped": "Logged: dose skipped. Thanks for telling us.",
        "dose_taken_unscheduled": "Logged: dose taken. No reminder was open, so it is kept as an extra report.",
        "dose_skipped_unscheduled": "Logged: dose skipped. No reminder was open, so it is kept as an extra report.",
        "dose_not_yet": "OK. Reply {TAKEN} once you have taken it, or {LATER} for a reminder.",
        "blood_test_done": "Logged: blood test done. Thank you!",
        "blood_test_not_yet": "OK, we will remind you about your blood test.",
        "snoozed": "OK, we will remind you again in {minutes}.",
        "nothing_to_snooze": "There is no open reminder to snooze right now.",
        "symptom": "Logged: {what}.",
        "lab_result": "Logged: {what}.",
        "reports": "Logged {count} reports: {what}.",
        "and_more": "{what} and {count} more",
        "a_result": "result",
        "which": "Which reminder is this about? Reply {TAKEN} for a dose or {TEST_DONE} for a blood test.",
        "opted_out": (
            "{program}: you are unsubscribed and will get no more texts. Reply {START} to rejoin. "
            "Msg&data rates may apply. Help: {contact}"
        ),
        "opted_in": (
            "{program}: welcome back. Your dose and blood test reminders resume. Msg frequency varies. "
            "Msg&data rates may apply. Reply {HELP} for help, {STOP} to opt out. Support: {contact}"
        ),
        "help": (
            "{program}: dose and blood test reminders. Msg frequency varies. Msg&data rates may apply. "
            "Reply {STOP} to opt out. Support: {contact}"
        ),
        "unknown": (
            "Sorry, we did not understand. Reply {TAKEN}, {SKIP}, {LATER}, {TEST_DONE}, {TIP}, {HELP} or {STOP}. "
            "Your care team will see your message."
        ),
        "red_flag_alerted": (
            "This sounds serious. If it is sudden or severe, call 911 or go to the ER now. "
            "We are alerting your care team's on-call staff now. Care team: {contact}"
        ),
        "red_flag": (
            "This sounds serious. If it is sudden or severe, call 911 or go to the ER now. "
            "Your care team will see your message, but please also call them. Care team: {contact}"
        ),
        "review": (
            "Your care team will be told and will look at this. If it comes on suddenly, "
            "or you cannot see, walk or stand, call 911."
        ),
        # The same when the team's office is closed now and no one is on call to see it.
        "red_flag_closed": (
            "This sounds serious. If it is sudden or severe, call 911 or go to the ER now. "
            "Your care team's office is closed now, so do not wait for them. Care team: {contact}"
        ),
        "review_closed": (
            "Your care team's office is closed now: they will look at this when it opens. If it comes on "
            "suddenly, or you cannot see, walk or stand, call 911."
        ),
        "welcome": (
            "{program}: you are enrolled for dose and blood test reminders. Msg frequency varies. "
            "Msg&data rates may apply. Reply {HELP} for help, {STOP} to opt out. Support: {contact}"
        ),
        "no_contact": "call your clinic",
        "minutes": "{n} min",
        "hours": "{n} h",
        "snoozed_at": "OK, I'll remind you {when}.",
        "snoozed_after_quiet_hours": "OK, I'll remind you {when}, after your quiet hours.",
        "at_time": "at {time}",
        "at_one": "at {time}",
        "tomorrow_at": "tomorrow {at}",
        "am": "am",
        "pm": "pm",
        "thanks": "You're welcome!",
        "severity_out_of_range": "Please send a number from 0 to 10, for example: {what} 6",
        "lab_review": "Your care team will review this result.",
        # Caregivers: no health details, ever; {program} is neutral for a discreet patient.
        "cg_invite": (
            "{program}: {patient} asked that you be told by text when they may need a check-in. "
            "Reply {YES} to agree, {STOP} to opt out. Msg&data rates may apply."
        ),
        "cg_confirmed": "{program}: thank you. We will text you when {patient} may need a check-in. Reply {STOP} to opt out.",
        "cg_stopped": "{program}: you will get no more texts about {patient}. Reply {START} to resume.",
        "cg_missed": "{program}: {patient} has missed {n} reminders in a row. Please check in.",
        "cg_missed_1": "{program}: {patient} has missed a reminder. Please check in.",
        "cg_red_flag": "{program}: {patient}'s care team has been asked to contact them. Please check in.",
        "cg_help": "{program}: check-in texts about {patient}. Msg&data rates may apply. Reply {STOP} to opt out.",
        "cg_other": "{program}: this number only sends check-in texts. Please contact {patient} or their care team.",
        # Self-service by text: each change confirmed back.
        "time_set": "Done: your {name} reminder is now at {time}. Next one: {next}.",
        "time_quiet": "Your quiet hours are now {quiet}.",
        "which_plan": "Which reminder: {choices}? Reply with its number.",
        "time_fixed": "This reminder's time is set by your care team: they will change it for you.",
        "no_plan": "You have no reminder to change. Your care team can help: {contact}",
        "paused": "OK, reminders are paused. They start again on {date}. Reply {RESUME} to start sooner.",
        "pause_too_long": "You can pause for up to {max} days by text, e.g. {PAUSE} 7. For longer, call your care team.",
        "resumed": "Welcome back: reminders are on again. Next one: {next}.",
        "not_paused": "Your reminders are not paused. Next one: {next}.",
        "next": "Next reminder: {dose}. Next blood test: {blood}.",
        "next_none": "none planned",
        "next_due": "due {date}",
        "undone_time": "Your care team changed your {name} reminder back to {time}.",
        "undone_pause": "Your care team turned your reminders back on. Next one: {next}.",
        "undone_resume": "Your care team paused your reminders again. They start again on {date}.",
    },
    "es": {
        "dose_taken": "Registrado: dosis tomada. ¡Gracias!",
        "dose_skipped": "Registrado: dosis no tomada. Gracias por avisarnos.",
        "dose_taken_unscheduled": "Registrado: dosis tomada. No había un recordatorio abierto: queda como aviso aparte.",
        "dose_skipped_unscheduled": "Registrado: dosis no tomada. No había un recordatorio abierto: queda como aviso aparte.",
        "dose_not_yet": "De acuerdo. Responda {TAKEN} cuando la tome, o {LATER} para otro aviso.",
        "blood_test_done": "Registrado: análisis de sangre hecho. ¡Gracias!",
        "blood_test_not_yet": "De acuerdo, le recordaremos su análisis de sangre.",
        "snoozed": "De acuerdo, le avisaremos de nuevo en {minutes}.",
        "nothing_to_snooze": "No hay ningún recordatorio abierto para posponer.",
        "symptom": "Registrado: {what}.",
        "lab_result": "Registrado: {what}.",
        "reports": "Registramos {count} datos: {what}.",
        "and_more": "{what} y otros {count}",
        "a_result": "resultado",
        "which": (
            "¿A qué recordatorio responde? Responda {TAKEN} si es una dosis o {TEST_DONE} si es un análisis."
        ),
        "opted_out": (
            "{program}: se ha dado de baja y no le enviaremos ningún otro mensaje. Responda {START} para volver. "
            "Pueden aplicarse tarifas de mensajes y datos. Ayuda: {contact}"
        ),
        "opted_in": (
            "{program}: le damos de nuevo la bienvenida. Sus recordatorios se reanudan. "
            "Frecuencia de mensajes variable. Pueden aplicarse tarifas de mensajes y datos. "
            "Responda {HELP} para recibir ayuda o {STOP} para darse de baja. Ayuda: {contact}"
        ),
        "help": (
            "{program}: recordatorios de dosis y análisis de sangre. Frecuencia de mensajes variable. "
            "Pueden aplicarse tarifas de mensajes y datos. Responda {STOP} para darse de baja. Ayuda: {contact}"
        ),
        "unknown": (
            "Perdón, no le entendimos. Responda {TAKEN}, {SKIP}, {LATER}, {TEST_DONE}, {TIP}, {HELP} o {STOP}. "
            "Su equipo va a ver su mensaje."
        ),
        "red_flag_alerted": (
            "Esto parece grave. Si es repentino o intenso, llame al 911 o vaya a urgencias ya. "
            "Estamos avisando ahora al personal de guardia de su equipo. Equipo: {contact}"
        ),
        "red_flag": (
            "Esto parece grave. Si es repentino o intenso, llame al 911 o vaya a urgencias ya. "
            "Su equipo va a leer su mensaje, pero llámelos también. Equipo: {contact}"
        ),
        "review": (
            "Vamos a avisar a su equipo y lo van a revisar. Si empieza de repente, "
            "o no puede ver, caminar o ponerse de pie, llame al 911."
        ),
        "red_flag_closed": (
            "Esto parece grave. Si es repentino o intenso, llame al 911 o vaya a urgencias ya. "
            "En este momento la oficina de su equipo no atiende: no espere su respuesta. Equipo: {contact}"
        ),
        "review_closed": (
            "En este momento la oficina de su equipo no atiende: lo van a revisar cuando abra. Si empieza de repente, "
            "o no puede ver, caminar o ponerse de pie, llame al 911."
        ),
        "welcome": (
            "{program}: se ha inscrito para recibir recordatorios de dosis y análisis de sangre. "
            "Frecuencia de mensajes variable. Pueden aplicarse tarifas de mensajes y datos. "
            "Responda {HELP} para recibir ayuda o {STOP} para darse de baja. Ayuda: {contact}"
        ),
        "no_contact": "llame a su clínica",
        "minutes": "{n} min",
        "hours": "{n} h",
        "snoozed_at": "De acuerdo, le avisaremos {when}",  # {when} ends in "a. m." or "p. m."
        "snoozed_after_quiet_hours": "De acuerdo, le avisaremos {when}, al terminar sus horas de silencio.",
        "at_time": "a las {time}",
        "at_one": "a la {time}",
        "tomorrow_at": "mañana {at}",
        "am": "a. m.",
        "pm": "p. m.",
        "thanks": "De nada.",
        "severity_out_of_range": "Envíe un número de 0 a 10, por ejemplo: {what} 6",
        "lab_review": "Su equipo de cuidado va a revisar este resultado.",
        "cg_invite": (
            "{program}: {patient} pidio que le avisemos por mensaje cuando necesite que alguien le llame. "
            "Responda {YES} para aceptar, {STOP} para salir. Pueden aplicarse tarifas."
        ),
        "cg_confirmed": "{program}: gracias. Le escribiremos cuando {patient} necesite que alguien le llame. Responda {STOP} para salir.",
        "cg_stopped": "{program}: no recibira mas mensajes sobre {patient}. Responda {START} para volver.",
        "cg_missed": "{program}: {patient} no ha respondido a {n} recordatorios seguidos. Por favor, llamele.",
        "cg_missed_1": "{program}: {patient} no ha respondido a un recordatorio. Por favor, llamele.",
        "cg_red_flag": "{program}: hemos pedido al equipo de {patient} que se ponga en contacto. Por favor, llamele.",
        "cg_help": "{program}: avisos sobre {patient}. Pueden aplicarse tarifas. Responda {STOP} para salir.",
        "cg_other": "{program}: este numero solo envia avisos. Contacte con {patient} o con su equipo.",
        "time_set": "Hecho: su recordatorio de {name} es ahora a las {time}. El proximo: {next}.",
        "time_quiet": "Sus horas de silencio son ahora {quiet}.",
        "which_plan": "¿Que recordatorio: {choices}? Responda con su numero.",
        "time_fixed": "La hora de este recordatorio la fija su equipo: ellos se la cambiaran.",
        "no_plan": "No tiene ningun recordatorio que cambiar. Su equipo puede ayudarle: {contact}",
        "paused": "De acuerdo, recordatorios en pausa. Vuelven el {date}. Responda {RESUME} para volver antes.",
        "pause_too_long": "Puede pausar hasta {max} días por mensaje, p. ej. {PAUSE} 7. Para pausas largas, llame a su equipo.",
        "resumed": "Bienvenido: los recordatorios vuelven. El proximo: {next}.",
        "not_paused": "Sus recordatorios no estan en pausa. El proximo: {next}.",
        "next": "Proximo recordatorio: {dose}. Proximo analisis: {blood}.",
        "next_none": "ninguno previsto",
        "next_due": "para el {date}",
        "undone_time": "Su equipo volvio a poner su recordatorio de {name} a las {time}.",
        "undone_pause": "Su equipo reactivo sus recordatorios. El proximo: {next}.",
        "undone_resume": "Su equipo volvio a pausar sus recordatorios. Vuelven el {date}.",
    },
}

# To a number no patient has: we do not know their language, so both; and nothing that says
# what the program is about (it may be someone else's phone), only that it is not enrolled.
TO_STRANGERS: dict[str, str] = {
    "stranger": (
        "This number is not enrolled with us. If this is urgent, call 911 or your clinic. / "
        "Este numero no esta inscrito. Si es urgente, llame al 911 o a su clinica."
    ),
    "stranger_red_flag": (
        "This sounds serious: call 911 or go to the ER now. This number is not enrolled, "
        "so call your clinic too. / Esto parece grave: llame al 911 o vaya a urgencias ya, "
        "y llame a su clinica."
    ),
    "stranger_stopped": (
        "You will get no more texts from this number. Reply START to undo. / "
        "No recibira mas mensajes de este numero. Responda START para deshacerlo."
    ),
}

SYMPTOM_NAMES = {
    "en": {},
    "es": {
        "numbness": "entumecimiento", "tingling": "hormigueo", "fatigue": "cansancio",
        "weakness": "debilidad", "walking": "caminar", "balance": "equilibrio", "vision": "visión",
        "memory": "memoria", "pain": "dolor", "spasticity": "espasticidad", "dizziness": "mareo",
        "bladder": "vejiga", "mood": "ánimo",
    },
}
LAB_NAMES = {
    "en": {"b12": "B12", "mma": "MMA", "homocysteine": "homocysteine", "folate": "folate"},
    "es": {"b12": "B12", "mma": "AMM", "homocysteine": "homocisteína", "folate": "folato"},
}


def say(key: str, lang: str = "en", **values) -> str:
    """One answer, keywords filled in, in GSM-7."""
    table = TEXTS.get(lang, TEXTS["en"])
    return gsm.normalise(table[key].format(**keywords(lang if lang in TEXTS else "en"), **values))


def say_to(patient: Patient, config: Config, key: str, **values) -> str:
    """An answer for `patient`: their language, the program name they see, their contact."""
    return say(key, patient.lang, program=config.program_for(patient.discreet),
               contact=contact(patient, config), **values)


def contact(patient: Patient, config: Config) -> str:
    """Who the patient can reach: their team's phone, written as the patient would dial it from
    their own number's country ("(617) 555-0100"), else the program's support contact."""
    team = patient.team
    if team is not None and team.contact_phone:
        return phones.display(team.contact_phone, phones.region_of(patient.phone))
    return config.support_contact or say("no_contact", patient.lang)


def to_stranger(key: str) -> str:
    return TO_STRANGERS[key]


def duration(minutes: int, lang: str) -> str:
    if minutes % 60 == 0:
        return say("hours", lang, n=minutes // 60)
    return say("minutes", lang, n=minutes)


def when(hour: int, minute: int, tomorrow: bool, lang: str) -> str:
    """A local clock time, on a 12-hour clock: "at 9:00 pm", "tomorrow at 8:00 am", "a la 1:00 p. m."."""
    shown = f"{(hour - 1) % 12 + 1}:{minute:02d} {say('pm' if hour >= 12 else 'am', lang)}"
    at = say("at_one" if hour % 12 == 1 else "at_time", lang, time=shown)
    return say("tomorrow_at", lang, at=at) if tomorrow else at


@dataclass(frozen=True)
class Logged:
    """A report confirmed back: `what` alone ("numbness 6/10"), `short` in a summary ("numbness 6")."""

    key: str  # the answer that confirms it alone: "symptom" or "lab_result"
    what: str
    short: str


def symptom(name: str, severity: int | None, lang: str) -> Logged:
    label = gsm.normalise(SYMPTOM_NAMES.get(lang, {}).get(name, name))
    if severity is None:
        return Logged("symptom", label, label)
    return Logged("symptom", f"{label} {severity}/10", f"{label} {severity}")


def lab(test: str, value: float, unit: str | None, lang: str, discreet: bool) -> Logged:
    """A lab value as echoed back; a discreet patient's names no test ("result 320")."""
    name = say("a_result", lang) if discreet else gsm.normalise(LAB_NAMES.get(lang, LAB_NAMES["en"]).get(test, test))
    short = f"{name} {value:g}"
    return Logged("lab_result", short + (f" {unit}" if unit else ""), short)


def join(parts: list[str | Logged], lang: str) -> str:
    """The answer to one text: each part in order, reports confirmed one by one or, when that
    would not fit in 2 segments, summarised in one line ("Logged 8 reports: numbness 2, ...")."""
    reports = [part for part in parts if isinstance(part, Logged)]
    one_by_one = _render(parts, lang, None)
    if len(reports) < 2 or gsm.septets(one_by_one) <= MAX_SEPTETS:
        return one_by_one
    room = MAX_SEPTETS - gsm.septets(_render(parts, lang, "")) - 1  # what the other parts leave
    return _render(parts, lang, _summary(reports, lang, room))


def _render(parts: list[str | Logged], lang: str, summary: str | None) -> str:
    """The parts joined; with a `summary`, it stands in the first report's place."""
    out: list[str] = []
    for part in parts:
        if not isinstance(part, Logged):
            out.append(part)
        elif summary is None:
            out.append(say(part.key, lang, what=part.what))
        elif summary not in out:
            out.append(summary)
    return " ".join(p for p in out if p)


def _summary(reports: list[Logged], lang: str, room: int) -> str:
    """As many reports as fit in `room` septets, then how many more (at least one is named)."""
    for shown in range(len(reports), 0, -1):
        items = ", ".join(r.short for r in reports[:shown])
        if shown < len(reports):
            items = say("and_more", lang, what=items, count=len(reports) - shown)
        text = say("reports", lang, count=len(reports), what=items)
        if gsm.septets(text) <= room:
            return text
    return text  # finish() cuts it, should the other parts leave almost no room


def finish(text: str | None, discreet: bool) -> str | None:
    """Every answer passes here last: GSM-7, at most 2 segments, nothing sensitive if discreet."""
    if not text:
        return None
    text = gsm.normalise(text)
    if not gsm.is_gsm7(text):
        text = "".join(ch if gsm.is_gsm7(ch) else "?" for ch in text)
    if gsm.septets(text) > MAX_SEPTETS:
        text = _cut(text, MAX_SEPTETS)
    if discreet and mentions_sensitive(text):
        raise ValueError(f"answer to a discreet patient names {mentions_sensitive(text)}: {text!r}")
    return text


def _cut(text: str, limit: int) -> str:
    """`text` shortened at a word to fit `limit` septets with "...": a last resort, as every
    key is written to fit (tests/test_answers.py)."""
    while gsm.septets(text + "...") > limit:
        text = text[: text.rstrip().rfind(" ")] if " " in text.strip() else text[:-1]
    return text.rstrip() + "..."

