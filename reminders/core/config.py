"""Configuration, read from the environment in one place (12-factor).

Every setting is parsed and checked here, at start-up, so a wrong value fails
with one line naming the variable instead of surfacing later mid-send.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Mapping
from urllib.parse import urlparse

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)
from dotenv import load_dotenv

from reminders.core.discretion import mentions_sensitive

ENVIRONMENTS = ("development", "test", "production")
TRANSPORTS = ("console", "twilio")
# Names and the contact ride in texts that must stay within two segments.
MAX_PROGRAM_NAME = 30
MAX_SUPPORT_CONTACT = 40


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


def default_database_url() -> str:
    return f"sqlite:///{Path.cwd() / 'instance' / 'reminders.db'}"


@dataclass(frozen=True)
class Config:
    env: str = "development"
    database_url: str = field(default_factory=default_database_url)
    secret_key: str | None = None
    sms_transport: str = "console"
    twilio_account_sid: str | None = None
    twilio_auth_token: str | None = None
    twilio_from_number: str | None = None
    twilio_messaging_service_sid: str | None = None
    twilio_api_url: str = "https://api.twilio.com"
    public_base_url: str | None = None
    default_region: str = "US"
    # The clock's tick interval and the outbox policies (see reminders/dispatch).
    tick_seconds: int = 30
    send_rate: float = 1.0  # messages per second per sender (US long code: ~1)
    http_timeout: float = 10.0
    validity_period: int = 3600  # seconds Twilio may queue a reminder before dropping it
    grace_minutes: int = 120  # an occurrence older than this after downtime is missed, not sent
    nudge_minutes: int = 120  # unanswered dose reminder -> one follow-up after this
    lead_days: int = 3  # blood-test "due in N days" text
    lease_seconds: int = 120  # a claimed outbox row returns to the pool after this
    clock_sends: bool = True  # false when `reminders worker` processes do the sending
    verify_signatures: bool = True
    auto_replies_per_hour: int = 10
    # The name every text to a patient carries, and the neutral one discreet patients see.
    program_name: str = "B12 Reminders"
    discreet_program_name: str = "Clinic Reminders"
    # Who a patient can reach for help when their care team has no phone (carriers require one).
    support_contact: str | None = None
    # Urgent flags: e-mail to on-call staff, and how long before an unacknowledged one escalates.
    smtp_url: str | None = None  # smtp://host:port, smtps://user:pass@host
    smtp_from: str = "b12-reminders@localhost"
    escalate_after_minutes: int = 15
    sweep_after_seconds: int = 60  # an inbound text not interpreted after this is the clock's to interpret
    trusted_proxies: int = 0  # reverse proxies in front of the web process (werkzeug's ProxyFix)

    @property
    def development(self) -> bool:
        return self.env == "development"

    def program_for(self, discreet: bool) -> str:
        """The program name a patient sees: the neutral one when they asked for discretion."""
        return self.discreet_program_name if discreet else self.program_name

    def with_overrides(self, **changes) -> "Config":
        return replace(self, **changes).validated()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, dotenv: bool = True) -> "Config":
        if environ is None:
            if dotenv:
                load_dotenv(Path.cwd() / ".env", override=False)
            environ = os.environ
        values = {}
        for f in fields(cls):
            raw = environ.get(_ENV_NAMES.get(f.name, f.name.upper()))
            if raw is None or raw.strip() == "":
                continue
            values[f.name] = _parse(f.name, raw.strip())
        return cls(**values).validated()

    def validated(self) -> "Config":
        _check_choice("REMINDERS_ENV", self.env, ENVIRONMENTS)
        _check_choice("SMS_TRANSPORT", self.sms_transport, TRANSPORTS)
        _check_database_url(self.database_url)
        _check_url("TWILIO_API_URL", self.twilio_api_url)
        if self.public_base_url:
            _check_url("PUBLIC_BASE_URL", self.public_base_url)
        if self.smtp_url:
            _check_smtp_url(self.smtp_url)
        if not self.development and self.env != "test" and not self.secret_key:
            raise ConfigError("SECRET_KEY: required outside development (set a long random value)")
        if self.sms_transport == "twilio":
            _check_twilio(self)
        if self.lease_seconds <= self.http_timeout:
            raise ConfigError(
                "OUTBOX_LEASE_SECONDS: must be longer than TWILIO_HTTP_TIMEOUT "
                "(a send must end while its row is still leased)"
            )
        if not self.verify_signatures and self.sms_transport != "console":
            raise ConfigError("TWILIO_VERIFY_SIGNATURES: may be off only with SMS_TRANSPORT=console")
        _check_names(self)
        return self


_ENV_NAMES = {
    "env": "REMINDERS_ENV",
    "default_region": "DEFAULT_PHONE_REGION",
    "tick_seconds": "CLOCK_TICK_SECONDS",
    "send_rate": "SEND_RATE_PER_SECOND",
    "http_timeout": "TWILIO_HTTP_TIMEOUT",
    "validity_period": "TWILIO_VALIDITY_PERIOD",
    "grace_minutes": "DISPATCH_GRACE_MINUTES",
    "nudge_minutes": "DOSE_NUDGE_MINUTES",
    "lead_days": "BLOOD_TEST_LEAD_DAYS",
    "lease_seconds": "OUTBOX_LEASE_SECONDS",
    "verify_signatures": "TWILIO_VERIFY_SIGNATURES",
    "clock_sends": "CLOCK_SENDS",
    "auto_replies_per_hour": "AUTO_REPLIES_PER_HOUR",
    "sweep_after_seconds": "INBOUND_SWEEP_SECONDS",
    "trusted_proxies": "TRUSTED_PROXIES",
}
# Settings for which 0 means something (no proxy); every other number must be positive.
_ZERO_ALLOWED = {"trusted_proxies"}


def env_name(attr: str) -> str:
    return _ENV_NAMES.get(attr, attr.upper())


def _parse(name: str, raw: str):
    kind = Config.__dataclass_fields__[name].type
    if "int" in kind or "float" in kind:
        number = _number(name, raw, float if "float" in kind else int)
        if number < 0 or (number == 0 and name not in _ZERO_ALLOWED):
            least = "0 or more" if name in _ZERO_ALLOWED else "greater than 0"
            raise ConfigError(f"{env_name(name)}: must be {least}, got {raw!r}")
        return number
    if "bool" in kind:
        lowered = raw.lower()
        if lowered in ("1", "true", "yes", "on"):
            return True
        if lowered in ("0", "false", "no", "off"):
            return False
        raise ConfigError(f"{env_name(name)}: expected true or false, got {raw!r}")
    if name == "default_region":
        return raw.upper()
    return raw


def _number(name: str, raw: str, cast):
    try:
        return cast(raw)
    except ValueError:
        raise ConfigError(f"{env_name(name)}: expected a number, got {raw!r}") from None


def _check_choice(var: str, value: str, choices: tuple[str, ...]) -> None:
    if value not in choices:
        raise ConfigError(f"{var}: expected one of {', '.join(choices)}, got {value!r}")


def _check_url(var: str, value: str) -> None:
    parsed = urlparse(value)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ConfigError(f"{var}: expected an http(s) URL, got {value!r}")


def _check_smtp_url(value: str) -> None:
    parsed = urlparse(value)
    if parsed.scheme not in ("smtp", "smtps") or not parsed.hostname:
        raise ConfigError(f"SMTP_URL: expected smtp://host:port or smtps://user:pass@host, got {_no_password(value)!r}")
    try:
        parsed.port
    except ValueError:
        raise ConfigError(f"SMTP_URL: the port is not a number in {_no_password(value)!r}") from None


def _no_password(url: str) -> str:
    parsed = urlparse(url)
    if parsed.password is None:
        return url
    return url.replace(f":{parsed.password}@", ":***@", 1)


def _check_database_url(value: str) -> None:
    scheme = value.split(":", 1)[0]
    if not (scheme.startswith("sqlite") or scheme.startswith("postgresql")):
        raise ConfigError(
            f"DATABASE_URL: expected sqlite:///PATH or postgresql+psycopg://..., got {value!r}"
        )


def _check_text(var: str, value: str, longest: int) -> None:
    """A value that goes into texts: short, and in the SMS alphabet (else every text is UCS-2)."""
    if not value.strip():
        raise ConfigError(f"{var}: must not be empty")
    if len(value) > longest:
        raise ConfigError(f"{var}: at most {longest} characters, got {len(value)}")
    try:
        value.encode("gsm03.38")
    except UnicodeEncodeError as error:
        raise ConfigError(f"{var}: {value[error.start]!r} is not in the SMS alphabet (GSM-7); "
                          "use plain letters") from None


def _check_names(config: Config) -> None:
    _check_text("PROGRAM_NAME", config.program_name, MAX_PROGRAM_NAME)
    _check_text("DISCREET_PROGRAM_NAME", config.discreet_program_name, MAX_PROGRAM_NAME)
    sensitive = mentions_sensitive(config.discreet_program_name)
    if sensitive:
        raise ConfigError(f"DISCREET_PROGRAM_NAME: discreet patients must not see {', '.join(sensitive)!r}; "
                          "choose a neutral name")
    if config.support_contact is not None:
        _check_text("SUPPORT_CONTACT", config.support_contact, MAX_SUPPORT_CONTACT)
    elif config.env == "production" and config.sms_transport == "twilio":
        raise ConfigError("SUPPORT_CONTACT: required in production with Twilio (a phone, e-mail or web "
                          "address carriers require in HELP texts when a care team has no phone)")


def _check_twilio(config: Config) -> None:
    for attr in ("twilio_account_sid", "twilio_auth_token"):
        if not getattr(config, attr):
            raise ConfigError(f"{env_name(attr)}: required when SMS_TRANSPORT=twilio")
    if not (config.twilio_from_number or config.twilio_messaging_service_sid):
        raise ConfigError(
            "TWILIO_FROM_NUMBER: required when SMS_TRANSPORT=twilio "
            "(or set TWILIO_MESSAGING_SERVICE_SID)"
        )
    if not config.public_base_url:
        raise ConfigError(
            "PUBLIC_BASE_URL: required when SMS_TRANSPORT=twilio "
            "(Twilio signs and calls back the public URL)"
        )
