"""Every `reminders` command fed hostile flags: one "Error:" line or success, never a traceback,
and nothing written when it fails.

Flag values come from tests/fuzz/strategies.py (valid values, near misses, unicode, huge, empty),
plus flags repeated, dropped, given as --flag=value, missing their value, and flags that don't exist.
Values never contain NUL: a real argv cannot. They do contain lone surrogates, which is what
Python makes of argv bytes that are not UTF-8 (`reminders patients add --name $'\\xff'`).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from reminders.services import enrolment
from reminders.cli import main
from tests.fuzz.rows import row_counts
from tests.fuzz.strategies import (
    DATES, EMAILS, FEW, FREE_PHONES, FUZZ, GOOD_DATES, GOOD_LABELS, GOOD_QUIETS, GOOD_RULES, GOOD_STARTS,
    GOOD_ZONES, LABELS, PHONES, QUIETS, RULES, STARTS, ZONES, huge, maybe, mixed, spoiled,
)

SEEDED = "+16175550101"  # a patient every test has, so plans/show/export reach the database

ARGV_TEXT = st.characters(exclude_characters="\x00")  # execve cannot pass NUL
NOT_UTF8 = st.binary(min_size=1, max_size=30).map(lambda raw: raw.replace(b"\0", b"").decode("utf-8", "surrogateescape"))


def value(*plausible: str) -> st.SearchStrategy[str]:
    return st.one_of(mixed(*plausible, alphabet=ARGV_TEXT, max_huge=20_000), NOT_UTF8)


UNKNOWN = st.one_of(
    st.sampled_from(["--bogus", "-x", "--", "-", "--phone-number", "--=", "---", "-Z1", "--no-such=1"]),
    st.text(ARGV_TEXT, min_size=1, max_size=12).map(lambda s: "--" + s),
).filter(lambda token: token.split("=")[0] not in {"--help"})


@st.composite
def argv(draw, valid: dict, hostile: dict, switches: tuple = (), positional=None) -> list[str]:
    """Valid flags with a few spoiled (see `spoiled`), in any order, some as --flag=value; and now
    and then a flag given twice, a flag that doesn't exist, an extra argument, or the last value cut off."""
    groups = [[f"{name}={text}"] if draw(st.integers(0, 5)) == 0 else [name, text]
              for name, text in draw(spoiled(valid, hostile)).items()]
    groups += [[name] for name in switches if draw(st.booleans())]
    if positional is not None:
        groups.append([draw(positional)])
    chaos = draw(st.integers(0, 11))
    if chaos == 0 and hostile:
        again = draw(st.sampled_from(sorted(hostile)))
        groups.append([again, draw(hostile[again])])
    elif chaos == 1:
        groups.append([draw(UNKNOWN)])
    elif chaos == 2:
        groups.append([draw(value("extra", "1"))])
    tokens = [t for group in draw(st.permutations(groups)) for t in group]
    if chaos == 3 and tokens:
        tokens.pop()  # e.g. `--phone` with its value missing
    return tokens


# -- what every run must show -----------------------------------------------------


def assert_clean(result, command: list[str]) -> None:
    """Success, or exactly one line on stderr saying "Error: ..."; never a Python traceback."""
    shown = f"{command!r} -> exit {result.exit_code}\n{result.output}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{shown}\nuncaught {result.exception!r}")
    assert "Traceback" not in result.output, shown
    assert result.exit_code in (0, 1, 2), shown
    if result.exit_code != 0:
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), shown


def run(runner, rt, command: list[str], input: str | None = None, writes: int = 0):
    """Run, check the output contract; a failed run (or a read-only command) writes nothing."""
    before = row_counts(rt)
    result = runner(*command, input=input)
    assert_clean(result, command)
    event(f"exit {result.exit_code}")
    after = row_counts(rt)
    if result.exit_code != 0 or not writes:
        assert after == before, f"{command!r} exit {result.exit_code} changed rows: {before} -> {after}"
    return result, before, after


