"""Whatever is posted to the SMS webhook: never a 500, and a signed text is kept exactly as sent.

Hypothesis throws arbitrary text (any code point, NUL included) and arbitrary forms (extra,
missing and huge fields, odd NumMedia, weird MessageSids) at POST /webhooks/twilio/sms, signed
with the SDK's real RequestValidator. PostgreSQL text cannot hold NUL, so a body containing one
is stored escaped (reminders.incoming.inbound.storable) and must read back exactly through
reminders.incoming.inbound.original; any other body is stored byte for byte.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import HealthCheck, assume, event, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.test import EnvironBuilder

from reminders.app import create_app
from reminders.core.models import Message
from reminders.incoming import inbound
from reminders.services import enrolment
from tests.scheduling_helpers import enrol
from tests.signing import AUTH_TOKEN, PUBLIC_BASE_URL, post_signed, signature

PATH = "/webhooks/twilio/sms"
PATIENT, OTHER_PATIENT, STRANGER = "+16175550101", "+16175550102", "+16175559999"
MAX_FORM = 64 * 1024  # the app's MAX_CONTENT_LENGTH
NUL, ESCAPE = "\x00", inbound.NUL_ESCAPE

# Each example gets its own MessageSid suffix: hex digits after the last "-", which no generated
# prefix can produce, so examples never collide (or look like redeliveries of one another).
_SERIAL = itertools.count(1)

# Any code point a UTF-8 form can carry (no lone surrogates), with the awkward ones made likely.
AWKWARD = st.sampled_from([NUL, ESCAPE, ESCAPE + "0", "\r\n", "\r", "&", "=", "+", "%00", "%", " ", "\t",
                           "\u200b", "\ufeff", "\U0001f44d\U0001f3fd", "é", "e\u0301", "\u202e", "\x7f"])
ANY_CHAR = st.characters(codec="utf-8")
PIECE = st.one_of(ANY_CHAR, ANY_CHAR, AWKWARD)


def texts(max_size: int = 120):
    return st.lists(PIECE, max_size=max_size).map("".join)


ANY_TEXT = texts()
REPLIES = st.sampled_from(["taken", "took it", "tingling 6", "B12 320", "later", "snooze 30", "yes", "no",
                           "STOP", "START", "HELP", "tip", "my numbness is 8/10", "hormigueo 3", ""])
BODIES = st.one_of(ANY_TEXT, REPLIES, st.tuples(REPLIES, ANY_TEXT).map("".join))

SIDS = st.one_of(
    st.just("SM"),                                       # realistic: SM + the serial in hex
    st.just("SM"),
    texts(30),                                           # anything: blank, NUL, odd characters...
    texts(80),                                           # ... or too long
)
SENDERS = st.one_of(st.sampled_from([PATIENT, OTHER_PATIENT, STRANGER, f" {PATIENT} ", "whatsapp:+16175550101"]),
                    st.sampled_from([PATIENT, OTHER_PATIENT]), texts(20), texts(40))
NUM_MEDIA = st.one_of(st.integers(-3, 15).map(str), ANY_TEXT.map(lambda t: t[:10]),
                      st.sampled_from(["", " 2 ", "1e3", "2.0", "0x2", "1_0", "\u0663", "NaN", "9" * 5000]))
# A field name of 70-80 KB crosses MAX_FORM (413); one of a few KB does not.
HUGE_NAME = st.one_of(st.integers(1_000, 6_000), st.integers(1_000, 6_000), st.integers(70_000, 80_000)).map(
    lambda n: "X" * n)
EXTRA_FIELDS = st.dictionaries(st.one_of(ANY_TEXT, st.sampled_from(["SmsSid", "AccountSid", "FromCity"])),
                               ANY_TEXT, max_size=4)


def rarely(draw, strategy, one_in: int = 5):
    """Draw from `strategy` about once in `one_in` examples, else None."""
    return draw(strategy) if draw(st.sampled_from([False] * (one_in - 1) + [True])) else None


@st.composite
def forms(draw) -> dict:
    """A form as Twilio might post it, or worse; fields that Twilio always sends may be missing."""
    form = dict(draw(EXTRA_FIELDS))  # the named fields below win over a clashing extra one
    huge = rarely(draw, HUGE_NAME)
    if huge is not None:
        form[huge] = draw(ANY_TEXT)
    fields = {
        "MessageSid": draw(SIDS) + f"-{next(_SERIAL):x}",
        "From": draw(SENDERS),
        "To": draw(st.one_of(st.just("+15005550006"), st.just("+15005550006"), texts(20), ANY_TEXT)),
        "Body": draw(BODIES),
        "NumMedia": draw(NUM_MEDIA),
    }
    for n in range(draw(st.integers(0, 12))):
        fields[f"MediaUrl{n}"] = draw(st.one_of(st.just(f"https://api.twilio.com/m/{n}"), ANY_TEXT))
    missing = rarely(draw, st.sets(st.sampled_from(list(fields)), min_size=1, max_size=2)) or set()
    form.update({name: value for name, value in fields.items() if name not in missing})
    blank = rarely(draw, st.sampled_from(["", "   ", "\t"]), one_in=10)
    if blank is not None:
        form["MessageSid"] = blank  # present but blank
    return form


def expected_status(form: dict) -> int:
    """The contract: 413 for a form too big to read, 400 without a usable sid and sender, else 200."""
    if int(EnvironBuilder(method="POST", data=form).get_environ()["CONTENT_LENGTH"]) > MAX_FORM:
        return 413
    sid, sender = form.get("MessageSid", "").strip(), form.get("From", "").strip()
    if not sid or not sender or len(sid) > 64 or len(sender) > 32 or NUL in sid + sender + form.get("To", "")[:32]:
        return 400
    return 200


@pytest.fixture
def client(config, rt):
    signed = config.with_overrides(twilio_auth_token=AUTH_TOKEN, public_base_url=PUBLIC_BASE_URL)
    return create_app(signed).test_client()


@pytest.fixture
def patients(rt):
    """Two enrolled patients (one with a daily plan), so replies reach the conversation code."""
    enrol(rt, phone=PATIENT)
    with rt.session() as session:
        enrolment.add_patient(session, phone=OTHER_PATIENT, name="Ana", tz="Europe/Madrid", lang="es",
                              welcome=False)


def inbound_count(rt) -> int:
    with rt.session() as session:
        return session.scalar(select(func.count()).select_from(Message).where(Message.direction == "in"))


def stored_by_sid(rt, sid: str) -> list[Message]:
    with rt.session() as session:
        return session.scalars(select(Message).where(Message.twilio_sid == sid)).all()


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(form=forms())
@example(form={"MessageSid": "SMnul-in-body", "From": PATIENT, "To": "+15005550006", "Body": "taken\x00 B12 320"})
@example(form={"MessageSid": "SMescape-in-body", "From": PATIENT, "Body": "\u2400\x00\u24000\u2400"})
def test_a_signed_post_never_fails_and_the_text_is_stored_exactly_once_as_sent(rt, client, patients, form):
    before = inbound_count(rt)
    response = post_signed(client, PATH, form)
    expected = expected_status(form)
    event(f"HTTP {expected}")
    assert response.status_code == expected, response.data[:300]
    if expected != 200:
        assert inbound_count(rt) == before
        return
    sid, body = form["MessageSid"].strip(), form.get("Body", "")
    [stored] = stored_by_sid(rt, sid)
    assert inbound.original(stored.body) == body
    if NUL not in body and ESCAPE not in body:
        assert stored.body == body  # byte for byte, no escaping at all
    assert (stored.direction, stored.from_number) == ("in", form["From"].strip())
    assert response.mimetype == "text/xml"
    assert set(stored.media_urls or []) <= {v for k, v in form.items() if k.startswith("MediaUrl")}
    # Twilio redelivers the same MessageSid: the same answer, still one row.
    again = post_signed(client, PATH, form)
    assert (again.status_code, again.data) == (200, response.data)
    assert inbound_count(rt) == before + 1


FORGERIES = ["no header", "wrong token", "other URL", "body altered", "field added", "sid swapped"]


@SETTINGS
@given(form=forms(), forgery=st.sampled_from(FORGERIES))
def test_an_unsigned_or_forged_post_is_refused_and_stores_nothing(rt, client, patients, form, forgery):
    assume(expected_status(form) != 413 or forgery == "no header")  # too big to read: 413 first
    sent, headers = dict(form), {"X-Twilio-Signature": signature(PATH, form)}
    if forgery == "no header":
        headers = {}
    elif forgery == "wrong token":
        headers = {"X-Twilio-Signature": signature(PATH, form, token="not-the-auth-token")}
    elif forgery == "other URL":
        headers = {"X-Twilio-Signature": signature("/webhooks/twilio/status", form)}
    elif forgery == "body altered":
        sent["Body"] = sent.get("Body", "") + "!"
    elif forgery == "field added":
        sent["ZzForged"] = "1"
    else:
        sent["MessageSid"] = sent.get("MessageSid", "") + "0"
    before = inbound_count(rt)
    response = client.post(PATH, data=sent, headers=headers)
    assert response.status_code == 403
    assert inbound_count(rt) == before


# -- the NUL cases hypothesis finds, spelled out ------------------------------------------------


def test_a_nul_in_the_body_is_stored_escaped_and_reads_back_exactly(rt, client, patients):
    form = {"MessageSid": "SMnul", "From": PATIENT, "To": "+15005550006", "Body": "tingling 6\x00 and \u2400"}
    response = post_signed(client, PATH, form)
    assert response.status_code == 200 and "tingling 6/10" in response.get_data(as_text=True)
    [stored] = stored_by_sid(rt, "SMnul")
    assert stored.body == "tingling 6\u24000 and \u2400\u2400"
    assert inbound.original(stored.body) == form["Body"]


@pytest.mark.parametrize("field", ["MessageSid", "From", "To"])
def test_a_nul_in_sid_sender_or_recipient_is_400_not_500(rt, client, patients, field):
    form = {"MessageSid": "SMnul-field", "From": PATIENT, "To": "+15005550006", "Body": "taken"}
    form[field] += "\x00"
    response = post_signed(client, PATH, form)
    assert response.status_code == 400 and b"malformed" in response.data
    assert inbound_count(rt) == 0


@given(ANY_TEXT)
def test_the_nul_escape_is_reversible_and_leaves_other_text_alone(text):
    stored = inbound.storable(text)
    assert NUL not in stored and inbound.original(stored) == text
    if NUL not in text and ESCAPE not in text:
        assert stored == text
