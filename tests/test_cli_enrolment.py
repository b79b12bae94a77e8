import pytest
from sqlalchemy import func, select

from reminders.core.models import CareTeam, Patient, Plan


def count(rt, model):
    with rt.session() as session:
        return session.scalar(select(func.count()).select_from(model))


def enrol(runner, phone="(617) 555-0101", *extra):
    return runner(
        "patients", "add", "--phone", phone, "--name", "Ana Lopez", "--tz", "America/New_York", *extra
    )


def test_enrolling_normalises_the_phone_number(runner, rt):
    result = enrol(runner)
    assert result.exit_code == 0, result.output
    shown = runner("patients", "show", "--phone", "+16175550101")
    assert "+16175550101" in shown.output
    assert "opted_in" in shown.output
    assert "21:00-08:00" in shown.output


@pytest.mark.parametrize(
    "args, complaint",
    [
        (["--phone", "12", "--name", "A", "--tz", "UTC"], "phone number"),
        (["--phone", "+16175550101", "--name", "A", "--tz", "Mars/Olympus"], "Mars/Olympus"),
        (["--phone", "+16175550101", "--name", "A", "--tz", "UTC", "--quiet", "late"], "quiet"),
        (["--phone", "+16175550101", "--name", " ", "--tz", "UTC"], "name"),
    ],
)
def test_bad_patient_input_is_one_line_and_writes_nothing(runner, rt, args, complaint):
    result = runner("patients", "add", *args)
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and complaint in lines[0], result.output
    assert count(rt, Patient) == 0


def test_bad_rrule_is_one_line_and_writes_nothing(runner, rt):
    enrol(runner)
    result = runner(
        "plans", "add", "--phone", "+16175550101", "--kind", "supplement",
        "--rrule", "FREQ=SOMETIMES", "--start", "2027-03-14T08:00",
    )
    assert result.exit_code != 0
    assert result.output.strip().count("\n") == 0 and "FREQ=SOMETIMES" in result.output
    assert count(rt, Plan) == 0


@pytest.mark.parametrize("start", ["tomorrow", "2027-03-14T08:00+01:00"])
def test_bad_start_is_refused(runner, rt, start):
    enrol(runner)
    result = runner(
        "plans", "add", "--phone", "+16175550101", "--kind", "supplement",
        "--rrule", "FREQ=DAILY", "--start", start,
    )
    assert result.exit_code != 0 and count(rt, Plan) == 0


def test_second_patient_with_the_same_phone_is_refused(runner, rt):
    assert enrol(runner).exit_code == 0
    again = enrol(runner, "+1 617 555 0101")
    assert again.exit_code != 0 and "already enrolled" in again.output
    assert count(rt, Patient) == 1


def test_plan_shows_its_next_fire_in_the_patients_zone(runner, rt):
    enrol(runner, "(617) 555-0101", "--team", "North", "--create-team")
    result = runner(
        "plans", "add", "--phone", "+16175550101", "--kind", "blood-test",
        "--rrule", "FREQ=MONTHLY;INTERVAL=3", "--start", "2030-01-15T09:00", "--label", "B12 and MMA",
    )
    assert result.exit_code == 0, result.output
    listing = runner("plans", "list", "--phone", "+16175550101").output
    # The first text goes out the lead time (3 days) before the due date.
    assert "2030-01-12 09:00 EST" in listing and "2030-01-12T14:00Z" in listing
    assert "Ana Lopez" in runner("patients", "list", "--team", "North").output


def test_unmigrated_database_is_a_one_line_error(tmp_path):
    from tests.conftest import Cli

    result = Cli(f"sqlite:///{tmp_path / 'empty.db'}")("patients", "list")
    assert result.exit_code != 0
    assert "reminders db upgrade" in result.output and result.output.count("\n") == 1


@pytest.mark.parametrize("label, complaint", [("B12 " + "x" * 60, "at most 60"), ("B12 \U0001F48A", "plain characters")])
def test_a_label_that_would_not_fit_a_text_is_refused(runner, rt, label, complaint):
    enrol(runner)
    result = runner(
        "plans", "add", "--phone", "+16175550101", "--kind", "supplement",
        "--rrule", "FREQ=DAILY", "--start", "2027-03-14T08:00", "--label", label,
    )
    assert result.exit_code != 0 and complaint in result.output
    assert count(rt, Plan) == 0


# -- issue 16: zones, teams, warnings, plans in words ---------------------------------


