"""Red-flag assessment on one core: `python -m bench.triage` from the repository root.

Every inbound text is checked for red flags (reminders/incoming/safety.py, docs/red-flags.md) after
it is parsed. This times `safety.assess` alone over the reply corpora (the parse is done once, up
front) and prints the best of several rounds, per second of the process's CPU time.
Target: at least 20,000 texts/s, so that it never costs more than the parse itself.
"""

from __future__ import annotations

import argparse
import time

from bench.parse import corpus_texts
from reminders.incoming import safety
from reminders.incoming.parser import parse_reply

TARGET = 20_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=50, help="passes over the corpus per round")
    args = parser.parse_args()
    pairs = [(text, safety.symptoms_of(parse_reply(text))) for text in corpus_texts()]
    flagged = sum(safety.assess(text, symptoms) is not None for text, symptoms in pairs)
    best = 0.0
    for _ in range(args.rounds):
        cpu = time.process_time()
        for _ in range(args.repeat):
            for text, symptoms in pairs:
                safety.assess(text, symptoms)
        best = max(best, len(pairs) * args.repeat / (time.process_time() - cpu))
    print(f"corpus: {len(pairs)} texts, {flagged} red flags")
    print(f"red-flag assessment: {best:,.0f} texts/s of CPU time, {1e6 / best:.1f} us a text "
          f"(target {TARGET:,}): {'ok' if best >= TARGET else 'BELOW TARGET'}")


if __name__ == "__main__":
    main()
