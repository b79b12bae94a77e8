"""`reminders export` and reminders.services.export: every logged event, in UTC and patient-local time."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

from reminders.core.models import (
    INBOUND,
    OUTBOUND,
    ConsentEvent,
    DoseEvent,
    Flag,
    LabResult,
    Message,
    SymptomReport,
)
from reminders.services import enrolment

UTC = timezone.utc


def _history(rt):
    """One patient in New York with one of each kind of event on 2027-03-14/15."""
    with rt.session() as s:
        p = enrolment.add_patient(s, phone="+16175550101", name="Ana", tz="America/New_York", team="North", create_team=True, welcome=False)
        other = enrolment.add_patient(s, phone="+13125550122", name="Bo", tz="America/Chicago", team="South", create_team=True, welcome=False)
        s.flush()
        # Enrolment wrote a consent event "now"; pin it to a known time.
        for c in s.query(ConsentEvent):
            c.at = datetime(2027, 3, 1, 12, 0, tzinfo=UTC)
        out = Message(patient_id=p.id, direction=OUTBOUND, purpose="reminder", status="delivered",
                      body="Time for your B12", to_number=p.phone, created_at=datetime(2027, 3, 14, 13, 0, tzinfo=UTC),
                      send_after=datetime(2027, 3, 14, 13, 0, tzinfo=UTC))
        reply = Message(patient_id=p.id, direction=INBOUND, purpose="reply", status="received",
                        body="=taken, tingling 6, B12 320", from_number=p.phone,
                        created_at=datetime(2027, 3, 14, 13, 20, tzinfo=UTC))
        s.add_all([out, reply, Message(patient_id=other.id, direction=INBOUND, purpose="reply", status="received",
                                       body="hola", created_at=datetime(2027, 3, 14, 15, 0, tzinfo=UTC))])
        s.flush()
        at = datetime(2027, 3, 14, 13, 20, tzinfo=UTC)
        s.add_all([
            DoseEvent(patient_id=p.id, outcome="taken", message_id=reply.id, at=at),
            SymptomReport(patient_id=p.id, symptom="tingling", severity=6, message_id=reply.id, at=at),
            LabResult(patient_id=p.id, test="b12", value=320, unit=None, message_id=reply.id, at=at),
            Flag(patient_id=p.id, reason="red_flag", level="urgent", detail="x", message_id=reply.id,
                 created_at=datetime(2027, 3, 15, 2, 0, tzinfo=UTC)),
        ])
        return p.id


def test_json_export_of_one_patient(runner, rt):
    pid = _history(rt)
    result = runner("export", "--format", "json", "--phone", "(617) 555-0101")
    assert result.exit_code == 0, result.output
    events = json.loads(result.output)
    assert [e["kind"] for e in events] == ["consent", "message_out", "message_in", "dose", "symptom", "lab", "flag"]
    assert {e["patient_id"] for e in events} == {pid}
    dose = events[3]
    assert dose["at_utc"] == "2027-03-14T13:20:00Z"
    assert dose["at_local"] == "2027-03-14T09:20:00-04:00"  # New York, daylight time from March 14
    assert dose["fields"]["outcome"] == "taken"
    assert dose["source_text"] == "=taken, tingling 6, B12 320"  # the reply it came from
    assert events[5]["fields"] == {"test": "b12", "value": 320.0, "unit": None}
    assert events[6]["at_local"] == "2027-03-14T22:00:00-04:00"
    assert events[1]["fields"]["body"] == "Time for your B12" and events[1]["source_text"] is None


def test_csv_export_with_since_covers_everyone(runner, rt):
    _history(rt)
    result = runner("export", "--format", "csv", "--since", "2027-03-14")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["kind"] for r in rows] == ["message_out", "message_in", "dose", "symptom", "lab", "flag", "message_in"]
    assert rows[-1]["phone"] == "+13125550122" and rows[-1]["at_local"] == "2027-03-14T10:00:00-05:00"
    # A text that looks like a formula is kept as text in spreadsheets.
    assert rows[1]["source_text"] == "'=taken, tingling 6, B12 320"
    assert (rows[3]["symptom"], rows[3]["severity"]) == ("tingling", "6")


def test_export_until_and_bad_input(runner, rt):
    _history(rt)
    result = runner("export", "--format", "json", "--since", "2027-03-14", "--until", "2027-03-15")
    assert "flag" not in [e["kind"] for e in json.loads(result.output)]
    bad = runner("export", "--since", "last tuesday")
    assert bad.exit_code != 0 and "not a date" in bad.output
    unknown = runner("export", "--phone", "+16175550199")
    assert unknown.exit_code != 0 and "no patient with phone" in unknown.output


def test_csv_has_one_column_per_field_not_json_in_a_cell(runner, rt):
    _history(rt)
    result = runner("export", "--format", "csv", "--phone", "+16175550101")
    assert result.exit_code == 0, result.output
    reader = csv.DictReader(io.StringIO(result.output))
    rows = list(reader)
    assert "fields" not in reader.fieldnames
    by_kind = {r["kind"]: r for r in rows}
    assert by_kind["dose"]["outcome"] == "taken" and by_kind["dose"]["unscheduled"] == "false"
    assert (by_kind["lab"]["test"], by_kind["lab"]["value"], by_kind["lab"]["unit"]) == ("b12", "320.0", "")
    assert by_kind["message_out"]["body"] == "Time for your B12" and by_kind["message_out"]["status"] == "delivered"
    assert (by_kind["flag"]["reason"], by_kind["flag"]["level"]) == ("red_flag", "urgent")
    assert by_kind["consent"]["consent"] == "opted_in"
    assert not any(cell.startswith("{") for r in rows for cell in r.values() if cell)


def test_every_field_of_every_kind_has_its_csv_column(runner, rt):
    """JSON and CSV say the same: no field of the JSON export is missing from the CSV's columns."""
    _history(rt)
    events = json.loads(runner("export", "--format", "json").output)
    header = next(csv.reader(io.StringIO(runner("export", "--format", "csv").output)))
    for e in events:
        for name, value in e["fields"].items():
            column = {"phone": "caregiver_phone"}.get(name, name)
            assert column in header, (e["kind"], name)


