"""The tips library: short, reviewed facts from the article, one per reminder, rotated per patient.

The library is content/tips.toml. Each tip names the article section and sentence it
rests on, so a reviewer can hold it against the source; docs/content.md has the rules.
`check_library` enforces what can be checked by machine; a library that fails it is
never loaded, so a bad edit cannot reach a patient.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select, tuple_
from sqlalchemy.orm import Session

from reminders.content import compose, folding, gsm
from reminders.content.tip import Library, Tip
from reminders.core.db import upsert, utcnow
from reminders.core.models import (
    CANCELLED,
    DELIVERED,
    FAILED,
    MISSED,
    OUTBOUND,
    PENDING,
    PLAN_KINDS,
    TIP_DAILY,
    TIP_EVERY,
    TIP_NEVER,
    UNDELIVERED,
    Message,
    Patient,
    TipCycle,
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
KEYS = {"id", "section", "topic", "suits", "discreet", "discreet_text", "source", "hedge", "text"}
REQUIRED = ("id", "section", "topic", "suits", "source", "hedge", "text")
# Hedges: a tip resting on a hedged sentence hedges too; a speculative one says so outright.
SPECULATIVE = ("suggest", "suggests", "reported", "potentially", "emerging")
HEDGED = {
    "en": re.compile(r"\b(may|might|could|can|often|linked|associated|some research suggests)\b", re.I),
    "es": re.compile(r"\b(puede|pueden|podria|podrian|suele|suelen|a menudo|frecuente|se asocia"
                     r"|algunos estudios sugieren)\b", re.I),
}
SAYS_RESEARCH = {"en": "some research suggests", "es": "algunos estudios sugieren"}
MIN_DISCREET = 15  # discreet-safe tips for each kind of reminder, so a daily one rarely repeats
# A tip in a message that never reached the phone was never read: offer it again.
NEVER_SENT = (FAILED, UNDELIVERED, MISSED, CANCELLED)
READ = "read"  # WhatsApp's status past delivered


class LibraryError(ValueError):
    """The tips library file is broken; `reminders tips list --check` lists why."""


# -- loading and checking -----------------------------------------------------


def default_path() -> Path:
    return Path(str(resources.files("reminders").joinpath("content/tips.toml")))


@lru_cache(maxsize=1)
def article() -> tuple[tuple[str, str], ...]:
    """(heading, paragraph) for each paragraph of the article the tips come from (shipped as
    content/article.txt); the opening paragraph is under "Introduction"."""
    text = resources.files("reminders").joinpath("content/article.txt").read_text("utf-8")
    parts, heading = [], "Introduction"
    for line in gsm.normalise(text).splitlines():
        if line in SECTIONS:
            heading = line
        elif line.strip() and not line.startswith("- "):  # not the table of contents
            parts.append((heading, line))
    return tuple(parts)


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
            tips.append(_tip(entry))
    return tips, problems


def _tip(entry: dict) -> Tip:
    discreet_texts = _folded(entry["discreet_text"]) if "discreet_text" in entry else None
    return Tip(
        id=entry["id"], section=entry["section"], topic=entry["topic"], suits=entry["suits"],
        texts=_folded(entry["text"]), discreet=entry.get("discreet", False) or discreet_texts is not None,
        source=" ".join(gsm.normalise(entry["source"]).split()), hedge=entry["hedge"],
        discreet_texts=discreet_texts,
    )


def _folded(texts: dict) -> MappingProxyType:
    return MappingProxyType({lang: " ".join(gsm.normalise(texts[lang]).split()) for lang in LANGUAGES})


def _entry_problems(entry: dict) -> list[str]:
    problems = [f"unknown key {k!r}" for k in sorted(set(entry) - KEYS)]
    problems += [f"missing {k!r}" for k in REQUIRED if k not in entry]
    tid = entry.get("id")
    if tid is not None and not (isinstance(tid, str) and ID_PATTERN.fullmatch(tid) and len(tid) <= MAX_ID):
        problems.append(f"id must be lowercase words joined by '-', at most {MAX_ID} characters")
    for key, allowed in (("section", SECTIONS), ("topic", TOPICS), ("suits", SUITS)):
        if key in entry and entry[key] not in allowed:
            problems.append(f"{key} {entry[key]!r} is not one of: {'; '.join(allowed)}")
    if not isinstance(entry.get("discreet", False), bool):
        problems.append("discreet must be true or false")
    if entry.get("discreet") is True and "discreet_text" in entry:
        problems.append("discreet = true means the text is neutral already: drop discreet_text, or discreet")
    for key in ("source", "hedge"):
        if key in entry and not (isinstance(entry[key], str) and entry[key].strip()):
            problems.append(f"{key} must be text: the article's sentence, and its hedge (or \"none\")")
    problems += _texts_problems(entry.get("text", {}), "text")
    if "discreet_text" in entry:
        problems += _texts_problems(entry["discreet_text"], "discreet_text")
    return problems


def _texts_problems(texts, key: str) -> list[str]:
    if not isinstance(texts, dict):
        return [f"{key} must be a table of language = text"]
    problems = [f"unknown language {lang!r}" for lang in sorted(set(texts) - set(LANGUAGES))]
    label = "" if key == "text" else " discreet"
    for lang in LANGUAGES:
        raw = texts.get(lang)
        if not isinstance(raw, str) or not raw.strip():
            problems.append(f"{lang}{label}: missing text")
        else:
            problems += [f"{lang}{label}: {p}" for p in _raw_text_problems(raw, lang)]
    return problems


def _raw_text_problems(raw: str, lang: str) -> list[str]:
    """Accented letters are folded at load (á -> a); any other non-GSM-7 character is
    refused, so the file says exactly what patients receive, and so is a word that folding
    would turn into another."""
    problems = []
    for ch in gsm.non_gsm7_chars(raw):
        if ch in gsm.TYPOGRAPHY:
            problems.append(f"typographic {gsm.describe(ch)}: write {gsm.TYPOGRAPHY[ch]!r} instead")
        elif not (unicodedata.category(ch).startswith("L") and gsm.is_gsm7(gsm.normalise(ch))):
            problems.append(f"{gsm.describe(ch)} is not GSM-7 (it would make the text UCS-2)")
    if lang == "es":
        problems += [f"{word!r} arrives as {gsm.normalise(word)!r}, another word: reword it"
                     for word in folding.garbled(raw)]
    return problems


def _rule_problems(tips: list[Tip]) -> list[str]:
    problems = []
    seen: set[str] = set()
    for tip in tips:
        found = [f"{tip.id}: duplicate id"] if tip.id in seen else []
        seen.add(tip.id)
        found += [f"{tip.id}: {p}" for p in _source_problems(tip)]
        for lang, discreet, text in _every_text(tip):
            found += [f"{tip.id}: {lang}{' discreet' if discreet else ''}: {p}"
                      for p in _text_rule_problems(tip, lang, discreet, text)]
        # Compositions last: a tip already at fault would only repeat its fault per template.
        problems += found or _composition_problems(tip)
    if tips:
        for kind in PLAN_KINDS:
            count = sum(t.suits_kind(kind) and t.discreet for t in tips)
            if count < MIN_DISCREET:
                problems.append(f"library: {count} discreet-safe tips suit {kind} reminders, fewer than {MIN_DISCREET}")
    return problems


def _every_text(tip: Tip):
    """(lang, discreet, text) for each text of the tip: the ones discreet patients read too."""
    for lang in LANGUAGES:
        yield lang, False, tip.text(lang)
        if tip.discreet_texts:
            yield lang, True, tip.text(lang, discreet=True)


def _text_rule_problems(tip: Tip, lang: str, discreet: bool, text: str) -> list[str]:
    if not gsm.is_gsm7(text):
        return []  # already reported on the raw text
    problems = []
    if gsm.septets(text) > MAX_TIP:
        problems.append(f"{gsm.septets(text)} characters, over {MAX_TIP}")
    if AMOUNT.search(text):
        problems.append(f"names an amount ({AMOUNT.search(text).group(0)!r}): no dosing advice")
    if (discreet or (tip.discreet and not tip.discreet_texts)) and compose.mentions_sensitive(text):
        problems.append(f"flagged discreet but names {compose.mentions_sensitive(text)}")
    if tip.hedge != "none" and not HEDGED[lang].search(text):
        problems.append(f"the article hedges ({tip.hedge!r}) but the tip states it as fact")
    if tip.hedge in SPECULATIVE and SAYS_RESEARCH[lang] not in text.lower():
        problems.append(f"a speculative claim ({tip.hedge!r}) must say {SAYS_RESEARCH[lang]!r}")
    return problems


def _source_problems(tip: Tip) -> list[str]:
    """The source is quoted exactly from the article, under the tip's heading, with its hedge."""
    headings = [heading for heading, paragraph in article() if tip.source in paragraph]
    if not headings:
        return [f"source is not a sentence of the article: {tip.source!r}"]
    problems = [] if tip.section in headings else [f"source is under {headings[0]!r}, not {tip.section!r}"]
    if tip.hedge == "none":
        speculative = [w for w in SPECULATIVE if re.search(rf"\b{w}\b", tip.source, re.I)]
        if speculative:
            problems.append(f"hedge is \"none\" but the source says {speculative[0]!r}")
    elif not re.search(rf"\b{re.escape(tip.hedge)}", tip.source, re.I):
        problems.append(f"hedge {tip.hedge!r} is not a word of the source")
    return problems


