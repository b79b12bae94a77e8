"""Spanish words that folding garbles.

GSM-7 has é and ñ but no á, í, ó or ú: we send those letters without their accent rather
than fall into UCS-2 (70 characters a segment). Most words survive ("análisis" arrives as
"analisis"), but some become another word: "está" (is) arrives as "esta" (this), "tomó"
(took) as "tomo" (I take), "más" (more) as "mas" (but), "ayudarán" (will help) as "ayudaran"
(might help). Wordings avoid them; `garbled` finds them in a raw text, so a reviewer is
told before a patient reads the wrong word. A native speaker's review is still wanted for
what no rule catches (docs/content.md).
"""

from __future__ import annotations

import re

FOLDED = "áíóúÁÍÓÚ"
# A stressed last vowel marks a tense or person (tomó/tomo, está/esta, recibirá/recibira),
# as does the stressed future plural (ayudarán/ayudaran).
_STRESSED_END = re.compile(r"[áíóú]$|rá[ns]$", re.IGNORECASE)
# Words whose folded spelling is another common word.
_OTHER_WORD = {"más", "aún", "cómo", "dónde", "cuándo", "cuánto", "cuánta", "cuántos", "cuántas", "cuál", "cuáles"}
_WORD = re.compile(r"[^\W\d_]+")


def garbled(text: str) -> list[str]:
    """The words of raw Spanish `text` that folding would turn into another word, in order."""
    found = []
    for word in _WORD.findall(text):
        if not any(ch in FOLDED for ch in word):
            continue
        if _STRESSED_END.search(word) or word.lower() in _OTHER_WORD:
            found.append(word)
    return found
