"""Reply-parser throughput on one core: `python -m bench.parse` from the repository root.

Parses the reply corpora (tests/data/replies-*.jsonl, about 500 texts) over and over, and prints
`parse: N texts/s`, the best of several timed rounds (the first, cold round fills the typo cache and is
reported apart). Pinned to one CPU where the platform allows it. Target: at least 20,000 texts/s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

from reminders.replies import parse_reply

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
TARGET = 20_000


def corpus_texts() -> list[str]:
    texts = []
    for name in ("replies-corpus.jsonl", "replies-sample.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def timed_round(texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        parse_reply(text)
    return len(texts) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=50_000, help="texts per timed round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    base = corpus_texts()
    texts = (base * (args.texts // len(base) + 1))[: args.texts]
    cold = timed_round(base)
    rates = [timed_round(texts) for _ in range(args.rounds)]
    best = max(rates)
    print(f"python {platform.python_version()} on {os.cpu_count()} CPUs, pinned to one; "
          f"{len(base)} distinct texts, {args.texts} per round, {args.rounds} rounds")
    print(f"cold first pass: {cold:,.0f} texts/s; rounds: " + ", ".join(f"{r:,.0f}" for r in rates))
    print(f"parse: {best:.0f} texts/s (target {TARGET:,}: {'met' if best >= TARGET else 'NOT met'})")


if __name__ == "__main__":
    main()
