import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reminders.content import compose, gsm
from reminders.content.compose import MAX_LABEL, MAX_SEPTETS, PURPOSES
from reminders.content.compose import compose as make
from reminders.content.tips import load_library

NY = ZoneInfo("America/New_York")
MADRID = ZoneInfo("Europe/Madrid")
AT_8 = datetime(2027, 3, 14, 8, 0, tzinfo=NY)
LIBRARY = load_library()
DISCREET_TIP = next(t for t in LIBRARY if t.discreet)
PLAIN_TIP = LIBRARY.get("rich-foods")


def args(purpose, **over):
    base = dict(lang="en", discreet=False, label=None, local_time=AT_8, tip=None, due_date=None)
    if purpose == "due_soon":
        base["due_date"] = date(2027, 3, 17)
    if purpose == "follow_up":
        base["due_date"] = date(2027, 3, 7)
    base.update(over)
    return base


# -- what patients read -------------------------------------------------------


def test_a_dose_reminder_names_the_plan_the_time_and_the_replies():
    text = make("reminder", **args("reminder", label="B12 1000 mcg sublingual"))
    assert text == "Time for your B12 1000 mcg sublingual (8:00 am). Reply TAKEN, SKIP or LATER."


def test_a_reminder_carries_its_tip_on_a_line_of_its_own():
    text = make("reminder", **args("reminder", tip=PLAIN_TIP))
    assert text == f"Time for your B12 (8:00 am). Reply TAKEN, SKIP or LATER.\nTip: {PLAIN_TIP.text('en')}"


def test_spanish_reminder_uses_the_24_hour_clock_and_spanish_replies():
    evening = datetime(2027, 3, 14, 20, 30, tzinfo=MADRID)
    text = make("reminder", **args("reminder", lang="es", local_time=evening, tip=PLAIN_TIP))
    assert text.startswith("Es hora de su B12 (20:30). Responda TOMÉ, SALTÉ o LUEGO.\nConsejo: ")
    assert text.endswith(PLAIN_TIP.text("es"))


@pytest.mark.parametrize(
    "hour, minute, shown", [(0, 5, "12:05 am"), (8, 0, "8:00 am"), (12, 0, "12:00 pm"), (23, 59, "11:59 pm")]
)
def test_english_times_are_twelve_hour(hour, minute, shown):
    text = make("nudge", **args("nudge", local_time=AT_8.replace(hour=hour, minute=minute)))
    assert f"({shown})" in text


def test_the_time_shown_is_the_patients_wall_clock():
    utc_instant = datetime(2027, 7, 1, 12, 0, tzinfo=ZoneInfo("UTC"))
    text = make("reminder", **args("reminder", local_time=utc_instant.astimezone(ZoneInfo("America/Los_Angeles"))))
    assert "(5:00 am)" in text


def test_due_soon_says_how_many_days_and_which_day():
    assert make("due_soon", **args("due_soon")) == (
        "Your B12 blood test is due in 3 days (Wednesday, March 17). Reply TEST DONE once you have had it."
    )
    tomorrow = make("due_soon", **args("due_soon", due_date=date(2027, 3, 15)))
    assert "is due tomorrow (Monday, March 15)." in tomorrow
    spanish = make("due_soon", **args("due_soon", lang="es", label="Análisis B12 y AMM"))
    assert spanish.startswith("Le toca su Analisis B12 y AMM en 3 dias (miércoles 17 de marzo).")


def test_due_today_and_follow_up_name_the_label():
    assert make("due_today", **args("due_today", label="B12 and MMA blood test")) == (
        "Your B12 and MMA blood test is due today. Reply TEST DONE once you have had it."
    )
    assert "was due on Sunday, March 7." in make("follow_up", **args("follow_up"))
    assert "tocaba el domingo 7 de marzo." in make("follow_up", **args("follow_up", lang="es"))


def test_a_tip_reply_is_the_tip_and_how_to_get_another():
    assert make("tip", **args("tip", tip=PLAIN_TIP)) == f"Tip: {PLAIN_TIP.text('en')} Reply TIP for another."
    assert make("tip", **args("tip", tip=PLAIN_TIP, lang="es")).startswith("Consejo: ")


@pytest.mark.parametrize(
    "purpose, over, message",
    [
        ("greeting", {}, "unknown purpose"),
        ("reminder", {"lang": "fr"}, "unknown language"),
        ("reminder", {"local_time": datetime(2027, 3, 14, 8, 0)}, "aware"),
        ("tip", {}, "needs a tip"),
        ("due_soon", {"due_date": None}, "needs a due_date"),
        ("due_soon", {"due_date": date(2027, 3, 14)}, "1 to 366 days"),
        ("follow_up", {"due_date": None}, "needs a due_date"),
    ],
)
def test_arguments_no_text_can_be_made_from_are_refused(purpose, over, message):
    with pytest.raises(ValueError, match=message):
        make(purpose, **args(purpose, **over))


# -- labels typed by people -------------------------------------------------------


def test_a_label_with_typography_or_emoji_still_makes_a_gsm7_text():
    text = make("reminder", **args("reminder", label="B12 \u201cmorning\u201d 💊 shot"))
    assert gsm.is_gsm7(text)
    assert 'Time for your B12 "morning" ? shot (8:00 am).' in text


def test_an_overlong_label_is_cut_to_max_label_septets():
    label = compose.clean_label("[" * MAX_LABEL)
    assert gsm.septets(label) == MAX_LABEL and len(label) == MAX_LABEL // 2
    assert compose.clean_label("x" * 80) == "x" * MAX_LABEL


# -- discreet patients ------------------------------------------------------------

