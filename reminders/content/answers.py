"""What the bot says back, in English and Spanish: short, GSM-7, one segment where possible.

Spanish drops the accents GSM-7 lacks (a, i, o, u) rather than fall into the
70-character UCS-2 encoding; ñ, é, ¿ and ¡ are GSM-7 and stay.
"""

from __future__ import annotations

PROGRAM = "B12 Reminders"

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "dose_taken": "Logged: dose taken. Thank you!",
        "dose_skipped": "Logged: dose skipped. Thanks for telling us.",
        "dose_not_yet": "OK. Reply TAKEN once you have taken it, or LATER for a reminder.",
        "blood_test_done": "Logged: blood test done. Thank you!",
        "blood_test_not_yet": "OK, we will remind you about your blood test.",
        "snoozed": "OK, we will remind you again in {minutes}.",
        "nothing_to_snooze": "There is no open reminder to snooze right now.",
        "symptom": "Logged: {what}.",
        "lab_result": "Logged: {what}.",
        "which": "Which reminder is this about? Reply TAKEN for a dose or DONE for a blood test.",
        "opted_out": f"You are unsubscribed from {PROGRAM} and will get no more texts. Reply START to resume.",
        "opted_in": f"Welcome back to {PROGRAM}. Your reminders will resume. Reply STOP to opt out.",
        "help": (
            f"{PROGRAM}: dose and blood-test reminders, msg frequency varies. "
            "Msg&data rates may apply. Reply STOP to opt out. Care team: {contact}"
        ),
        "unknown": "Sorry, we did not understand. Reply TAKEN, SKIP, LATER, TIP, HELP or STOP. Your care team will see your message.",
        "stranger": "This number does not accept messages from you. Reply STOP to opt out.",
        "red_flag": (
            "This sounds serious. If it is sudden or severe, call 911 or go to the ER now. "
            "We have alerted your care team: {contact}"
        ),
        "welcome": (
            f"{PROGRAM}: you are enrolled for B12 dose and blood-test reminders. Msg frequency varies. "
            "Msg&data rates may apply. Reply HELP for help, STOP to opt out."
        ),
        "welcome_discreet": (
            f"{PROGRAM}: you are enrolled for health reminders. Msg frequency varies. "
            "Msg&data rates may apply. Reply HELP for help, STOP to opt out."
        ),
        "no_contact": "call your clinic",
        "minutes": "{n} min",
        "hours": "{n} h",
    },
    "es": {
        "dose_taken": "Registrado: dosis tomada. ¡Gracias!",
        "dose_skipped": "Registrado: dosis omitida. Gracias por avisarnos.",
        "dose_not_yet": "De acuerdo. Responda TOMADA cuando la tome, o LUEGO para otro aviso.",
        "blood_test_done": "Registrado: analisis de sangre hecho. ¡Gracias!",
        "blood_test_not_yet": "De acuerdo, le recordaremos su analisis de sangre.",
        "snoozed": "De acuerdo, le avisaremos de nuevo en {minutes}.",
        "nothing_to_snooze": "No hay ningun recordatorio abierto para posponer.",
        "symptom": "Registrado: {what}.",
        "lab_result": "Registrado: {what}.",
        "which": "¿A que recordatorio responde? Responda TOMADA para una dosis o HECHO para un analisis.",
        "opted_out": f"Se ha dado de baja de {PROGRAM} y no recibira mas mensajes. Responda START para volver.",
        "opted_in": f"Bienvenido de nuevo a {PROGRAM}. Sus recordatorios se reanudan. Responda STOP para salir.",
        "help": (
            f"{PROGRAM}: recordatorios de dosis y analisis, frecuencia variable. "
            "Pueden aplicarse tarifas de mensajes y datos. Responda STOP para salir. Equipo: {contact}"
        ),
        "unknown": "Perdon, no entendimos. Responda TOMADA, OMITIR, LUEGO, CONSEJO, AYUDA o STOP. Su equipo vera su mensaje.",
        "stranger": "Este numero no acepta sus mensajes. Responda STOP para salir.",
        "red_flag": (
            "Esto parece grave. Si es repentino o intenso, llame al 911 o vaya a urgencias ya. "
            "Hemos avisado a su equipo: {contact}"
        ),
        "welcome": (
            f"{PROGRAM}: esta inscrito para recordatorios de dosis de B12 y analisis de sangre. "
            "Frecuencia variable. Pueden aplicarse tarifas. Responda AYUDA o STOP para salir."
        ),
        "welcome_discreet": (
            f"{PROGRAM}: esta inscrito para recordatorios de salud. Frecuencia variable. "
            "Pueden aplicarse tarifas. Responda AYUDA o STOP para salir."
        ),
        "no_contact": "llame a su clinica",
        "minutes": "{n} min",
        "hours": "{n} h",
    },
}

SYMPTOM_NAMES = {
    "en": {},
    "es": {
        "numbness": "entumecimiento", "tingling": "hormigueo", "fatigue": "cansancio",
        "weakness": "debilidad", "walking": "caminar", "balance": "equilibrio", "vision": "vision",
        "memory": "memoria", "pain": "dolor", "spasticity": "espasticidad", "dizziness": "mareo",
        "bladder": "vejiga", "mood": "animo",
    },
}


def say(key: str, lang: str = "en", **values) -> str:
    table = TEXTS.get(lang, TEXTS["en"])
    return table[key].format(**values)


def duration(minutes: int, lang: str) -> str:
    if minutes % 60 == 0:
        return say("hours", lang, n=minutes // 60)
    return say("minutes", lang, n=minutes)


def symptom(name: str, severity: int | None, lang: str) -> str:
    label = SYMPTOM_NAMES.get(lang, {}).get(name, name)
    return label if severity is None else f"{label} {severity}/10"


def join(parts: list[str]) -> str:
    return " ".join(part for part in parts if part)