def _composition_problems(tip: Tip) -> list[str]:
    """Every text the tip can go out in, at its longest, must fit in 2 GSM-7 segments."""
    if not all(gsm.is_gsm7(text) for _, _, text in _every_text(tip)):
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
    library: Library, kind: str, lang: str, history: Sequence[str], *, discreet: bool = False,
    previous: str | None = None,
) -> Tip:
    """The next tip for a patient, given the tip ids they were sent, oldest first.

    Eligible: tips that suit `kind` (and are discreet-safe for a discreet patient). No
    eligible tip comes back until all of them have been sent since the last full cycle.
    Among the unsent, tips about `kind` itself come before the general ones, then library
    order decides, preferring a topic other than the last tip's so consecutive texts vary.
    Same history, same tip. `history` may be only the current cycle (what was sent since the
    rotation last started over); `previous` is then the tip sent just before it.
    """
    eligible = _eligible(library, kind, lang, discreet)
    ids = {t.id for t in eligible}
    sent: set[str] = set()
    for tip_id in history:
        if tip_id in ids:
            sent.add(tip_id)
            if sent == ids:  # a full cycle: everything is fresh again
                sent = set()
    fresh = [t for t in eligible if t.id not in sent]
    first = [t for t in fresh if t.suits == kind] or fresh
    last_id = history[-1] if history else previous
    last = library.get(last_id) if last_id else None
    return next((t for t in first if last is None or t.topic != last.topic), first[0])


