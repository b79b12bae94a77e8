"""A loopback load generator for the SMS webhook: threads, http.client, pre-signed requests.

    python -m bench.webhook_load --port PORT --phones FILE --mode max --connections 8 --seconds 20
    python -m bench.webhook_load --port PORT --phones FILE --mode rate --rate 100 --seconds 20

Run by bench/webhook.py as its own process, so its CPU is not the server's. Every request is
signed before the clock starts (RequestValidator over PUBLIC_BASE_URL, as Twilio signs), comes
from a random enrolled number with a realistic reply and a MessageSid never used before.

- `max`: N threads, each with one keep-alive connection, send back to back (closed loop).
- `rate`: requests are scheduled at a fixed rate (open loop); latency is measured from the
  scheduled moment, so a slow server's queueing delay is counted, not hidden.
- `burst`: --count replies all at once over N connections, plus --redeliveries of them sent a
  second time (same MessageSid, body and signature, as Twilio's retry or fallback would) shuffled
  among the rest, so a redelivery can race its first delivery.

Prints one JSON object: per request the MessageSid, HTTP status, latency (ms) and a digest of
the answer, plus the measured wall time.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import itertools
import json
import math
import random
import sys
import threading
import time
import uuid
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

PATH = "/webhooks/twilio/sms"
REPLIES = ["taken", "TAKEN", "took it", "tingling 6", "numbness 3", "B12 320", "later", "snooze 30",
           "yes", "done", "skip", "tip", "HELP", "what time is the pharmacy open", "fatigue 5 today",
           "took it but my hands are numb", "tomé la pastilla", "hormigueo 4"]


def signed_requests(count: int, phones: list[str], token: str, base: str, seed: int,
                    replies: list[str] = REPLIES) -> list[tuple]:
    """(MessageSid, encoded form, signature) for `count` texts, each with a fresh MessageSid."""
    rng = random.Random(seed)
    validator = RequestValidator(token)
    account = "AC" + uuid.UUID(int=rng.getrandbits(128)).hex
    made = []
    for _ in range(count):
        sid = "SM" + uuid.UUID(int=rng.getrandbits(128)).hex
        form = {
            "ToCountry": "US", "ToState": "MA", "SmsMessageSid": sid, "NumMedia": "0", "ToCity": "BOSTON",
            "FromZip": "02108", "SmsSid": sid, "FromState": "MA", "SmsStatus": "received", "FromCity": "BOSTON",
            "Body": rng.choice(replies), "FromCountry": "US", "To": "+16175550000", "ToZip": "02108",
            "NumSegments": "1", "MessageSid": sid, "AccountSid": account, "From": rng.choice(phones),
            "ApiVersion": "2010-04-01",
        }
        made.append((sid, urlencode(form).encode(), validator.compute_signature(base + PATH, form)))
    return made


class Client:
    """One keep-alive connection; reopened when the server closes it (sync workers do)."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def post(self, body: bytes, signature: str) -> tuple[int, str]:
        """(HTTP status, digest of the answer); status 0 when the connection failed."""
        headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature,
                   "User-Agent": "TwilioProxy/1.1"}
        try:
            self.connection.request("POST", PATH, body, headers)
            response = self.connection.getresponse()
            answer = response.read()
            return response.status, hashlib.sha256(answer).hexdigest()[:16]
        except (ConnectionError, http.client.HTTPException):
            self.connection.close()  # a dropped keep-alive connection: counted as failed
            return 0, ""


def run_closed(port: int, requests: list[tuple], connections: int,
               seconds: float | None = None) -> tuple[list, float]:
    """Closed loop: each thread sends as soon as its last answer came back, until the requests
    run out or `seconds` pass (None: until they run out). Latency runs from each request's send."""
    results, queue = [], iter(requests)
    lock = threading.Lock()
    stop_at = time.perf_counter() + (seconds if seconds is not None else math.inf)

    def worker():
        client, mine = Client(port), []
        while time.perf_counter() < stop_at:
            with lock:
                item = next(queue, None)
            if item is None:
                break
            sent = time.perf_counter()
            status, digest = client.post(item[1], item[2])
            mine.append((item[0], status, (time.perf_counter() - sent) * 1000, digest))
        with lock:
            results.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def run_rate(port: int, requests: list[tuple], rate: float, seconds: float, threads: int = 32) -> tuple[list, float]:
    """Open loop: request i is due at start + i/rate whatever happened to the others."""
    total = min(len(requests), int(rate * seconds))
    results, numbers = [], itertools.count()
    lock = threading.Lock()
    start = time.perf_counter() + 0.2

    def worker():
        client, mine = Client(port), []
        while True:
            with lock:
                i = next(numbers)
            if i >= total:
                break
            due = start + i / rate
            time.sleep(max(0.0, due - time.perf_counter()))
            status, digest = client.post(requests[i][1], requests[i][2])
            mine.append((requests[i][0], status, (time.perf_counter() - due) * 1000, digest))
        with lock:
            results.extend(mine)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return results, time.perf_counter() - start


def with_redeliveries(requests: list[tuple], count: int, seed: int) -> list[tuple]:
    """`requests` plus `count` of them again, shuffled (a copy may come before or next to its original)."""
    rng = random.Random(seed)
    mixed = requests + rng.sample(requests, min(count, len(requests)))
    rng.shuffle(mixed)
    return mixed


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--phones", required=True, help="a file of enrolled numbers, one a line")
    parser.add_argument("--token", required=True)
    parser.add_argument("--base", required=True, help="PUBLIC_BASE_URL, as the server rebuilds it")
    parser.add_argument("--mode", choices=["max", "rate", "burst"], required=True)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--rate", type=float, default=100)
    parser.add_argument("--max-requests", type=int, default=40_000)
    parser.add_argument("--count", type=int, default=1000, help="burst: distinct replies")
    parser.add_argument("--redeliveries", type=int, default=100, help="burst: replies sent twice")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    with open(args.phones) as lines:
        phones = [line.strip() for line in lines if line.strip()]
    # Enough for 1,500 req/s (five times the target); running out is reported, not hidden.
    count = {"max": min(args.max_requests, int(1500 * args.seconds)), "rate": int(args.rate * args.seconds),
             "burst": args.count}[args.mode]
    requests = signed_requests(count, phones, args.token, args.base, args.seed)
    cpu = time.process_time()
    if args.mode == "max":
        results, wall = run_closed(args.port, requests, args.connections, args.seconds)
    elif args.mode == "rate":
        results, wall = run_rate(args.port, requests, args.rate, args.seconds)
    else:
        requests = with_redeliveries(requests, args.redeliveries, args.seed)
        results, wall = run_closed(args.port, requests, args.connections)
    json.dump({"wall_seconds": wall, "exhausted": len(results) == len(requests),
               "cpu_seconds": time.process_time() - cpu, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
