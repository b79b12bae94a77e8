"""What our texts cost in SMS segments: reminders with and without a tip, per tip cadence, and answers.

    python -m bench.segments

Carriers bill per segment: 160 GSM-7 characters for a one-part text, 153 a part once split.
No timing here, only counts, so it runs in a second and gives the same figures every time.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from reminders.content import checks, compose, gsm
from reminders.content.tips import choose_tip, load_library, tip_due

NY = ZoneInfo("America/New_York")
EIGHT = datetime(2027, 4, 7, 8, 0, tzinfo=NY)
LABELS = {"no label": None, "a typical label": "B12 1000 mcg sublingual", "the longest label": "w" * compose.MAX_LABEL}


def compositions(label):
    """Every reminder and due_soon text a tip can ride on, in each language and mode."""
    library = load_library()
    for tip in library:
        for lang in compose.LANGUAGES:
            for discreet in (False, True) if tip.discreet else (False,):
                for purpose in ("reminder", "due_soon"):
                    yield compose.compose(purpose, lang=lang, discreet=discreet, label=label, local_time=EIGHT,
                                          tip=tip, due_date=(EIGHT + timedelta(days=3)).date())


def without_tip(label):
    for lang in compose.LANGUAGES:
        for discreet in (False, True):
            for purpose in compose.PURPOSES[:-1]:
                yield compose.compose(purpose, lang=lang, discreet=discreet, label=label,
                                      local_time=EIGHT, due_date=(EIGHT + timedelta(days=3)).date())


def month_of_segments(cadence: str, per_day: int, lang: str = "en") -> int:
    """Segments billed for 30 days of dose reminders at `per_day` a day under `cadence`."""
    library, history, last, total = load_library(), [], None, 0
    for day in range(30):
        for n in range(per_day):
            at = EIGHT + timedelta(days=day, hours=12 * n)
            tip = None
            if tip_due(cadence, "America/New_York", last, at):
                tip = choose_tip(library, "supplement", lang, history)
                history.append(tip.id)
                last = at
            total += gsm.segments(compose.compose("reminder", lang=lang, discreet=False,
                                                  label=LABELS["a typical label"], local_time=at, tip=tip))
    return total


def main() -> None:
    print("Reminders and due-soon texts carrying a tip: segments, over every tip, language and mode")
    for name, label in LABELS.items():
        counts = Counter(gsm.segments(text) for text in compositions(label))
        total = sum(counts.values())
        print(f"  {name:<18} {total} texts: " + ", ".join(
            f"{counts[n]} ({100 * counts[n] / total:.0f}%) of {n} segment{'s' if n > 1 else ''}"
            for n in sorted(counts)))
    print("Every template without a tip, at its longest (label, date, time), both languages and modes:")
    for name, label in LABELS.items():
        longest = max(gsm.septets(text) for text in without_tip(label))
        print(f"  {name:<18} longest {longest} characters: {'1 segment' if longest <= gsm.SINGLE_GSM else '2 segments'}")
    print("Segments billed for 30 days of dose reminders (a typical label), by tip cadence:")
    for per_day in (1, 2):
        row = ", ".join(f"{cadence} {month_of_segments(cadence, per_day)}" for cadence in ("every", "daily", "weekly", "never"))
        print(f"  {per_day} reminder{'s' if per_day > 1 else ''} a day: {row}")
    longest = {lang: max((gsm.septets(text), key) for key, text in checks.answer_texts(lang)) for lang in compose.LANGUAGES}
    print("Longest answer at its longest values (program name, contact): "
          + ", ".join(f"{lang} {n} characters ({key})" for lang, (n, key) in longest.items()))


if __name__ == "__main__":
    main()
