"""A coordinator's one-off message, through the real processes: typed on the patient's page
served by gunicorn, sent by the clock through the real Twilio SDK to the local Twilio server.

Before queue_text wrote it, the row had no send time and the outbox never claimed it: the page
said "queued" and the text never left.
"""

import re

import requests
from sqlalchemy import select

from reminders.core.models import Message, Patient
from reminders.services import accounts
from tests.e2e.stack import wait_until

PATIENT = "+16175550177"
ADMIN, PASSWORD = "admin@clinic.example", "a long enough password"


def csrf(page: requests.Response) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page.text).group(1)


def test_one_off_message_from_the_dashboard_reaches_twilio(stack, rt):
    twilio = stack.start_twilio()
    stack.web()
    stack.clock()
    stack.cli("patients", "add", "--phone", PATIENT, "--name", "Ona Off", "--tz", "UTC",
              "--quiet", "00:00-00:00")
    with rt.session() as session:
        accounts.add_user(session, email=ADMIN, role="admin", password=PASSWORD)
        patient_id = session.scalar(select(Patient.id).where(Patient.phone == PATIENT))

    browser = requests.Session()
    login = browser.get(stack.url("/login"), timeout=10)
    signed_in = browser.post(stack.url("/login"), timeout=10, data={
        "email": ADMIN, "password": PASSWORD, "csrf_token": csrf(login)})
    assert signed_in.url.endswith("/patients"), signed_in.text
    page = browser.get(stack.url(f"/patients/{patient_id}"), timeout=10)
    sent = browser.post(stack.url(f"/patients/{patient_id}/messages"), timeout=10, data={
        "body": "Hi Ona, the clinic is closed on Friday.", "csrf_token": csrf(page)})
    assert "Message queued; it goes out with the next send." in sent.text

    def at_twilio():  # the welcome text goes out too
        return [m for m in twilio.messages if m["to"] == PATIENT and "Friday" in m["body"]]

    [text] = wait_until(at_twilio, 30, "the one-off message to reach the Twilio server", stack.logs)
    assert text["body"] == "Hi Ona, the clinic is closed on Friday."

    def recorded():  # the outbox records a batch after its sends: Twilio can have it first
        with rt.session() as session:
            row = session.scalar(select(Message).where(Message.purpose == "manual"))
            return row if row.twilio_sid else None

    row = wait_until(recorded, 30, "the outbox to record the one-off message's sid", stack.logs)
    assert row.twilio_sid == text["sid"] and row.status in ("queued", "sent", "delivered")
