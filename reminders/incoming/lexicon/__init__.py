"""The words the reply parser knows, joined from each language's modules into the patterns it uses.

Each language has two modules: en.py (doses, snoozes and times, labs, consent, thanks, answers,
typos) and en_symptoms.py (symptoms, severity, clause edges); es.py and es_symptoms.py the same.
They hold the words and phrases, each name a list of regular-expression alternatives. Here every
language's list of one name becomes one alternation (English first), `{{NAME}}` references are
filled in, and the few patterns that are grammar rather than words (numbers, clock times, units,
lab values) are built. Adding a synonym means editing a language module, never this one or the
parser; adding a language means modules with the same names, listed in LANGUAGES.
"""

from __future__ import annotations

import functools
import re

from reminders.incoming.lexicon import en, en_symptoms, es, es_symptoms

LANGUAGES = ((en, en_symptoms), (es, es_symptoms))


def alt(*parts: str) -> str:
    return "(?:" + "|".join(parts) + ")"


def at_word(*parts: str) -> str:
    """Alternatives that each start a word. One leading \\b for all of them, not one per branch:
    the regex engine then tries the branches only where a word starts, which is most of the speed."""
    return r"\b(?:" + "|".join(p.removeprefix(r"\b") for p in parts) + ")"


def words(name: str) -> list[str]:
    """Every language's alternatives for `name`, in LANGUAGES order, references filled in."""
    return [_expand(part) for language in LANGUAGES for module in language for part in getattr(module, name, ())]


def table(name: str) -> dict:
    """Every language's table `name` (key -> list or value), merged key by key in LANGUAGES order."""
    merged: dict = {}
    for module in (module for language in LANGUAGES for module in language):
        for key, value in getattr(module, name, {}).items():
            if isinstance(value, list):
                merged.setdefault(key, []).extend(_expand(v) for v in value)
            else:
                merged[key] = value
    return merged


_REFERENCE = re.compile(r"\{\{([A-Z_]+)\}\}")


def _expand(pattern: str) -> str:
    return _REFERENCE.sub(lambda m: _piece(m[1]), pattern)


@functools.cache
def _piece(name: str) -> str:
    return _GRAMMAR[name] if name in _GRAMMAR else alt(*words(name))


# -- emoji that carry meaning ------------------------------------------------

EMOJI_WORDS = {
    "\U0001F44D": " thumbsup ",  # thumbs up (skin tones are dropped by the normaliser)
    "\U0001F44E": " thumbsdown ",
    "\U0001F44C": " okhand ",
    "\u2705": " check ",  # white heavy check mark
    "\u2714": " check ",  # heavy check mark
    "\u2611": " check ",  # ballot box with check
    "\u2713": " check ",
}
EMOJI_DROPPED = "\U0001F3FB\U0001F3FC\U0001F3FD\U0001F3FE\U0001F3FF\uFE0F\u200D"

# -- amounts of time -------------------------------------------------------------

NUMBER_WORDS = table("NUMBER_WORDS")
_AMOUNTS = r"\d+(?:[.,]\d+)?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_UNITS = "|".join(words("UNITS"))
_HALF = "|".join(words("AND_A_HALF"))
# With groups, to read the amount back out of a matched snooze ("in 2 hours", "en media hora").
DURATION = r"(?P<n>" + _AMOUNTS + r") ?(?P<u>" + _UNITS + r")\b(?P<half>" + _HALF + ")?"
_GRAMMAR = {
    "DURATION_ANY": r"(?:" + _AMOUNTS + r") ?(?:" + _UNITS + r")\b(?:" + _HALF + ")?",
    "NUMBER": "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)),  # a pause's "a week", "dos semanas"
}

# -- clock times and meals (a snooze's `at`) -----------------------------------------

