"""The tips library: short, reviewed facts from the article, one per reminder, rotated per patient.

The library is content/tips.toml. Each tip names the article section and sentence it
rests on, so a reviewer can hold it against the source; docs/content.md has the rules.
`check_library` enforces what can be checked by machine; a library that fails it is
never loaded, so a bad edit cannot reach a patient.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from sqlalchemy import select
from sqlalchemy.orm import Session

from reminders.content import compose, gsm
from reminders.content.tip import Library, Tip
from reminders.core.models import (
    CANCELLED,
    FAILED,
    MISSED,
    OUTBOUND,
    PLAN_KINDS,
    UNDELIVERED,
    Message,
    Patient,
)

LANGUAGES = compose.LANGUAGES
SUITS = (*PLAN_KINDS, "any")
TOPICS = (
    "what-b12-does",
    "absorption",
    "deficiency-vs-ms",
    "monitoring",
    "supplement-forms",
    "food-sources",
    "living-with-ms",
)
# The article's headings; "Introduction" is the untitled opening paragraph.
SECTIONS = (
    "Introduction",
    "What Is the Role of B12 in the Body?",
    "How Does Multiple Sclerosis Affect Nutrient Absorption?",
    "Can B12 Deficiency Mimic Multiple Sclerosis Symptoms?",
    "The Science Behind B12 and Multiple Sclerosis",
    "Why Is B12 Supplementation Important for MS Patients?",
    "How to Boost B12 Levels Naturally?",
    "What Are the Best Food Sources of B12?",
    "Frequently Asked Questions About B12 and Multiple Sclerosis",
)
MAX_TIP = compose.MAX_TIP
ID_PATTERN = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
MAX_ID = 32  # messages.tip_id holds 32 characters
# No dosing advice: an amount with a unit is a dose.
AMOUNT = re.compile(r"\d[\d.,]*\s*(mcg|mg|µg|ug|iu|ui|micrograms?|microgramos?|milligrams?|miligramos?)\b", re.I)
KEYS = {"id", "section", "topic", "suits", "discreet", "source", "text"}
# A tip in a message that never reached the phone was never read: offer it again.
NEVER_SENT = (FAILED, UNDELIVERED, MISSED, CANCELLED)


class LibraryError(ValueError):
    """The tips library file is broken; `reminders tips list --check` lists why."""


# -- loading and checking -----------------------------------------------------


def default_path() -> Path:
    return Path(str(resources.files("reminders").joinpath("content/tips.toml")))


def load_library(path: str | Path | None = None) -> Library:
    """The library at `path` (default: the shipped one, read once). Refuses a library
    that fails `check_library`."""
    if path is None:
        return _default_library()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _default_library() -> Library:
    return _load(default_path())


def _load(path: Path) -> Library:
    tips, problems = _read(path)
    problems += _rule_problems(tips)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise LibraryError(f"tips library {path}: {problems[0]}{more}; run `reminders tips list --check`")
    return Library(tuple(tips), str(path))


def check_library(path: str | Path | None = None) -> list[str]:
    """Every violation in the library, one line each, naming the tip id first."""
    tips, problems = _read(Path(path) if path is not None else default_path())
    return problems + _rule_problems(tips)


def _read(path: Path) -> tuple[list[Tip], list[str]]:
    """Parse leniently: collect what is wrong with each entry instead of stopping."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        return [], [f"{path.name}: cannot read: {error}"]
    entries = data.get("tip")
    if not isinstance(entries, list):
        return [], [f"{path.name}: no [[tip]] entries"]
    tips, problems = [], []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):  # `tip = [1, 2]` is a list, but not of tables
            problems.append(f"tip #{number}: not a [[tip]] table")
            continue
        tid = str(entry.get("id") or f"tip #{number}")
        found = _entry_problems(entry)
        problems += [f"{tid}: {p}" for p in found]
        if not found:
            texts = {lang: " ".join(gsm.normalise(entry["text"][lang]).split()) for lang in LANGUAGES}
            tips.append(Tip(
                id=entry["id"], section=entry["section"], topic=entry["topic"], suits=entry["suits"],
                texts=MappingProxyType(texts), discreet=entry.get("discreet", False),
                source=" ".join(gsm.normalise(entry["source"]).split()),
            ))
    return tips, problems


def _entry_problems(entry: dict) -> list[str]:
    problems = [f"unknown key {k!r}" for k in sorted(set(entry) - KEYS)]
    problems += [f"missing {k!r}" for k in ("id", "section", "topic", "suits", "source", "text") if k not in entry]
    tid = entry.get("id")
    if tid is not None and not (isinstance(tid, str) and ID_PATTERN.fullmatch(tid) and len(tid) <= MAX_ID):
        problems.append(f"id must be lowercase words joined by '-', at most {MAX_ID} characters")
    for key, allowed in (("section", SECTIONS), ("topic", TOPICS), ("suits", SUITS)):
        if key in entry and entry[key] not in allowed:
            problems.append(f"{key} {entry[key]!r} is not one of: {'; '.join(allowed)}")
    if not isinstance(entry.get("discreet", False), bool):
        problems.append("discreet must be true or false")
    if "source" in entry and not (isinstance(entry["source"], str) and entry["source"].strip()):
        problems.append("source must quote the article sentence the tip rests on")
    texts = entry.get("text", {})
    if not isinstance(texts, dict):
        return problems + ["text must be a table of language = text"]
    problems += [f"unknown language {lang!r}" for lang in sorted(set(texts) - set(LANGUAGES))]
    for lang in LANGUAGES:
        raw = texts.get(lang)
        if not isinstance(raw, str) or not raw.strip():
            problems.append(f"{lang}: missing text")
        else:
            problems += [f"{lang}: {p}" for p in _raw_text_problems(raw)]
    return problems


