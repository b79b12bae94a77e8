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
    discreet: bool = False  # names no diagnosis, vitamin or drug: fit for discreet patients
    source: str = ""  # the article sentence it rests on

    def text(self, lang: str) -> str:
        try:
            return self.texts[lang]
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
