"""Reply-parser throughput on one core: `python -m bench.parse` from the repository root.

Parses the reply corpora (tests/data/replies-*.jsonl, about 600 texts) over and over in one
process (one thread, so one core), and prints `parse: N texts/s`: the best of several timed rounds,
counted per second of the process's CPU time (on a shared machine wall-clock time also counts the
time the process waits for the CPU; it is printed too). The first, cold pass, which also fills
the typo cache, is reported apart. `--cpu N` pins the process
to one CPU (leave it off on a shared machine: pinning to a busy CPU only measures the neighbours).
Target: at least 20,000 texts/s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

from reminders.incoming.parser import parse_reply

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
TARGET = 20_000


def corpus_texts() -> list[str]:
    texts = []
    for name in ("replies-corpus.jsonl", "replies-sample.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def timed_round(texts: list[str]) -> tuple[float, float]:
    """Texts per second of this process's CPU time, and of wall-clock time."""
    cpu, wall = time.process_time(), time.perf_counter()
    for text in texts:
        parse_reply(text)
    return len(texts) / (time.process_time() - cpu), len(texts) / (time.perf_counter() - wall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=50_000, help="texts per timed round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--cpu", type=int, help="pin to this CPU (Linux)")
    args = parser.parse_args()
    if args.cpu is not None:
        os.sched_setaffinity(0, {args.cpu})
    base = corpus_texts()
    texts = (base * (args.texts // len(base) + 1))[: args.texts]
    cold, _ = timed_round(base)
    rounds = [timed_round(texts) for _ in range(args.rounds)]
    best = max(cpu for cpu, _ in rounds)
    pinned = f"pinned to CPU {args.cpu}" if args.cpu is not None else "one process"
    print(f"python {platform.python_version()} on {os.cpu_count()} CPUs, {pinned}; "
          f"{len(base)} distinct texts, {args.texts} per round, {args.rounds} rounds")
    print(f"cold first pass: {cold:,.0f} texts/s; rounds (CPU time / wall clock): "
          + ", ".join(f"{cpu:,.0f}/{wall:,.0f}" for cpu, wall in rounds))
    print(f"parse: {best:.0f} texts/s (best round, per second of CPU time on one core; "
          f"target {TARGET:,}: {'met' if best >= TARGET else 'NOT met'})")


if __name__ == "__main__":
    main()