def _eligible(library: Library, kind: str, lang: str, discreet: bool) -> list[Tip]:
    if kind not in PLAN_KINDS:
        raise ValueError(f"unknown reminder kind {kind!r}; one of {', '.join(PLAN_KINDS)}")
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; one of {', '.join(LANGUAGES)}")
    eligible = [t for t in library if t.suits_kind(kind) and (t.discreet or not discreet)]
    if not eligible:
        raise LookupError(f"no tip in the library suits {kind}{' (discreet)' if discreet else ''}")
    return eligible


@lru_cache(maxsize=64)
def scope(library: Library, kind: str, discreet: bool) -> str:
    """A short name for the set of tips eligible for `kind` (and `discreet`) in `library`:
    where its rotation last started over is kept under this name (TipCycle.scope)."""
    ids = sorted(t.id for t in library if t.suits_kind(kind) and (t.discreet or not discreet))
    return hashlib.sha256(",".join(ids).encode()).hexdigest()[:16]


@dataclass
class History:
    """The tips a patient was sent, oldest first, and when the newest of them went out.

    Read from where the rotation last started over (for the kinds asked for), not from the
    first text ever: `starts` gives, per scope, the index in `ids` where its current cycle
    begins. A history read whole (`whole`) serves every scope from index 0.
    """

    ids: list[str] = field(default_factory=list)
    last_at: datetime | None = None
    starts: dict[str, int] = field(default_factory=dict)
    whole: bool = True

    def add(self, tip_id: str, at: datetime) -> None:
        self.ids.append(tip_id)
        self.last_at = at if self.last_at is None else max(self.last_at, at)

    def cycle(self, scope_name: str) -> tuple[list[str], str | None]:
        """The tips sent in the scope's current cycle, and the one sent just before it."""
        if scope_name not in self.starts and not self.whole:
            raise LookupError("this tip history was read for other kinds of reminder")
        start = self.starts.get(scope_name, 0)
        return self.ids[start:], self.ids[start - 1] if start else None


