"""The reply corpora pass in full, called directly and through the real `reminders parse --jsonl`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from reminders.incoming.parser import parse_reply
from tests.reply_corpus import CORPUS, SAMPLE, describe, load, problems

# The installed console script; `python -m reminders.cli` where the venv has none (same code path).
_SCRIPT = Path(sys.executable).with_name("reminders")
REMINDERS = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "reminders.cli"]


def failures(cases, results) -> list[str]:
    out = []
    for case, intents in zip(cases, results, strict=True):
        if found := problems(case, intents):
            out.append(describe(case, intents, found))
    return out


@pytest.mark.parametrize("path", [SAMPLE, CORPUS], ids=["sample", "corpus"])
def test_every_case_passes_through_parse_reply(path):
    cases = load(path)
    results = [[i.as_dict() for i in parse_reply(case["text"])] for case in cases]
    bad = failures(cases, results)
    assert not bad, f"{len(bad)} of {len(cases)} cases fail:\n" + "\n".join(bad)


@pytest.mark.parametrize("path", [SAMPLE, CORPUS], ids=["sample", "corpus"])
def test_every_case_passes_through_the_command_line(path):
    """The installed console script, fed the file itself; no database exists for it to reach."""
    cases = load(path)
    env = {**os.environ, "DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/none"}
    run = subprocess.run([*REMINDERS, "parse", "--jsonl"], input=path.read_bytes(),
                         capture_output=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr.decode()
    lines = [json.loads(line) for line in run.stdout.decode("ascii").splitlines()]
    assert [line["text"] for line in lines] == [case["text"] for case in cases]
    bad = failures(cases, [line["intents"] for line in lines])
    assert not bad, f"{len(bad)} of {len(cases)} cases fail:\n" + "\n".join(bad)


def test_the_corpus_is_big_and_varied():
    cases = load(CORPUS)
    assert len(cases) >= 300
    kinds = {e["kind"] for case in cases for e in case["expect"]}
    assert kinds == {"dose_taken", "dose_skipped", "affirm", "deny", "snooze", "symptom", "blood_test_done",
                     "lab_result", "opt_out", "opt_in", "help", "tip", "thanks", "set_time", "pause", "resume",
                     "next", "unknown"}
    assert len({case["text"] for case in cases}) == len(cases), "a text appears twice"
