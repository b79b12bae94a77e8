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
3. Symptoms, with a severity read from their own clause: a number ("6", "6/10", "6 out of 10"), a
   severity word (mild 3, moderate 5, severe 8), or 0 when negated ("no numbness today").
4. A leading "yes"/"ok"/thumbs-up or "no"/"nope", answering the open reminder.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from reminders.incoming import lexicon as lex
from reminders.incoming.regex_guard import guarded

SNOOZE_DEFAULT_MINUTES = lex.SNOOZE_DEFAULT_MINUTES
SEVERITY_MILD, SEVERITY_MODERATE, SEVERITY_SEVERE = lex.SEVERITY_MILD, lex.SEVERITY_MODERATE, lex.SEVERITY_SEVERE
LAB_TESTS = tuple(lex.LAB_TESTS)
SYMPTOMS = tuple(lex.SYMPTOMS)

# Every kind, and the fields its JSON object carries (always all of them; a missing value is null).
KINDS: dict[str, tuple[str, ...]] = {
    "dose_taken": (),
    "dose_skipped": (),
    "affirm": (),
    "deny": (),
    "snooze": ("minutes",),
    "symptom": ("symptom", "severity"),
    "blood_test_done": (),
    "lab_result": ("test", "value", "unit"),
    "opt_out": (),
    "opt_in": (),
    "help": (),
    "tip": (),
    "unknown": (),
}


@dataclass(frozen=True, slots=True)
class Intent:
    kind: str
    minutes: int | None = None
    symptom: str | None = None
    severity: int | None = None
    test: str | None = None
    value: int | float | None = None
    unit: str | None = None

    def as_dict(self) -> dict:
        """The contract's JSON object: the kind and only that kind's fields."""
        out: dict = {"kind": self.kind}
        for field in KINDS[self.kind]:
            out[field] = getattr(self, field)
        return out


def parse_to_json(text: str) -> dict:
    return {"text": text, "intents": [intent.as_dict() for intent in parse_reply(text)]}


def parse_reply(text: str) -> list[Intent]:
    scan = _Scan(normalise(text))
    _apply_rules(scan)
    _find_symptoms(scan)
    _find_stop_at_end(scan)
    _find_answer(scan)
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
_KNOWN_WORDS = frozenset(lex.NOT_TYPOS) | frozenset(
    re.findall(r"[a-z]+", " ".join(str(v) for v in vars(lex).values() if isinstance(v, (str, dict, list))))
)
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
    """The target one edit (with swaps) away that shares the first letter, or the word itself."""
    for short in (False, True) if len(word) == 5 else (False,):
        candidates = _TYPO_TARGETS.get((word[0], short))
        best = candidates and process.extractOne(word, candidates, scorer=OSA.distance, score_cutoff=1)
        if best:
            return best[0]
    return word


# -- claiming text ------------------------------------------------------------


class _Scan:
    """The normalised text, which parts of it rules have claimed, and what they found."""

    def __init__(self, s: str):
        self.s = s
        self.claimed = bytearray(len(s))
        self.found: list[tuple[int, Intent]] = []

    def free(self, start: int, end: int) -> bool:
        return not any(self.claimed[start:end])

    def claim(self, start: int, end: int, intent: Intent | None = None) -> None:
        self.claimed[start:end] = b"\x01" * (end - start)
        if intent is not None:
            self.found.append((start, intent))

    def result(self) -> list[Intent]:
        intents: list[Intent] = []
        for _, intent in sorted(self.found, key=lambda pair: pair[0]):
            if intent not in intents:
                intents.append(intent)
        if any(i.kind in lex.AFFIRM_SUPERSEDED_BY for i in intents):
            intents = [i for i in intents if i.kind != "affirm"]
        return intents or [Intent("unknown")]


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


def _snooze(m: re.Match, s: str) -> Intent:
    said = m.group()
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
    return Intent("snooze", minutes=max(1, min(minutes, lex.SNOOZE_MAX_MINUTES)))


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
    (_SENTENCE_KEYWORD, _sentence_keyword),
    (lex.OPT_OUT, _unless_negated("opt_out")),
    (lex.OPT_IN, _kind("opt_in")),
    (lex.HELP, _kind("help")),
    (lex.BLOOD_TEST_DONE, _unless_negated("blood_test_done")),
    (lex.UNSURE, lambda m, s: None),
    (lex.NOT_YET, _kind("deny")),
    (lex.DOSE_SKIPPED, _kind("dose_skipped")),
    (lex.DOSE_TAKEN, _kind("dose_taken")),
    (_LAB, _lab),
    (lex.SNOOZE, _snooze),
    (lex.TIP, _kind("tip")),
]


def _one_alternation(named: dict[str, str]) -> re.Pattern:
    """One regex, tried only where a word starts; a match's outer group names its rule or symptom."""
    groups = (f"(?P<{name}>{guarded(source.removeprefix(_WORD_START))})" for name, source in named.items())
    return re.compile(_WORD_START + "(?:" + "|".join(groups) + ")")


