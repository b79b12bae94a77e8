"""A web worker killed mid-request, between storing a text and interpreting it, through the
real processes: the clock sweeps the text up and interprets it exactly once.

Before, the text stayed "received" for ever: this one, "please stop texting me", would never
have been recorded as an opt-out, and the reminders would have gone on.
"""

import secrets
import signal
import threading

import requests
from sqlalchemy import func, select, text

from reminders.core.models import ConsentEvent, Message, Patient
from reminders.services import enrolment
from tests.e2e.stack import FROM_NUMBER, SMS_PATH, postgres_only, wait_until
from tests.twilio_server import DEFAULT_ACCOUNT_SID

PATIENT = "+16175550188"


@postgres_only
def test_a_text_whose_worker_was_killed_is_interpreted_once_by_the_clock(stack, rt):
    stack.start_twilio()
    web = stack.web()
    with rt.session() as session:
        patient_id = enrolment.add_patient(session, phone=PATIENT, name="Kim Kill", tz="UTC", welcome=False).id

    # Hold the patient's row, as a slow transaction would: the worker stores the text (its
    # foreign key check is not blocked by NO KEY UPDATE), then waits for the row before
    # interpreting it, and is killed while it waits.
    form = {"MessageSid": "SM" + secrets.token_hex(16), "AccountSid": DEFAULT_ACCOUNT_SID,
            "From": PATIENT, "To": FROM_NUMBER, "Body": "please stop texting me", "NumMedia": "0"}

    def stored():
        with rt.session() as session:
            return session.scalar(select(Message.status).where(Message.twilio_sid == form["MessageSid"]))

    def post():
        try:
            stack.post_signed(SMS_PATH, form)
        except requests.RequestException:
            pass  # the worker died: Twilio sees no answer, and does not send the text again

    with rt.engine.connect() as holder:
        with holder.begin():
            holder.execute(text("SELECT id FROM patients WHERE id = :id FOR NO KEY UPDATE"), {"id": patient_id})
            request = threading.Thread(target=post, daemon=True)
            request.start()
            assert wait_until(stored, 30, "the text to be stored", stack.logs) == "received"
            web.kill(signal.SIGKILL)
            web.popen.wait(10)
    request.join(30)
    assert stored() == "received", "the killed worker left the text uninterpreted"

    stack.clock(INBOUND_SWEEP_SECONDS=1)

    def opted_out():
        with rt.session() as session:
            return session.scalar(select(Patient.consent).where(Patient.id == patient_id)) == "opted_out"

    wait_until(opted_out, 30, "the clock to sweep the text up and record the opt-out", stack.logs)
    assert stored() == "handled"
    with rt.session() as session:
        events = session.scalar(select(func.count()).select_from(ConsentEvent).where(
            ConsentEvent.patient_id == patient_id, ConsentEvent.consent == "opted_out"))
    assert events == 1
