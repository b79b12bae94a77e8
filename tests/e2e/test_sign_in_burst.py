"""40 wrong passwords at once, over real HTTP to gunicorn on PostgreSQL: no more than the
limit get a password check. Before, the count and the check were separate reads, and 40
concurrent attempts got 17 checks against a limit of 10."""

import re
import threading

import requests
from sqlalchemy import func, select

from reminders.services import accounts
from reminders.services.accounts import PAIR_LIMIT, AuditEvent
from tests.e2e.stack import postgres_only

EMAIL, PASSWORD = "admin@clinic.example", "a long enough password"
BURST = 40


@postgres_only
def test_a_burst_of_wrong_passwords_gets_at_most_the_limits_checks(stack, rt):
    stack.web()
    with rt.session() as session:
        accounts.add_user(session, email=EMAIL, role="admin", password=PASSWORD)

    browsers = []
    for _ in range(BURST):  # each with its own cookie and CSRF token, ready before the burst
        browser = requests.Session()
        page = browser.get(stack.url("/login"), timeout=30).text
        browsers.append((browser, re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page)[1]))
    start, statuses = threading.Barrier(BURST), []

    def attempt(browser, token, n):
        start.wait()
        response = browser.post(stack.url("/login"), timeout=60, allow_redirects=False,
                                data={"email": EMAIL, "password": f"wrong {n}", "csrf_token": token})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=attempt, args=(b, t, n)) for n, (b, t) in enumerate(browsers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)

    with rt.session() as session:
        actions = dict(session.execute(
            select(AuditEvent.action, func.count()).where(AuditEvent.actor == EMAIL).group_by(AuditEvent.action)).all())
    assert sorted(set(statuses)) == [401, 429] and len(statuses) == BURST
    assert actions == {"login_failed": PAIR_LIMIT, "login_throttled": BURST - PAIR_LIMIT}
    assert statuses.count(401) == PAIR_LIMIT
