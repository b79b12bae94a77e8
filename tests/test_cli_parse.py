"""`reminders parse`: one text, or JSON lines; no database; one-line errors naming the bad line."""

from __future__ import annotations

import json

from click.testing import CliRunner

from reminders.cli import main

NO_DATABASE = {"DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/none"}


def run(*args, input=None):
    return CliRunner().invoke(main, ["parse", *args], input=input, env=NO_DATABASE)


def test_one_text():
    result = run("took it but my hands are numb")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "text": "took it but my hands are numb",
        "intents": [{"kind": "dose_taken"}, {"kind": "symptom", "symptom": "numbness", "severity": None}],
    }


def test_json_lines_in_json_lines_out_in_order():
    lines = [{"text": "STOP"}, {"text": "snooze 30", "id": 7}, {"text": "hormigueo 5"}, {"text": ""}]
    result = run("--jsonl", input="\n".join(json.dumps(x) for x in lines) + "\n\n")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert out == [
        {"text": "STOP", "intents": [{"kind": "opt_out"}]},
        {"text": "snooze 30", "intents": [{"kind": "snooze", "minutes": 30, "at": None}]},
        {"text": "hormigueo 5", "intents": [{"kind": "symptom", "symptom": "tingling", "severity": 5}]},
        {"text": "", "intents": [{"kind": "unknown"}]},
    ]


def test_output_is_ascii_and_round_trips_any_text():
    text = "ya la tomé 👍 \ud800"  # a lone surrogate, as JSON can carry
    result = run("--jsonl", input=json.dumps({"text": text}) + "\n")
    assert result.exit_code == 0, result.output
    assert result.output.isascii()
    assert json.loads(result.output)["text"] == text


def test_a_malformed_line_stops_the_run_after_the_good_lines_before_it():
    result = run("--jsonl", input='{"text": "yes"}\n\n{"text": "no"}\nnot json\n{"text": "later"}\n')
    assert result.exit_code == 1
    out = result.stdout.splitlines()
    assert [json.loads(line)["text"] for line in out] == ["yes", "no"]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1 and "line 4" in errors[0], result.stderr


def test_a_line_without_a_string_text_is_malformed_too():
    for bad in ('{"txt": "yes"}', '{"text": 5}', '["yes"]', '"yes"'):
        result = run("--jsonl", input=bad + "\n")
        assert result.exit_code == 1
        assert result.stderr.strip() == 'Error: line 1: expected an object with a string "text"'


def test_bytes_that_are_not_utf8_name_their_line():
    result = CliRunner().invoke(main, ["parse", "--jsonl"], input=b'{"text": "ok"}\n{"text": "\xff"}\n')
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: line 2: not UTF-8" and result.stdout.count("\n") == 1


def test_text_and_jsonl_together_or_neither_is_a_usage_error():
    for args in ((), ("--jsonl", "yes")):
        result = run(*args, input="")
        assert result.exit_code == 2
        assert "either TEXT or --jsonl" in result.output


def test_help_lists_every_kind_and_the_snooze_time():
    result = run("--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "snooze (minutes, at)" in text and "thanks" in text and "lunch 12:00" in text
    assert "docs/replies.md" in text
