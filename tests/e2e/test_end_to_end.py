"""One patient, all the way through real processes.

Enrolled with the command line; the clock process sends the reminder through
the real Twilio SDK to the local Twilio-compatible server, which calls back
gunicorn with signed delivery statuses; the patient's signed reply reaches the
webhook served by gunicorn; the export shows what the reply recorded.
"""

import json
import secrets
import time
from datetime import timedelta
from xml.etree import ElementTree

from sqlalchemy import select

from reminders.core.db import utcnow
from reminders.core.models import Message, MessageEvent
from tests.e2e.stack import (
    FROM_NUMBER,
    SMS_PATH,
    seed_due_plans,
    status_counts,
    wait_until,
)
from tests.twilio_server import DEFAULT_ACCOUNT_SID

PATIENT = "+16175550101"
START_AHEAD = 12  # seconds, at least


def delivered_reminder(rt) -> Message | None:
    """The reminder once it is delivered and both callbacks are on its record."""
    with rt.session() as session:
        row = session.scalar(select(Message).where(Message.purpose == "reminder"))
        if row is None or row.status != "delivered":
            return None
        events = session.scalars(select(MessageEvent.status).where(MessageEvent.message_id == row.id))
        return row if {"sent", "delivered"} <= set(events) else None


def reminder_state(rt) -> str:
    """What the database holds of the reminder, for a failure's message."""
    with rt.session() as session:
        row = session.scalar(select(Message).where(Message.purpose == "reminder"))
        events = session.execute(select(MessageEvent.twilio_sid, MessageEvent.message_id, MessageEvent.status)).all()
    return f"reminder: {row and (row.status, row.twilio_sid)}; events: {events}"


def test_reminder_out_reply_in_export_shows_dose_and_symptom(stack, rt):
    twilio = stack.start_twilio(callbacks=True)
    stack.web()
    stack.clock()

    began = time.monotonic()
    stack.cli("patients", "add", "--phone", PATIENT, "--name", "Ana Lima", "--tz", "UTC",
              "--quiet", "00:00-00:00")
    # `plans add` takes the first fire after its own "now", and on a loaded machine a command
    # takes seconds just to start: the start is three times as far ahead as the last command
    # took (at least START_AHEAD), and the wait runs from the start, not from a fixed delay.
    ahead = max(START_AHEAD, 3 * (time.monotonic() - began))
    start_at = (utcnow() + timedelta(seconds=ahead)).replace(microsecond=0)
    start = start_at.strftime("%Y-%m-%dT%H:%M:%S")
    added = stack.cli("plans", "add", "--phone", PATIENT, "--kind", "supplement",
                      "--rrule", "FREQ=DAILY", "--start", start, "--label", "B12 1000 mcg")
    assert f"({start[:16]}Z)" in added, f"the first dose is not the one asked for: {added}"

    # The clock sends it through the SDK; the server calls back "sending", "sent", then "delivered".
    delivered = wait_until(lambda: delivered_reminder(rt), (start_at - utcnow()).total_seconds() + 60,
                           "the reminder to be sent and reported sent, then delivered",
                           lambda: f"{reminder_state(rt)}\n{stack.logs()}")
    [at_twilio] = [m for m in twilio.messages if m["sid"] == delivered.twilio_sid]
    assert at_twilio["to"] == PATIENT and at_twilio["from"] == FROM_NUMBER
    assert at_twilio["body"] == delivered.body and "B12 1000 mcg" in delivered.body

    # The patient answers; Twilio posts it, signed, to the webhook gunicorn serves.
    reply = {"MessageSid": "SM" + secrets.token_hex(16), "AccountSid": DEFAULT_ACCOUNT_SID,
             "From": PATIENT, "To": FROM_NUMBER, "Body": "took it, tingling 4", "NumMedia": "0"}
    response = stack.post_signed(SMS_PATH, reply)
    assert response.status_code == 200, response.text
    answer = " ".join(m.text or "" for m in ElementTree.fromstring(response.content).iter("Message"))
    assert "4/10" in answer

    log = json.loads(stack.cli("export", "--format", "json", "--phone", PATIENT))
    [dose] = [e for e in log if e["kind"] == "dose"]
    assert dose["fields"]["outcome"] == "taken"
    assert dose["fields"]["occurrence_at"] == delivered.occurrence_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert dose["source_text"] == "took it, tingling 4"
    [symptom] = [e for e in log if e["kind"] == "symptom"]
    assert symptom["fields"] == {"symptom": "tingling", "severity": 4}
    [sent] = [e for e in log if e["kind"] == "message_out" and e["fields"]["purpose"] == "reminder"]
    assert sent["fields"]["status"] == "delivered" and sent["fields"]["sid"] == delivered.twilio_sid


def test_statuses_reported_before_the_send_returns_are_not_lost(stack, rt):
    twilio = stack.start_twilio(callbacks=True)
    stack.web()
    phones = seed_due_plans(rt, 8, utcnow())
    # Twilio creates each message and calls back "sending", "sent" and "delivered", and
    # answers the create request only once the web process has taken all three: they
    # are stored before the outbox has recorded which message the sid belongs to.
    twilio.script(recipients={phone: "late" for phone in phones})
    stack.clock()

    wait_until(lambda: status_counts(rt) == {"delivered": len(phones)}, 60,
               "every reminder to be recorded delivered", lambda: f"{status_counts(rt)}\n{stack.logs()}")
    with rt.session() as session:
        events = session.execute(
            select(MessageEvent.message_id, MessageEvent.status).order_by(MessageEvent.id)).all()
    for message_id in {m for m, _ in events}:
        statuses = [status for m, status in events if m == message_id]
        # The callbacks were stored first; the outbox's own "queued" came after them.
        assert statuses == ["sending", "sent", "delivered", "queued"], statuses
