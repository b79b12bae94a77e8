"""Texting the webhook as Twilio does, at a frozen instant, for tests of whole conversations."""

from __future__ import annotations

import secrets
from datetime import datetime

import pytest
import time_machine

from reminders.app import create_app
from tests.scheduling_helpers import Phone
from tests.signing import AUTH_TOKEN, PUBLIC_BASE_URL
from tests.test_sms_webhook import Texts


@pytest.fixture
def webhook(config, rt):
    """The app with signatures checked, as Twilio reaches it."""
    signed = config.with_overrides(twilio_auth_token=AUTH_TOKEN, public_base_url=PUBLIC_BASE_URL)
    return create_app(signed).test_client()


@pytest.fixture
def phone():
    return Phone()


def text(webhook, sender: str, body: str, when: datetime) -> str:
    """A signed text from `sender` at `when`, with a MessageSid of its own; the bot's answer."""
    with time_machine.travel(when, tick=False):
        return Texts(webhook, sender).answer(body, sid="SM" + secrets.token_hex(16))
