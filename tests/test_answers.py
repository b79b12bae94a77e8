"""The words of answers: reports confirmed or summarised, and the one cap every answer passes."""

import pytest

from reminders.content import answers, gsm
from reminders.content.answers import Logged, finish, join, lab, symptom

SYMPTOMS = [("numbness", 2), ("tingling", 6), ("fatigue", 3), ("pain", 4), ("weakness", 2), ("balance", 3)]


def test_two_reports_are_confirmed_one_by_one_in_order():
    assert join(["Logged: dose taken. Thank you!", symptom("tingling", 6, "en"), lab("b12", 320, "pg/mL", "en", False)],
                "en") == "Logged: dose taken. Thank you! Logged: tingling 6/10. Logged: B12 320 pg/mL."


def test_reports_that_would_not_fit_are_summarised_where_the_first_stood():
    reports = [symptom(name, severity, "en") for name, severity in SYMPTOMS] * 3
    text = join(["Logged: dose taken. Thank you!", *reports, "OK, we will remind you again in 1 h."], "en")
    assert text.startswith("Logged: dose taken. Thank you! Logged 18 reports: numbness 2, tingling 6, fatigue 3, ")
    assert text.endswith("OK, we will remind you again in 1 h.")
    assert gsm.septets(text) <= answers.MAX_SEPTETS


def test_a_summary_too_long_names_what_fits_and_counts_the_rest():
    reports = [symptom("spasticity", 10, "es")] * 40
    text = join(reports, "es")
    assert text.startswith("Registramos 40 datos: espasticidad 10, espasticidad 10")
    assert text.endswith(" otros " + text.rsplit(" otros ", 1)[1]) and gsm.septets(text) <= answers.MAX_SEPTETS
    shown = text.count("espasticidad 10")
    assert text.endswith(f"y otros {40 - shown}.")


def test_a_discreet_lab_echo_names_no_test():
    assert lab("mma", 0.42, None, "en", True) == Logged("lab_result", "result 0.42", "result 0.42")
    assert lab("b12", 320, "pg/mL", "es", True).what == "resultado 320 pg/mL"


def test_every_answer_is_capped_at_two_segments_whatever_key_made_it():
    long = "This answer was written without counting. " * 12
    text = finish(long, discreet=False)
    assert 290 < gsm.septets(text) <= answers.MAX_SEPTETS and text.endswith(" This...")
    assert finish("Logged: dose taken.", discreet=False) == "Logged: dose taken."
    assert finish(None, discreet=False) is None and finish("", discreet=True) is None


def test_an_answer_naming_a_sensitive_word_never_reaches_a_discreet_patient():
    with pytest.raises(ValueError, match="discreet"):
        finish("Logged: B12 320.", discreet=True)
    assert finish("Logged: B12 320.", discreet=False) == "Logged: B12 320."


def test_answers_fold_spanish_accents_and_keep_the_ones_gsm7_has():
    text = answers.say("blood_test_done", "es")
    assert text == "Registrado: analisis de sangre hecho. ¡Gracias!" and gsm.is_gsm7(text)
    assert "TOMÉ" in answers.say("dose_not_yet", "es")
