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
    ],
)
def test_a_wrong_value_names_its_variable(environ, variable):
    with pytest.raises(ConfigError) as error:
        Config.from_env(environ)
    assert str(error.value).startswith(variable + ":")
    assert "\n" not in str(error.value)


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
        }
    )
    assert config.sms_transport == "twilio" and not config.development
