"""POSTs that are too big, that lie about their content type, or use the wrong method.

For the two Twilio webhooks and the login form: a body over the app's limit (64 KiB) is 413;
an odd Content-Type, charset or Content-Encoding is never a 500 and never a traceback; a webhook
request that is signed over what the server actually parses is handled like any other; and the
wrong method is 405. (Arbitrary texts on the SMS webhook are tests/test_sms_webhook_properties.py.)
"""

from __future__ import annotations

import gzip
import io
import json

import pytest
from flask import Request
from hypothesis import event, given
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from sqlalchemy import select
from werkzeug.test import EnvironBuilder

from reminders.app import create_app
from reminders.core.db import utcnow
from reminders.core.models import INBOUND, OUTBOUND, Message, MessageEvent, Patient
from tests.dashboard.conftest import sign_in
from tests.fuzz.strategies import FUZZ, mixed
from tests.signing import AUTH_TOKEN, PUBLIC_BASE_URL, signature

SMS, STATUS, LOGIN = "/webhooks/twilio/sms", "/webhooks/twilio/status", "/login"
LIMIT = 64 * 1024
FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def web(config, rt):
    """The app as deployed behind Twilio: signatures checked against PUBLIC_BASE_URL."""
    signed = config.with_overrides(twilio_auth_token=AUTH_TOKEN, public_base_url=PUBLIC_BASE_URL)
    return create_app(signed).test_client()


@pytest.fixture
def sent(rt) -> str:
    """An outbound text Twilio could report on."""
    with rt.session() as s:
        patient = Patient(phone="+16175550101", name="Pat", tz="UTC")
        s.add(patient)
        s.flush()
        s.add(Message(patient_id=patient.id, direction=OUTBOUND, purpose="reminder", body="Time for your dose",
                      status="queued", twilio_sid="SM" + "1" * 32, send_after=utcnow()))
    return "SM" + "1" * 32


def assert_sane(response, *allowed: int) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code < 500, f"{response.status_code}: {body[:1000]}"
    assert "Traceback" not in body
    if allowed:
        assert response.status_code in allowed, f"{response.status_code}: {body[:1000]}"
    if currently_in_test_context():
        event(f"status {response.status_code}")


def as_server_sees(path: str, body: bytes, headers: dict):
    """The form werkzeug will parse from this request: what a correct signature must cover."""
    environ = EnvironBuilder(path=path, method="POST", input_stream=io.BytesIO(body),
                             content_length=len(body), headers=headers).get_environ()
    if "Content-Type" not in headers:
        environ.pop("CONTENT_TYPE", None)
    return Request(environ).form  # Flask's own request class, so it parses exactly as the app will


def send(client, path: str, body: bytes, headers: dict, signed: bool = False):
    headers = dict(headers)
    if signed:
        headers["X-Twilio-Signature"] = signature(path, as_server_sees(path, body, headers))
    return client.post(path, input_stream=io.BytesIO(body), content_length=len(body), headers=headers)


def sms_form(sid: str = "SM" + "a" * 32, body: str = "took it") -> dict:
    return {"MessageSid": sid, "From": "+16175550101", "To": "+15005550006", "Body": body, "NumMedia": "0"}


def urlencoded(form: dict) -> bytes:
    from urllib.parse import urlencode

    return urlencode(form).encode()


def multipart(form: dict, boundary: str = "XyZ") -> bytes:
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n' for k, v in form.items()]
    return ("".join(parts) + f"--{boundary}--\r\n").encode()


# -- size ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [SMS, STATUS, LOGIN])
@pytest.mark.parametrize("kind", ["urlencoded", "multipart"])
def test_a_body_over_the_limit_is_413(web, rt, path, kind):
    form = sms_form(body="x" * LIMIT)
    body = urlencoded(form) if kind == "urlencoded" else multipart(form)
    headers = {"Content-Type": FORM if kind == "urlencoded" else "multipart/form-data; boundary=XyZ"}
    assert len(body) > LIMIT
    assert_sane(send(web, path, body, headers, signed=path != LOGIN), 413)
    assert_sane(send(web, path, body, {**headers, "X-Twilio-Signature": "forged"}), 413)
    if path != LOGIN:  # no signature at all: refused before the body is read
        assert_sane(send(web, path, body, headers), 403)
    with rt.session() as s:
        assert s.scalars(select(Message)).all() == []


