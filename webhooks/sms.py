"""POST /webhooks/twilio/sms: a patient's text, answered with TwiML.

Twilio waits at most 15 s and does not redeliver after a 5xx, so the text is
stored before anything else and the answer is computed from our own tables
only (no outbound calls while Twilio waits).
"""

from __future__ import annotations

from flask import Blueprint, Response, request
from twilio.twiml.messaging_response import MessagingResponse

from reminders.core.db import utcnow
from reminders.incoming import inbound
from reminders.web.context import runtime
from webhooks.signature import require_signature

bp = Blueprint("webhooks_sms", __name__, url_prefix="/webhooks/twilio")

MAX_MEDIA = 10  # Twilio's own limit per message


@bp.post("/sms")
@require_signature
def sms():
    text = _inbound_from_form()
    if text is None:
        return Response("missing or malformed MessageSid, From or To\n", status=400, mimetype="text/plain")
    answer = inbound.receive(runtime(), text, utcnow())
    return twiml(answer)


def _inbound_from_form() -> inbound.Inbound | None:
    form = request.form
    sid, sender = form.get("MessageSid", "").strip(), form.get("From", "").strip()
    recipient = form.get("To", "")[:32]
    # Twilio never sends NUL in these (PostgreSQL could not store it): not a real delivery.
    if not sid or not sender or len(sid) > 64 or len(sender) > 32 or "\x00" in sid + sender + recipient:
        return None
    try:
        count = min(int(form.get("NumMedia") or 0), MAX_MEDIA)
    except ValueError:
        count = 0
    media = [form[f"MediaUrl{n}"] for n in range(count) if form.get(f"MediaUrl{n}")]
    return inbound.Inbound(
        sid=sid, sender=sender, recipient=recipient, body=form.get("Body", ""),
        media_urls=media,
    )


def twiml(answer: str | None) -> Response:
    response = MessagingResponse()
    if answer:
        response.message(answer)
    return Response(str(response), mimetype="text/xml")
