import pytest
from sqlalchemy import func, select

from reminders.core.models import Patient, Plan


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
    enrol(runner, "(617) 555-0101", "--team", "North")
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