@pytest.mark.parametrize("path", [SMS, STATUS, LOGIN])
@pytest.mark.parametrize("kind", ["urlencoded", "multipart"])
def test_a_chunked_body_over_the_limit_is_never_taken(web, rt, path, kind):
    """A chunked upload has no Content-Length. Werkzeug cuts a urlencoded one at the limit (the
    cut form then fails its signature or CSRF check) and refuses a multipart one with 413."""
    form = sms_form(body="x" * LIMIT)
    body = urlencoded(form) if kind == "urlencoded" else multipart(form)
    headers = {"Content-Type": FORM if kind == "urlencoded" else "multipart/form-data; boundary=XyZ",
               "Transfer-Encoding": "chunked"}
    if path != LOGIN:
        headers["X-Twilio-Signature"] = signature(path, as_server_sees(path, body, headers))
    response = web.post(path, input_stream=io.BytesIO(body), headers=headers,
                        environ_overrides={"wsgi.input_terminated": True})  # as gunicorn sets it
    assert_sane(response, 413, 400 if path == LOGIN else 403)
    with rt.session() as s:
        assert s.scalars(select(Message)).all() == []


def test_a_signed_text_just_under_the_limit_is_taken(web, rt):
    form = sms_form(body="é" * 10_000)
    body = urlencoded(form)
    assert LIMIT - 6000 < len(body) < LIMIT  # each é is %C3%A9: six bytes
    assert_sane(send(web, SMS, body, {"Content-Type": FORM}, signed=True), 200)
    with rt.session() as s:
        assert s.scalar(select(Message.body).where(Message.direction == INBOUND)) == "é" * 10_000


# -- content types that lie ----------------------------------------------------------------


ODD = {
    "json": ("application/json", lambda form: json.dumps(form).encode()),
    "text": ("text/plain", urlencoded),
    "multipart with boundary": ("multipart/form-data; boundary=XyZ", multipart),
    "multipart without boundary": ("multipart/form-data", multipart),
    "multipart, wrong boundary": ("multipart/form-data; boundary=other", multipart),
    "no such charset": (FORM + "; charset=no-such-charset", urlencoded),
    "utf-16 claimed": (FORM + "; charset=utf-16", urlencoded),
    "upper case": (FORM.upper(), urlencoded),
    "no content type": (None, urlencoded),
    "empty content type": ("", urlencoded),
    "garbage content type": (";;;=\x7f; boundary=", urlencoded),
    "duplicate fields": (FORM, lambda form: urlencoded(form) + b"&" + urlencoded(form)),
    "bad percent-encoding": (FORM, lambda form: urlencoded(form).replace(b"took", b"%ZZ%E0%")),
    "invalid UTF-8 bytes": (FORM, lambda form: urlencoded(form).replace(b"took", b"\xff\xfe\xc3")),
    "percent-encoded invalid UTF-8": (FORM, lambda form: urlencoded(form).replace(b"took", b"%ff%fe%c3")),
    "gzip claimed, plain body": (FORM, urlencoded),
    "gzip claimed and sent": (FORM, lambda form: gzip.compress(urlencoded(form))),
}
ENCODED = {"gzip claimed, plain body", "gzip claimed and sent"}


def _request(case: str, form: dict) -> tuple[bytes, dict]:
    ctype, encode = ODD[case]
    headers = {} if ctype is None else {"Content-Type": ctype}
    if case in ENCODED:
        headers["Content-Encoding"] = "gzip"
    return encode(form), headers


@pytest.mark.parametrize("case", ODD)
@pytest.mark.parametrize("path", [SMS, STATUS, LOGIN])
def test_odd_content_types_unsigned(web, rt, path, case):
    body, headers = _request(case, sms_form())
    expected = 400 if path == LOGIN else 403  # no CSRF token / no Twilio signature
    assert_sane(send(web, path, body, headers), expected)
    with rt.session() as s:
        assert s.scalars(select(Message)).all() == []


@pytest.mark.parametrize("case", ODD)
def test_odd_but_signed_texts_are_handled_as_parsed(web, rt, case):
    """Signed over what werkzeug parses: a complete text is stored and answered, anything else is 400."""
    body, headers = _request(case, sms_form())
    parsed = as_server_sees(SMS, body, headers)
    response = send(web, SMS, body, headers, signed=True)
    complete = bool(parsed.get("MessageSid") and parsed.get("From"))
    assert_sane(response, 200 if complete else 400)
    with rt.session() as s:
        stored = s.scalars(select(Message.body).where(Message.direction == INBOUND)).all()
    assert stored == ([parsed.get("Body", "")] if complete else [])


@pytest.mark.parametrize("case", ODD)
def test_odd_but_signed_status_callbacks_are_handled_as_parsed(web, rt, sent, case):
    body, headers = _request(case, {"MessageSid": sent, "MessageStatus": "delivered"})
    parsed = as_server_sees(STATUS, body, headers)
    response = send(web, STATUS, body, headers, signed=True)
    complete = parsed.get("MessageSid") == sent and parsed.get("MessageStatus") == "delivered"
    assert_sane(response, 200 if complete else 400)
    with rt.session() as s:
        assert len(s.scalars(select(MessageEvent)).all()) == (1 if complete else 0)