@pytest.fixture
def seeded(rt):
    with rt.session() as s:
        p = enrolment.add_patient(s, phone=SEEDED, name="Ana Lopez", tz="America/New_York", team="North", create_team=True,
                                  welcome=False)
        enrolment.add_plan(s, p, kind="supplement", rrule="FREQ=DAILY", start="2030-01-01T09:00")
    return rt


# -- patients -------------------------------------------------------------------------


NAMES = ("Ana Lopez", "José Núñez", "李小龙", "O'Brien-Smith")
PATIENT = {"--phone": FREE_PHONES, "--name": st.sampled_from(NAMES), "--tz": st.sampled_from(GOOD_ZONES),
           "--lang": maybe("en", "es"), "--quiet": maybe(*GOOD_QUIETS), "--team": maybe("North", "South", "New")}
PATIENT_HOSTILE = {
    "--phone": value(*PHONES, SEEDED), "--name": value(*NAMES), "--tz": value(*ZONES),
    "--lang": value("en", "es", "EN", "fr"), "--quiet": value(*QUIETS), "--team": value("North", "A new team"),
}


@FUZZ
@given(args=argv(PATIENT, PATIENT_HOSTILE, switches=("--discreet", "--create-team")))
def test_patients_add(runner, seeded, args):
    result, before, after = run(runner, seeded, ["patients", "add", *args], writes=1)
    if result.exit_code == 0:
        assert after["patients"] == before["patients"] + 1
        assert result.output.startswith("enrolled patient ")


@FEW
@given(args=argv({"--phone": st.sampled_from([SEEDED, "(617) 555-0101"])}, {"--phone": value(*PHONES, SEEDED)}))
def test_patients_show(runner, seeded, args):
    result, _, _ = run(runner, seeded, ["patients", "show", *args])
    if result.exit_code == 0:
        assert "Ana Lopez" in result.output


@FEW
@given(args=argv({"--team": maybe("North", "South")}, {"--team": value("North", "Nobody")}))
def test_patients_list(runner, seeded, args):
    run(runner, seeded, ["patients", "list", *args])


# -- plans and schedules --------------------------------------------------------------


PLAN = {"--phone": st.just(SEEDED), "--kind": st.sampled_from(["supplement", "blood-test"]),
        "--rrule": st.sampled_from(GOOD_RULES), "--start": st.sampled_from(GOOD_STARTS), "--label": maybe(*GOOD_LABELS)}
PLAN_HOSTILE = {
    "--phone": value(SEEDED, *PHONES), "--kind": value("supplement", "blood-test", "blood_test", "x"),
    "--rrule": value(*RULES), "--start": value(*STARTS), "--label": value(*LABELS),
}


@FUZZ
@given(args=argv(PLAN, PLAN_HOSTILE))
def test_plans_add(runner, seeded, args):
    result, before, after = run(runner, seeded, ["plans", "add", *args], writes=1)
    if result.exit_code == 0:
        assert after["plans"] == before["plans"] + 1


@FEW
@given(args=argv({"--phone": maybe(SEEDED)}, {"--phone": value(SEEDED, *PHONES)}))
def test_plans_list(runner, seeded, args):
    run(runner, seeded, ["plans", "list", *args])


PREVIEW = {"--tz": st.sampled_from(GOOD_ZONES), "--rrule": st.sampled_from(GOOD_RULES),
           "--start": st.sampled_from(GOOD_STARTS), "--count": maybe("1", "10", "500")}
PREVIEW_HOSTILE = {
    "--tz": value(*ZONES), "--rrule": value(*RULES), "--start": value(*STARTS),
    "--count": value("1", "10", "10000", "10001", "0", "-1", "1e3", "٣"),
}


@FUZZ
@given(args=argv(PREVIEW, PREVIEW_HOSTILE))
def test_schedule_preview(runner, rt, args):
    result, _, _ = run(runner, rt, ["schedule", "preview", *args])
    if result.exit_code == 0:
        assert result.output.startswith('{"fires": [')


# -- the clock, once ------------------------------------------------------------------