def _doses(rt):
    """Ana (New York): 3 taken, 1 skipped, 1 missed in 2027-03-10..14, an extra report, and one
    dose on the 15th at 01:00 UTC, still the 14th in New York. Bo (Chicago): no dose due."""
    with rt.session() as s:
        ana = enrolment.add_patient(s, phone="+16175550101", name="Ana", tz="America/New_York", welcome=False)
        enrolment.add_patient(s, phone="+13125550122", name="=Bo", tz="America/Chicago", welcome=False)
        s.flush()
        day = lambda d, h=13: datetime(2027, 3, d, h, 0, tzinfo=UTC)  # noqa: E731
        s.add_all([DoseEvent(patient_id=ana.id, outcome=o, at=at, occurrence_at=at) for o, at in [
            ("taken", day(10)), ("taken", day(11)), ("skipped", day(12)), ("missed", day(13)), ("taken", day(15, 1)),
            ("taken", day(9)),  # before the range
        ]])
        s.add(DoseEvent(patient_id=ana.id, outcome="taken", at=day(12, 20), unscheduled=True))
        return ana.id


def test_adherence_summary_per_patient_counts_as_the_visit_report_does(runner, rt):
    ana_id = _doses(rt)
    result = runner("export", "--format", "adherence", "--since", "2027-03-10", "--until", "2027-03-15")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["name"], r["scheduled"], r["taken"], r["skipped"], r["missed"], r["percent_taken"]) for r in rows] == [
        ("Ana", "5", "3", "1", "1", "60.0"), ("'=Bo", "0", "0", "0", "0", "")]
    assert (rows[0]["from"], rows[0]["to"]) == ("2027-03-10", "2027-03-14")  # --until is not included
    from reminders.services import report_data

    with rt.session() as s:
        report = report_data.gather(s, s.get(report_data.Patient, ana_id),
                                    report_data.Period.parse("2027-03-10", "2027-03-14"), datetime.now(UTC), "B12")
    assert report.doses == {"taken": 3, "skipped": 1, "missed": 1}


def test_adherence_of_one_patient_and_a_bad_range(runner, rt):
    _doses(rt)
    one = runner("export", "--format", "adherence", "--phone", "+13125550122", "--since", "2027-03-01",
                 "--until", "2027-04-01")
    assert [r["phone"] for r in csv.DictReader(io.StringIO(one.output))] == ["+13125550122"]
    bad = runner("export", "--format", "adherence", "--since", "2027-03-10", "--until", "2027-03-10")
    assert bad.exit_code != 0 and len(bad.output.strip().splitlines()) == 1 and "after" in bad.output
