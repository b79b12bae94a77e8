"""The outbox under faults, through real processes and the real Twilio SDK.

A clock killed mid-batch, a Twilio that fails 30% of requests, a Twilio slower
than the tick, a Twilio that takes a text and answers too late: each due
reminder still reaches its patient exactly once, counted at the
Twilio-compatible server itself.
"""

import signal
from collections import Counter
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from reminders.core.db import utcnow
from reminders.core.models import Heartbeat, MessageEvent, Occurrence
from tests.e2e.stack import (
    reminders_by_phone,
    seed_due_plans,
    status_counts,
    wait_until,
)

OUT = {"accepted", "queued", "sent", "delivered"}  # a reminder Twilio has taken
SERVICE = "MG" + "b1" * 16


def all_taken(rt, count: int) -> bool:
    """Every reminder recorded as taken by Twilio: queued, or further on (a text found at
    Twilio on a retry is recorded with the status Twilio has for it then)."""
    counts = status_counts(rt)
    return set(counts) <= OUT and sum(counts.values()) == count


def texts_per_phone(twilio) -> Counter:
    return Counter(m["to"] for m in twilio.messages)


def assert_each_texted_once(rt, twilio, phones: list[str]) -> dict:
    """Every phone got one text at Twilio, and the database records that very text."""
    per_phone = texts_per_phone(twilio)
    assert sorted(per_phone) == sorted(phones), "a patient never got the reminder"
    assert {p: n for p, n in per_phone.items() if n > 1} == {}, "a patient got it twice"
    rows = reminders_by_phone(rt)
    assert {p: len(rows[p]) for p in phones} == {p: 1 for p in phones}
    assert {rows[p][0].status for p in phones} <= OUT
    assert {p: rows[p][0].twilio_sid for p in phones} == {m["to"]: m["sid"] for m in twilio.messages}
    with rt.session() as session:
        assert session.scalar(select(func.count()).select_from(Occurrence)) == len(phones)
    return {p: rows[p][0] for p in phones}


def test_clock_killed_mid_batch_then_restarted_sends_each_reminder_once(stack, rt):
    twilio = stack.start_twilio()
    phones = seed_due_plans(rt, 400, utcnow())
    # Each send takes a moment, so a batch of 100 is in flight long enough to die in.
    twilio.script(recipients={phone: "delay:0.02" for phone in phones})
    # The dead clock's rows come back soon (a send must fit in the lease).
    short_lease = {"OUTBOX_LEASE_SECONDS": 3, "TWILIO_HTTP_TIMEOUT": 2}

    first = stack.clock(**short_lease)

    def recorded() -> set[str]:
        return {p for p, rows in reminders_by_phone(rt).items() if rows[0].status in OUT}

    def frozen_mid_batch() -> bool:
        """Stop the clock where it is; keep it stopped only if texts are out and not yet
        recorded (on a loaded machine the tick's budget can end a batch early, and a kill
        timed by a count alone lands between batches)."""
        first.kill(signal.SIGSTOP)
        try:
            if set(texts_per_phone(twilio)) - recorded():
                return True
        except OperationalError:  # stopped while it held the database's write lock
            pass
        first.kill(signal.SIGCONT)
        return False

    wait_until(lambda: len(twilio.messages) >= 150 and frozen_mid_batch(), 90,
               "the first clock to be stopped mid-batch", stack.logs)
    first.kill(signal.SIGKILL)
    first.popen.wait(10)

    out_unrecorded = set(texts_per_phone(twilio)) - recorded()
    assert out_unrecorded, "the kill should land mid-batch: texts out, not yet recorded"
    assert len(recorded()) < len(phones)

    stack.clock(**short_lease)
    wait_until(lambda: all_taken(rt, len(phones)), 90,
               "the restarted clock to send the rest", stack.logs)
    stack.stop()  # nothing is sending any more: what Twilio has is final

    sent = assert_each_texted_once(rt, twilio, phones)
    # The dead batch's texts were found at Twilio on retry, not sent again.
    assert all(sent[p].attempts == 2 for p in out_unrecorded)


def test_twilio_failing_30_percent_still_delivers_each_reminder_once(stack, rt):
    twilio = stack.start_twilio()
    now = utcnow()
    phones = seed_due_plans(rt, 60, now)
    # Plain errors and rate limits, and ambiguous ones: "drop" creates the message
    # then answers 500, "hangup" creates it and closes the connection unanswered.
    twilio.script(failure_rate=0.3, seed=7,
                  failure_outcomes=["http500", "http503", "429", "drop", "hangup"])

    # Retries back off for seconds to minutes: tick at instants moving forward
    # (6 minutes covers the longest backoff before the last attempt).
    at = now
    for _ in range(12):
        stack.cli("dispatch", "--once", "--now", at.isoformat())
        if "pending" not in status_counts(rt):
            break
        at += timedelta(minutes=6)
    assert all_taken(rt, len(phones)), status_counts(rt)

    assert_each_texted_once(rt, twilio, phones)
    outcomes = Counter(r["outcome"] for r in twilio.requests)
    assert outcomes["drop"] + outcomes["hangup"] > 0 and outcomes["http500"] + outcomes["429"] > 0


