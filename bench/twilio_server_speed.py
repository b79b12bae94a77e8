"""How many message creations per second the local Twilio server takes from one client.

    python -m bench.twilio_server_speed [--count 3000]

Starts `python -m tests.twilio_server --port 0` as a subprocess (as end-to-end tests
and benchmarks use it), then sends --count messages one after another over one
keep-alive connection, twice:

1. with a bare HTTP/1.1 client (http.client): what the server itself can take;
   the target is >= 1,500 msgs/s;
2. through the real twilio SDK (reminders.outgoing.twilio_client.make_client): what a sender
   in this project can get; on a 2-core machine the SDK's own per-call cost
   (requests, proxy lookups in the environment, typing checks) is the limit here.

Each run checks that the server recorded every message it was sent, and the server's
CPU time per message is read from its /_fake/stats (a figure that other load on the
machine hardly changes, unlike msgs/s).

Result (2-core machine, other work running, 10,000 messages):
  bare HTTP/1.1 client   2,382 msgs/s; CPU per message: client 197 us, server 234 us
  twilio SDK client        765 msgs/s; CPU per message: client 1012 us, server 296 us
(on a quiet machine: 2,800 and 800 msgs/s). The server meets the target about twice
over; a single SDK client cannot reach it: twilio-python + requests cost ~1 ms of CPU
per create here, of which about a fifth is requests' proxy lookups in the
environment (Session.trust_env).
"""

from __future__ import annotations

import argparse
import base64
import http.client
import time
from urllib.parse import urlencode, urlparse

from reminders.outgoing.twilio_client import make_client
from tests.twilio_server import (
    DEFAULT_ACCOUNT_SID,
    DEFAULT_AUTH_TOKEN,
    RemoteTwilio,
    server_process,
)

BODY = "Time for your B12 dose. Reply TAKEN when done. Tip: a routine helps you remember."
FIELDS = {"From": "+15550199", "Body": BODY, "ValidityPeriod": "3600",
          "StatusCallback": "https://example.invalid/webhooks/twilio/status"}
PATH = f"/2010-04-01/Accounts/{DEFAULT_ACCOUNT_SID}/Messages.json"
WARM_UP = 50


def timed(server: RemoteTwilio, count: int, send) -> tuple[float, float, float]:
    """(messages per second, client CPU and server CPU per message in microseconds)."""
    server.reset()
    for i in range(WARM_UP):
        send(i)
    started, cpu, server_cpu = time.perf_counter(), time.process_time(), server.stats["cpu_seconds"]
    for i in range(WARM_UP, WARM_UP + count):
        send(i)
    wall = time.perf_counter() - started
    client_us = (time.process_time() - cpu) / count * 1e6
    server_us = (server.stats["cpu_seconds"] - server_cpu) / count * 1e6
    if len(server.messages) != WARM_UP + count:
        raise RuntimeError("the server did not record every message")
    return count / wall, client_us, server_us


def bare_sender(url: str):
    parsed = urlparse(url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=10)
    token = base64.b64encode(f"{DEFAULT_ACCOUNT_SID}:{DEFAULT_AUTH_TOKEN}".encode()).decode()
    headers = {"Authorization": f"Basic {token}", "Accept": "application/json",
               "Content-Type": "application/x-www-form-urlencoded"}

    def send(i: int) -> None:
        conn.request("POST", PATH, urlencode({"To": f"+1555{i:07d}", **FIELDS}), headers)
        answer = conn.getresponse()
        answer.read()
        if answer.status != 201:
            raise RuntimeError(f"unexpected HTTP {answer.status}")

    return send


def sdk_sender(url: str):
    create = make_client(DEFAULT_ACCOUNT_SID, DEFAULT_AUTH_TOKEN, url, timeout=10).messages.create

    def send(i: int) -> None:
        create(to=f"+1555{i:07d}", from_=FIELDS["From"], body=BODY,
               validity_period=3600, status_callback=FIELDS["StatusCallback"])

    return send


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=3000)
    args = parser.parse_args()
    with server_process() as server:
        results = {name: timed(server, args.count, sender(server.url))
                   for name, sender in (("bare HTTP/1.1 client", bare_sender), ("twilio SDK client", sdk_sender))}
    print(f"{args.count} message creations, one client, one keep-alive connection, server in a subprocess:")
    for name, (rate, client_us, server_us) in results.items():
        print(f"  {name:21} {rate:6,.0f} msgs/s; CPU per message: client {client_us:5.0f} us, "
              f"server {server_us:4.0f} us (alone: {1e6 / server_us:,.0f} msgs/s per core)")
    print("target: >= 1,500 msgs/s")


if __name__ == "__main__":
    main()
