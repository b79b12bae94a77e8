"""The text being read: which parts of it rules have claimed, and the intents they found."""

from __future__ import annotations

from reminders.incoming import lexicon as lex
from reminders.incoming.intents import Intent

ORDER = Intent("order")  # an order aimed at the bot: never leaves the scan (see Scan.result)


class Scan:
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
        if ORDER in intents:  # an order aimed at the bot: a person reads it; only a STOP counts
            intents = [i for i in intents if i.kind == "opt_out"]
        if any(i.take_later for i in intents):  # "forgot, will take it at lunch": not skipped yet
            intents = [i for i in intents if i.kind != "dose_skipped"]
        if any(i.kind in lex.AFFIRM_SUPERSEDED_BY for i in intents):
            intents = [i for i in intents if i.kind != "affirm"]
        return intents or [Intent("unknown")]
