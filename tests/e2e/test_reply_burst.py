"""A burst of replies at gunicorn on PostgreSQL: each stored once, answered once, logged once.

1,000 signed replies from 100 patients with an open dose reminder arrive at once over 50
connections, and 100 of them arrive a second time, shuffled in (Twilio's retry or fallback
URL resends the same MessageSid, body and signature), so a redelivery can race its first
delivery. The load generator is the benchmark's own (bench/webhook_load.py), whose figures
for the same burst are in docs/benchmarks.md; this test asserts only what must hold.
"""

import io
from collections import Counter, defaultdict
from datetime import timedelta

from sqlalchemy import func, select

from bench.webhook_load import run_closed, signed_requests, with_redeliveries
from reminders.core.db import utcnow
from reminders.core.models import INBOUND, DoseEvent, LabResult, Message, SymptomReport
from reminders.outgoing import clock
from reminders.outgoing.transports import ConsoleTransport
from tests.e2e.stack import postgres_only, seed_due_plans
from tests.twilio_server import DEFAULT_AUTH_TOKEN

REPLIES, PATIENTS, REDELIVERED, CONNECTIONS = 1000, 100, 100, 50


def open_reminders(rt, count: int) -> list[str]:
    """`count` patients whose dose fell due ten minutes ago (so "taken" logs a dose); phones."""
    now = utcnow()
    phones = seed_due_plans(rt, count, now - timedelta(minutes=10))
    clock.tick(rt, ConsoleTransport(io.StringIO()), now=now, send=False)
    return phones


def logged_twice(rt) -> list:
    """Records of one kind that one text produced twice (a dose, a symptom, a lab value)."""
    keys = [(DoseEvent, DoseEvent.message_id), (SymptomReport, SymptomReport.message_id, SymptomReport.symptom),
            (LabResult, LabResult.message_id, LabResult.test)]
    with rt.session() as session:
        return [(model.__name__, *row) for model, *columns in keys
                for row in session.execute(select(*columns).group_by(*columns).having(func.count() > 1))]


def logged(rt, model) -> int:
    with rt.session() as session:
        return session.scalar(select(func.count()).select_from(model))


@postgres_only
def test_burst_with_redeliveries_stores_answers_and_logs_each_reply_once(stack, rt):
    phones = open_reminders(rt, PATIENTS)
    # The full path for every text: no per-number answer cap (10 an hour by default).
    stack.web(AUTO_REPLIES_PER_HOUR=1_000_000)
    replies = signed_requests(REPLIES, phones, DEFAULT_AUTH_TOKEN, stack.public_base_url, seed=7)
    burst = with_redeliveries(replies, REDELIVERED, seed=7)

    results, _ = run_closed(stack.web_port, burst, CONNECTIONS)

    assert len(results) == REPLIES + REDELIVERED
    assert Counter(status for _, status, _, _ in results) == {200: REPLIES + REDELIVERED}
    answers = defaultdict(set)
    for sid, _, _, digest in results:
        answers[sid].add(digest)
    assert [sid for sid, digests in answers.items() if len(digests) > 1] == [], "a redelivery got another answer"

    with rt.session() as session:
        stored = Counter(session.scalars(select(Message.twilio_sid).where(Message.direction == INBOUND)))
        answered = Counter(session.scalars(
            select(Message.in_reply_to_id).where(Message.purpose == "answer")))
    assert stored == {sid: 1 for sid, _, _ in replies}
    assert len(answered) == REPLIES and set(answered.values()) == {1}
    assert logged(rt, DoseEvent) > 0 and logged(rt, SymptomReport) > 0, "the replies log doses and symptoms"
    assert logged_twice(rt) == []