# -- anything at all in the headers and the body --------------------------------------------


HEADER_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"), max_size=80)
CONTENT_TYPES = st.one_of(
    st.sampled_from([FORM, "multipart/form-data", "multipart/form-data; boundary=XyZ", "application/json",
                     "text/plain; charset=utf-8", FORM + "; charset=utf-16"]),
    st.builds(lambda main, params: main + params, st.sampled_from([FORM, "multipart/form-data", "text/xml"]),
              HEADER_TEXT),
    HEADER_TEXT,
)
BODIES = st.one_of(
    st.binary(max_size=2000),
    st.dictionaries(st.text(max_size=20), st.text(max_size=40), max_size=8).map(urlencoded),
    st.dictionaries(st.text(st.characters(codec="utf-8", exclude_characters='"\r\n'), max_size=20),
                    st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=40),
                    max_size=5).map(multipart),
)


@FUZZ
@given(path=st.sampled_from([SMS, STATUS, LOGIN]), ctype=st.none() | CONTENT_TYPES, body=BODIES,
       encoding=st.none() | st.sampled_from(["gzip", "deflate", "br", "identity", "x-nonsense"]),
       signed=st.booleans())
def test_any_content_type_and_body(web, rt, path, ctype, body, encoding, signed):
    headers = {} if ctype is None else {"Content-Type": ctype}
    if encoding:
        headers["Content-Encoding"] = encoding
    response = send(web, path, body, headers, signed=signed and path != LOGIN)
    assert_sane(response)


STATUS_FIELDS = st.fixed_dictionaries({}, optional={
    "MessageSid": mixed("SM" + "1" * 32, "SM" + "2" * 32, "S" * 65, max_huge=200),
    "MessageStatus": mixed("delivered", "sent", "failed", "undelivered", "DELIVERED", "read", "bogus"),
    "SmsStatus": mixed("sent", "delivered"),
    "ErrorCode": mixed("30005", "30006", "21610", "0", "-1", "2147483647", "2147483648", "9" * 30, "1e3", "٣"),
})


@FUZZ
@given(form=STATUS_FIELDS)
def test_signed_status_callbacks_with_any_fields(web, rt, sent, form):
    """Only a known status for a usable MessageSid is recorded; anything else is a 400, never a 500."""
    before = _events(rt)
    body = urlencoded(form)
    response = send(web, STATUS, body, {"Content-Type": FORM}, signed=True)
    if len(body) > LIMIT:  # a huge generated field: refused before anything is read
        assert_sane(response, 413)
        assert _events(rt) == before
        return
    sid = form.get("MessageSid", "")
    status = (form.get("MessageStatus") or form.get("SmsStatus") or "").lower()
    usable = bool(sid) and len(sid) <= 64 and "\x00" not in sid and "\x00" not in status
    known = status in {"pending", "accepted", "scheduled", "queued", "sending", "sent", "delivered",
                       "undelivered", "failed", "read"}
    assert_sane(response, 200 if usable and known else 400)
    assert _events(rt) == before + (1 if usable and known else 0)


def _events(rt) -> int:
    with rt.session() as s:
        return len(s.scalars(select(MessageEvent.id)).all())


# -- methods ----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [SMS, STATUS])
@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "PATCH", "DELETE"])
def test_webhooks_only_take_post(web, path, method):
    response = web.open(path, method=method)
    assert_sane(response, 405)
    assert "POST" in response.headers["Allow"]


@pytest.mark.parametrize("path", [SMS, STATUS, LOGIN])
def test_options_lists_the_methods(web, path):
    response = web.options(path)
    assert_sane(response, 200)
    assert "POST" in response.headers["Allow"]


def test_head_on_the_login_page_is_its_get_without_a_body(web):
    response = web.head(LOGIN)
    assert_sane(response, 200)
    assert response.data == b"" and response.mimetype == "text/html"


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_other_methods_on_login_are_refused(web, method):
    assert_sane(web.open(LOGIN, method=method), 400, 405)  # the CSRF guard speaks first: 400


@pytest.mark.parametrize("path", ["/logout", "/patients/{p}/pause", "/patients/{p}/consent",
                                  "/patients/{p}/messages", "/flags/1/resolve"])
def test_get_on_a_dashboard_action_is_405_once_signed_in(web, world, path):
    assert sign_in(web, "ann@north.example").status_code == 302
    response = web.get(path.format(p=world.patient_a))
    assert_sane(response, 405)