LABEL = "B12 1000 mcg sublingual (cyanocobalamin)"


@pytest.mark.parametrize("lang", compose.LANGUAGES)
@pytest.mark.parametrize("purpose", PURPOSES)
def test_discreet_texts_never_name_ms_b12_a_drug_or_the_label(purpose, lang):
    for tip in [t for t in LIBRARY if t.discreet] + [None]:
        if purpose == "tip" and tip is None:
            continue
        text = make(purpose, **args(purpose, lang=lang, discreet=True, label=LABEL, tip=tip))
        assert compose.mentions_sensitive(text) == [], text
        for word in ("b12", "vitamin", "cobalamin", "sclerosis", "1000 mcg", "sublingual"):
            assert word not in text.lower(), text
        assert re.search(r"\b(MS|EM)\b", text) is None, text


def test_the_discreet_reminder_reads_neutrally():
    assert make("reminder", **args("reminder", discreet=True, label=LABEL)) == (
        "Time for your dose (8:00 am). Reply TAKEN, SKIP or LATER."
    )
    assert make("due_today", **args("due_today", discreet=True, lang="es")) == (
        "Hoy le toca su analisis de sangre. Responda ANALISIS HECHO cuando haya ido."
    )


def test_a_tip_that_names_b12_is_refused_in_discreet_mode():
    with pytest.raises(ValueError, match="not discreet-safe"):
        make("reminder", **args("reminder", discreet=True, tip=LIBRARY.get("myelin-basics")))


def test_a_discreet_patient_reads_a_tips_discreet_wording():
    text = make("reminder", **args("reminder", discreet=True, tip=PLAIN_TIP))
    assert text.endswith("\nTip: " + PLAIN_TIP.text("en", discreet=True))
    assert "B12" not in text and "B12" in make("reminder", **args("reminder", tip=PLAIN_TIP))


def test_the_sensitive_word_check_catches_what_it_must():
    for text in ("your MS", "tu EM", "B12", "b-12", "Vitamin", "cobalamina", "methylcobalamin", "inyección",
                 "multiple sclerosis", "esclerosis múltiple", "myelin"):
        assert compose.mentions_sensitive(gsm.normalise(text)), text
    assert compose.mentions_sensitive("Time for your dose (8:00 am). Reply TAKEN, SKIP or LATER.") == []


# -- the two-segment bound, over every composition ------------------------------


def _longest_date_text(purpose, lang, discreet):
    """The longest text `purpose` can make over four years of due dates (no tip)."""
    longest = 0
    for offset in range(4 * 366):
        due = date(2026, 1, 1) + timedelta(days=offset)
        local = datetime(due.year, due.month, due.day, 12, 30, tzinfo=NY)
        local -= timedelta(days=compose.MAX_DAYS_AHEAD if purpose == "due_soon" else 0)
        text = make(purpose, **args(purpose, lang=lang, discreet=discreet, label="W" * MAX_LABEL,
                                    local_time=local, due_date=due))
        longest = max(longest, gsm.septets(text))
    return longest


@pytest.mark.parametrize("discreet", [False, True])
@pytest.mark.parametrize("lang", compose.LANGUAGES)
@pytest.mark.parametrize("purpose", ["due_soon", "follow_up"])
def test_the_worst_case_date_is_the_longest_there_is(purpose, lang, discreet):
    worst = make(purpose, lang=lang, discreet=discreet, label=compose.WORST_LABEL,
                 local_time=compose.WORST_TIME, due_date=compose.WORST_DUE)
    assert gsm.septets(worst) == _longest_date_text(purpose, lang, discreet)


@pytest.mark.parametrize("lang", compose.LANGUAGES)
def test_the_worst_case_time_is_the_longest_there_is(lang):
    lengths = {
        gsm.septets(make("nudge", **args("nudge", lang=lang, local_time=AT_8.replace(hour=h, minute=m))))
        for h in range(24) for m in range(60)
    }
    worst = make("nudge", **args("nudge", lang=lang, local_time=compose.WORST_TIME))
    assert gsm.septets(worst) == max(lengths)


LABELS = [
    None,
    "W" * MAX_LABEL,  # the longest label allowed
    "{" * (MAX_LABEL // 2),  # as long, in extension characters
    "x" * 80,  # what the plans column holds today: cut to MAX_LABEL
    "é" * MAX_LABEL,
]


def test_every_template_tip_and_language_fits_in_two_segments():
    checked = 0
    for tip in LIBRARY:
        for lang in compose.LANGUAGES:
            for discreet in (False, True) if tip.discreet else (False,):
                for purpose in PURPOSES:
                    for label in LABELS:
                        text = make(purpose, lang=lang, discreet=discreet, label=label, tip=tip,
                                    local_time=compose.WORST_TIME, due_date=compose.WORST_DUE)
                        assert gsm.is_gsm7(text), text
                        assert gsm.septets(text) <= MAX_SEPTETS, text
                        assert gsm.segments(text) <= 2, text
                        checked += 1
    assert checked >= len(LIBRARY) * 2 * len(PURPOSES) * len(LABELS)


@settings(max_examples=200, deadline=None)
@given(label=st.text(max_size=200), purpose=st.sampled_from(PURPOSES[:-1]), lang=st.sampled_from(compose.LANGUAGES))
def test_whatever_label_is_typed_the_text_is_gsm7_and_two_segments(label, purpose, lang):
    text = make(purpose, lang=lang, discreet=False, label=label, tip=PLAIN_TIP,
                local_time=compose.WORST_TIME, due_date=compose.WORST_DUE)
    assert gsm.is_gsm7(text)
    assert gsm.segments(text) <= 2
