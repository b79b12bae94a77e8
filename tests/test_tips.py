import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from reminders.content import compose, gsm, tips
from reminders.content.tips import (
    LibraryError,
    Tip,
    check_library,
    choose_tip,
    load_library,
    next_tip_for,
)
from reminders.core.models import (
    CANCELLED,
    DELIVERED,
    FAILED,
    INBOUND,
    OUTBOUND,
    PENDING,
    SENT,
    Message,
    Patient,
)

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "tests" / "data" / "b12-ms-article.txt"
LIBRARY = load_library()


def article_sections() -> list[tuple[str, str]]:
    """(heading, text) for each part of the article; the opening paragraph is "Introduction"."""
    parts, heading = [], "Introduction"
    for line in gsm.normalise(ARTICLE.read_text("utf-8")).splitlines():
        if line in tips.SECTIONS:
            heading = line
        elif not line.startswith("- "):  # the table of contents
            parts.append((heading, line))
    return parts


def test_the_article_shipped_with_the_package_is_the_one_the_tests_read():
    shipped = ROOT / "reminders" / "content" / "article.txt"
    assert shipped.read_bytes() == ARTICLE.read_bytes()
    assert list(tips.article()) == [(h, t) for h, t in article_sections() if t.strip()]


# -- the shipped library ------------------------------------------------------------


def test_the_shipped_library_passes_its_checks():
    assert check_library() == []


def test_the_library_is_big_enough_and_covers_every_topic():
    assert len(LIBRARY) >= 40
    assert {t.topic for t in LIBRARY} == set(tips.TOPICS)
    assert {t.suits for t in LIBRARY} == {"supplement", "blood_test", "any"}
    assert len({t.id for t in LIBRARY}) == len(LIBRARY)


def test_every_tip_id_has_english_and_spanish():
    for tip in LIBRARY:
        assert set(tip.texts) == {"en", "es"}, tip.id
        assert tip.text("en").strip() and tip.text("es").strip(), tip.id
        assert tip.text("en") != tip.text("es"), tip.id


def test_every_text_is_gsm7_and_at_most_140_characters():
    for tip in LIBRARY:
        for lang in ("en", "es"):
            text = tip.text(lang)
            assert gsm.non_gsm7_chars(text) == [], (tip.id, lang)
            assert gsm.septets(text) <= 140, (tip.id, lang, gsm.septets(text))


def test_every_tip_rests_on_a_sentence_of_the_article_under_its_heading():
    sections = article_sections()
    for tip in LIBRARY:
        found = [heading for heading, text in sections if tip.source in text]
        assert found, f"{tip.id}: source not in the article: {tip.source!r}"
        assert tip.section in found, f"{tip.id}: source is under {found}, not {tip.section!r}"


def test_no_tip_gives_a_dose_or_an_instruction_to_take_more():
    for tip in LIBRARY:
        for text in tip.texts.values():
            assert not re.search(r"\d", text.replace("B12", "")), (tip.id, text)  # no amounts, no numbers
            assert not re.search(r"\b(take|tome|tomar) (more|m[aá]s)\b", text, re.I), (tip.id, text)


def test_some_tip_says_supplements_complement_not_replace_ms_care():
    complements = [
        t for t in LIBRARY
        if re.search(r"not (replace|instead of)", t.text("en")) and re.search(r"no (lo|los) (sustituye|reemplazan)", t.text("es"))
    ]
    assert complements
    assert any(t.suits in ("supplement", "any") for t in complements)


def test_speculative_claims_are_softened_where_they_appear():
    for tip in LIBRARY:
        text = tip.text("en").lower()
        if "inflammation" in text or "energy" in text:
            assert "some research suggests" in text, tip.id


def test_discreet_tips_name_nothing_sensitive_and_each_kind_has_at_least_15():
    discreet = [t for t in LIBRARY if t.discreet]
    for tip in discreet:
        for lang in ("en", "es"):
            text = tip.text(lang, discreet=True)
            assert compose.mentions_sensitive(text) == [], (tip.id, text)
    for kind in ("supplement", "blood_test"):
        assert len([t for t in discreet if t.suits_kind(kind)]) >= 15, kind


def test_spanish_is_written_with_accents_and_folded_to_gsm7_at_load():
    raw = tips.default_path().read_text("utf-8")
    assert "análisis" in raw and "estómago" in raw  # the file keeps natural Spanish
    gut = LIBRARY.get("gut-absorption").text("es")
    assert "estomago" in gut and "á" not in gut and "ó" not in gut


