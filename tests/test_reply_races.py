"""One patient's texts arriving at the same moment (a double tap, a retry storm, a patient
sending three texts in a row) are interpreted one after another, never interleaved: each is
answered, no reminder is snoozed or closed twice, no flag is raised twice.

PostgreSQL only: that is where the web process's threads and workers really run at once
(SQLite lets one writer in at a time whatever the app does).
"""

import threading
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from reminders.app import create_app
from reminders.core.models import DoseEvent, Flag, Message
from tests.databases import is_postgres, target_url
from tests.scheduling_helpers import Phone, at, enrol, tick
from tests.signing import AUTH_TOKEN, PUBLIC_BASE_URL, post_signed

pytestmark = pytest.mark.skipif(not is_postgres(target_url()), reason="PostgreSQL only (.ci/run runs it)")

PATH = "/webhooks/twilio/sms"
PATIENT = "+16175550101"
REMINDER = at("2027-03-10T08:00", "America/New_York")


@pytest.fixture
def app(config, rt):
    return create_app(config.with_overrides(twilio_auth_token=AUTH_TOKEN, public_base_url=PUBLIC_BASE_URL,
                                            auto_replies_per_hour=1000))


@pytest.fixture
def reminded(rt):
    """A patient whose 08:00 dose reminder went out; the clock frozen five minutes later."""
    enrol(rt, phone=PATIENT, start="2027-03-10T08:00")
    tick(rt, Phone(), REMINDER)
    with time_machine.travel(REMINDER + timedelta(minutes=5), tick=False):
        yield


def all_at_once(app, bodies: list[str], first_sid: int = 0) -> list[int]:
    """Post each body from PATIENT on its own thread, all released together; the statuses."""
    start, statuses = threading.Barrier(len(bodies)), [0] * len(bodies)

    def send(n: int) -> None:
        client = app.test_client()
        form = {"MessageSid": f"SM{first_sid + n:032d}", "From": PATIENT, "To": "+15005550006",
                "Body": bodies[n], "NumMedia": "0"}
        start.wait()
        statuses[n] = post_signed(client, PATH, form).status_code

    threads = [threading.Thread(target=send, args=(n,)) for n in range(len(bodies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def scalar(rt, query):
    with rt.session() as session:
        return session.scalar(query)


def test_snoozes_sent_together_each_get_an_answer_and_stop_at_five(rt, app, reminded):
    assert all_at_once(app, ["later"] * 12) == [200] * 12
    with rt.session() as session:
        snoozes = sorted(session.scalars(select(Message.purpose).where(Message.purpose.like("snooze_%"))))
        answered = session.scalar(select(func.count()).where(Message.purpose == "answer"))
        failed = session.scalar(select(func.count()).where(Flag.reason == "unprocessed"))
    assert snoozes == [f"snooze_{n}" for n in range(1, 6)]
    assert (answered, failed) == (12, 0)


def test_taken_sent_together_logs_one_dose_against_the_reminder(rt, app, reminded):
    assert all_at_once(app, ["taken"] * 8) == [200] * 8
    assert scalar(rt, select(func.count()).where(DoseEvent.occurrence_id.is_not(None))) == 1


def test_red_flags_sent_together_raise_one_urgent_flag(rt, app, reminded):
    assert all_at_once(app, ["my numbness is 8/10 today"] * 8) == [200] * 8
    assert scalar(rt, select(func.count()).where(Flag.reason == "red_flag")) == 1


def test_texts_sent_together_stay_under_the_hourly_answer_cap(rt, config, reminded):
    capped = create_app(config.with_overrides(twilio_auth_token=AUTH_TOKEN, public_base_url=PUBLIC_BASE_URL,
                                              auto_replies_per_hour=3))
    assert all_at_once(capped, ["hello?"] * 8) == [200] * 8
    assert scalar(rt, select(func.count()).where(Message.purpose == "answer")) == 3
