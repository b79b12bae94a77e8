"""`reminders doctor` says what is wrong in plain words, and exits non-zero when anything is."""

from datetime import timedelta

from reminders.core.db import utcnow
from reminders.outgoing import clock
from reminders.services.doctor import examine
from tests.databases import fresh_database


def env(database_url, **extra):
    return {"DATABASE_URL": database_url, "REMINDERS_ENV": "test", **extra}


def lines(findings):
    return [str(f) for f in findings]


def test_a_healthy_deployment_is_all_ok(rt, database_url, twilio_server):
    clock.beat(rt, "clock", utcnow(), "0 occurrence(s)")
    findings = examine(env(
        database_url, SMS_TRANSPORT="twilio", TWILIO_ACCOUNT_SID=twilio_server.account_sid,
        TWILIO_AUTH_TOKEN=twilio_server.auth_token, TWILIO_FROM_NUMBER="+15005550006",
        TWILIO_API_URL=twilio_server.url, PUBLIC_BASE_URL="https://reminders.example.org",
    ))
    assert all(f.ok for f in findings), lines(findings)
    assert [f.topic for f in findings] == ["configuration", "database", "twilio", "clock", "outbox", "inbox"]


def test_wrong_twilio_token_is_named(rt, database_url, twilio_server):
    findings = examine(env(
        database_url, SMS_TRANSPORT="twilio", TWILIO_ACCOUNT_SID=twilio_server.account_sid,
        TWILIO_AUTH_TOKEN="wrong", TWILIO_FROM_NUMBER="+15005550006",
        TWILIO_API_URL=twilio_server.url, PUBLIC_BASE_URL="https://reminders.example.org",
    ))
    twilio = next(f for f in findings if f.topic == "twilio")
    assert not twilio.ok and "auth token is wrong" in twilio.words


def test_a_stopped_clock_and_an_unmigrated_database_are_named(rt, database_url):
    clock.beat(rt, "clock", utcnow() - timedelta(hours=3), "")
    stale = next(f for f in examine(env(database_url)) if f.topic == "clock")
    assert not stale.ok and "3 h ago" in stale.words and "reminders clock" in stale.words
    with fresh_database() as empty:
        database = next(f for f in examine(env(empty)) if f.topic == "database")
        assert not database.ok and "reminders db upgrade" in database.words


def test_bad_configuration_and_unreachable_database(runner):
    assert "DATABASE_URL" in str(examine({"DATABASE_URL": "mysql://x"})[0])
    unreachable = examine(env("postgresql+psycopg://nobody@127.0.0.1:1/none"))
    assert not unreachable[1].ok and "cannot connect" in unreachable[1].words


def test_the_command_exits_non_zero_when_something_is_wrong(runner):
    result = runner("doctor")
    assert result.exit_code == 1
    assert "FAIL  clock: has never ticked" in result.output


def _team(rt, **contacts):
    from reminders.core.models import CareTeam
    from reminders.core.staff import User

    with rt.session() as s:
        s.add(CareTeam(name="North", **contacts))
        s.add(User(email="admin@clinic.example", role="admin", password_hash="x"))


def test_a_team_with_no_on_call_contact_is_named(rt, database_url):
    _team(rt, contact_phone="+16175550100")
    findings = examine(env(database_url, PUBLIC_BASE_URL="https://reminders.example.org"))
    on_call = next(f for f in findings if f.topic == "on-call North")
    assert not on_call.ok and "no on-call phone or e-mail" in on_call.words
    assert "patients are not told anyone was alerted" in on_call.words


def test_on_call_contacts_and_a_reachable_mail_server_are_ok(rt, database_url, smtp_server):
    _team(rt, on_call_phone="+16175550199", backup_email="backup@north.example")
    findings = examine(env(database_url, PUBLIC_BASE_URL="https://reminders.example.org", SMTP_URL=smtp_server.url))
    on_call = next(f for f in findings if f.topic == "on-call North")
    assert on_call.ok and "+16175550199" in on_call.words and "backup@north.example" in on_call.words
    mail = next(f for f in findings if f.topic == "e-mail")
    assert mail.ok and "127.0.0.1 answers" in mail.words


def test_a_missing_or_unreachable_mail_server_is_named(rt, database_url):
    from tests.smtp_server import SmtpServer

    _team(rt, on_call_email="oncall@north.example")
    unset = next(f for f in examine(env(database_url)) if f.topic == "e-mail")
    assert not unset.ok and "SMTP_URL is not set" in unset.words
    with SmtpServer() as stopped:
        url = stopped.url  # nothing listens there once it stops
    down = next(f for f in examine(env(database_url, SMTP_URL=url)) if f.topic == "e-mail")
    assert not down.ok and "cannot reach 127.0.0.1" in down.words and "SMTP_URL" in down.words