def test_the_docs_give_every_tip_its_sentence_hedge_and_wording():
    docs = gsm.normalise((ROOT / "docs" / "content.md").read_text("utf-8"))
    for tip in LIBRARY:
        heading = f"#### `{tip.id}` ("
        assert docs.count(heading) == 1, f"{tip.id} missing from docs/content.md"
        block = docs.split(heading, 1)[1].split("\n#", 1)[0]
        assert f'- Source: "{tip.source}"' in block, tip.id
        assert f"- Hedge: {tip.hedge}\n" in block, tip.id
        assert f"- English: {tip.text('en')}\n" in block and f"- Spanish: {tip.text('es')}\n" in block, tip.id
        if tip.discreet_texts:
            assert f"- Discreet: {tip.text('en', discreet=True)}\n" in block, tip.id
    assert "native Spanish speaker's review is still wanted" in docs


# -- checking a modified copy -------------------------------------------------------


SENTENCE = "Beyond red blood cell production, B12 is also crucial for DNA synthesis and repair."


def add_tip(tmp_path, en, tip_id="added-tip", extra="", es="Hola.", source=SENTENCE, hedge="none"):
    path = tmp_path / "tips.toml"
    path.write_text(
        tips.default_path().read_text("utf-8")
        + f'\n[[tip]]\nid = "{tip_id}"\nsection = "What Is the Role of B12 in the Body?"\ntopic = "living-with-ms"\n'
        + f'suits = "any"\nsource = "{source}"\nhedge = "{hedge}"\ntext.en = "{en}"\ntext.es = "{es}"\n{extra}',
        "utf-8",
    )
    return path


def test_a_curly_quote_is_reported_with_the_tip_id(tmp_path):
    problems = check_library(add_tip(tmp_path, "B12 is \u201cvital\u201d for myelin."))
    assert len(problems) == 2
    assert all(p.startswith("added-tip: en: typographic") for p in problems)
    assert "U+201C" in problems[0] and "write '\"' instead" in problems[0]


def test_a_141_character_tip_is_reported_with_the_tip_id(tmp_path):
    problems = check_library(add_tip(tmp_path, "x" * 141))
    assert problems == ["added-tip: en: 141 characters, over 140"]
    assert check_library(add_tip(tmp_path, "x" * 140)) == []


def test_an_extension_character_counts_twice_against_the_limit(tmp_path):
    assert check_library(add_tip(tmp_path, "x" * 139 + "€")) == ["added-tip: en: 141 characters, over 140"]


def test_emoji_and_unknown_fields_are_reported(tmp_path):
    problems = check_library(add_tip(tmp_path, "Well done 👍", extra='topic2 = "x"\n'))
    assert any("unknown key 'topic2'" in p for p in problems)
    problems = check_library(add_tip(tmp_path, "Well done 👍"))
    assert problems and "not GSM-7" in problems[0] and problems[0].startswith("added-tip: en:")


def test_content_rules_that_a_machine_can_check(tmp_path):
    assert check_library(add_tip(tmp_path, "Take 1000 mcg a day.")) == [
        "added-tip: en: names an amount ('1000 mcg'): no dosing advice"
    ]
    problems = check_library(add_tip(tmp_path, "Your B12 matters.", extra="discreet = true\n"))
    assert problems == ["added-tip: en: flagged discreet but names ['B12']"]
    problems = check_library(add_tip(tmp_path, "Fine.", tip_id="dairy"))
    assert problems == ["dairy: duplicate id"]


ENERGY = ("Studies suggest that adequate B12 levels may help reduce inflammation, a key driver of MS progression, "
          "and improve energy levels, which are often depleted in individuals with the condition.")


def test_a_source_must_be_a_sentence_of_the_article_under_the_tips_heading(tmp_path):
    problems = check_library(add_tip(tmp_path, "B12 cures MS.", source="B12 cures MS."))
    assert problems == ["added-tip: source is not a sentence of the article: 'B12 cures MS.'"]
    problems = check_library(add_tip(tmp_path, "B12 can help with energy.", source=ENERGY, hedge="suggest"))
    assert "added-tip: source is under 'Introduction', not 'What Is the Role of B12 in the Body?'" in problems


def test_a_tip_never_states_as_fact_what_the_article_hedges(tmp_path):
    path = add_tip(tmp_path, "Low B12 causes tingling.", es="La falta de B12 causa hormigueo.",
                   source="Both conditions can present with neurological symptoms such as numbness, tingling, "
                          "muscle weakness, and difficulty walking.", hedge="can")
    problems = [p for p in check_library(path) if not p.startswith("added-tip: source is under")]
    assert problems == [
        "added-tip: en: the article hedges ('can') but the tip states it as fact",
        "added-tip: es: the article hedges ('can') but the tip states it as fact",
    ]


