"""`reminders patients import`: a clinic's list, every row checked before anything is written."""

from __future__ import annotations

import io
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from reminders.core.models import CareTeam, ConsentEvent, Message, Patient, Plan
from reminders.outgoing import quiet_hours
from reminders.services import patient_import

HEADER = "phone,name,tz,lang,team,quiet,dose_time,dose_days,label,blood_test_every_months,blood_test_next"
GOOD = [
    "+16175550101,Ann Smith,America/New_York,en,North clinic,21:00-08:00,08:00,daily,B12 1000 mcg,3,2027-06-15",
    '617-555-0102,Bob Jones,America/Chicago,es,,,09:30,"mon,wed,fri",,,',
]


def phones(n: int) -> list[str]:
    """n distinct valid US mobile numbers."""
    areas = ("617", "508", "781", "978", "857", "339", "413", "774", "351", "201", "212", "303")
    return [f"+1{areas[i // 10_000]}555{i % 10_000:04d}" for i in range(n)]


def count(rt, model):
    with rt.session() as session:
        return session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def north(rt):
    with rt.session() as session:
        session.add(CareTeam(name="North clinic"))


def csv_file(tmp_path, *lines, header=HEADER):
    path = tmp_path / "patients.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return str(path)


def test_a_good_list_is_enrolled_with_plans_consent_and_one_welcome_each(runner, rt, north, tmp_path):
    result = runner("patients", "import", csv_file(tmp_path, *GOOD))
    assert result.exit_code == 0, result.output
    assert "enrolled 2 patients" in result.stdout
    with rt.session() as session:
        ann = session.scalar(select(Patient).where(Patient.phone == "+16175550101"))
        bob = session.scalar(select(Patient).where(Patient.phone == "+16175550102"))
        assert ann.team.name == "North clinic" and bob.team is None
        assert (bob.lang, bob.tz) == ("es", "America/Chicago")
        assert {(p.kind, p.rrule, p.label) for p in ann.plans} == {
            ("supplement", "FREQ=DAILY", "B12 1000 mcg"), ("blood_test", "FREQ=MONTHLY;INTERVAL=3", None)}
        assert [(p.rrule, p.start_local.strftime("%H:%M")) for p in bob.plans] == [("FREQ=WEEKLY;BYDAY=MO,WE,FR", "09:30")]
        assert all(p.next_fire_at is not None for p in ann.plans + bob.plans)
        assert session.scalar(select(func.count()).select_from(ConsentEvent)) == 2
        welcomes = session.scalars(select(Message).where(Message.purpose == "welcome")).all()
        assert sorted(m.to_number for m in welcomes) == ["+16175550101", "+16175550102"]
        assert len({m.body for m in welcomes}) == 2  # each in the patient's own language
        for m in welcomes:  # through the one queue: never inside the patient's quiet hours
            p = ann if m.patient_id == ann.id else bob
            local = m.send_after.astimezone(quiet_hours.ZoneInfo(p.tz)).time()
            assert not quiet_hours.inside(local, p.quiet_start, p.quiet_end)


def test_every_bad_row_is_listed_with_its_line_and_nothing_is_written(runner, rt, north, tmp_path):
    path = csv_file(tmp_path, *GOOD,
                    "+16175550103,Cy,Mars/Base,en,,,,,,,",  # line 4
                    "+16175550101,Dup,America/New_York,en,,,,,,,",  # line 5: Ann again
                    "+16175550104,Dee,America/New_York,en,Typo clinik,,25:00,,,,",  # line 6: two problems
                    "+16175550105,Eve,America/New_York,xx,,,08:00,someday,,,")  # line 7
    result = runner("patients", "import", path)
    assert result.exit_code != 0
    lines = result.stderr.strip().splitlines()
    assert lines[:-1] == [
        "line 4: unknown time zone 'Mars/Base': use a name like America/New_York",
        "line 5: phone (617) 555-0101 is also on line 2",
        "line 6: no care team named 'Typo clinik' (known teams: North clinic); add --create-team to create it; "
        "dose_time '25:00': expected a 24-hour time, e.g. 08:00",
        "line 7: language 'xx': expected one of en, es; dose_days 'someday': expected daily, or weekdays such as mon,wed,fri",
    ]
    assert "nothing was written" in lines[-1] and "--skip-bad" in lines[-1]
    assert count(rt, Patient) == count(rt, Plan) == count(rt, Message) == count(rt, CareTeam) - 1 == 0


