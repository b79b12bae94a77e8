"""Red flags: replies that need a human, not a confirmation. The policy is docs/red-flags.md.

Urgent: sudden or new signs that may be a relapse or an emergency: vision loss, blurred or double
vision, sudden weakness or numbness, cannot walk or stand, a fall, trouble speaking, swallowing or
breathing, chest pain, a seizure, thoughts of self-harm; or a severity of 7 or more on vision,
weakness or walking. The answer points to 911 and the on-call contact is told.

Review: a severity of 7 or more on a chronic symptom (fatigue, pain, numbness, tingling,
spasticity...). Severe, but for many people with MS an ordinary bad day: a prompt flag, and an
answer saying the team will be told and when to call 911 instead.

Both read the text itself (English and Spanish) and the symptoms the parser found in it. A sign
said not to be there ("no double vision today", "no me he caido") is not a red flag.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reminders.core.models import PROMPT, URGENT

SEVERE = 7
# A severe rating of these is an acute sign, not a chronic symptom having a bad day.
ACUTE_SYMPTOMS = ("vision", "weakness", "walking")
# "sudden" with one of these is a new sign.
SUDDEN_SYMPTOMS = ("vision", "weakness", "walking", "balance", "numbness", "dizziness")


def _words(*patterns: str) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(patterns) + r")\b", re.IGNORECASE)


# (what the coordinator reads, the symptom it is about or None, the words). Checked in order.
URGENT_SIGNS: tuple[tuple[str, str | None, re.Pattern], ...] = (
    ("new vision loss", "vision", _words(
        r"can'?t see", r"cannot see", r"can not see", r"unable to see", r"lost (?:my )?(?:sight|vision)",
        r"vision loss", r"loss of vision", r"losing (?:my )?(?:sight|vision)", r"(?:went|going|gone) blind",
        r"blind in", r"went dark", r"no veo", r"no puedo ver", r"perd[ií] (?:la )?vista", r"ceguera",
        r"me qued[eé] cieg[oa]", r"perdiendo (?:la )?vista")),
    ("double vision", "vision", _words(
        r"double vision", r"seeing double", r"see(?:s)? double", r"visi[oó]n doble", r"veo doble")),
    ("blurred vision", "vision", _words(
        r"blurr?(?:y|ed|ing)", r"blur", r"visi[oó]n borrosa", r"veo borroso", r"borros[oa]",
        r"(?:foggy|cloudy|dim) vision")),
    ("cannot walk", "walking", _words(
        r"(?:can'?t|cannot|can not|unable to|couldn'?t) (?:walk|stand)", r"no puedo (?:caminar|andar)",
        r"no me puedo (?:parar|poner de pie)", r"legs? (?:gave|giving) (?:out|way)")),
    ("a fall", "balance", _words(
        r"fell(?! asleep)", r"(?:had|have had) a fall", r"fall(?:ing|en)? (?:down|over)",
        r"keep falling", r"me (?:he )?ca[ií](?:do|da)?", r"una ca[ií]da")),
    ("sudden weakness", "weakness", _words(
        r"(?:can'?t|cannot|unable to) move my (?:arm|leg|hand|foot|face)", r"no puedo mover (?:el|la|mi)",
        r"one side of my (?:body|face)", r"un lado (?:del cuerpo|de la cara)")),
    ("trouble speaking", None, _words(
        r"slurr(?:ed|ing) (?:speech|words)", r"speech (?:is |was )?slurr(?:ed|y)", r"(?:can'?t|cannot|trouble|hard to) (?:speak|talk)(?:ing)?",
        r"no puedo hablar", r"hablo (?:raro|arrastrado)", r"face (?:is )?droop(?:ing|y)?",
        r"cara (?:ca[ií]da|torcida)")),
    ("trouble swallowing or breathing", None, _words(
        r"(?:can'?t|cannot|trouble|hard to) (?:swallow|breathe?)(?:ing)?", r"short of breath",
        r"no puedo (?:tragar|respirar)", r"me falta el aire")),
    ("chest pain", None, _words(r"chest pain", r"pain in my chest", r"dolor (?:en el|de) pecho")),
    ("a seizure", None, _words(r"seizures?", r"convuls\w*", r"convulsi[oó]n")),
    ("cannot pass urine", None, _words(r"(?:can'?t|cannot|unable to) (?:pee|urinate)", r"no puedo orinar")),
    ("thoughts of self-harm", None, _words(
        r"kill myself", r"end my life", r"want to die", r"suicid\w*", r"quiero morir(?:me)?",
        r"matarme", r"quitarme la vida")),
)
_SUDDEN = _words(r"sudden(?:ly)?", r"all of a sudden", r"out of nowhere", r"de repente", r"repentin[ao]",
                 r"s[uú]bit[ao]", r"de golpe")
# A sign said not to be there: a negation in the three words before it, in the same clause.
_NEGATION = _words(r"no", r"not", r"never", r"didn'?t", r"haven'?t", r"hasn'?t", r"don'?t", r"doesn'?t",
                   r"without", r"sin", r"nunca", r"tampoco", r"ni")
_CLAUSE = re.compile(r"[.,;:!?\n]")
# Most texts carry no sign at all: one pass over them all finds that out (a sixth of the cost).
_ANY_SIGN = re.compile("|".join(f"(?:{words.pattern})" for _, _, words in URGENT_SIGNS) + "|" + _SUDDEN.pattern,
                       re.IGNORECASE)


@dataclass(frozen=True)
class RedFlag:
    reason: str  # what the coordinator reads on the flag
    level: str  # URGENT or PROMPT

    @property
    def urgent(self) -> bool:
        return self.level == URGENT


def assess(text: str, symptoms: list[tuple[str, int | None]]) -> RedFlag | None:
    """The most pressing red flag in a reply, given the symptoms the parser found in it."""
    if _ANY_SIGN.search(text):
        sign = _sign(text, symptoms)
        if sign is not None:
            return sign
    severe = [(name, severity) for name, severity in symptoms if severity is not None and severity >= SEVERE]
    acute = [(n, s) for n, s in severe if n in ACUTE_SYMPTOMS]
    if acute:
        return RedFlag(_severe(acute), URGENT)
    if severe:
        return RedFlag(_severe(severe), PROMPT)
    return None


def _sign(text: str, symptoms: list[tuple[str, int | None]]) -> RedFlag | None:
    """An urgent sign in the words, or "sudden" with a symptom the parser found."""
    denied = {name for name, severity in symptoms if severity == 0}
    for reason, symptom, words in URGENT_SIGNS:
        if symptom not in denied and _said(words, text):
            return RedFlag(reason, URGENT)
    if _said(_SUDDEN, text):
        for name, severity in symptoms:
            if name in SUDDEN_SYMPTOMS and severity != 0:
                return RedFlag(f"sudden {name}", URGENT)
    return None


def symptoms_of(intents) -> list[tuple[str, int | None]]:
    """The (symptom, severity) pairs of the parser's intents, as `assess` reads them."""
    return [(i.as_dict()["symptom"], i.as_dict().get("severity")) for i in intents if i.kind == "symptom"]


def _said(words: re.Pattern, text: str) -> bool:
    """Whether `words` occur in `text` other than denied ("no double vision")."""
    for match in words.finditer(text):
        clause = _CLAUSE.split(text[:match.start()])[-1]
        if not _NEGATION.search(" ".join(clause.split()[-3:])):
            return True
    return False


def _severe(rated: list[tuple[str, int]]) -> str:
    worst = max(severity for _, severity in rated)
    return f"severe {', '.join(name for name, _ in rated)} ({worst}/10)"