HOUR_WORDS = table("HOUR_WORDS")
CLOCK_NAMED = table("CLOCK_NAMED")
CLOCK_HALF = table("CLOCK_HALF")
_HOUR_NUMBER = r"(?<![\d.,:/])(?:[01]?\d|2[0-3])(?!\d)"
_MINUTES = r"[:.][0-5]\d(?!\d)"
_NO_MORE_DIGITS = r"(?![.,:]?\d)"  # "9.5 hours" and "9:305" are no times
_HOUR_WORD = alt(*sorted(HOUR_WORDS, key=len, reverse=True))
_NAMED = alt(*sorted(CLOCK_NAMED, key=len, reverse=True))
_AM, _PM = alt(*words("CLOCK_AM")), alt(*words("CLOCK_PM"))
_HALVES = alt(*sorted(CLOCK_HALF, key=len, reverse=True))
# With groups, to read a time back: the hour (a number or a word) and minutes, or a named time;
# half-hour words ("y media"); am or pm, or words that say which half of the day it is.
CLOCK = (
    r"(?:(?P<h>" + _HOUR_NUMBER + r")(?P<m>" + _MINUTES + r")?" + _NO_MORE_DIGITS + r"|(?P<hw>" + _HOUR_WORD
    + r")\b|(?P<named>" + _NAMED + r")\b)(?: (?P<half>" + _HALVES + r"))?(?: ?" + alt(*words("CLOCK_OCLOCK")) + r")?"
    r"(?: ?(?P<am>" + _AM + r")| ?(?P<pm>" + _PM + r"))?"
)
_UNGROUPED = re.compile(r"\(\?P<\w+>")
# A time as a snooze names it: after a lead ("at 9", "a las 21:00", "at 9.30"), or said in full
# ("9pm", "9:30", "noon"). A bare "9" is not one, nor a bare "0.42" (a lab value).
AT_CLOCK = _UNGROUPED.sub("(?:", (
    r"(?:\b" + alt(*words("CLOCK_LEAD")) + r" " + CLOCK
    + r"|" + _HOUR_NUMBER + r"(?::[0-5]\d" + _NO_MORE_DIGITS + r"(?: ?" + alt(_AM, _PM) + r")?"
    r"|" + _NO_MORE_DIGITS + r" ?" + alt(_AM, _PM) + r")|\b" + _NAMED + r"\b)"
))
MEAL_WORDS = table("MEALS")
# Each meal's default time, and what "after"/"before" it moves the time by (docs/replies.md).
MEAL_TIMES = {"breakfast": "08:00", "lunch": "12:00", "dinner": "18:00"}
MEAL_AFTER_MINUTES, MEAL_BEFORE_MINUTES = 60, -60
_MEAL_AFTER, _MEAL_BEFORE = alt(*words("MEAL_AFTER")), alt(*words("MEAL_BEFORE"))
MEAL = (
    r"\b(?:(?P<after>" + _MEAL_AFTER + r")|(?P<before>" + _MEAL_BEFORE + r")|" + alt(*words("MEAL_AT")) + r") "
    r"(?:" + alt(*words("MEAL_ARTICLE")) + r" )?"
    + "(?:" + "|".join(f"(?P<{meal}>{alt(*parts)})" for meal, parts in MEAL_WORDS.items()) + r")\b"
)
_GRAMMAR["AT_CLOCK"] = AT_CLOCK
_GRAMMAR["MEAL_ANY"] = _UNGROUPED.sub("(?:", MEAL)

SNOOZE_DEFAULT_MINUTES = 60
FEW_MINUTES = 5
SNOOZE_MAX_MINUTES = 24 * 60
SNOOZE_BARE_NUMBER = en.SNOOZE_BARE_NUMBER
SNOOZE_TOMORROW = r"\b" + alt(*words("TOMORROW")) + r"\b"

# -- the dose, snooze, blood tests -----------------------------------------------