def test_skip_bad_writes_the_good_rows_and_lists_the_bad(runner, rt, north, tmp_path):
    path = csv_file(tmp_path, *GOOD, "12,Nobody,America/New_York,,,,,,,,")
    result = runner("patients", "import", path, "--skip-bad")
    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == "line 4: not a valid phone number: '12'"
    assert result.stdout.strip() == "enrolled 2 patients, each with a welcome text queued; 1 bad row skipped"
    assert count(rt, Patient) == 2


def test_the_summary_reads_as_words_counted_with_thousands_separated(runner, rt, north, tmp_path):
    one_bad = runner("patients", "import", csv_file(tmp_path, GOOD[0], "12,Nobody,America/New_York,,,,,,,,"))
    assert one_bad.stderr.strip().splitlines()[-1] == (
        "Error: 1 row of 2 is bad: nothing was written (correct it, or give --skip-bad to enrol the other 1)")
    rows = [f"{phone},Patient {n},America/New_York,,,,08:00,,,," for n, phone in enumerate(phones(1_200))]
    assert runner("patients", "import", csv_file(tmp_path, *rows)).stdout.strip() == (
        "enrolled 1,200 patients, each with a welcome text queued")


def test_phones_already_enrolled_are_errors(runner, rt, north, tmp_path):
    assert runner("patients", "add", "--phone", "+16175550102", "--name", "Bob", "--tz", "UTC").exit_code == 0
    result = runner("patients", "import", csv_file(tmp_path, *GOOD))
    assert result.exit_code != 0
    assert "line 3: a patient with phone (617) 555-0102 is already enrolled" in result.stderr.splitlines()
    assert count(rt, Patient) == 1


def test_optional_columns_may_be_left_out_and_team_fills_the_blanks(runner, rt, north, tmp_path):
    path = csv_file(tmp_path, "+16175550101,Ann,America/New_York", "+16175550102,Bob,Europe/Madrid",
                    header="phone,name,tz")
    result = runner("patients", "import", path, "--team", "North clinic")
    assert result.exit_code == 0, result.output
    with rt.session() as session:
        patients = session.scalars(select(Patient)).all()
        assert {p.team.name for p in patients} == {"North clinic"}
        assert {(p.lang, quiet_hours.format_range(p.quiet_start, p.quiet_end)) for p in patients} == {
            ("en", quiet_hours.DEFAULT)}
    assert count(rt, Plan) == 0


@pytest.mark.parametrize("header, complaint", [
    ("phone,name", "'tz' is missing"),
    ("phone,name,tz,colour", "unknown column 'colour'"),
    ("", "empty"),
])
def test_a_bad_header_is_one_line(runner, rt, tmp_path, header, complaint):
    path = tmp_path / "p.csv"
    path.write_text(header + ("\n+16175550101,Ann,UTC\n" if header else ""))
    result = runner("patients", "import", str(path))
    assert result.exit_code != 0
    assert len(result.stderr.strip().splitlines()) == 1 and complaint in result.stderr, result.stderr


def test_an_unknown_team_on_the_command_line_is_an_error_on_every_row(runner, rt, tmp_path):
    result = runner("patients", "import", csv_file(tmp_path, "+16175550101,Ann,UTC", header="phone,name,tz"),
                    "--team", "Typo clinik")
    assert result.exit_code != 0
    assert "line 2: no care team named 'Typo clinik'" in result.stderr
    assert count(rt, CareTeam) == 0


def test_odd_cells_are_row_errors_not_crashes(runner, rt, tmp_path):
    path = csv_file(tmp_path, "+16175550101,An\0a,UTC", "+16175550102,Bob,UTC,en,,,,,,,,,extra",
                    "+16175550103," + "x" * 300 + ",UTC", header="phone,name,tz")
    result = runner("patients", "import", path)
    assert result.exit_code != 0
    assert result.stderr.splitlines()[:3] == [
        "line 2: a cell holds a NUL character, which no field can take",
        "line 3: more cells than the header has columns",
        "line 4: name: at most 200 characters",
    ]
    assert count(rt, Patient) == 0


def test_a_past_blood_test_date_and_a_half_plan_are_refused(runner, rt, tmp_path):
    path = csv_file(tmp_path, "+16175550101,Ann,UTC,,,,,,,3,2020-01-01", "+16175550102,Bob,UTC,,,,,,,3,",
                    "+16175550103,Cy,UTC,,,,,,B12,,")
    result = runner("patients", "import", path)
    assert result.stderr.splitlines()[:3] == [
        "line 2: blood_test_next 2020-01-01: the date is in the past",
        "line 3: blood test: give both blood_test_every_months and blood_test_next",
        "line 4: dose_time: give the time of the dose (e.g. 08:00) for dose_days and label",
    ]


