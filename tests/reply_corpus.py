"""Reads reply corpora (JSON lines) and says how a parse falls short of a case.

A case is `{"text", "expect": [intent, ...], "exact"?: bool, "forbid"?: [kind, ...]}`. Every expected
intent must be found, in that order (others may sit between them); the fields it gives must match
(`severity_range: [lo, hi]` means lo <= severity <= hi). `exact`: no kind outside the expected ones.
`forbid`: none of these kinds.
"""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "replies-sample.jsonl"
CORPUS = DATA / "replies-corpus.jsonl"


def load(path: Path) -> list[dict]:
    cases = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            case = json.loads(line)
            case["line"] = number
            cases.append(case)
    return cases


def problems(case: dict, intents: list[dict]) -> list[str]:
    found = []
    position = 0
    for expected in case["expect"]:
        while position < len(intents) and not _matches(expected, intents[position]):
            position += 1
        if position == len(intents):
            found.append(f"missing (in order) {expected}")
            position = 0
            continue
        position += 1
    kinds = {i["kind"] for i in intents}
    if case.get("exact"):
        extra = kinds - {e["kind"] for e in case["expect"]}
        if extra:
            found.append(f"exact, but also {sorted(extra)}")
    for kind in case.get("forbid", []):
        if kind in kinds:
            found.append(f"forbidden {kind}")
    return found


def _matches(expected: dict, actual: dict) -> bool:
    for key, want in expected.items():
        if key == "severity_range":
            got = actual.get("severity")
            if got is None or not want[0] <= got <= want[1]:
                return False
        elif key not in actual or actual[key] != want:
            return False
    return True


def describe(case: dict, intents: list[dict], found: list[str]) -> str:
    return f"line {case['line']}: {case['text']!r} -> {intents}: " + "; ".join(found)
