"""What a reply means: the contract's kinds, and one intent as parse_reply returns it."""

from __future__ import annotations

from dataclasses import dataclass, field

# Every kind, and the fields its JSON object carries (always all of them; a missing value is null).
KINDS: dict[str, tuple[str, ...]] = {
    "dose_taken": (),
    "dose_skipped": (),
    "affirm": (),
    "deny": (),
    "snooze": ("minutes", "at"),
    "symptom": ("symptom", "severity"),
    "blood_test_done": (),
    "lab_result": ("test", "value", "unit"),
    "opt_out": (),
    "opt_in": (),
    "help": (),
    "tip": (),
    "thanks": (),
    "set_time": ("at",),  # a new time of day for a plan, "HH:MM" on the patient's clock
    "pause": ("days", "until"),  # until: a weekday in English ("friday"), or null
    "resume": (),
    "next": (),
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
    at: str | None = None
    days: int | None = None
    until: str | None = None
    # Noticed for the answer, outside the contract (never in as_dict, never compared): a time given
    # without am or pm ("remind me at 9"); a number above 10 given as a severity ("numbness 11"); a
    # snooze that says the dose is still to be taken ("will take it at lunch").
    at_ambiguous: bool = field(default=False, compare=False)
    out_of_range: int | None = field(default=None, compare=False)
    take_later: bool = field(default=False, compare=False)

    def as_dict(self) -> dict:
        """The contract's JSON object: the kind and only that kind's fields."""
        out: dict = {"kind": self.kind}
        for name in KINDS[self.kind]:
            out[name] = getattr(self, name)
        return out

    def fields(self) -> dict:
        """as_dict() and what was noticed for the answer: what the conversation's handlers get."""
        return {**self.as_dict(), "at_ambiguous": self.at_ambiguous, "out_of_range": self.out_of_range}