def test_a_long_list_reports_progress_and_spaces_the_welcomes(rt, north):
    rows = "\n".join(f"{phone},Patient {n},America/New_York,,,,08:00,,,," for n, phone in enumerate(phones(12_000)))
    stages = []
    now = datetime(2027, 3, 15, 16, 0, tzinfo=timezone.utc)  # noon in Boston: outside quiet hours
    with rt.session() as session:
        rows = patient_import.read(io.StringIO(HEADER + "\n" + rows))
        checked = patient_import.check(session, rows, now=now, progress=lambda *a: stages.append(a))
        assert not checked.errors
        patient_import.write(session, checked.rows, now=now, config=rt.config, source="test",
                             progress=lambda *a: stages.append(a))
    assert stages[0] == ("checking", 5000, 12_000) and ("checking", 12_000, 12_000) in stages
    assert stages[-1] == ("writing", 12_000, 12_000)
    with rt.session() as session:
        assert session.scalar(select(func.count()).select_from(Patient)) == 12_000
        first, last = session.execute(select(func.min(Message.send_after), func.max(Message.send_after))).one()
    # Half the sender's rate: the outbox limiter sends the rest of the reminders in the gaps.
    assert (last - first).total_seconds() == pytest.approx(11_999 * 2 / rt.config.send_rate)


def test_bad_and_repeated_phones_deep_in_a_long_list_are_reported_by_line(rt, north):
    """A long list's numbers are worked out in a second process: its errors still name their lines."""
    numbers = phones(12_000)
    numbers[7_000], numbers[11_998] = "617-555-010", "(617) 555-0003"  # numbers[3], as people write it
    rows = "\n".join(f"{phone},Patient {n},America/New_York,,,,08:00,,,," for n, phone in enumerate(numbers))
    now = datetime(2027, 3, 15, 16, 0, tzinfo=timezone.utc)
    with rt.session() as session:
        checked = patient_import.check(session, patient_import.read(io.StringIO(HEADER + "\n" + rows)), now=now)
    assert [str(e) for e in checked.errors] == [
        "line 7002: not a valid phone number: '617-555-010'",
        "line 12000: phone (617) 555-0003 is also on line 5",
    ]
    assert len(checked.rows) == 11_998


def test_create_team_creates_the_teams_named_and_zones_are_stored_canonical(runner, rt, tmp_path):
    path = csv_file(tmp_path, "+16175550101,Ann,america/new_york,West clinic", header="phone,name,tz,team")
    assert runner("patients", "import", path).exit_code != 0
    result = runner("patients", "import", path, "--create-team")
    assert result.exit_code == 0, result.output
    with rt.session() as session:
        ann = session.scalar(select(Patient))
        assert (ann.team.name, ann.tz) == ("West clinic", "America/New_York")


def test_what_is_written_reads_back_as_given_with_the_defaults_of_one_enrolment(rt, north):
    """The rows go through the driver, each distinct value converted once: the instants,
    times, flags and the columns left to their defaults must read back as the ORM writes them."""
    now = datetime(2027, 3, 15, 16, 0, 0, 123456, tzinfo=timezone.utc)
    with rt.session() as session:
        checked = patient_import.check(session, patient_import.read(io.StringIO("\n".join([HEADER, *GOOD]))), now=now)
        patient_import.write(session, checked.rows, now=now, config=rt.config, source="import", actor="nurse@clinic")
    with rt.session() as session:
        ann = session.scalar(select(Patient).where(Patient.phone == "+16175550101"))
        assert (ann.consent, ann.consent_at, ann.consent_source, ann.consent_by) == (
            "opted_in", now, "import", "nurse@clinic")
        assert (ann.created_at, ann.paused, ann.discreet, ann.paused_until, ann.question) == (
            now, False, False, None, None)
        assert (ann.quiet_start, ann.quiet_end, ann.name) == (quiet_hours.parse("21:00-08:00") + ("Ann Smith",))
        for plan in ann.plans:
            assert (plan.active, plan.created_at) == (True, now) and plan.next_fire_at.tzinfo is not None
        event = session.scalar(select(ConsentEvent).where(ConsentEvent.patient_id == ann.id))
        assert (event.consent, event.source, event.actor, event.at) == ("opted_in", "import", "nurse@clinic", now)
        welcome = session.scalar(select(Message).where(Message.patient_id == ann.id))
        assert (welcome.status, welcome.attempts, welcome.direction, welcome.send_after) == ("pending", 0, "out", now)
        assert welcome.created_at.tzinfo is not None and welcome.updated_at.tzinfo is not None
