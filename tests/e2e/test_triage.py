"""Triage that reaches a human, through the real processes: gunicorn serving the webhook and the
dashboard, the clock (or `reminders dispatch --once`), the local Twilio server, and a local SMTP
server (aiosmtpd, in this process). Teams and patients are set up with the command line."""

from __future__ import annotations

import re
import secrets
from datetime import timedelta
from xml.etree import ElementTree

import pytest
import requests
from sqlalchemy import select

from reminders.core.db import utcnow
from reminders.core.models import Flag
from reminders.services import accounts
from tests.e2e.stack import FROM_NUMBER, SMS_PATH, wait_until
from tests.smtp_server import SmtpServer
from tests.twilio_server import DEFAULT_ACCOUNT_SID

PATIENT = "+16175550101"
ON_CALL, BACKUP = "+16175550199", "+16175550198"
ADMIN, PASSWORD = "admin@clinic.example", "correct horse battery staple"


@pytest.fixture
def smtp():
    with SmtpServer() as server:
        yield server


def enrol(stack, rt, *contacts: str) -> None:
    stack.cli("teams", "add", "--name", "North clinic", "--phone", "+16175550100", *contacts)
    stack.cli("patients", "add", "--phone", PATIENT, "--name", "Ana Lima", "--tz", "UTC",
              "--quiet", "00:00-00:00", "--team", "North clinic")
    with rt.session() as s:
        accounts.add_user(s, email=ADMIN, role="admin", password=PASSWORD)


def text(stack, body: str, sender: str = PATIENT) -> str:
    """A signed inbound text to gunicorn's webhook; the bot's answer."""
    form = {"MessageSid": "SM" + secrets.token_hex(16), "AccountSid": DEFAULT_ACCOUNT_SID, "From": sender,
            "To": FROM_NUMBER, "Body": body, "NumMedia": "0"}
    response = stack.post_signed(SMS_PATH, form)
    assert response.status_code == 200, response.text
    return " ".join(m.text or "" for m in ElementTree.fromstring(response.content).iter("Message"))


class Coordinator:
    """A browser-like session signed in to the web process."""

    def __init__(self, stack):
        self.stack, self.http = stack, requests.Session()
        self.post("/login", {"email": ADMIN, "password": PASSWORD}, token_from="/login")
        assert "/login" not in self.get("/flags").url

    def get(self, path: str) -> requests.Response:
        return self.http.get(self.stack.url(path), timeout=30)

    def post(self, path: str, data: dict, token_from: str) -> requests.Response:
        token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', self.get(token_from).text)[1]
        return self.http.post(self.stack.url(path), data={**data, "csrf_token": token}, timeout=30)


def texts_to(twilio, number: str) -> list[str]:
    return [m["body"] for m in twilio.messages if m["to"] == number]


def flag_id(rt) -> int:
    with rt.session() as s:
        return s.scalars(select(Flag.id).where(Flag.reason == "red_flag")).one()


def test_two_red_flags_in_a_row_are_both_seen_and_each_texts_the_on_call_phone(stack, rt, smtp):
    twilio = stack.start_twilio()
    stack.web()
    stack.clock(SMTP_URL=smtp.url)
    enrol(stack, rt, "--on-call-phone", ON_CALL, "--on-call-email", "oncall@north.example")

    answer = text(stack, "I suddenly can't see out of my left eye")
    assert "911" in answer and "alerting your care team's on-call staff" in answer
    link = f"{stack.public_base_url}/flags/{flag_id(rt)}"
    wait_until(lambda: texts_to(twilio, ON_CALL) == [f"Urgent flag for a patient of North clinic: {link}"],
               30, "the clock to text the on-call phone", stack.logs)
    assert link in smtp.wait_for(1)[0].body

    coordinator = Coordinator(stack)
    path = f"/flags/{flag_id(rt)}"
    acknowledged = coordinator.post(f"{path}/acknowledge", {"back": "flag"}, token_from=path)
    assert "Flag acknowledged" in acknowledged.text

    text(stack, "and now my legs gave out, I cannot walk")
    wait_until(lambda: len(texts_to(twilio, ON_CALL)) == 2, 30, "the second on-call text", stack.logs)
    page = coordinator.get("/flags").text
    assert "I suddenly can&#39;t see out of my left eye" in page
    assert "and now my legs gave out, I cannot walk" in page
    assert "Re-opened by a new text" in page and "Alerted 4 times" in page  # two texts, two e-mails


