"""What a tip is: one reviewed fact, in every language, and the library that holds them.

Kept apart from tips.py (loading and checking) so that the composer can take a Tip
without importing the checks, which compose texts themselves.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Tip:
    id: str
    section: str
    topic: str
    suits: str  # "supplement", "blood_test" or "any"
    texts: Mapping[str, str] = field(hash=False)  # lang -> text, GSM-7
    discreet: bool = False  # fit for discreet patients: its text, or its discreet text, names nothing sensitive
    source: str = ""  # the article sentence it rests on
    hedge: str = "none"  # the article's hedge for the claim ("can", "may", "suggests"), or "none"
    # lang -> the same fact worded for a discreet patient's lock screen ("the nutrient your
    # reminders are about" for "B12"); None when `texts` are neutral already.
    discreet_texts: Mapping[str, str] | None = field(default=None, hash=False)

    def text(self, lang: str, discreet: bool = False) -> str:
        """The tip as a patient reads it; `discreet`: as a discreet patient reads it."""
        texts = self.discreet_texts if discreet and self.discreet_texts else self.texts
        try:
            return texts[lang]
        except KeyError:
            raise ValueError(f"tip {self.id} has no {lang!r} text") from None

    def suits_kind(self, kind: str) -> bool:
        return self.suits in (kind, "any")


@dataclass(frozen=True)
class Library:
    tips: tuple[Tip, ...]
    path: str

    def __iter__(self) -> Iterator[Tip]:
        return iter(self.tips)

    def __len__(self) -> int:
        return len(self.tips)

    def get(self, tip_id: str) -> Tip | None:
        return next((t for t in self.tips if t.id == tip_id), None)
