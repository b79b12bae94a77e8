"""Turn a patient's text message into intents: the contract's "Reply intents" (docs/replies.md).

`parse_reply(text)` returns the intents in the order they appear in the text; it never raises and
never returns an empty list (nothing recognised is `[Intent("unknown")]`). It is pure: no database,
no clock, so the webhook, the CLI and the benchmark all call the same thing.

How it works, in one pass per text:
1. `normalise`: lower case, accents off, emoji that mean something spelled as words, one-letter
   typos in the words that matter corrected ("takn" -> "taken").
2. Rules, in priority order, each a precompiled regular expression: the text a rule matches is
   claimed, and later rules skip claimed text. That is how "didn't take it" stays a skipped dose
   (the skip rule runs before the taken rule), how "no numbness" is not a "no", and how the number
   in "snooze 30" is not read as a severity.
   An order aimed at the bot ("ignore previous instructions...") is claimed too, and then the
   message records nothing but a STOP: a person reads it.
3. Symptoms, with a severity read from their own clause (symptoms.py).
4. A leading "yes"/"ok"/thumbs-up or "no"/"nope", answering the open reminder; an "ok" that opens
   a long message is no answer.
5. Thanks, when the message says nothing else.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from rapidfuzz import process
from rapidfuzz.distance import OSA

from reminders.incoming import clock_times, steering
from reminders.incoming import lexicon as lex
from reminders.incoming.intents import KINDS, Intent  # noqa: F401 (KINDS: the contract, read from here)
from reminders.incoming.regex_guard import one_alternation
from reminders.incoming.scan import ORDER, Scan
from reminders.incoming.symptoms import find_symptoms

SNOOZE_DEFAULT_MINUTES = lex.SNOOZE_DEFAULT_MINUTES
SEVERITY_MILD, SEVERITY_MODERATE, SEVERITY_SEVERE = lex.SEVERITY_MILD, lex.SEVERITY_MODERATE, lex.SEVERITY_SEVERE
LAB_TESTS = tuple(lex.LAB_TESTS)
SYMPTOMS = tuple(lex.SYMPTOMS)


def parse_to_json(text: str) -> dict:
    return {"text": text, "intents": [intent.as_dict() for intent in parse_reply(text)]}


def parse_reply(text: str) -> list[Intent]:
    scan = Scan(normalise(text))
    _apply_rules(scan)
    find_symptoms(scan)
    _find_stop_at_end(scan)
    _find_answer(scan)
    _find_thanks(scan)
    return scan.result()


# -- normalising ------------------------------------------------------------

_TRANSLATE = str.maketrans({
    **lex.EMOJI_WORDS,
    **{c: None for c in lex.EMOJI_DROPPED},
    **{c: "'" for c in "\u2019\u2018\u02bc`\u00b4\u2032"},
    **{c: '"' for c in "\u201c\u201d"},
    **{c: " " for c in "-\u2010\u2011\u2012\u2013\u2014_\t\u00a0\u00bf\u00a1"},
    "\u00b5": "u", "\u03bc": "u",  # micro sign and Greek mu: "µmol/L" -> "umol/l"
    "\n": ".", "\r": ".",  # a line break ends a sentence
})
_COMBINING = re.compile(r"[\u0300-\u036f]+")
_LONG_RUNS = re.compile(r"([a-z])\1{2,}")  # "sooo", "yesss", "tiiired"
_WORD_THEN_NUMBER = re.compile(r"(?<=[a-z]{3})(?=\d)")  # "tingling6", "snooze30" (but "b12" stays)
_WORD = re.compile(r"[a-z]{4,}")
_KNOWN_WORDS = (frozenset(lex.NOT_TYPOS) | frozenset(
    re.findall(r"[a-z]+", " ".join(str(v) for v in vars(lex).values() if isinstance(v, (str, dict, list))))
)) - frozenset(lex.GLUED)
_TYPO_TARGETS: dict[tuple[str, bool], list[str]] = {}
for _target in lex.TYPO_TARGETS:
    _TYPO_TARGETS.setdefault((_target[0], False), []).append(_target)
for _target in lex.SHORT_TYPO_TARGETS:
    _TYPO_TARGETS.setdefault((_target[0], True), []).append(_target)


def normalise(text: str) -> str:
    s = text.lower().translate(_TRANSLATE)
    if not s.isascii():
        s = _COMBINING.sub("", unicodedata.normalize("NFKD", s))
    if _LONG_RUNS.search(s):  # searching first is cheaper than a sub that changes nothing
        s = _LONG_RUNS.sub(r"\1", s)
    if _WORD_THEN_NUMBER.search(s):
        s = _WORD_THEN_NUMBER.sub(" ", s)
    s = " ".join(s.split())
    return _fix_typos(s)


def _fix_typos(s: str) -> str:
    unknown = set(_WORD.findall(s)).difference(_KNOWN_WORDS)
    fixes = {w: c for w in unknown if (c := _correction(w)) != w}
    if not fixes:
        return s
    return _WORD.sub(lambda m: fixes.get(m.group(), m.group()), s)


@functools.lru_cache(maxsize=16_384)
def _correction(word: str) -> str:
    """Words run together read apart ("tookit"), else the target one edit (with swaps) away that
    shares the first letter, or the word itself."""
    if word in lex.GLUED:
        return lex.GLUED[word]
    for short in (False, True) if len(word) == 5 else (False,):
        candidates = _TYPO_TARGETS.get((word[0], short))
        best = candidates and process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=1)
        if best:
            return best[0]
    return word


# -- the rules ------------------------------------------------------------------

_NEGATED_VERB = re.compile(r"(?:n't|\bnot|\bnever|\bno|\bdont|\bwont|\bcant|\bnunca)(?: \w+)? ?$")


def _kind(kind: str):
    intent = Intent(kind)
    return lambda m, s: intent


def _unless_negated(kind: str):
    """"Please don't stop the texts" and "haven't had my labs" claim their words but mean nothing."""
    intent = Intent(kind)
    return lambda m, s: None if _NEGATED_VERB.search(s, max(0, m.start() - 24), m.start()) else intent


def _sentence_keyword(m: re.Match, s: str) -> Intent:
    return Intent(_KEYWORD_KIND[m.group("kw")])


_DURATION = re.compile(lex.DURATION)
_SNOOZE_BARE = re.compile(lex.SNOOZE_BARE_NUMBER)
_SNOOZE_TOMORROW = re.compile(lex.SNOOZE_TOMORROW)
_TAKE_LATER = re.compile(r"\b" + lex.alt(*lex.words("TAKE_LATER")) + r"\b")


def _snooze(m: re.Match, s: str) -> Intent:
    at, ambiguous, rest = clock_times.read(m.group())
    return Intent("snooze", minutes=_snooze_minutes(rest), at=at, at_ambiguous=ambiguous,
                  take_later=bool(_TAKE_LATER.search(m.group())))


def _snooze_minutes(said: str) -> int:
    minutes = SNOOZE_DEFAULT_MINUTES
    if d := _DURATION.search(said):
        amount = lex.NUMBER_WORDS.get(d["n"]) or float(d["n"].replace(",", "."))
        amount += 0.5 if d["half"] else 0
        minutes = round(amount * (1 if d["u"].startswith("m") else 60))
        if d["n"].endswith("few") and d["u"].startswith("m"):
            minutes = lex.FEW_MINUTES  # "a few minutes": 3 would be too soon to be meant
    elif b := _SNOOZE_BARE.search(said):
        minutes = int(b["n"])  # "snooze 30": a bare number is minutes
    elif _SNOOZE_TOMORROW.search(said):
        minutes = 24 * 60
    return max(1, min(minutes, lex.SNOOZE_MAX_MINUTES))


def _lab(m: re.Match, s: str) -> Intent:
    test = next(name for name in LAB_TESTS if m.group(name))
    unit = m.group("unit")
    return Intent("lab_result", test=test, value=_number(m.group("value")),
                  unit=lex.UNITS[unit.split("/")[0].strip()] if unit else None)


def _number(text: str) -> int | float:
    """"320" -> 320, "0.42" and "0,42" -> 0.42, "1,200" -> 1200 (a comma before three digits groups)."""
    whole, sep, frac = text.replace(",", ".").partition(".")
    if not sep:
        return int(whole)
    if "," in text and len(frac) == 3 and whole:
        return int(whole + frac)
    return float(text.replace(",", "."))


_KEYWORD_KIND = {word: kind for kind, words in lex.SENTENCE_KEYWORDS.items() for word in words}
# A sentence that is only a keyword (and fillers): "STOP", "Stop please.", "ok, HELP!!", "tingling 5. stop"
_SENTENCE_KEYWORD = (
    r"(?<![a-z0-9'])(?<![a-z0-9'] )(?:" + lex.FILLERS + r" )*(?P<kw>"
    + "|".join(sorted(map(re.escape, _KEYWORD_KIND), key=len, reverse=True))
    + r")(?: (?P=kw))*(?: " + lex.FILLERS + r")* ?(?=$|[^a-z0-9' ])"
)
_LAB = (
    r"\b(?:" + "|".join(f"(?P<{name}>{source})" for name, source in lex.LAB_TESTS.items()) + r")\b ?"
    + lex.LAB_VALUE
)

# In priority order: where two rules could match at the same place, the earlier one wins. That is
# how "didn't take it" is a skipped dose (not a "take") and "blood test taken" is not a dose.
_RULES = [
    (lex.ORDERS, lambda m, s: ORDER),
    (_SENTENCE_KEYWORD, _sentence_keyword),
    (lex.OPT_OUT, _unless_negated("opt_out")),
    (lex.OPT_IN, _kind("opt_in")),
    (lex.HELP, _kind("help")),
    # Ahead of snooze: "remind me at 9 pm instead" changes the plan; ahead of labs: "time 21:00".
    (lex.SET_TIME, steering.set_time),
    (lex.PAUSE, steering.pause),
    (lex.RESUME, _kind("resume")),
    (lex.NEXT, _kind("next")),
    (lex.BLOOD_TEST_DONE, _unless_negated("blood_test_done")),
    (lex.UNSURE, lambda m, s: None),
    (lex.NOT_YET, _kind("deny")),
    (lex.DOSE_SKIPPED, _kind("dose_skipped")),
    (lex.DOSE_TAKEN, _kind("dose_taken")),
    (_LAB, _lab),
    (lex.SNOOZE, _snooze),
    (lex.TIP, _kind("tip")),
]


_RULE = one_alternation({f"rule{i}": source for i, (source, _) in enumerate(_RULES)})
_BUILD = {f"rule{i}": build for i, (_, build) in enumerate(_RULES)}


def _apply_rules(scan: Scan) -> None:
    for m in _RULE.finditer(scan.s):
        scan.claim(m.start(), m.end(), intent=_BUILD[m.lastgroup](m, scan.s))


_STOP_AT_END = re.compile(lex.STOP_AT_END)


def _find_stop_at_end(scan: Scan) -> None:
    if "stop" not in scan.s or any(intent.kind == "symptom" for _, intent in scan.found):
        return
    m = _STOP_AT_END.search(scan.s)
    if m and scan.free(m.start(), m.end()):
        scan.claim(m.start(), m.end(), intent=Intent("opt_out"))


# -- the answer to the open reminder ---------------------------------------------

_LEAD = r"[^a-z0-9]*"  # used with .match(): only at the start of the message
_BARE_END = r"(?: " + lex.FILLERS + r")*[^a-z0-9]*$"
_AFFIRM = re.compile(_LEAD + lex.AFFIRM_LEAD + r"\b|" + _LEAD + lex.AFFIRM_BARE + _BARE_END)
_DENY = re.compile(_LEAD + "(?:" + lex.DENY_LEAD + r")\b|" + _LEAD + lex.DENY_BARE + _BARE_END)
_WEAK_LEAD = re.compile(_LEAD + lex.AFFIRM_WEAK + r"\b")
_WEAK_THEN = re.compile(r"[^a-z0-9]*" + lex.AFFIRM_WEAK_THEN + r"\b")


def _find_answer(scan: Scan) -> None:
    for regex, kind in ((_DENY, "deny"), (_AFFIRM, "affirm")):
        m = regex.match(scan.s)
        if m and scan.free(m.start(), m.end()):
            if kind == "affirm" and _opens_a_message(scan.s):
                return
            scan.claim(m.start(), m.end(), intent=Intent(kind))
            return


def _opens_a_message(s: str) -> bool:
    """"ok" as the opening of a long message or of a question ("ok so I was wondering..."), not a yes."""
    weak = _WEAK_LEAD.match(s)
    return bool(weak) and (bool(_WEAK_THEN.match(s, weak.end()))
                           or s.count(" ") >= lex.AFFIRM_WEAK_MAX_WORDS)


# -- thanks ----------------------------------------------------------------------------

_THANKS = re.compile(lex.THANKS)


def _find_thanks(scan: Scan) -> None:
    """Thanks, when the message says nothing else: it needs no answer to a reminder, and no person."""
    if not scan.found and _THANKS.match(scan.s):
        scan.found.append((0, Intent("thanks")))