NOW = value("2030-01-01T09:00Z", "2030-01-01T09:05", "2030-01-01T09:00+14:00", "0001-01-01",
            "9999-12-31T23:59:59", "1970-01-01T00:00:00Z", "now", "2030-13-01")


@FEW
@given(args=argv({"--now": maybe("2030-01-01T09:00Z", "2030-01-01T09:05", "2030-01-01T09:00+14:00")},
                 {"--now": NOW}, switches=("--once", "--once")))  # --once usually, sometimes twice
def test_dispatch_once(runner, seeded, args):
    result, _, _ = run(runner, seeded, ["dispatch", *args], writes=1)
    if result.exit_code == 0:
        assert result.output.startswith("tick: ")


# -- parse, export, users, tips -------------------------------------------------------


@FEW
@given(args=argv({}, {}, switches=("--jsonl",), positional=value("took it", "tingling 4", "STOP")),
       stdin=st.one_of(st.text(), st.sampled_from(['{"text": "took it"}\n', '{"text": 1}\n', "[]\n", "\n\n"])))
def test_parse(runner, rt, args, stdin):
    run(runner, rt, ["parse", *args], input=stdin)


EXPORT = {"--format": maybe("csv", "json"), "--phone": maybe(SEEDED), "--since": maybe(*GOOD_DATES),
          "--until": maybe(*GOOD_DATES)}
EXPORT_HOSTILE = {
    "--format": value("csv", "json", "CSV", "xml"), "--phone": value(SEEDED, *PHONES),
    "--since": value(*DATES), "--until": value(*DATES),
}


@FUZZ
@given(args=argv(EXPORT, EXPORT_HOSTILE))
def test_export(runner, seeded, args):
    run(runner, seeded, ["export", *args])


@FEW
@given(args=argv({"--email": st.integers(0, 10**6).map(lambda n: f"user{n}@clinic.example"),
                  "--role": st.sampled_from(["admin", "coordinator"]), "--team": maybe("North", "Somewhere new")},
                 {"--email": value(*EMAILS), "--role": value("admin", "coordinator", "root"),
                  "--team": value("North", "Somewhere new")}, switches=("--create-team",)),
       password=st.one_of(st.just("correct horse battery staple\n"), st.text(max_size=30), huge(20_000)))
def test_users_add_reads_the_password_from_stdin(runner, seeded, args, password):
    result, before, after = run(runner, seeded, ["users", "add", *args], input=password, writes=1)
    if result.exit_code == 0:
        assert after["users"] == before["users"] + 1
        assert password.split("\n")[0] not in result.output  # the password is never echoed


@FEW
@given(args=argv({"--lang": maybe("en", "es")},
                 {"--lang": value("en", "es", "de"), "--file": value("/nonexistent", "/etc", ".")},
                 switches=("--check",)))
def test_tips_list(runner, rt, args):
    run(runner, rt, ["tips", "list", *args])


TOML_PIECES = st.sampled_from([
    "[[tip]]", 'id = "x"', "id = 3", 'section = "what"', "section = []", "topic = {}", 'suits = "any"',
    'source = ""', "text = 1", 'text = { en = "Hi", es = "Hola" }', "text = { en = 1 }", "discreet = 2",
    "tip = [1, 2]", 'tip = "x"', "tip = [[]]", "tip = [{ id = [] }]", "[tip]", "[[tip.text]]", "x = 1",
])
TOML_FILES = st.one_of(st.lists(TOML_PIECES, max_size=12).map("\n".join), st.text(), st.binary().map(repr))


@FEW
@given(content=TOML_FILES, check=st.booleans())
def test_tips_list_with_a_malformed_library_file(runner, rt, tmp_path_factory, content, check):
    path = tmp_path_factory.mktemp("tips") / "tips.toml"
    path.write_text(content, "utf-8", errors="surrogateescape")
    run(runner, rt, ["tips", "list", "--file", str(path), *(["--check"] if check else [])])


# -- no such command, flags a command doesn't have, commands that would run forever ---


