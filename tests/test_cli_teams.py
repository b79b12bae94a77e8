"""`reminders teams add|update|list`: care teams and who is on call for them."""

from __future__ import annotations

from sqlalchemy import select

from reminders.core.models import CareTeam


def team(rt, name="North clinic") -> CareTeam:
    with rt.session() as s:
        return s.scalar(select(CareTeam).where(CareTeam.name == name))


def test_add_a_team_with_every_contact(runner, rt):
    result = runner("teams", "add", "--name", "North clinic", "--phone", "(617) 555-0100",
                    "--on-call-phone", "617-555-0199", "--on-call-email", "OnCall@North.example",
                    "--backup-phone", "+16175550198", "--backup-email", "backup@north.example")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "added team North clinic"
    north = team(rt)
    assert (north.contact_phone, north.on_call_phone, north.on_call_email, north.backup_phone, north.backup_email) == (
        "+16175550100", "+16175550199", "oncall@north.example", "+16175550198", "backup@north.example")


def test_update_changes_only_what_is_given_and_an_empty_value_clears(runner, rt):
    runner("teams", "add", "--name", "North clinic", "--on-call-phone", "+16175550199",
           "--backup-email", "backup@north.example")
    result = runner("teams", "update", "--name", "North clinic", "--on-call-email", "night@north.example",
                    "--backup-email", "")
    assert result.exit_code == 0, result.output
    north = team(rt)
    assert (north.on_call_phone, north.on_call_email, north.backup_email) == (
        "+16175550199", "night@north.example", None)
    assert "warning: North clinic has no backup contact" in result.output


def test_list_shows_each_team_its_patients_and_contacts(runner, rt):
    runner("teams", "add", "--name", "North clinic", "--on-call-phone", "+16175550199")
    runner("teams", "add", "--name", "South clinic")
    runner("patients", "add", "--phone", "+16175550101", "--name", "Ana", "--tz", "UTC", "--team", "North clinic")
    listing = runner("teams", "list").output
    assert "North clinic  (1 patient)" in listing and "South clinic  (0 patients)" in listing
    assert "on-call phone   +16175550199" in listing and "on-call e-mail  -" in listing


def test_without_an_on_call_contact_it_warns(runner, rt):
    result = runner("teams", "add", "--name", "South clinic")
    assert result.exit_code == 0
    assert "warning: South clinic has no on-call phone or e-mail" in result.output


def test_refusals_are_one_line_and_write_nothing(runner, rt):
    cases = [
        (("teams", "add", "--name", "North", "--on-call-phone", "12"), "on-call phone: not a valid phone number"),
        (("teams", "add", "--name", "North", "--backup-email", "nope"), "backup e-mail: not an email address"),
        (("teams", "add", "--name", "x" * 101), "team name: at most 100 characters"),
        (("teams", "update", "--name", "Nowhere", "--phone", "+16175550100"), "no care team named 'Nowhere'"),
    ]
    for args, words in cases:
        result = runner(*args)
        assert result.exit_code != 0 and words in result.output, (args, result.output)
        assert len(result.output.strip().splitlines()) == 1
    runner("teams", "add", "--name", "North")
    again = runner("teams", "add", "--name", "North")
    assert again.exit_code != 0 and "already exists" in again.output
    with rt.session() as s:
        assert s.scalars(select(CareTeam.name)).all() == ["North"]


def test_office_hours_and_their_zone(runner, rt):
    result = runner("teams", "add", "--name", "North clinic", "--on-call-phone", "+16175550199",
                    "--hours", "mon-fri 8:00-17:00", "--tz", "America/New_York")
    assert result.exit_code == 0, result.output
    assert (team(rt).hours, team(rt).tz) == ("Mon-Fri 08:00-17:00", "America/New_York")
    bad = runner("teams", "update", "--name", "North clinic", "--hours", "weekdays")
    assert bad.exit_code != 0 and "Error: office hours 'weekdays': expected days and times" in bad.output
    zone = runner("teams", "update", "--name", "North clinic", "--tz", "Mars/Olympus")
    assert zone.exit_code != 0 and "time zone: unknown time zone" in zone.output
    assert "office hours    Mon-Fri 08:00-17:00" in runner("teams", "list").output


def test_a_teams_tip_cadence_is_the_default_of_its_patients(runner, rt):
    assert runner("teams", "add", "--name", "North clinic", "--tips", "weekly").exit_code == 0
    assert team(rt).tip_cadence == "weekly"
    runner("patients", "add", "--phone", "+16175550101", "--name", "Ana", "--tz", "America/New_York",
           "--team", "North clinic")
    shown = runner("patients", "show", "--phone", "+16175550101").output
    assert "tips      weekly (the team's)" in shown
    assert runner("teams", "update", "--name", "North clinic", "--tips", "never").exit_code == 0
    assert team(rt).tip_cadence == "never"
    assert "tips            never" in runner("teams", "list").output
    refused = runner("teams", "update", "--name", "North clinic", "--tips", "hourly")
    assert refused.exit_code != 0 and team(rt).tip_cadence == "never"