def test_a_speculative_claim_says_some_research_suggests_in_both_languages(tmp_path):
    path = add_tip(tmp_path, "B12 may help with energy.", es="La B12 puede ayudar con la energía.",
                   source=ENERGY, hedge="suggest")
    problems = [p for p in check_library(path) if not p.startswith("added-tip: source is under")]
    assert problems == [
        "added-tip: en: a speculative claim ('suggest') must say 'some research suggests'",
        "added-tip: es: a speculative claim ('suggest') must say 'algunos estudios sugieren'",
    ]
    problems = check_library(add_tip(tmp_path, "B12 may help.", source=ENERGY, hedge="none"))
    assert "added-tip: hedge is \"none\" but the source says 'suggest'" in problems


def test_spanish_that_folding_would_garble_is_reported(tmp_path):
    problems = check_library(add_tip(tmp_path, "B12 is needed for DNA.", es="La B12 está en el ADN y se acordó más."))
    assert problems == [
        "added-tip: es: 'está' arrives as 'esta', another word: reword it",
        "added-tip: es: 'acordó' arrives as 'acordo', another word: reword it",
        "added-tip: es: 'más' arrives as 'mas', another word: reword it",
    ]


def test_a_discreet_wording_is_checked_like_the_text(tmp_path):
    extra = 'discreet_text.en = "Your B12 matters."\ndiscreet_text.es = "Importa."\n'
    assert check_library(add_tip(tmp_path, "B12 is needed for DNA.", extra=extra)) == [
        "added-tip: en discreet: flagged discreet but names ['B12']"
    ]
    both = 'discreet = true\ndiscreet_text.en = "x"\ndiscreet_text.es = "y"\n'
    problems = check_library(add_tip(tmp_path, "Fine.", extra=both))
    assert problems == ["added-tip: discreet = true means the text is neutral already: drop discreet_text, or discreet"]