def tip_due(cadence: str, tz: str, last_at: datetime | None, at: datetime) -> bool:
    """Whether a reminder going out `at` carries a tip, given the patient's cadence and when
    their last tip went out. "daily" and "weekly" count calendar days in the patient's zone,
    so a reminder at 8:00 gets its tip every morning, not at 8:01 one day and none the next."""
    if cadence == TIP_NEVER:
        return False
    if cadence == TIP_EVERY or last_at is None:
        return True
    zone = ZoneInfo(tz)
    days = (at.astimezone(zone).date() - last_at.astimezone(zone).date()).days
    return days >= (1 if cadence == TIP_DAILY else 7)


def tip_for_reminder(patient: Patient, kind: str, history: History, at: datetime) -> Tip | None:
    """The tip a `kind` reminder to `patient` going out `at` carries, or None (the cadence)."""
    if not tip_due(patient.effective_tip_cadence, patient.tz, history.last_at, at):
        return None
    return _next(load_library(), patient, kind, history)


def _next(library: Library, patient: Patient, kind: str, history: History) -> Tip:
    cycle, previous = history.cycle(scope(library, kind, patient.discreet))
    return choose_tip(library, kind, patient.lang, cycle, discreet=patient.discreet, previous=previous)


def tip_history(session: Session, patient: Patient, kind: str | None = None) -> History:
    """The tips sent to a patient, oldest first (texts that never left don't count), from
    where the rotation of `kind` reminders (of every kind if None) last started over."""
    kinds = (kind,) if kind else PLAN_KINDS
    return tip_histories(session, [(patient, k) for k in kinds])[patient.id]


# -- reading the history: only the current cycle ---------------------------------------

# A text whose outcome can still change (pending, or sent less than a day ago) may yet turn
# out never to have reached the phone, and leave the history: no cycle is marked past it.
SETTLED_AFTER = timedelta(days=1)
FINAL = (DELIVERED, READ)


@dataclass
class _Row:
    position: tuple[datetime, int]  # the history's order: created_at, then id
    tip_id: str
    at: datetime
    status: str


def tip_histories(session: Session, wanted: Iterable[tuple[Patient, str]],
                  now: datetime | None = None) -> dict[int, History]:
    """`tip_history` for many (patient, kind) pairs in one query, each patient's read from
    the earliest point one of their kinds' rotation last started over. Where a rotation
    has started over since (among settled texts), that point is remembered for next time."""
    library, now = load_library(), now or utcnow()
    scopes: dict[int, set[str]] = defaultdict(set)
    patients: dict[int, Patient] = {}
    for patient, kind in wanted:
        patients[patient.id] = patient
        scopes[patient.id].add(scope(library, kind, patient.discreet))
    if not patients:
        return {}
    marks = _marks(session, scopes)
    rows = _read_since(session, patients, scopes, marks)
    histories = {}
    for patient_id, read in rows.items():
        histories[patient_id] = _history(read, scopes[patient_id], marks.get(patient_id, {}))
        _remember(session, patients[patient_id], read, scopes[patient_id], marks.get(patient_id, {}),
                  library, now)
    return histories