DOSE_TAKEN = at_word(*words("DOSE_TAKEN"))
DOSE_SKIPPED = at_word(*words("DOSE_SKIPPED"))
NOT_YET = at_word(*words("NOT_YET"))
UNSURE = (
    r"\b" + alt(*words("UNSURE_LEAD")) + r"\b(?: " + alt(*words("UNSURE_WHETHER")) + ")?"
    r"(?: " + alt(*words("UNSURE_WHO")) + ")?(?: " + alt(*words("UNSURE_TOOK")) + ")?"
)
SNOOZE = at_word(*words("SNOOZE"))
BLOOD_TEST_DONE = at_word(*words("BLOOD_TEST_DONE"))

# -- lab values ------------------------------------------------------------------

# The canonical name of each test is its key.
LAB_TESTS = {name: alt(*parts) for name, parts in table("LAB_TESTS").items()}
LAB_VALUE = (
    r"(?:" + _piece("LAB_LINK") + r" ?){0,5}"
    r"(?P<value>\d+(?:[.,]\d+)?|[.,]\d+)(?![\d.,]?\d)"
    # Not a lab value when it is a dose, a count or a time: "b12 1000 mcg", "b12 at 8am".
    r"(?! ?(?:mcg|mg|ug|iu|units?|pills?|tabs?|tablets?|shots?|times?|days?|weeks?|months?|hours?|hrs?"
    r"|min|minutes?|am\b|pm\b|x\b|%|:\d|o'?clock))"
    r"(?: ?(?P<unit>(?:pg|ng)(?: ?/ ?ml)?|(?:pmol|nmol|umol|mcmol|micromol)(?: ?/ ?l)?)\b)?"
)
# Canonical spellings: SI case, and "umol/L" rather than "µmol/L" (texts we send are GSM-7, which
# has no micro sign). A unit written without its volume ("pg", "umol") means the usual one.
UNITS = {"pg": "pg/mL", "ng": "ng/mL", "pmol": "pmol/L", "nmol": "nmol/L", "umol": "umol/L",
         "mcmol": "umol/L", "micromol": "umol/L"}

# -- consent, help, tips ---------------------------------------------------------

FILLERS = alt(*words("FILLERS"))
SENTENCE_KEYWORDS = table("SENTENCE_KEYWORDS")
OPT_OUT = at_word(*words("OPT_OUT"))
OPT_IN = at_word(*words("OPT_IN"))
HELP = at_word(*words("HELP"))
TIP = at_word(*words("TIP"))
STOP_AT_END = en.STOP_AT_END
ORDERS = at_word(*words("ORDERS"))
# A message of thanks and nothing else: "thanks!", "thank you so much for the reminders", "mil gracias".
THANKS = (
    r"[^a-z0-9]*(?:" + _piece("THANKS_LEAD") + r"[^a-z0-9]+)?" + _piece("THANKS")
    + r"(?:[^a-z0-9]+" + _piece("THANKS_TAIL") + r")*[^a-z0-9]*$"
)

# -- steering their own reminders -------------------------------------------------

SET_TIME = at_word(*words("SET_TIME"))
PAUSE = at_word(*words("PAUSE"))
RESUME = at_word(*words("RESUME"))
NEXT = at_word(*words("NEXT"))
# Reading a pause's length back out of a matched text.
WEEKDAYS = {name: n for language, _ in LANGUAGES for n, name in enumerate(language.WEEKDAY)}  # name -> Monday 0
PAUSE_AMOUNT = (r"(?<![\d:])\b(?P<n>\d{1,3}|" + _GRAMMAR["NUMBER"] + r")\b ?(?P<u>" + "|".join(words("SPAN_UNIT")) + r")?\b")

# -- answers to the open reminder ------------------------------------------------

AFFIRM_LEAD = alt(*words("AFFIRM_LEAD"))
AFFIRM_BARE = alt(*words("AFFIRM_BARE"))
DENY_LEAD = alt(*words("DENY_LEAD"), r"no(?=$|[^a-z0-9\s]| " + _piece("NO_THEN") + r"\b)")
DENY_BARE = alt(*words("DENY_BARE"))
AFFIRM_WEAK = alt(*words("AFFIRM_WEAK"))
AFFIRM_WEAK_THEN = alt(*words("AFFIRM_WEAK_THEN"))
AFFIRM_WEAK_MAX_WORDS = 7  # "ok, numbness 3 today and pain 2" still answers the reminder
# Other kinds that settle the open reminder: with one of them present, a leading "yes"/"ok" adds nothing.
AFFIRM_SUPERSEDED_BY = frozenset({
    "dose_taken", "dose_skipped", "snooze", "deny", "opt_out", "opt_in", "blood_test_done",
    "set_time", "pause", "resume", "next",
})

