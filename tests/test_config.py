import pytest

from reminders.core.config import Config, ConfigError


def test_defaults_need_no_environment():
    config = Config.from_env({})
    assert config.sms_transport == "console"
    # The README's default: instance/reminders.db under the working directory.
    assert config.database_url.startswith("sqlite:///") and config.database_url.endswith("/instance/reminders.db")


@pytest.mark.parametrize(
    "environ, variable",
    [
        ({"SMS_TRANSPORT": "carrier-pigeon"}, "SMS_TRANSPORT"),
        ({"DATABASE_URL": "mysql://localhost/x"}, "DATABASE_URL"),
        ({"CLOCK_TICK_SECONDS": "soon"}, "CLOCK_TICK_SECONDS"),
        ({"CLOCK_TICK_SECONDS": "0"}, "CLOCK_TICK_SECONDS"),
        ({"TWILIO_API_URL": "ftp://x"}, "TWILIO_API_URL"),
        ({"REMINDERS_ENV": "production"}, "SECRET_KEY"),
        ({"SMS_TRANSPORT": "twilio"}, "TWILIO_ACCOUNT_SID"),
        (
            {"SMS_TRANSPORT": "twilio", "TWILIO_ACCOUNT_SID": "AC1", "TWILIO_AUTH_TOKEN": "t"},
            "TWILIO_FROM_NUMBER",
        ),
        ({"TWILIO_VERIFY_SIGNATURES": "maybe"}, "TWILIO_VERIFY_SIGNATURES"),
        ({"OUTBOX_LEASE_SECONDS": "5"}, "OUTBOX_LEASE_SECONDS"),  # a send could outlive its lease
        ({"SMTP_URL": "mail.example.org"}, "SMTP_URL"),
        ({"SMTP_URL": "smtp://mail.example.org:twenty-five"}, "SMTP_URL"),
        ({"ESCALATE_AFTER_MINUTES": "0"}, "ESCALATE_AFTER_MINUTES"),
        ({"TRUSTED_PROXIES": "-1"}, "TRUSTED_PROXIES"),
        ({"TRUSTED_PROXIES": "one"}, "TRUSTED_PROXIES"),
        ({"INBOUND_SWEEP_SECONDS": "0"}, "INBOUND_SWEEP_SECONDS"),
    ],
)
def test_a_wrong_value_names_its_variable(environ, variable):
    with pytest.raises(ConfigError) as error:
        Config.from_env(environ)
    assert str(error.value).startswith(variable + ":")
    assert "\n" not in str(error.value)


def test_trusted_proxies_may_be_zero_none_by_default():
    assert Config.from_env({}).trusted_proxies == 0
    assert Config.from_env({"TRUSTED_PROXIES": "0"}).trusted_proxies == 0
    assert Config.from_env({"TRUSTED_PROXIES": "2"}).trusted_proxies == 2


def test_dotenv_file_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SMS_TRANSPORT", raising=False)
    # setenv first so the undo removes what load_dotenv writes into os.environ.
    monkeypatch.setenv("CLOCK_TICK_SECONDS", "30")
    monkeypatch.delenv("CLOCK_TICK_SECONDS")
    (tmp_path / ".env").write_text("CLOCK_TICK_SECONDS=5\n")
    assert Config.from_env().tick_seconds == 5


def test_production_with_secret_and_twilio_is_accepted():
    config = Config.from_env(
        {
            "REMINDERS_ENV": "production",
            "SECRET_KEY": "x" * 40,
            "SMS_TRANSPORT": "twilio",
            "TWILIO_ACCOUNT_SID": "AC123",
            "TWILIO_AUTH_TOKEN": "token",
            "TWILIO_MESSAGING_SERVICE_SID": "MG123",
            "PUBLIC_BASE_URL": "https://reminders.example.org",
            "SUPPORT_CONTACT": "help@clinic.example",
        }
    )
    assert config.sms_transport == "twilio" and not config.development


def test_the_program_names_default_and_follow_the_patients_discretion():
    config = Config.from_env({})
    assert (config.program_name, config.discreet_program_name) == ("B12 Reminders", "Clinic Reminders")
    named = Config.from_env({"PROGRAM_NAME": "North MS Texts", "DISCREET_PROGRAM_NAME": "North Clinic"})
    assert named.program_for(False) == "North MS Texts" and named.program_for(True) == "North Clinic"


@pytest.mark.parametrize(
    "environ, words",
    [
        ({"PROGRAM_NAME": "x" * 31}, "at most 30"),
        ({"PROGRAM_NAME": "Clínica"}, "not in the SMS alphabet"),  # í would make every text UCS-2
        ({"DISCREET_PROGRAM_NAME": "MS Clinic Texts"}, "must not see 'MS'"),
        ({"DISCREET_PROGRAM_NAME": "Vitamin reminders"}, "must not see 'Vitamin'"),
        ({"SUPPORT_CONTACT": "x" * 41}, "at most 40"),
        ({"REMINDERS_ENV": "production", "SECRET_KEY": "x" * 40, "SMS_TRANSPORT": "twilio", "TWILIO_ACCOUNT_SID": "AC1",
          "TWILIO_AUTH_TOKEN": "t", "TWILIO_FROM_NUMBER": "+15005550006", "PUBLIC_BASE_URL": "https://x.example"},
         "required in production with Twilio"),
    ],
)
def test_names_and_contact_that_would_spoil_a_text_are_refused(environ, words):
    with pytest.raises(ConfigError) as error:
        Config.from_env(environ)
    variable = next(name for name in ("SUPPORT_CONTACT", "DISCREET_PROGRAM_NAME", "PROGRAM_NAME") if name in str(error.value))
    assert str(error.value).startswith(variable + ":") and words in str(error.value)


def test_smtp_and_escalation_settings():
    config = Config.from_env({"SMTP_URL": "smtps://alerts:pa55@mail.example.org", "ESCALATE_AFTER_MINUTES": "5"})
    assert (config.smtp_url, config.escalate_after_minutes) == ("smtps://alerts:pa55@mail.example.org", 5)
    assert Config.from_env({}).escalate_after_minutes == 15


def test_a_bad_smtp_url_does_not_show_its_password():
    with pytest.raises(ConfigError) as refused:
        Config.from_env({"SMTP_URL": "http://alerts:pa55@mail.example.org"})
    assert "pa55" not in str(refused.value) and "***" in str(refused.value)
