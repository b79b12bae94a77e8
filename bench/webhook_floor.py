"""How far the webhook could go without the ORM: one reply's statements, with and without it.

    python -m bench.webhook_floor [--on sqlite|postgresql] [--rounds 8] [--per-round 250]

Issue 18 asks for the webhook at 25% of a no-op Flask app's rate. This asks what a rewrite of
the reply path could win at most. The same signed "taken" replies go through the whole app in
one process (Flask, the signature check, the form, TwiML), in turns of --per-round requests:

- today: `inbound.receive` as it is (store, then the ORM session's reply path);
- Core only: the same statements in the same order on one connection, with no ORM session
  (each the project's own, built once, but for the occurrence's UPDATE that the ORM writes):
  store, lock the patient, claim the text, find the dose, upsert its outcome, close it and
  cancel its nudges (when open), insert the answer, commit;
- no database: the same answer with nothing stored (Flask, the signature, the form and TwiML).

"Core only" is a lower bound: it keeps every guarantee the webhook has (store first, the
patient's lock, the claim, one outcome per dose), but it knows in advance that the reply is
"taken" and skips the parser, the words and the other intents. The figure is CPU ms per
request (this process only: the database's own CPU is not in it), the median over rounds.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time

from sqlalchemy import bindparam, update

from bench.common import machine, runtime
from bench.webhook import AUTH_TOKEN, PUBLIC_BASE_URL, postgres_url, seed
from bench.webhook_load import PATH, signed_requests
from reminders.app import create_app
from reminders.core.models import ANSWERED, OPEN, OUTBOUND, Occurrence
from reminders.incoming import conversation, inbound
from reminders.records.occurrences import _CANCEL_NUDGES, _RECORD_OUTCOME

ANSWER = "Logged: dose taken. Thank you!"
OCCURRENCES = Occurrence.__table__
# The one statement today's path writes through the ORM's flush (`mark_answered`'s attributes).
CLOSE = update(OCCURRENCES).where(OCCURRENCES.c.id == bindparam("dose_id")).values(
    state=ANSWERED, answered_at=bindparam("now"), follow_up_at=None, answered_by_id=bindparam("message_id"))


def core_only(rt, text: inbound.Inbound, now) -> str:
    """A "taken" reply's statements, in today's order, on one connection with no ORM session."""
    with rt.engine.connect() as connection:
        stored = inbound.store(connection, text, now)
        with connection.begin():
            connection.execute(inbound._LOCK_PATIENT, {"patient_id": stored.patient_id}).one()
            message = connection.execute(inbound._CLAIM, {
                "message_id": stored.id, "number": stored.from_number, "since": now - inbound.CAP_WINDOW}).one()
            dose = connection.execute(conversation._ANSWERABLE_DOSES, {
                "patient_id": message.patient_id, "since": now - conversation.DOSE_WINDOW, "now": now}).one()
            connection.execute(_RECORD_OUTCOME[connection.dialect.name][False], {
                "patient_id": message.patient_id, "plan_id": dose.plan_id, "occurrence_id": dose.id,
                "occurrence_at": dose.due_at, "outcome": "taken", "message_id": message.id, "at": now})
            if dose.state == OPEN:
                connection.execute(CLOSE, {"dose_id": dose.id, "now": now, "message_id": message.id})
                connection.execute(_CANCEL_NUDGES, {"b_occurrence_id": dose.id})
            connection.execute(inbound._ANSWER, {
                "patient_id": message.patient_id, "direction": OUTBOUND, "purpose": inbound.ANSWER,
                "body": ANSWER, "to_number": message.from_number, "from_number": message.to_number,
                "status": "sent", "in_reply_to_id": message.id, "tip_id": None, "created_at": now,
                "sent_at": now, "send_after": now})
    return ANSWER


def environ(body: bytes, signature: str) -> dict:
    return {"REQUEST_METHOD": "POST", "PATH_INFO": PATH, "SERVER_NAME": "reminders.example.org",
            "SERVER_PORT": "443", "HTTP_HOST": "reminders.example.org", "wsgi.url_scheme": "https",
            "SERVER_PROTOCOL": "HTTP/1.1", "CONTENT_TYPE": "application/x-www-form-urlencoded",
            "CONTENT_LENGTH": str(len(body)), "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr,
            "HTTP_X_TWILIO_SIGNATURE": signature}


def post_all(app, requests) -> None:
    for _, body, signature in requests:
        status = []
        b"".join(app(environ(body, signature), lambda line, headers, info=None: status.append(line)))
        assert status[0].startswith("200"), status


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--on", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--per-round", type=int, default=250)
    args = parser.parse_args(argv)
    paths = {"today": inbound.receive, "Core only": core_only, "no database": lambda rt, text, now: ANSWER}
    with runtime(postgres_url() if args.on == "postgresql" else "sqlite://") as rt:
        phones = seed(rt, 300)
        config = rt.config.with_overrides(twilio_auth_token=AUTH_TOKEN, public_base_url=PUBLIC_BASE_URL,
                                          auto_replies_per_hour=1_000_000)
        app = create_app(config)
        requests = signed_requests(300 + args.rounds * args.per_round * len(paths), phones, AUTH_TOKEN,
                                   PUBLIC_BASE_URL, seed=6, replies=["taken"])
        post_all(app, requests[:300])  # warm: statement caches, prepared statements
        spent = {name: [] for name in paths}
        start = 300
        for _ in range(args.rounds):
            for name, receive in paths.items():
                inbound.receive = receive
                cpu = time.process_time()
                post_all(app, requests[start:start + args.per_round])
                spent[name].append(1000 * (time.process_time() - cpu) / args.per_round)
                start += args.per_round
        inbound.receive = paths["today"]
    today, floor, bare = (statistics.median(spent[name]) for name in paths)
    print(f"webhook floor, {args.on}, {args.rounds} rounds of {args.per_round} \"taken\" replies; {machine()}")
    print(f"  today:       {today:.2f} ms CPU per request (this process)")
    print(f"  Core only:   {floor:.2f} ms CPU per request, {100 * (1 - floor / today):.0f}% less")
    print(f"  no database: {bare:.2f} ms CPU per request")


if __name__ == "__main__":
    main()
