"""PAUSE 7 through real processes: the text reaches gunicorn's webhook (at the real time), and
`reminders dispatch --once --now ...` (the real command, the real twilio SDK, the local Twilio
server) sends that patient nothing at day 3 and the due reminder after day 7, while a patient
who did not pause gets theirs."""

import secrets
from datetime import datetime, timedelta, timezone
from xml.etree import ElementTree

from tests.e2e.stack import FROM_NUMBER, SMS_PATH
from tests.twilio_server import DEFAULT_ACCOUNT_SID

PAUSING, OTHER = "+16175550101", "+16175550102"


def test_pause_7_then_dispatch_at_day_3_and_after_day_7(stack, rt):
    twilio = stack.start_twilio()
    stack.web()
    today = datetime.now(timezone.utc).date()
    for phone in (PAUSING, OTHER):
        stack.cli("patients", "add", "--phone", phone, "--name", "Ana Lima", "--tz", "UTC", "--quiet", "00:00-00:00")
        stack.cli("plans", "add", "--phone", phone, "--kind", "supplement", "--rrule", "FREQ=DAILY",
                  "--start", f"{today - timedelta(days=1)}T08:00")

    reply = {"MessageSid": "SM" + secrets.token_hex(16), "AccountSid": DEFAULT_ACCOUNT_SID,
             "From": PAUSING, "To": FROM_NUMBER, "Body": "PAUSE 7", "NumMedia": "0"}
    response = stack.post_signed(SMS_PATH, reply)
    assert response.status_code == 200, response.text
    answer = " ".join(m.text or "" for m in ElementTree.fromstring(response.content).iter("Message"))
    back = today + timedelta(days=7)
    assert "paused" in answer and f"{back:%B} {back.day}" in answer, answer
    assert f"paused by text until {back} 00:00" in stack.cli("plans", "list", "--phone", PAUSING)

    def reminders_to(phone: str) -> int:
        return sum(1 for m in twilio.messages if m["to"] == phone and m["body"].startswith("Time for your"))

    stack.cli("dispatch", "--once", "--now", f"{today + timedelta(days=3)}T08:00:00Z")
    assert reminders_to(PAUSING) == 0  # day 3: nothing
    assert reminders_to(OTHER) == 1  # the other patient's day-3 reminder did go
    stack.cli("dispatch", "--once", "--now", f"{back}T08:00:00Z")
    assert reminders_to(PAUSING) == 1  # after day 7: the due reminder
