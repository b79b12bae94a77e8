"""pytest fixture for the local Twilio server (tests/twilio_server.py).

Registered in tests/conftest.py with `pytest_plugins = ["tests.twilio_fixtures"]`.

    def test_send(twilio_server):
        client = make_client(twilio_server.account_sid, twilio_server.auth_token,
                             twilio_server.url, timeout=2)
        twilio_server.script(queue=["429"])
        ...
        assert twilio_server.messages[0]["to"] == "+15550100"
"""

from __future__ import annotations

import pytest

from tests.twilio_server import FakeTwilio


@pytest.fixture
def twilio_server():
    """A FakeTwilio on 127.0.0.1 (port chosen by the OS), fresh for each test."""
    with FakeTwilio() as server:
        yield server