@FUZZ
@given(command=st.sampled_from([
    [], ["patients"], ["plans"], ["schedule"], ["db"], ["users"], ["tips"], ["users", "list"],
    ["clock"], ["worker"], ["demo"], ["db", "upgrade"], ["db", "downgrade"],
]), junk=st.lists(UNKNOWN, min_size=1, max_size=3), first=st.booleans())
def test_unknown_flags_are_one_line_and_never_start_anything(runner, rt, command, junk, first):
    """`clock`, `worker` and `demo` would run until stopped: a bad flag must stop them first.
    (The last token is always one no command has, so a lucky draw like `demo --no-serve` can't run.)"""
    if first or not command:
        command = [*junk[:1], *command, *junk[1:]]
    else:
        command = [*command, *junk]
    command.append("--surely-not-a-flag")
    result, _, _ = run(runner, rt, command)
    assert result.exit_code != 0


@FEW
@given(name=value("patients", "plan", "shedule", "help"))
def test_no_such_command(runner, rt, name):
    result, _, _ = run(runner, rt, [name, "list"])
    if name not in main.commands:
        assert result.exit_code == 2


@pytest.mark.parametrize("group", [[], ["patients"], ["db"]])
def test_a_group_without_a_command_shows_its_help_not_an_error(runner, rt, group):
    result = runner(*group)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.startswith("Usage: ") and "Commands:" in result.output and "Error:" not in result.output


# -- migrations, against a database of their own -----------------------------------------


@pytest.fixture
def own_database(tmp_path):
    """`db downgrade` with a revision that exists really migrates: keep it off the shared database."""
    url = f"sqlite:///{tmp_path / 'migrations.db'}"
    from tests.conftest import Cli

    cli = Cli(url)
    assert cli("db", "upgrade").exit_code == 0
    return cli


@FEW
@given(revision=value("base", "head", "heads", "-1", "+1", "0001", "nope", "abc@head", "0004:0003"),
       extra=st.lists(UNKNOWN, max_size=1))
def test_db_downgrade_to_anything(own_database, revision, extra):
    command = ["db", "downgrade", *extra, "--", revision] if revision.startswith("-") else [
        "db", "downgrade", *extra, revision]
    result = own_database(*command)
    assert_clean(result, command)
    if result.exit_code == 0:
        assert own_database("db", "upgrade").exit_code == 0  # back to the newest for the next example


# -- the real console ------------------------------------------------------------------


def console(*args: str | bytes, database_url: str, stdin: bytes = b"") -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "SMS_TRANSPORT": "console", "REMINDERS_ENV": "test"}
    return subprocess.run([sys.executable, "-m", "reminders.cli", *args], input=stdin, capture_output=True,
                          env=env, cwd=Path(__file__).resolve().parents[2], timeout=60)


@pytest.mark.parametrize("args", [
    ["patients", "add", "--phone", "12", "--name", "A", "--tz", "UTC"],
    ["patients", "add", "--bogus"],
    ["patients", "add", "--phone", b"\xff\xfe", "--name", b"\xc3", "--tz", b"Europe/\xe9"],
    ["plans", "add", "--phone", "+16175550101", "--kind", "supplement", "--rrule", "FREQ=DAILY",
     "--start", "2030-01-01T09:00", "--label", b"B12 \xff"],
    ["schedule", "preview", "--tz", "Pacific/Kiritimati", "--rrule", "FREQ=DAILY", "--start", "0001-01-01T00:00"],
    ["db", "downgrade", "no-such-revision"],
    ["export", "--since", "yesterday"],
    ["nope"],
])
def test_the_console_shows_one_line_on_stderr(database_url, rt, args):
    done = console(*args, database_url=database_url)
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode in (1, 2), err
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1 and err.startswith("Error: "), err


def test_the_console_reads_a_password_line_from_stdin(database_url, rt):
    done = console("users", "add", "--email", "new@clinic.example", "--role", "admin",
                   database_url=database_url, stdin=b"\xff\xfe not utf-8 at all \n")
    err = done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err
    assert done.returncode == 0 or (len(err.splitlines()) == 1 and err.startswith("Error: ")), err
