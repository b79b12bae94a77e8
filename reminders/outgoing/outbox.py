"""Sending what the outbox holds: claim rows with a lease, send each, record the outcome.

Claims are one UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED)
RETURNING: on PostgreSQL concurrent senders skip each other's rows; on SQLite
(which renders no FOR UPDATE) the UPDATE holds the only write lock, which is
as good. A sender that dies leaves its rows leased; when the lease runs out
they come back. The network call happens outside any transaction.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy import bindparam, insert, select, update

from reminders.core import logs
from reminders.core.caregivers import Caregiver
from reminders.core.db import utcnow
from reminders.core.models import (
    CANCELLED,
    FAILED,
    MISSED,
    NOT_SENT,
    OPTED_OUT,
    OUTBOUND,
    PENDING,
    ROUTINE,
    ConsentEvent,
    Message,
    MessageEvent,
    Occurrence,
    Patient,
)
from reminders.core.phones import masked
from reminders.core.runtime import Runtime
from reminders.outgoing import caregivers, quiet_hours
from reminders.outgoing.queue import STAFF_PURPOSES, caregiver_may_be_texted
from reminders.outgoing.transports import Sent, Transport, TransportError
from reminders.records.flags import raise_flag

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Texts whose moment matters: held past the grace period they are not sent at all.
TIMELY = {"reminder", "nudge"}


@dataclass(frozen=True)
class Job:
    """A claimed row, with what the network call needs."""

    message_id: int
    lease_until: datetime
    to: str
    body: str
    attempts: int
    created_at: datetime
    # A retry's text, known from a status callback whose URL named this row.
    found: Sent | None = None


class RateLimiter:
    """At most `rate` sends per second from this process (a sender's physical limit)."""

    def __init__(self, rate: float, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep):
        self.interval = 1.0 / rate
        self.clock = clock
        self.sleep = sleep
        self.next_slot = clock()
        self.lock = threading.Lock()

    def wait(self) -> None:
        with self.lock:
            now = self.clock()
            slot = max(self.next_slot, now)
            self.next_slot = slot + self.interval
        if slot > now:
            self.sleep(slot - now)


def backoff(attempt: int, base: float = 5.0, cap: float = 600.0) -> timedelta:
    """Exponential backoff with full jitter: 5 s, 10 s, 20 s ... capped at 10 min."""
    return timedelta(seconds=random.uniform(0.5, 1.0) * min(cap, base * 2 ** (attempt - 1)))


class Outbox:
    def __init__(self, rt: Runtime, transport: Transport, rate: float | None = None, threads: int = 4):
        self.rt = rt
        self.transport = transport
        self.config = rt.config
        self.limiter = RateLimiter(rate or rt.config.send_rate)
        self.threads = threads
        self.lease = timedelta(seconds=rt.config.lease_seconds)
        self.grace = timedelta(minutes=rt.config.grace_minutes)

    # -- claiming -------------------------------------------------------------

    def claim(self, now: datetime, limit: int) -> list[tuple[int, datetime]]:
        """Lease up to `limit` due rows to this sender: (id, lease) pairs."""
        with self.rt.session() as session:
            lease_until = now + self.lease
            return [(i, lease_until) for i in self._claim_ids(session, now, lease_until, limit)]

    def _claim_ids(self, session, now: datetime, lease_until: datetime, limit: int) -> list[int]:
        due = (
            select(Message.id)
            .where(
                Message.status == PENDING,
                Message.direction == OUTBOUND,
                Message.send_after <= now,
                (Message.lease_until.is_(None)) | (Message.lease_until < now),
            )
            .order_by(Message.send_after, Message.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return session.scalars(
            update(Message)
            .where(Message.id.in_(due.scalar_subquery()))
            .values(lease_until=lease_until, attempts=Message.attempts + 1)
            .returning(Message.id)
            .execution_options(synchronize_session=False)
        ).all()

    def claim_ready(self, now: datetime, limit: int) -> tuple[int, list[Job]]:
        """Claim a batch and settle the rows that must not go out now; the rest are jobs."""
        lease_until = now + self.lease
        with self.rt.session() as session:
            ids = self._claim_ids(session, now, lease_until, limit)
            rows = session.execute(
                select(Message, Patient)
                .outerjoin(Patient, Message.patient_id == Patient.id)
                .where(Message.id.in_(ids))
                .order_by(Message.send_after, Message.id)
            ).all() if ids else []
            found = _found_by_callbacks(session, [m.id for m, _ in rows if m.attempts > 1])
            jobs = [
                Job(m.id, lease_until, m.to_number, m.body, m.attempts, m.created_at, found.get(m.id))
                for m, patient in rows
                if self._check(session, m, patient, now) is None
            ]
        return len(ids), jobs

    # -- sending --------------------------------------------------------------

    def send_due(self, now_fn: Callable[[], datetime] = utcnow, deadline: float | None = None,
                 batch: int = 100) -> int:
        """Send until nothing is due or `deadline` (monotonic seconds) passes.

        Results are recorded a batch at a time: one commit per batch, not per
        text. A crash before the commit leaves rows leased, not lost; their
        retry first asks the transport whether the text already went out.
        No send starts after the deadline, nor so late that it could still be
        running when the batch's lease ends and another sender may take the
        row: the rows not tried go straight back to the pool.
        """
        sent = 0
        with ThreadPoolExecutor(self.threads, thread_name_prefix="send") as pool:
            while deadline is None or time.monotonic() < deadline:
                now = now_fn()
                start_by = time.monotonic() + self.lease.total_seconds() - self.config.http_timeout
                claimed, jobs = self.claim_ready(now, batch)
                if not claimed:
                    break
                if deadline is not None:
                    start_by = min(start_by, deadline)
                in_order = pool.map(lambda queue: [self._attempt(job, start_by) for job in queue],
                                    _per_recipient(jobs))
                outcomes = [outcome for queue in in_order for outcome in queue]
                sent += self._record(outcomes, now)
                if jobs and all(result is None for _, result in outcomes):
                    break  # out of time: nothing of this batch could start
        return sent

    def _attempt(self, job: Job, start_by: float) -> tuple[Job, Sent | TransportError | None]:
        """The network part only: no database work happens here. None: not tried."""
        if time.monotonic() > start_by:
            return job, None
        if job.attempts > 1:
            found = job.found or self._already_sent(job.to, job.body, job.created_at)
            if found is not None:
                return job, found
        self.limiter.wait()
        if time.monotonic() > start_by:  # the wait for a send slot ran past it
            return job, None
        try:
            return job, self.transport.send(job.to, job.body, ref=job.message_id)
        except TransportError as error:
            return job, error

    def _record(self, outcomes: list[tuple[Job, Sent | TransportError | None]], now: datetime) -> int:
        sent = [(job, result) for job, result in outcomes if isinstance(result, Sent)]
        if sent:
            self._record_sent(sent, now)
        untried = [job for job, result in outcomes if result is None]
        if untried:
            self._release(untried)
        for job, result in outcomes:
            if isinstance(result, TransportError):
                self._record_failure(job.message_id, job.lease_until, result, job.attempts, now)
        return len(sent)

    def _check(self, session, message: Message, patient: Patient | None, now: datetime) -> str | None:
        """Why this row must not go out now (and what was done about it), or None."""
        if patient is None and message.purpose in STAFF_PURPOSES:
            return None  # an alert to staff: no consent record, no quiet hours
        recipient = _recipient(session, message, patient)
        if recipient is None:
            message.status, message.lease_until = CANCELLED, None
            return "recipient cannot be texted"
        release = quiet_hours.release_time(now, recipient.tz, recipient.quiet_start, recipient.quiet_end)
        if release > now:
            message.send_after, message.lease_until = release, None
            message.attempts -= 1
            return "quiet hours"
        if message.purpose in TIMELY and message.send_after < now - self.grace:
            message.status, message.lease_until = MISSED, None
            if message.purpose == "reminder" and message.occurrence_id:
                session.get(Occurrence, message.occurrence_id).state = NOT_SENT
            logs.event(log, "not_sent_too_late", message=message.id)
            return "too late"
        return None

    def _already_sent(self, to, body, created) -> Sent | None:
        # A retry after an ambiguous failure or a crash: Twilio may have the first one.
        find = getattr(self.transport, "find_sent", None)
        return find(to, body, created) if find else None

    def _record_sent(self, sent: list[tuple[Job, Sent]], now: datetime) -> None:
        table = Message.__table__
        with self.rt.session() as session:
            session.execute(
                update(table)
                .where(table.c.id == bindparam("b_id"), table.c.lease_until == bindparam("b_lease"))
                .values(status=bindparam("b_status"), twilio_sid=bindparam("b_sid"),
                        segments=bindparam("b_segments"), sent_at=now, updated_at=now,
                        lease_until=None, error_code=None),
                [{"b_id": job.message_id, "b_lease": job.lease_until, "b_status": result.status,
                  "b_sid": result.sid, "b_segments": result.segments} for job, result in sent],
            )
            session.execute(
                insert(MessageEvent),
                [{"message_id": job.message_id, "twilio_sid": result.sid, "status": result.status,
                  "at": now} for job, result in sent],
            )
        for job, result in sent:
            logs.event(log, "sent", message=job.message_id, sid=result.sid, to=masked(job.to),
                       status=result.status, segments=result.segments, attempt=job.attempts)

    def _release(self, jobs: list[Job]) -> None:
        """Rows claimed but not tried: free again at once, the claim not counted as an attempt."""
        table = Message.__table__
        with self.rt.session() as session:
            session.execute(
                update(table)
                .where(table.c.id == bindparam("b_id"), table.c.lease_until == bindparam("b_lease"))
                .values(lease_until=None, attempts=table.c.attempts - 1),
                [{"b_id": job.message_id, "b_lease": job.lease_until} for job in jobs],
            )

    def _record_failure(self, message_id, lease_until, error: TransportError, attempts, now) -> None:
        with self.rt.session() as session:
            message = session.get(Message, message_id)
            if message.lease_until != lease_until:
                return
            message.error_code, message.lease_until = error.code, None
            retry_at = now + backoff(attempts)
            too_late = message.purpose in TIMELY and retry_at > message.send_after + self.grace
            given_up = error.permanent or attempts >= MAX_ATTEMPTS or too_late
            if given_up:
                message.status = FAILED
                self._after_permanent_failure(session, message, error, now)
            else:
                message.send_after = retry_at
            logs.event(log, "send_failed", logging.WARNING, message=message_id,
                       to=masked(message.to_number or ""), attempt=attempts, code=error.code,
                       ambiguous=error.ambiguous or None, given_up=given_up,
                       retry_at=None if given_up else f"{retry_at:%Y-%m-%dT%H:%M:%SZ}")

    def _after_permanent_failure(self, session, message: Message, error: TransportError, now) -> None:
        patient = message.patient
        if patient is None:
            return
        if message.caregiver_id is not None:
            _caregiver_failed(session, message, error, now)
            return
        if error.opted_out:
            patient.consent, patient.consent_at, patient.consent_source = OPTED_OUT, now, "carrier"
            session.add(ConsentEvent(patient_id=patient.id, consent=OPTED_OUT, source="carrier",
                                     actor=f"twilio error {error.code}", at=now))
            _cancel_pending(session, patient)
        elif error.bad_number:
            raise_flag(session, patient.id, "invalid_number", ROUTINE,
                       f"Twilio error {error.code}: the number cannot receive texts", now, message.id)
        else:
            raise_flag(session, patient.id, "send_failed", ROUTINE, str(error), now, message.id)


def _found_by_callbacks(session, message_ids: list[int]) -> dict[int, Sent]:
    """Retried rows whose text Twilio has already reported on: a status callback for a sid
    no row holds, whose URL named the row (?m=). Surer than asking Twilio for it by body,
    and asked first; the events join their message once its sid is recorded."""
    if not message_ids:
        return {}
    rows = session.execute(
        select(MessageEvent.ref, MessageEvent.twilio_sid, MessageEvent.status)
        .where(MessageEvent.ref.in_(message_ids), MessageEvent.message_id.is_(None))
        .order_by(MessageEvent.id)
    ).all()
    return {ref: Sent(sid=sid, status=status) for ref, sid, status in rows}


def _per_recipient(jobs: list[Job]) -> list[list[Job]]:
    """One queue per number, in the order queued: one person's texts arrive in order.

    Sends run on several threads, so two texts to one person in one batch
    could otherwise race (a caregiver read the check-in before the invite).
    """
    queues: dict[str, list[Job]] = {}
    for job in jobs:
        queues.setdefault(job.to, []).append(job)
    return list(queues.values())


def _recipient(session, message: Message, patient: Patient | None) -> Patient | Caregiver | None:
    """Who the row goes to, if they may be texted now: the patient, or one of their caregivers."""
    if message.caregiver_id is not None:
        caregiver = session.get(Caregiver, message.caregiver_id)
        return caregiver if caregiver_may_be_texted(caregiver, message.purpose) else None
    return patient if patient is not None and patient.textable else None


def _caregiver_failed(session, message: Message, error: TransportError, now) -> None:
    """A caregiver's number said STOP to the carrier, or cannot take texts: only they are affected."""
    caregiver = session.get(Caregiver, message.caregiver_id)
    if error.opted_out:
        caregivers.stop(session, [caregiver], now)
    elif error.bad_number:
        raise_flag(session, message.patient_id, "caregiver_number", ROUTINE,
                   f"Twilio error {error.code}: caregiver {caregiver.name}'s number cannot receive texts",
                   now, message.id)


def _cancel_pending(session, patient: Patient) -> None:
    session.execute(
        update(Message)
        .where(Message.patient_id == patient.id, Message.status == PENDING)
        .values(status=CANCELLED, lease_until=None)
        .execution_options(synchronize_session=False)
    )
