"""Twilio's request signature, checked with the SDK's RequestValidator.

Twilio signs the exact URL it called. Behind a proxy Flask sees another scheme,
host or port, so the URL is rebuilt from PUBLIC_BASE_URL when it is set.
"""

from __future__ import annotations

import functools
import logging

from flask import abort, request
from twilio.request_validator import RequestValidator

from reminders.web.context import runtime

log = logging.getLogger(__name__)


def signed_url() -> str:
    base = runtime().config.public_base_url
    if not base:
        return request.url
    query = request.query_string.decode("latin-1")
    return base.rstrip("/") + request.path + (f"?{query}" if query else "")


def is_signed() -> bool:
    config = runtime().config
    if not config.verify_signatures:
        return True  # development with the console transport only (Config enforces it)
    signature = request.headers.get("X-Twilio-Signature", "")
    if not (signature and config.twilio_auth_token):
        return False
    validator = RequestValidator(config.twilio_auth_token)
    return validator.validate(signed_url(), request.form, signature)


def require_signature(view):
    """403, and nothing stored, unless Twilio signed the request."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if not is_signed():
            log.warning("rejected unsigned request to %s", request.path)
            abort(403)
        return view(*args, **kwargs)

    return wrapper