# -- symptoms and their severity ----------------------------------------------------

SYMPTOMS = {name: alt(*parts) for name, parts in table("SYMPTOMS").items()}
# The contract gives ranges (mild 1-4, moderate 4-6, severe 7-10); each word stands for one value.
SEVERITY_MILD, SEVERITY_MODERATE, SEVERITY_SEVERE = 3, 5, 8
SEVERITY_WORDS = {SEVERITY_SEVERE: words("SEVERE"), SEVERITY_MODERATE: words("MODERATE"),
                  SEVERITY_MILD: words("MILD")}
NEGATED_BEFORE = alt(*words("NEGATED")) + r"(?: " + _piece("NEGATION_GAP") + r")* ?$"
GONE_AFTER = r"(?<!n't )(?<!not )(?<!never )\b(?:is |has |have |)" + alt(*words("GONE")) + r"\b"
NEGATION_CARRIES = r"^ ?" + alt(*words("NEGATION_CARRIES")) + r" ?$"
SEVERITY_NUMBER_WORDS = table("SEVERITY_NUMBER_WORDS")  # "a six out of ten", "un seis de diez"
_SEVERITY_NUMBER = (r"(?P<n>(?<![\d.])\d{1,2}(?:\.\d)?|\b"
                    + alt(*sorted(SEVERITY_NUMBER_WORDS, key=len, reverse=True)) + ")")
_OF_TEN = r" ?(?:/|" + "|".join(words("OUT_OF")) + r") ?(?:10|" + "|".join(words("TEN")) + r")\b"
SEVERITY_OF_TEN = _SEVERITY_NUMBER + _OF_TEN
SEVERITY_BARE = (r"(?<![\d.,/:])(?P<n>\d{1,2}(?:\.\d)?)(?![\d/]|[.,]\d)(?= ?(?:$|[^a-z0-9 ]|"
                 + _piece("AFTER_NUMBER") + r"\b))")
# A clause after the symptom's sentence (or its "but") that only rates it: "I'd say a 6", "como un 4".
SEVERITY_RATING = (
    r"[^a-z0-9]*(?:" + _piece("RATING_LEAD") + r" )*" + _SEVERITY_NUMBER + r"(?!\d|[.,]\d)(?:" + _OF_TEN + r")?"
    r"(?: " + _piece("RATING_TAIL") + r")*[^a-z0-9]*$"
)
# A number above 10 right after its symptom ("numbness 11"): not a severity, but worth asking about.
SEVERITY_OUT_OF_RANGE = (r"(?: ?(?:" + _piece("SEVERITY_GAP") + r"|:))* ?(?P<n>\d{2,3})(?![\d/]|[.,]\d)"
                         r"(?= ?(?:$|[^a-z0-9 ]|" + _piece("AFTER_NUMBER") + r"\b))")
ONE_MENTION_GAP = r"(?: ?,)?(?: " + _piece("MENTION_JOINERS") + r"(?: ?,)?)* $"
STRONG_EDGE = r"[;!?]|\.(?!\d)|\b" + alt(*words("STRONG_EDGE")) + r"\b"
WEAK_EDGE = r":|,(?!\d)|\b" + alt(*words("WEAK_EDGE")) + r"\b"

# -- typos -----------------------------------------------------------------------

TYPO_TARGETS = words("TYPO_TARGETS")
SHORT_TYPO_TARGETS = words("SHORT_TYPO_TARGETS")
NOT_TYPOS = set(words("NOT_TYPOS"))
GLUED = table("GLUED")