_WORD_START = r"\b"
_RULE = _one_alternation({f"rule{i}": source for i, (source, _) in enumerate(_RULES)})
_BUILD = {f"rule{i}": build for i, (_, build) in enumerate(_RULES)}


def _apply_rules(scan: _Scan) -> None:
    for m in _RULE.finditer(scan.s):
        scan.claim(m.start(), m.end(), intent=_BUILD[m.lastgroup](m, scan.s))


# -- symptoms -----------------------------------------------------------------

_SYMPTOM = _one_alternation({name: source + r"\b" for name, source in lex.SYMPTOMS.items()})
_STRONG_EDGE = re.compile(lex.STRONG_EDGE)
_ANY_EDGE = re.compile(lex.STRONG_EDGE + "|" + lex.WEAK_EDGE)
_NEGATED_BEFORE = re.compile(lex.NEGATED_BEFORE)
_GONE_AFTER = re.compile(lex.GONE_AFTER)
_CARRIES_NEGATION = re.compile(lex.NEGATION_CARRIES)
_OF_TEN = re.compile(lex.SEVERITY_OF_TEN)
_BARE_SEVERITY = re.compile(lex.SEVERITY_BARE)
_SEVERITY_WORD = re.compile(
    r"(?<!not )(?<!n't )\b(?P<w>"
    + "|".join(sorted((w for ws in lex.SEVERITY_WORDS.values() for w in ws), key=len, reverse=True))
    + r")\b"
)
_SEVERITY_OF_WORD = {w: value for value, words in lex.SEVERITY_WORDS.items() for w in words}
_ZERO_WORD = re.compile(r"\b(?:zero|cero)\b")


def _find_symptoms(scan: _Scan) -> None:
    s = scan.s
    hits = [m for m in _SYMPTOM.finditer(s) if scan.free(m.start(), m.end())]
    previous_negated, previous_end = False, 0
    for i, m in enumerate(hits):
        # A symptom's clause: back to the nearest edge or the previous symptom; forward to the nearest
        # edge ("near") and, unless another symptom follows in the same sentence, on to the sentence's
        # end ("far": "trouble walking this week, maybe 7 out of 10"). Edges are searched from the
        # symptom outwards, so the "and" inside "pins and needles" is never one.
        next_start = hits[i + 1].start() if i + 1 < len(hits) else len(s)
        strong = _STRONG_EDGE.search(s, m.end(), next_start)
        far = strong.start() if strong else next_start
        near = edge.start() if (edge := _ANY_EDGE.search(s, m.end(), far)) else far
        if not strong and i + 1 < len(hits):
            far = near
        before = previous_end
        for edge in _ANY_EDGE.finditer(s, previous_end, m.start()):
            before = edge.end()
        carried = previous_negated and i > 0 and bool(_CARRIES_NEGATION.match(s[hits[i - 1].end():m.start()]))
        severity, start = _severity(scan, before, m, near, far, carried)
        previous_negated, previous_end = severity == 0, m.end()
        scan.claim(start, m.end(), intent=Intent("symptom", symptom=m.lastgroup, severity=severity))


def _severity(scan: _Scan, before: int, m: re.Match, near: int, far: int, carried: bool):
    """The severity (or None), and where the report starts (a negation claims its "no")."""
    s, start, end = scan.s, m.start(), m.end()
    if negation := _NEGATED_BEFORE.search(s, before, start):
        return 0, negation.start()
    number = _number_severity(scan, (
        (_OF_TEN, end, near), (_BARE_SEVERITY, end, near),  # "tingling 6/10", "tingling 6"
        (_OF_TEN, before, start),  # "6/10 tingling"
        (_OF_TEN, near, far), (_BARE_SEVERITY, near, far),  # "tingling in my feet, maybe a 6"
    ))
    if number is not None:
        return number, start
    if _GONE_AFTER.search(s, end, far) or _ZERO_WORD.search(s, end, far) or carried:
        return 0, start
    words = list(_SEVERITY_WORD.finditer(s, before, start)) or [_SEVERITY_WORD.search(s, end, far)]
    if words[-1]:
        return _SEVERITY_OF_WORD[words[-1]["w"]], start
    return None, start


def _number_severity(scan: _Scan, places) -> int | None:
    """The first free number in the places: "6/10" anywhere near, a bare "6" only after the symptom."""
    for regex, lo, hi in places:
        for n in regex.finditer(scan.s, lo, hi):
            value = float(n["n"])
            if scan.free(n.start(), n.end()) and (value <= 10 or regex is _OF_TEN):
                scan.claim(n.start(), n.end())  # one number, one symptom: "fatigue 8/10 pain"
                return min(10, int(value + 0.5))  # "11/10" is a 10; "6.5" rounds up
    return None


_STOP_AT_END = re.compile(lex.STOP_AT_END)


def _find_stop_at_end(scan: _Scan) -> None:
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


def _find_answer(scan: _Scan) -> None:
    for regex, kind in ((_DENY, "deny"), (_AFFIRM, "affirm")):
        m = regex.match(scan.s)
        if m and scan.free(m.start(), m.end()):
            scan.claim(m.start(), m.end(), intent=Intent(kind))
            return
