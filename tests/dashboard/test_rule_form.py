"""The dashboard's plan forms refuse a rule by what it does, next to the field, without hanging
the worker (INTERVAL=0 and a rule that never fires used to hold it for good or for seconds)."""

from __future__ import annotations

import pytest

from tests.dashboard.conftest import post
from tests.scheduling_helpers import without_hanging
from tests.test_rule_checks import EVERY_10_SECONDS, START


@pytest.mark.parametrize("rule, words", [
    ("FREQ=DAILY;INTERVAL=0", "INTERVAL"),
    (EVERY_10_SECONDS, "less than an hour apart"),
    ("FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30", "no fire in the five years"),
])
def test_the_dashboard_refuses_a_bad_rule_next_to_the_field(as_coord_a, world, rule, words):
    url = f"/patients/{world.patient_a}/plans"
    data = {"kind": "supplement", "schedule": "custom", "rrule": rule, "start": START, "active": "y"}
    response = without_hanging(lambda: post(as_coord_a, url, data))
    assert response.status_code == 400
    assert words in response.get_data(as_text=True)
