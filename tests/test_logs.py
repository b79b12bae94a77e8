"""One structured line per send and per reply: SIDs yes, bodies and full numbers never."""

import io
import logging

import pytest

from reminders.app import create_app
from reminders.core.logs import LogfmtFormatter
from reminders.outgoing import clock
from reminders.outgoing.transports import make_transport
from tests.scheduling_helpers import at, enrol, messages
from tests.signing import AUTH_TOKEN, PUBLIC_BASE_URL, post_signed

PHONE = "+16175550101"


@pytest.fixture
def log_lines():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(LogfmtFormatter())
    loggers = [logging.getLogger(name) for name in ("reminders", "webhooks")]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    yield lambda: stream.getvalue().splitlines()
    for logger in loggers:
        logger.removeHandler(handler)


def test_a_send_is_one_line_with_its_sid_and_no_body_or_number(rt, twilio_server, log_lines):
    rt.config = rt.config.with_overrides(
        sms_transport="twilio", twilio_account_sid=twilio_server.account_sid,
        twilio_auth_token=twilio_server.auth_token, twilio_from_number="+15005550006",
        twilio_api_url=twilio_server.url, public_base_url=PUBLIC_BASE_URL,
    )
    enrol(rt, start="2027-03-10T08:00")
    clock.tick(rt, make_transport(rt.config), now=at("2027-03-10T08:00", "America/New_York"))
    [sent] = messages(rt)
    lines = [line for line in log_lines() if "event=sent" in line]
    assert len(lines) == 1
    assert f"sid={sent.twilio_sid}" in lines[0] and "to=+16*****0101" in lines[0]
    assert PHONE not in "\n".join(log_lines()) and sent.body.split("\n")[0] not in "\n".join(log_lines())


def test_a_reply_is_logged_without_its_words_or_the_number(config, rt, log_lines):
    enrol(rt)
    client = create_app(config.with_overrides(twilio_auth_token=AUTH_TOKEN, public_base_url=PUBLIC_BASE_URL)).test_client()
    form = {"MessageSid": "SMlog1", "From": PHONE, "To": "+15005550006", "Body": "my tingling is 6 today"}
    assert post_signed(client, "/webhooks/twilio/sms", form).status_code == 200
    text = "\n".join(log_lines())
    assert "event=received" in text and "sid=SMlog1" in text
    assert "event=reply_handled" in text and "intents=symptom" in text
    assert "tingling is 6" not in text and PHONE not in text
