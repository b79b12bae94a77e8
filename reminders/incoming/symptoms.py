"""Symptoms in a reply, each with a severity read from its own clause (docs/replies.md).

A number ("6", "6/10", "6 out of 10"), a severity word (mild 3, moderate 5, severe 8), or 0 when
negated ("no numbness today"); failing those, a next sentence that only rates it ("I'd say a 6").
A number above 10 is no severity, but is noted so that the answer can ask for 0 to 10.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from reminders.incoming import lexicon as lex
from reminders.incoming.intents import Intent
from reminders.incoming.regex_guard import one_alternation
from reminders.incoming.scan import Scan

_SYMPTOM = one_alternation({name: source + r"\b" for name, source in lex.SYMPTOMS.items()})
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
_RATING = re.compile(lex.SEVERITY_RATING)
_OUT_OF_RANGE = re.compile(lex.SEVERITY_OUT_OF_RANGE)
_ONE_MENTION = re.compile(lex.ONE_MENTION_GAP)


class _Hit(NamedTuple):
    start: int
    end: int
    name: str


def _symptom_hits(scan: Scan) -> list[_Hit]:
    """Symptoms in free text; one named twice in a row, with only joining words between, is one
    mention ("bladder urgency 5", "cansancio y fatiga 6")."""
    hits: list[_Hit] = []
    for m in _SYMPTOM.finditer(scan.s):
        if not scan.free(m.start(), m.end()):
            continue
        if hits and hits[-1].name == m.lastgroup and _ONE_MENTION.match(scan.s, hits[-1].end, m.start()):
            hits[-1] = _Hit(hits[-1].start, m.end(), m.lastgroup)
        else:
            hits.append(_Hit(m.start(), m.end(), m.lastgroup))
    return hits


def find_symptoms(scan: Scan) -> None:
    s = scan.s
    hits = _symptom_hits(scan)
    previous_negated, previous_end = False, 0
    for i, m in enumerate(hits):
        # A symptom's clause: back to the nearest edge or the previous symptom; forward to the nearest
        # edge ("near") and, unless another symptom follows in the same sentence, on to the sentence's
        # end ("far": "trouble walking this week, maybe 7 out of 10"). Edges are searched from the
        # symptom outwards, so the "and" inside "pins and needles" is never one.
        next_start = hits[i + 1].start if i + 1 < len(hits) else len(s)
        strong = _STRONG_EDGE.search(s, m.end, next_start)
        far = strong.start() if strong else next_start
        near = edge.start() if (edge := _ANY_EDGE.search(s, m.end, far)) else far
        if not strong and i + 1 < len(hits):
            far = near
        before = previous_end
        for edge in _ANY_EDGE.finditer(s, previous_end, m.start):
            before = edge.end()
        carried = previous_negated and i > 0 and bool(_CARRIES_NEGATION.match(s[hits[i - 1].end:m.start]))
        severity, start = _severity(scan, before, m, near, far, carried)
        if severity is None and strong:
            severity = _rating_after(scan, strong.end(), next_start)
        said = _out_of_range(scan, m.end, near) if severity is None else None
        previous_negated, previous_end = severity == 0, m.end
        scan.claim(start, m.end, intent=Intent("symptom", symptom=m.name, severity=severity, out_of_range=said))


def _severity(scan: Scan, before: int, m: _Hit, near: int, far: int, carried: bool):
    """The severity (or None), and where the report starts (a negation claims its "no")."""
    s, start, end = scan.s, m.start, m.end
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


def _number_severity(scan: Scan, places) -> int | None:
    """The first free number in the places: "6/10" anywhere near, a bare "6" only after the symptom."""
    for regex, lo, hi in places:
        for n in regex.finditer(scan.s, lo, hi):
            value = _severity_value(n["n"])
            if scan.free(n.start(), n.end()) and (value <= 10 or regex is _OF_TEN):
                scan.claim(n.start(), n.end())  # one number, one symptom: "fatigue 8/10 pain"
                return min(10, int(value + 0.5))  # "11/10" is a 10; "6.5" rounds up
    return None


def _severity_value(said: str) -> float:
    return lex.SEVERITY_NUMBER_WORDS[said] if said in lex.SEVERITY_NUMBER_WORDS else float(said)


def _rating_after(scan: Scan, lo: int, next_symptom: int) -> int | None:
    """A severity from the clause after the symptom's sentence (or its "but"), when that clause only
    rates it and no other symptom is in it: "tingling all day. I'd say a 6", "pero solo un 3"."""
    edge = _STRONG_EDGE.search(scan.s, lo)
    hi = edge.start() if edge else len(scan.s)
    if next_symptom < hi or not (n := _RATING.match(scan.s, lo, hi)) or not scan.free(n.start("n"), n.end("n")):
        return None
    value = _severity_value(n["n"])
    if value > 10:
        return None
    scan.claim(n.start("n"), n.end("n"))
    return int(value + 0.5)


def _out_of_range(scan: Scan, lo: int, hi: int) -> int | None:
    """A number above 10 right after the symptom ("numbness 11"), kept out of the severity."""
    n = _OUT_OF_RANGE.match(scan.s, lo, hi)
    return int(n["n"]) if n and int(n["n"]) > 10 and scan.free(n.start("n"), n.end("n")) else None
