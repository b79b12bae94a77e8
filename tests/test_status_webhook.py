"""Delivery status callbacks: signed, every event kept, status only moves forward."""

import pytest
from sqlalchemy import select

from reminders.app import create_app
from reminders.core.db import utcnow
from reminders.core.models import OUTBOUND, Flag, Message, MessageEvent, Patient
from tests.signing import AUTH_TOKEN, PUBLIC_BASE_URL, post_signed, signature

PATH = "/webhooks/twilio/status"


@pytest.fixture
def client(config, rt):
    signed = config.with_overrides(twilio_auth_token=AUTH_TOKEN, public_base_url=PUBLIC_BASE_URL)
    return create_app(signed).test_client()


@pytest.fixture
def message(rt):
    with rt.session() as session:
        patient = Patient(phone="+16175550101", name="Pat", tz="UTC")
        session.add(patient)
        session.flush()
        session.add(Message(patient_id=patient.id, direction=OUTBOUND, purpose="reminder",
                            body="Time for your dose", status="queued", twilio_sid="SM1", send_after=utcnow()))
    return "SM1"


def callback(client, sid, status, **extra):
    return post_signed(client, PATH, {"MessageSid": sid, "MessageStatus": status, **extra})


def stored(rt, sid="SM1"):
    with rt.session() as session:
        message = session.scalar(select(Message).where(Message.twilio_sid == sid))
        events = session.scalars(select(MessageEvent.status).order_by(MessageEvent.id)).all()
        return message, events


def test_status_moves_forward_and_every_event_is_kept(client, rt, message):
    for status in ["sent", "delivered", "sent", "delivered"]:
        assert callback(client, message, status).status_code == 200
    stored_message, events = stored(rt)
    assert stored_message.status == "delivered"
    assert events == ["sent", "delivered", "sent", "delivered"]


def test_out_of_order_callbacks_end_at_the_furthest_status(client, rt, message):
    callback(client, message, "delivered")
    callback(client, message, "sending")
    assert stored(rt)[0].status == "delivered"


def test_failed_delivery_records_the_error_and_flags_a_dead_number(client, rt, message):
    callback(client, message, "undelivered", ErrorCode="30006")
    stored_message, _ = stored(rt)
    assert stored_message.status == "undelivered" and stored_message.error_code == 30006
    with rt.session() as session:
        assert session.scalars(select(Flag.reason)).all() == ["invalid_number"]


def test_unknown_sid_is_answered_200_and_kept(client, rt):
    assert callback(client, "SMunknown", "delivered").status_code == 200
    assert stored(rt, "SMunknown") == (None, ["delivered"])


@pytest.mark.parametrize(
    "headers",
    [
        {},  # no signature at all
        {"X-Twilio-Signature": signature(PATH, {"MessageSid": "SM1", "MessageStatus": "delivered"}, token="wrong")},
        {"X-Twilio-Signature": signature(PATH, {"MessageSid": "SM1", "MessageStatus": "sent"})},  # other body
        {"X-Twilio-Signature": signature(PATH, {"MessageSid": "SM1", "MessageStatus": "delivered"},
                                         base="http://reminders.example.org")},  # other scheme
    ],
)
def test_forged_callbacks_are_refused_and_change_nothing(client, rt, message, headers):
    response = client.post(PATH, data={"MessageSid": "SM1", "MessageStatus": "delivered"}, headers=headers)
    assert response.status_code == 403
    stored_message, events = stored(rt)
    assert stored_message.status == "queued" and events == []


def test_malformed_callback_is_400(client, rt):
    assert callback(client, "SM1", "exploded").status_code == 400


def test_two_writers_moving_one_status_never_undo_each_other(client, message, rt):
    """The clock hands an early "sent" to its message while the status webhook records
    "delivered": both read "queued" and each moves it forward from there. The status must end
    "delivered" (on SQLite, which has no FOR UPDATE, "sent" used to win: the e2e test then
    waited for a delivery that had already happened)."""
    from reminders.outgoing.delivery import apply_status

    with rt.session() as clock_session:
        stale = clock_session.scalar(select(Message).where(Message.twilio_sid == message))
        assert stale.status == "queued"
        assert callback(client, message, "delivered").status_code == 200
        apply_status(clock_session, stale, "sent", None, utcnow())
    row, _ = stored(rt)
    assert row.status == "delivered"


def test_a_callback_for_an_unknown_sid_keeps_the_row_its_url_names(client, rt, message):
    for ref, sid in ((41, "SMunknown"), (42, message)):
        answer = post_signed(client, f"{PATH}?m={ref}", {"MessageSid": sid, "MessageStatus": "sent"})
        assert answer.status_code == 200
    with rt.session() as session:
        events = session.execute(select(MessageEvent.twilio_sid, MessageEvent.message_id.is_(None),
                                        MessageEvent.ref).order_by(MessageEvent.id)).all()
    # Only the unknown sid needs the row's id; the known one found its message by sid.
    assert events == [("SMunknown", True, 41), ("SM1", False, None)]


# -- events for texts we never sent ------------------------------------------------------


def waiting(rt) -> list[str]:
    """The events the clock re-checks each tick: kept with no message and not given up on."""
    with rt.session() as session:
        return session.scalars(select(MessageEvent.twilio_sid).where(
            MessageEvent.message_id.is_(None), MessageEvent.unmatched_at.is_(None))
            .order_by(MessageEvent.id)).all()


def test_an_event_for_a_sid_we_never_sent_leaves_the_recheck_after_a_day_and_is_logged_once(
        client, rt, caplog):
    """Before, every stray callback ever received was joined against the messages on every
    tick, for ever: the tick's cost grew with them."""
    from datetime import timedelta

    from reminders.outgoing.delivery import attach_early_events

    for sid in ("SMstray", "SMlate"):
        assert callback(client, sid, "delivered").status_code == 200
    now = utcnow()
    with rt.session() as session:  # the stray one came a day and a minute ago
        stray = session.scalar(select(MessageEvent).where(MessageEvent.twilio_sid == "SMstray"))
        stray.at = now - timedelta(days=1, minutes=1)

    with caplog.at_level("WARNING", logger="reminders.outgoing.delivery"):
        assert attach_early_events(rt, now) == 0
        attach_early_events(rt, now + timedelta(seconds=30))  # the next tick says nothing more
    lines = [r for r in caplog.records if r.getMessage() == "status_for_unknown_text"]
    assert [r.fields["sid"] for r in lines] == ["SMstray"]
    assert waiting(rt) == ["SMlate"]  # the recent one is still looked for
    assert stored(rt, "SMstray") == (None, ["delivered", "delivered"])  # both rows kept

    # The recent one's text is recorded at last: the next tick hands the status over.
    with rt.session() as session:
        patient = Patient(phone="+16175550102", name="Lee", tz="UTC")
        session.add(patient)
        session.flush()
        session.add(Message(patient_id=patient.id, direction=OUTBOUND, purpose="reminder", body="Dose",
                            status="queued", twilio_sid="SMlate", send_after=now))
    assert attach_early_events(rt, now + timedelta(minutes=1)) == 1
    assert stored(rt, "SMlate")[0].status == "delivered" and waiting(rt) == []
