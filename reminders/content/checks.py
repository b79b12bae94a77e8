"""What a machine can check about the words we send besides the tips: templates and answers.

`reminders tips list --check` runs these with the tips library's own checks, and so do the
tests. Each problem is one line naming the text it is about.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator

from reminders.content import answers, compose, folding, gsm
from reminders.content.keywords import KEYWORDS, keywords
from reminders.core.config import MAX_PROGRAM_NAME, MAX_SUPPORT_CONTACT
from reminders.core.discretion import mentions_sensitive

# Upper-case words in our texts that teach no keyword ("OK.", "go to the ER").
NOT_KEYWORDS = {"OK", "ER"}
_UPPER_RUN = re.compile(r"\b[A-ZÉÑ]{2,}(?: [A-ZÉÑ]{2,})*\b")
# The longest value each placeholder of an answer can take (lower case: not a keyword).
WORST_VALUES = {
    "program": "w" * MAX_PROGRAM_NAME,
    "contact": "w" * MAX_SUPPORT_CONTACT,
    "minutes": "1440 min",
    "what": "entumecimiento 10/10",
    "count": "99",
    "n": "1440",
}


def answer_texts(lang: str) -> Iterator[tuple[str, str]]:
    """(key, text) for every answer in `lang`, each placeholder at its longest value."""
    for key, template in answers.TEXTS[lang].items():
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        values = {name: WORST_VALUES.get(name, "w" * 20) for name in fields - set(keywords(lang))}
        yield key, answers.say(key, lang, **values)


def template_texts(lang: str) -> Iterator[tuple[str, str]]:
    """(purpose, text) for every template in `lang` at its longest, without a tip, both modes."""
    for discreet in (False, True):
        for purpose in compose.PURPOSES[:-1]:
            yield purpose, compose.compose(
                purpose, lang=lang, discreet=discreet, label="w" * compose.MAX_LABEL,
                local_time=compose.WORST_TIME, due_date=compose.WORST_DUE,
            )
    tip = compose.templates()[lang]["purposes"]["tip"]
    yield "tip", tip.format(tip="w" * compose.MAX_TIP, **keywords(lang))


def taught_keywords(lang: str) -> dict[str, set[str]]:
    """Every upper-case word any template or answer in `lang` teaches, and the texts teaching it."""
    taught: dict[str, set[str]] = {}
    for name, text in [*template_texts(lang), *answer_texts(lang)]:
        for word in _UPPER_RUN.findall(text):
            if word not in NOT_KEYWORDS:
                taught.setdefault(word, set()).add(name)
    return taught


def problems() -> list[str]:
    """Every rule a template or an answer breaks, one line each."""
    found = []
    for lang in compose.LANGUAGES:
        found += _answer_problems(lang) + _template_problems(lang) + _keyword_problems(lang)
    return found


def _answer_problems(lang: str) -> list[str]:
    found = []
    for key, text in answer_texts(lang):
        if gsm.septets(text) > answers.MAX_SEPTETS:
            found.append(f"answers {lang} {key}: {gsm.septets(text)} characters at the longest, over 2 segments")
        raw = answers.TEXTS[lang][key]
        if mentions_sensitive(raw):
            found.append(f"answers {lang} {key}: names {mentions_sensitive(raw)}, which discreet patients must not see")
        found += [f"answers {lang} {key}: {p}" for p in _folding_problems(lang, raw)]
    return found


def _template_problems(lang: str) -> list[str]:
    found = []
    for purpose, text in template_texts(lang):
        if purpose != "tip" and gsm.septets(text) > gsm.SINGLE_GSM:
            found.append(f"templates {lang} {purpose}: {gsm.septets(text)} characters without a tip, over 1 segment")
    for key, raw in _strings(compose.raw_templates()[lang]):
        found += [f"templates {lang} {key}: {p}" for p in _folding_problems(lang, raw)]
    return found


def _keyword_problems(lang: str) -> list[str]:
    words = {gsm.normalise(word) for word in KEYWORDS[lang].values()}
    return [f"{lang} {', '.join(sorted(where))}: teaches {word!r}, which is not a keyword (content/keywords.py)"
            for word, where in taught_keywords(lang).items() if word not in words]


def _folding_problems(lang: str, raw: str) -> list[str]:
    if lang != "es":
        return []
    return [f"{word!r} arrives as {gsm.normalise(word)!r}, another word: reword it" for word in folding.garbled(raw)]


def _strings(table: dict, prefix: str = "") -> Iterator[tuple[str, str]]:
    for key, value in table.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            yield from _strings(value, name + ".")
        elif isinstance(value, list):
            yield from ((f"{name}[{i}]", v) for i, v in enumerate(value) if isinstance(v, str))
        elif isinstance(value, str):
            yield name, value