def test_a_library_too_small_for_discreet_patients_is_reported(tmp_path):
    path = tmp_path / "tips.toml"
    lines = tips.default_path().read_text("utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith(("discreet", "discreet_text"))), "utf-8")
    assert check_library(path) == [
        "library: 0 discreet-safe tips suit supplement reminders, fewer than 15",
        "library: 0 discreet-safe tips suit blood_test reminders, fewer than 15",
    ]


def test_a_template_or_label_that_would_overflow_two_segments_is_reported(monkeypatch):
    # As if the longest label allowed were 100: long tips no longer fit the longest templates.
    monkeypatch.setattr(compose, "MAX_LABEL", 100)
    monkeypatch.setattr(compose, "WORST_LABEL", "W" * 100)
    problems = check_library()
    assert problems
    assert all(re.match(r"[a-z0-9-]+: (en|es)( discreet)? \w+: text needs 3 segments", p) for p in problems)
    assert any(p.startswith("tired-breathless: es due_soon:") for p in problems)


def test_a_broken_library_is_never_loaded(tmp_path):
    with pytest.raises(LibraryError, match="added-tip: en: 141 characters"):
        load_library(add_tip(tmp_path, "x" * 141))
    assert len(load_library(add_tip(tmp_path, "A fine new tip."))) == len(LIBRARY) + 1


def test_an_unreadable_file_is_one_problem(tmp_path):
    bad = tmp_path / "tips.toml"
    bad.write_text("[[tip]\nid = ", "utf-8")
    problems = check_library(bad)
    assert len(problems) == 1 and problems[0].startswith("tips.toml: cannot read")


# -- rotation -----------------------------------------------------------------------


def eligible(kind, discreet=False):
    return [t.id for t in LIBRARY if t.suits_kind(kind) and (t.discreet or not discreet)]


def send(kind, count, history=None, discreet=False):
    history = list(history or [])
    for _ in range(count):
        history.append(choose_tip(LIBRARY, kind, "en", history, discreet=discreet).id)
    return history


@pytest.mark.parametrize("kind", ["supplement", "blood_test"])
def test_no_tip_repeats_until_every_eligible_tip_has_been_sent(kind):
    pool = eligible(kind)
    history = send(kind, 3 * len(pool))
    for cycle in range(3):
        sent = history[cycle * len(pool):(cycle + 1) * len(pool)]
        assert sorted(sent) == sorted(pool), f"cycle {cycle}"


@pytest.mark.parametrize("kind", ["supplement", "blood_test"])
def test_each_tip_suits_the_reminder_kind(kind):
    other = "blood_test" if kind == "supplement" else "supplement"
    for tip_id in send(kind, len(eligible(kind))):
        assert LIBRARY.get(tip_id).suits in (kind, "any")
        assert LIBRARY.get(tip_id).suits != other


@pytest.mark.parametrize("discreet", [False, True])
@pytest.mark.parametrize("kind", ["supplement", "blood_test"])
def test_tips_about_the_reminders_own_kind_come_before_general_ones(kind, discreet):
    own = [tip_id for tip_id in eligible(kind, discreet) if LIBRARY.get(tip_id).suits == kind]
    history = send(kind, len(eligible(kind, discreet)), discreet=discreet)
    assert len(own) >= 4 and sorted(history[: len(own)]) == sorted(own)


def test_a_discreet_daily_patient_reads_no_tip_twice_in_two_weeks_nor_on_two_blood_tests():
    """Before: 5 discreet tips, so the same 4 every 4 days, and one tip on 4 of 5 blood tests."""
    history, blood = [], []
    for day in range(5 * 90):
        if day % 90 == 0:
            blood.append(choose_tip(LIBRARY, "blood_test", "en", history, discreet=True).id)
            history.append(blood[-1])
        history.append(choose_tip(LIBRARY, "supplement", "en", history, discreet=True).id)
    daily = history[:15]
    assert len(set(daily)) == len(daily)
    assert len(set(blood)) == 5


def test_interleaved_kinds_share_one_history_and_never_repeat_a_tip_early():
    history, kinds = [], []
    for step in range(200):
        kind = "blood_test" if step % 3 == 2 else "supplement"
        history.append(choose_tip(LIBRARY, kind, "en", history).id)
        kinds.append(kind)
    # Until one kind has had all its tips, nobody has read any tip twice.
    first_full = next(
        i for i in range(len(history))
        if any(set(eligible(k)) <= set(history[: i + 1]) for k in ("supplement", "blood_test"))
    )
    assert len(set(history[: first_full + 1])) == first_full + 1
    # And every tip sent with a reminder suited that reminder.
    assert all(LIBRARY.get(t).suits_kind(k) for t, k in zip(history, kinds))


def test_the_choice_is_deterministic_and_does_not_touch_the_history():
    history = send("supplement", 7)
    before = list(history)
    picks = {choose_tip(LIBRARY, "supplement", "es", history).id for _ in range(5)}
    assert len(picks) == 1 and history == before


def test_consecutive_tips_vary_in_topic_when_they_can():
    history = send("supplement", len(eligible("supplement")))
    same = sum(LIBRARY.get(a).topic == LIBRARY.get(b).topic for a, b in zip(history, history[1:]))
    assert same <= 3  # only at the end of a cycle, when one topic is all that is left


def test_retired_tips_in_the_history_are_ignored():
    assert choose_tip(LIBRARY, "supplement", "en", ["retired-tip"]) == choose_tip(LIBRARY, "supplement", "en", [])


def test_a_discreet_patient_cycles_through_discreet_tips_only():
    pool = eligible("supplement", discreet=True)
    history = send("supplement", 2 * len(pool), discreet=True)
    assert sorted(history[: len(pool)]) == sorted(pool) == sorted(history[len(pool):])


def test_unknown_kind_or_language_is_refused():
    with pytest.raises(ValueError, match="kind"):
        choose_tip(LIBRARY, "any", "en", [])
    with pytest.raises(ValueError, match="language"):
        choose_tip(LIBRARY, "supplement", "fr", [])


def test_an_empty_choice_is_an_error_not_a_guess(tmp_path):
    only = Tip(id="only", section="Introduction", topic="absorption", suits="blood_test", texts={"en": "x", "es": "y"})
    with pytest.raises(LookupError, match="no tip"):
        choose_tip(tips.Library((only,), "x"), "supplement", "en", [])


# -- reading the history from the database ---------------------------------------------

T0 = datetime(2027, 3, 1, 13, 0, tzinfo=timezone.utc)


def patient(session, phone, lang="en", discreet=False):
    p = Patient(phone=phone, name="P", tz="America/New_York", lang=lang, discreet=discreet)
    session.add(p)
    session.flush()
    return p


def message(session, p, tip_id, minutes, direction=OUTBOUND, status=DELIVERED):
    session.add(Message(patient_id=p.id, direction=direction, purpose="reminder", body="...",
                        status=status, tip_id=tip_id, created_at=T0 + timedelta(minutes=minutes),
                        send_after=T0 + timedelta(minutes=minutes) if direction == OUTBOUND else None))


def test_next_tip_follows_each_patients_own_history(rt):
    with rt.session() as s:
        ana, ben = patient(s, "+16175550101"), patient(s, "+16175550102")
        first = next_tip_for(s, ana, "supplement")
        assert next_tip_for(s, ben, "supplement") == first
        message(s, ana, first.id, 0)
        s.flush()
        second = next_tip_for(s, ana, "supplement")
        assert second != first
        assert next_tip_for(s, ben, "supplement") == first  # Ana's texts are not Ben's


def test_the_whole_cycle_through_the_database_has_no_repeat(rt):
    pool = eligible("blood_test")
    with rt.session() as s:
        p = patient(s, "+16175550103")
        sent = []
        for minute in range(len(pool)):
            tip = next_tip_for(s, p, "blood_test")
            sent.append(tip.id)
            message(s, p, tip.id, minute, status=SENT if minute % 2 else PENDING)
            s.flush()
        assert sorted(sent) == sorted(pool)


def test_history_is_read_in_sending_order(rt):
    """The last tip sent decides the next topic, so order must be created_at, not insertion."""
    with rt.session() as s:
        p = patient(s, "+16175550104")
        history = send("supplement", 3)
        for minutes, tip_id in zip((20, 10, 0), reversed(history)):  # inserted newest first
            message(s, p, tip_id, minutes)
        s.flush()
        assert tips.tip_history(s, p).ids == history
        assert next_tip_for(s, p, "supplement") == choose_tip(LIBRARY, "supplement", "en", history)


def test_texts_that_never_reached_the_phone_and_inbound_texts_do_not_count(rt):
    with rt.session() as s:
        p = patient(s, "+16175550105")
        first = next_tip_for(s, p, "supplement")
        message(s, p, first.id, 0, status=CANCELLED)
        message(s, p, first.id, 1, status=FAILED)
        message(s, p, first.id, 2, direction=INBOUND, status="received")
        s.flush()
        assert tips.tip_history(s, p).ids == []
        assert next_tip_for(s, p, "supplement") == first


def test_a_discreet_patient_gets_discreet_tips_in_their_language(rt):
    with rt.session() as s:
        p = patient(s, "+16175550106", lang="es", discreet=True)
        for minute in range(6):
            tip = next_tip_for(s, p, "supplement")
            assert tip.discreet
            text = compose.compose("reminder", lang="es", discreet=True, label="B12 shot",
                                   local_time=T0, tip=tip)
            assert tip.text("es", discreet=True) in text and "B12" not in text
            message(s, p, tip.id, minute)
            s.flush()


# -- reading only the current cycle -------------------------------------------------------


def store(s, p, history, status=DELIVERED):
    for minute, tip_id in enumerate(history):
        message(s, p, tip_id, minute, status=status)
    s.flush()


def test_the_next_tip_reads_only_the_current_cycle_and_is_the_one_the_whole_history_gives(rt):
    """Before, every reminder read the patient's whole tip history: 4 cycles and 3 tips here,
    10,000 rows for a patient of 27 years' daily reminders."""
    pool = eligible("supplement")
    history = send("supplement", 4 * len(pool) + 3)
    with rt.session() as s:
        p = patient(s, "+16175550107")
        store(s, p, history)
        expected = choose_tip(LIBRARY, "supplement", "en", history)
        assert next_tip_for(s, p, "supplement") == expected  # counts from the start, once
        read = tips.tip_history(s, p, "supplement").ids
        assert read == history[-4:]  # the text that closed the last cycle, and the 3 since
        assert next_tip_for(s, p, "supplement") == expected


def test_interleaved_kinds_each_count_from_their_own_cycle_as_the_whole_history_would(rt):
    history, kinds = [], []
    for step in range(260):
        kind = "blood_test" if step % 3 == 2 else "supplement"
        history.append(choose_tip(LIBRARY, kind, "en", history, discreet=True).id)
        kinds.append(kind)
    with rt.session() as s:
        p = patient(s, "+16175550108", discreet=True)
        store(s, p, history[:200])
        for step in range(200, 260):
            assert next_tip_for(s, p, kinds[step]).id == history[step], f"step {step}"
            message(s, p, history[step], step)
            s.flush()
        assert len(tips.tip_history(s, p, "supplement").ids) <= len(eligible("supplement", discreet=True)) + 1


def test_no_cycle_is_marked_past_a_text_whose_fate_is_open(rt):
    """A text sent minutes ago may still come back undelivered and leave the history."""
    pool = eligible("supplement")
    history = send("supplement", 2 * len(pool) + 1)
    with rt.session() as s:
        p = patient(s, "+16175550109")
        store(s, p, history, status=SENT)
        next_tip_for(s, p, "supplement")
        assert tips.tip_history(s, p, "supplement").ids == history