def test_an_unacknowledged_flag_escalates_to_the_backup_until_acknowledged(stack, rt, smtp):
    twilio = stack.start_twilio()
    stack.web()
    enrol(stack, rt, "--on-call-phone", ON_CALL, "--backup-phone", BACKUP, "--backup-email", "backup@north.example")
    start = utcnow()
    text(stack, "double vision since yesterday")

    assert "alert(s)" in stack.cli("dispatch", "--once", SMTP_URL=smtp.url)  # one tick: the on-call text is out
    assert len(texts_to(twilio, ON_CALL)) == 1 and texts_to(twilio, BACKUP) == []

    at = lambda minutes: (start + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")  # noqa: E731
    stack.cli("dispatch", "--once", "--now", at(10), SMTP_URL=smtp.url)
    assert texts_to(twilio, BACKUP) == []  # not yet
    stack.cli("dispatch", "--once", "--now", at(16), SMTP_URL=smtp.url)
    [escalated] = texts_to(twilio, BACKUP)
    assert re.search(r"not acknowledged after 1[56] min", escalated) and f"/flags/{flag_id(rt)}" in escalated
    assert {m.to[0] for m in smtp.wait_for(2)} == {"backup@north.example", ADMIN}

    coordinator = Coordinator(stack)
    coordinator.post(f"/flags/{flag_id(rt)}/acknowledge", {}, token_from="/flags")
    for minutes in (32, 48, 90):
        stack.cli("dispatch", "--once", "--now", at(minutes), SMTP_URL=smtp.url)
    assert len(texts_to(twilio, BACKUP)) == 1 and len(texts_to(twilio, ON_CALL)) == 2
    assert len(smtp.mails) == 2


def test_unknown_numbers_and_a_fatigue_report_are_each_listed_with_their_words(stack, rt, smtp):
    twilio = stack.start_twilio()
    stack.web()
    enrol(stack, rt, "--on-call-phone", ON_CALL)

    strangers = {"+16175559001": "hi is this the clinic?", "+16175559002": "new phone, this is Maria",
                 "+16175559003": "who <b>are</b> you"}
    for number, words in strangers.items():
        answer = text(stack, words, sender=number)
        assert "not enrolled" in answer and "911" in answer and "B12" not in answer
    red = text(stack, "I suddenly can't see out of my left eye and cannot walk", sender="+16175559004")
    assert "911" in red and "ER now" in red and "not enrolled" in red

    review = text(stack, "fatigue really bad")
    assert review.startswith("Logged: fatigue 8/10.") and "will be told" in review and "ER now" not in review

    stack.cli("dispatch", "--once", SMTP_URL=smtp.url)
    assert smtp.wait_for(1)[0].to == [ADMIN]  # the stranger's urgent flag: no team, so the admins
    assert texts_to(twilio, ON_CALL) == []  # a review flag pages no one

    page = Coordinator(stack).get("/flags").text
    for words in ("hi is this the clinic?", "new phone, this is Maria", "who &lt;b&gt;are&lt;/b&gt; you",
                  "I suddenly can&#39;t see out of my left eye and cannot walk", "fatigue really bad"):
        assert words in page, words
    cards = re.findall(r'<li class="card flag flag-(\w+)"', page)
    assert cards[0] == "urgent" and cards[1] == "prompt" and set(cards[2:]) == {"routine"} and len(cards) == 5
