"""Requests signed the way Twilio signs them, with the SDK's own RequestValidator."""

from __future__ import annotations

from twilio.request_validator import RequestValidator

AUTH_TOKEN = "test-auth-token-0123456789abcdef"
PUBLIC_BASE_URL = "https://reminders.example.org"


def signature(path: str, form: dict, token: str = AUTH_TOKEN, base: str = PUBLIC_BASE_URL) -> str:
    return RequestValidator(token).compute_signature(base + path, form)


def post_signed(client, path: str, form: dict, **kwargs):
    headers = {"X-Twilio-Signature": signature(path, form, **kwargs)}
    return client.post(path, data=form, headers=headers)