@pytest.mark.parametrize("zone, use", [
    ("EST", "America/New_York"), ("EST5EDT", "America/New_York"), ("US/Eastern", "America/New_York"),
    ("Etc/GMT+5", "America/New_York"), ("Asia/Calcutta", "Asia/Kolkata"), ("GMT", "UTC"),
])
def test_legacy_and_fixed_offset_zones_are_refused_with_a_suggestion(runner, rt, zone, use):
    result = runner("patients", "add", "--phone", "+16175550101", "--name", "Ana", "--tz", zone)
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and zone in lines[0] and f"use {use}" in lines[0] or f"e.g. {use}" in lines[0], lines
    assert count(rt, Patient) == 0


def test_a_zone_in_the_wrong_case_is_stored_canonically(runner, rt):
    result = runner("patients", "add", "--phone", "+16175550101", "--name", "Ana", "--tz", "america/new_york")
    assert result.exit_code == 0, result.output
    with rt.session() as s:
        assert s.scalar(select(Patient.tz)) == "America/New_York"


def test_an_unknown_team_is_refused_naming_the_known_ones(runner, rt):
    assert runner("teams", "add", "--name", "North clinic").exit_code == 0
    result = enrol(runner, "+16175550101", "--team", "Typo clinik")
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "Typo clinik" in lines[0] and "North clinic" in lines[0], lines
    assert count(rt, Patient) == 0
    with rt.session() as s:
        assert s.scalars(select(CareTeam.name)).all() == ["North clinic"]


def test_create_team_makes_the_team(runner, rt):
    assert enrol(runner, "+16175550101", "--team", "New clinic", "--create-team").exit_code == 0
    with rt.session() as s:
        assert s.scalar(select(Patient).where(Patient.phone == "+16175550101")).team.name == "New clinic"


def test_every_problem_is_reported_at_once(runner, rt):
    result = runner("patients", "add", "--phone", "12", "--name", " ", "--tz", "EST", "--quiet", "late",
                    "--team", "Nobody")
    assert result.exit_code != 0
    line, = result.output.strip().splitlines()
    for complaint in ("phone number", "name", "EST", "quiet", "Nobody"):
        assert complaint in line


def test_a_start_in_the_past_and_a_time_in_quiet_hours_are_warned_about(runner, rt):
    enrol(runner)
    result = runner("plans", "add", "--phone", "+16175550101", "--kind", "supplement",
                    "--rrule", "FREQ=DAILY", "--start", "2020-01-01T01:31")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("Warning: ")]
    assert len(warnings) == 2, result.output
    assert "in the past" in warnings[0] and "2020-01-01" in warnings[0]
    assert "1:31 am is inside quiet hours (21:00-08:00)" in warnings[1] and "held to 08:00" in warnings[1]


def test_no_warning_for_a_good_plan(runner, rt):
    enrol(runner)
    result = runner("plans", "add", "--phone", "+16175550101", "--kind", "supplement",
                    "--rrule", "FREQ=DAILY", "--start", "2030-01-01T09:00")
    assert result.exit_code == 0 and "Warning" not in result.output, result.output


def test_plans_are_listed_in_words(runner, rt):
    enrol(runner)
    for rule, start in (("FREQ=WEEKLY;BYDAY=MO,TH", "2030-01-01T21:00"),
                        ("FREQ=MONTHLY;INTERVAL=3", "2030-12-01T10:00")):
        assert runner("plans", "add", "--phone", "+16175550101", "--kind", "supplement", "--rrule", rule,
                      "--start", start).exit_code == 0
    listing = runner("plans", "list").output
    shown = runner("patients", "show", "--phone", "+16175550101").output
    for text in (listing, shown):
        assert "Mondays and Thursdays at 9:00 pm" in text
        assert "Every 3 months on the 1st at 10:00 am" in text
        assert "FREQ=" not in text


def test_schedule_preview_refuses_a_legacy_zone(runner):
    result = runner("schedule", "preview", "--tz", "EST5EDT", "--rrule", "FREQ=DAILY", "--start", "2030-01-01T08:00")
    assert result.exit_code != 0 and "America/New_York" in result.output


def test_a_teams_zone_is_canonical(runner, rt):
    assert runner("teams", "add", "--name", "North", "--tz", "US/Eastern").exit_code != 0
    assert runner("teams", "add", "--name", "North", "--tz", "america/chicago").exit_code == 0
    with rt.session() as s:
        assert s.scalar(select(CareTeam.tz)) == "America/Chicago"