def _raw_text_problems(raw: str) -> list[str]:
    """Accented letters are folded at load (á -> a); any other non-GSM-7 character is
    refused, so the file says exactly what patients receive."""
    problems = []
    for ch in gsm.non_gsm7_chars(raw):
        if ch in gsm.TYPOGRAPHY:
            problems.append(f"typographic {gsm.describe(ch)}: write {gsm.TYPOGRAPHY[ch]!r} instead")
        elif not (unicodedata.category(ch).startswith("L") and gsm.is_gsm7(gsm.normalise(ch))):
            problems.append(f"{gsm.describe(ch)} is not GSM-7 (it would make the text UCS-2)")
    return problems


def _rule_problems(tips: list[Tip]) -> list[str]:
    problems = []
    seen: set[str] = set()
    for tip in tips:
        found = [f"{tip.id}: duplicate id"] if tip.id in seen else []
        seen.add(tip.id)
        for lang in LANGUAGES:
            text = tip.text(lang)
            if gsm.is_gsm7(text) and gsm.septets(text) > MAX_TIP:
                found.append(f"{tip.id}: {lang}: {gsm.septets(text)} characters, over {MAX_TIP}")
            if AMOUNT.search(text):
                found.append(f"{tip.id}: {lang}: names an amount ({AMOUNT.search(text).group(0)!r}): no dosing advice")
            if tip.discreet and compose.mentions_sensitive(text):
                found.append(f"{tip.id}: {lang}: flagged discreet but names {compose.mentions_sensitive(text)}")
        # Compositions last: a tip already at fault would only repeat its fault per template.
        problems += found or _composition_problems(tip)
    if tips:
        for kind in PLAN_KINDS:
            if not any(t.suits_kind(kind) and t.discreet for t in tips):
                problems.append(f"library: no discreet tip suits {kind} reminders")
    return problems


def _composition_problems(tip: Tip) -> list[str]:
    """Every text the tip can go out in, at its longest, must fit in 2 GSM-7 segments."""
    if not all(gsm.is_gsm7(tip.text(lang)) for lang in LANGUAGES):
        return []  # already reported, and no composition of it can be GSM-7
    problems = []
    for purpose, lang, discreet, kwargs in compose.worst_cases(tip):
        try:
            compose.compose(purpose, **kwargs)
        except ValueError as error:
            mode = " discreet" if discreet else ""
            problems.append(f"{tip.id}: {lang}{mode} {purpose}: {error}")
    return problems


# -- rotation -----------------------------------------------------------------


def choose_tip(
    library: Library, kind: str, lang: str, history: Sequence[str], *, discreet: bool = False
) -> Tip:
    """The next tip for a patient, given the tip ids they were sent, oldest first.

    Eligible: tips that suit `kind` (and are discreet-safe for a discreet patient). No
    eligible tip comes back until all of them have been sent since the last full cycle;
    among the unsent, library order decides, preferring a topic other than the last
    tip's so consecutive texts vary. Same history, same tip.
    """
    if kind not in PLAN_KINDS:
        raise ValueError(f"unknown reminder kind {kind!r}; one of {', '.join(PLAN_KINDS)}")
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGUAGES)}")
    eligible = [t for t in library if t.suits_kind(kind) and (t.discreet or not discreet)]
    if not eligible:
        raise LookupError(f"no tip in the library suits {kind}{' (discreet)' if discreet else ''}")
    ids = {t.id for t in eligible}
    sent: set[str] = set()
    for tip_id in history:
        if tip_id in ids:
            sent.add(tip_id)
            if sent == ids:  # a full cycle: everything is fresh again
                sent = set()
    fresh = [t for t in eligible if t.id not in sent]
    last = library.get(history[-1]) if history else None
    return next((t for t in fresh if last is None or t.topic != last.topic), fresh[0])


def tip_history(session: Session, patient: Patient) -> list[str]:
    """The tip ids sent to a patient, oldest first (texts that never left don't count)."""
    query = (
        select(Message.tip_id)
        .where(
            Message.patient_id == patient.id,
            Message.direction == OUTBOUND,
            Message.tip_id.is_not(None),
            Message.status.not_in(NEVER_SENT),
        )
        .order_by(Message.created_at, Message.id)
    )
    return list(session.scalars(query))


def tip_histories(session: Session, patient_ids: set[int]) -> dict[int, list[str]]:
    """`tip_history` for many patients in one query."""
    histories: dict[int, list[str]] = {patient_id: [] for patient_id in patient_ids}
    if not patient_ids:
        return histories
    rows = session.execute(
        select(Message.patient_id, Message.tip_id)
        .where(
            Message.patient_id.in_(patient_ids),
            Message.direction == OUTBOUND,
            Message.tip_id.is_not(None),
            Message.status.not_in(NEVER_SENT),
        )
        .order_by(Message.created_at, Message.id)
    )
    for patient_id, tip_id in rows:
        histories[patient_id].append(tip_id)
    return histories


def next_tip_for(session: Session, patient: Patient, kind: str) -> Tip:
    """The tip to send `patient` with a `kind` reminder (or as a TIP reply).

    Record its id on the outbound Message (tip_id) so the rotation moves on.
    """
    return choose_tip(load_library(), kind, patient.lang, tip_history(session, patient), discreet=patient.discreet)
