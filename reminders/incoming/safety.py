"""Red flags: replies that need a human now, not a confirmation.

Severity 7 or more on any symptom, new vision loss, sudden weakness, or being
unable to walk. Every one raises an urgent flag, and the answer points to the
care team and, if it is sudden or severe, to emergency services.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SEVERE = 7

_VISION_LOSS = re.compile(
    r"\b(can'?t see|cannot see|lost (my )?(sight|vision)|vision loss|losing (my )?(sight|vision)|"
    r"blind|went dark|no veo|perd[ií] (la )?vista|ceguera)\b",
    re.IGNORECASE,
)
_SUDDEN = re.compile(r"\b(sudden(ly)?|all of a sudden|de repente|repentin[ao]|s[uú]bit[ao])\b", re.IGNORECASE)
_CANNOT_WALK = re.compile(
    r"\b(can'?t|cannot|unable to|couldn'?t) (walk|stand)|no puedo (caminar|andar)|"
    r"(legs|leg) (gave out|gave way)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class RedFlag:
    reason: str


def assess(text: str, symptoms: list[tuple[str, int | None]]) -> RedFlag | None:
    """The worst red flag in a reply, given the symptoms the parser found in it."""
    if _VISION_LOSS.search(text):
        return RedFlag("new vision loss")
    if _CANNOT_WALK.search(text):
        return RedFlag("cannot walk")
    sudden = bool(_SUDDEN.search(text))
    for name, severity in symptoms:
        if name == "weakness" and sudden and severity != 0:
            return RedFlag("sudden weakness")
    worst = max((s for _, s in symptoms if s is not None), default=None)
    if worst is not None and worst >= SEVERE:
        names = ", ".join(n for n, s in symptoms if s is not None and s >= SEVERE)
        return RedFlag(f"severe {names} ({worst}/10)")
    return None
