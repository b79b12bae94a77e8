"""Build the official Twilio SDK client, pointed at Twilio or at a local stand-in.

`make_client(...)` returns a real `twilio.rest.Client`; only two things differ from
`Client(sid, token)`:

* The HTTP client has a timeout. The SDK's default has none, so one stuck
  connection would hang the sender forever.
* The "api" domain's base URL is `api_url` (TWILIO_API_URL). In twilio 9 every
  `client.messages.create(...)` builds its URL at request time from
  `client.api.base_url` (twilio/base/domain.py `Domain.absolute_url`), so setting
  that one attribute sends Message calls elsewhere. For a non-Twilio URL the
  edge/region rewriting (TWILIO_EDGE / TWILIO_REGION in the environment) is turned
  off, because it would mangle a host like 127.0.0.1.

What a caller of `client.messages.create(...)` must catch (checked against the
local server in tests/test_twilio_server.py):

* An HTTP error answer (4xx/5xx) with Twilio's usual JSON body
  `{"code", "message", "more_info", "status"}` raises
  `twilio.base.exceptions.TwilioRestException`: `.status` is the HTTP status,
  `.code` the Twilio error code (21610, 20429, ...). Without a JSON body (a bare
  proxy 502, say), `.code` is the HTTP status.
* An error answer in the newer RFC 9457 format (`type`, `title`, `status`,
  `code`) raises `twilio.base.exceptions.TwilioServiceException`, which is NOT a
  `TwilioRestException`. Both subclass `TwilioException` and carry `.status` and
  `.code`: catch `TwilioException`.
* No answer within `timeout` seconds raises `requests.exceptions.ReadTimeout`
  (a `requests.exceptions.Timeout`); the SDK does not wrap it. The message may or
  may not have been created: an ambiguous send.
* A refused connection raises `requests.exceptions.ConnectionError`; so does a
  connection the server closes without answering (again ambiguous: the message
  may exist). Both timeouts and connection errors are
  `requests.exceptions.RequestException`.
* The SDK never retries by itself, and does not read Retry-After.
"""

from __future__ import annotations

import requests
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

TWILIO_API_URL = "https://api.twilio.com"


def _proxies_for(url: str) -> dict[str, str] | None:
    """HTTPS_PROXY / HTTP_PROXY / NO_PROXY as requests would apply them to `url`."""
    proxies = requests.utils.get_environ_proxies(url)
    return dict(proxies) or None


def make_client(
    account_sid: str,
    auth_token: str,
    api_url: str = TWILIO_API_URL,
    timeout: float = 10.0,
) -> Client:
    """A Twilio client whose REST calls go to `api_url` and give up after `timeout` s."""
    if timeout <= 0:
        raise ValueError(f"timeout must be greater than 0, got {timeout!r}")
    http = TwilioHttpClient(timeout=timeout, proxy=_proxies_for(api_url))
    # requests re-reads proxy settings from the environment on every call (about
    # a fifth of a send's CPU); they are read once above instead.
    http.session.trust_env = False
    client = Client(account_sid, auth_token, http_client=http)
    base_url = api_url.rstrip("/")
    if base_url != TWILIO_API_URL:
        client.edge = None
        client.region = None
    client.api.base_url = base_url
    return client