def heartbeat(rt):
    with rt.session() as session:
        return session.scalar(select(Heartbeat.at).where(Heartbeat.name == "clock"))


def test_slow_twilio_never_holds_a_tick_past_its_lease(stack, rt):
    twilio = stack.start_twilio()
    phones = seed_due_plans(rt, 24, utcnow())
    # Every send takes longer than a tick; a batch sent whole would outlive the lease.
    twilio.script(recipients={phone: "delay:2.5" for phone in phones})
    lease = 8
    env = {"OUTBOX_LEASE_SECONDS": lease, "TWILIO_HTTP_TIMEOUT": 6}
    stack.clock(**env)
    stack.worker(**env)  # a second sender: it takes whatever rows a lease lets go

    beats = []

    def all_sent():
        beat = heartbeat(rt)
        if beat is not None and beat not in beats:
            beats.append(beat)
        return status_counts(rt) == {"queued": len(phones)}

    wait_until(all_sent, 120, "every reminder to be sent", stack.logs)
    stack.stop()

    sent = assert_each_texted_once(rt, twilio, phones)
    assert {p: row.attempts for p, row in sent.items()} == {p: 1 for p in phones}, \
        "a row was claimed again while its first sender still held it"
    # The clock kept ticking while sends were slow: a tick starts within a lease of the last.
    gaps = [(b - a).total_seconds() for a, b in zip(beats, beats[1:])]
    assert len(beats) >= 3 and max(gaps) < lease, gaps


@pytest.mark.parametrize("sender", ["number", "messaging service"])
def test_twilio_answering_too_late_while_texts_wait_in_its_queue_texts_each_reminder_once(stack, rt, sender):
    twilio = stack.start_twilio()
    # The sender's queue holds every text past the retry: "queued" (or "accepted" for a
    # Messaging Service) with no DateSent, as Twilio has them while a burst drains.
    twilio.script(pace={"hold": 600})
    phones = seed_due_plans(rt, 12, utcnow())
    # Twilio creates each first message, then answers only after the client gave up.
    twilio.script(recipients={phone: ["drop:3"] for phone in phones})
    env = {"TWILIO_HTTP_TIMEOUT": 1}
    if sender == "messaging service":
        env |= {"TWILIO_FROM_NUMBER": "", "TWILIO_MESSAGING_SERVICE_SID": SERVICE}
    waiting = "accepted" if sender == "messaging service" else "queued"
    stack.clock(**env)

    wait_until(lambda: status_counts(rt) == {waiting: len(phones)}, 120,
               "every reminder to be recorded as taken by Twilio",
               lambda: f"{status_counts(rt)}\n{stack.logs()}")
    stack.stop()

    assert {(m["status"], m["date_sent"]) for m in twilio.messages} == {(waiting, None)}
    sent = assert_each_texted_once(rt, twilio, phones)
    # Each first send timed out; its retry found the text at Twilio instead of sending it again.
    assert {row.attempts for row in sent.values()} == {2}
    assert {r["outcome"] for r in twilio.requests} == {"drop:3"}


def test_callbacks_naming_their_row_tell_a_retry_which_text_is_its_own(stack, rt):
    twilio = stack.start_twilio(callbacks=True)
    stack.web()
    phones = seed_due_plans(rt, 6, utcnow())
    # Each text is created, sent and delivered (its callbacks posted) before Twilio answers
    # the create request, after the client gave up: the callbacks name a row with no sid.
    twilio.script(recipients={phone: ["drop:3"] for phone in phones})
    stack.clock(TWILIO_HTTP_TIMEOUT=1)

    wait_until(lambda: status_counts(rt) == {"delivered": len(phones)}, 120,
               "every reminder to be recorded delivered", lambda: f"{status_counts(rt)}\n{stack.logs()}")
    stack.stop()

    sent = assert_each_texted_once(rt, twilio, phones)
    assert {row.attempts for row in sent.values()} == {2}
    with rt.session() as session:
        refs = session.execute(select(MessageEvent.ref, MessageEvent.twilio_sid)
                               .where(MessageEvent.ref.is_not(None))).all()
    assert {ref for ref, _ in refs} == {row.id for row in sent.values()}
    assert all(sid == next(r.twilio_sid for r in sent.values() if r.id == ref) for ref, sid in refs)