def _marks(session: Session, scopes: dict[int, set[str]]) -> dict[int, dict[str, tuple[datetime, int]]]:
    """Where each wanted rotation last started over: patient -> scope -> position."""
    wanted = {(patient_id, name) for patient_id, names in scopes.items() for name in names}
    marks: dict[int, dict[str, tuple[datetime, int]]] = defaultdict(dict)
    for row in session.execute(select(TipCycle).where(TipCycle.patient_id.in_(scopes))).scalars():
        if (row.patient_id, row.scope) in wanted:
            marks[row.patient_id][row.scope] = (row.through_at, row.through_id)
    return marks


def _read_since(session, patients, scopes, marks) -> dict[int, list[_Row]]:
    """Each patient's texts with a tip, from the earliest of their marks (that text included:
    it is the one sent just before the cycle) or from the first if a kind has none."""
    whole = [pid for pid in patients if set(marks.get(pid, {})) != scopes[pid]]
    since = [(pid, min(marks[pid].values())) for pid in patients if pid not in whole]
    where = [Message.patient_id.in_(whole)] if whole else []
    where += [and_(Message.patient_id == pid, tuple_(Message.created_at, Message.id) >= tuple_(at, mid))
              for pid, (at, mid) in since]
    rows: dict[int, list[_Row]] = {pid: [] for pid in patients}
    for patient_id, message_id, created, tip_id, at, status in session.execute(
        select(Message.patient_id, Message.id, Message.created_at, Message.tip_id,
               func.coalesce(Message.send_after, Message.created_at), Message.status)
        .where(
            or_(*where),
            Message.direction == OUTBOUND,
            Message.tip_id.is_not(None),
            Message.status.not_in(NEVER_SENT),
        )
        .order_by(Message.created_at, Message.id)
    ):
        rows[patient_id].append(_Row((created, message_id), tip_id, at, status))
    return rows


def _history(read: list[_Row], scopes: set[str], marks: dict[str, tuple[datetime, int]]) -> History:
    history = History(whole=set(marks) != scopes)
    for row in read:
        history.add(row.tip_id, row.at)
    if not history.whole:  # read from the earliest mark: each scope's cycle starts after its own
        positions = [row.position for row in read]
        history.starts = {name: bisect_right(positions, mark) for name, mark in marks.items()}
    return history


def _remember(session, patient: Patient, read: list[_Row], scopes: set[str],
              marks: dict[str, tuple[datetime, int]], library: Library, now: datetime) -> None:
    """Mark, per scope, the last text with which every eligible tip had been sent, as long
    as it and every text before it are settled: the next read starts there."""
    for name in scopes:
        kind = next(k for k in PLAN_KINDS if scope(library, k, patient.discreet) == name)
        ids = {t.id for t in library if t.suits_kind(kind) and (t.discreet or not patient.discreet)}
        mark = marks.get(name)
        sent: set[str] = set()
        found = None
        for row in read:
            if mark is not None and row.position <= mark:
                continue
            if not (row.status in FINAL or (row.status != PENDING and row.at < now - SETTLED_AFTER)):
                break  # its fate is open: no cycle is marked at or after it yet
            if row.tip_id in ids:
                sent.add(row.tip_id)
                if sent == ids:
                    sent, found = set(), row.position
        if found is not None:
            _mark(session, patient.id, name, found)


def _mark(session: Session, patient_id: int, name: str, position: tuple[datetime, int]) -> None:
    statement = upsert(session, TipCycle).values(
        patient_id=patient_id, scope=name, through_at=position[0], through_id=position[1])
    session.execute(statement.on_conflict_do_update(
        index_elements=[TipCycle.patient_id, TipCycle.scope],
        set_={"through_at": statement.excluded.through_at, "through_id": statement.excluded.through_id},
        where=tuple_(TipCycle.through_at, TipCycle.through_id)
        < tuple_(statement.excluded.through_at, statement.excluded.through_id),
    ))


def next_tip_for(session: Session, patient: Patient, kind: str) -> Tip:
    """The tip to send `patient` when they ask for one (TIP), whatever their cadence.

    Record its id on the outbound Message (tip_id) so the rotation moves on.
    """
    return _next(load_library(), patient, kind, tip_history(session, patient, kind))
