"""The patients list as a worklist: sorted by need, filtered by need, each row saying why.

Issue 16: patients were listed by name, so nothing said who needs a call today, and there was
no way to see only the urgent, the missed, the silent, the low-adherence or the opted out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest

from reminders.core.db import utcnow
from reminders.core.models import (
    INBOUND,
    OPTED_OUT,
    PROMPT,
    ROUTINE,
    URGENT,
    DoseEvent,
    Flag,
    Message,
    Patient,
)
from reminders.services import enrolment
from tests.dashboard.conftest import sign_in, COORD_B


@dataclass
class Ward:
    """Team North's patients, one for each reason a coordinator would call (and some for none)."""

    ids: dict[str, int]


def _patient(s, name: str, phone: str, *, days_enrolled: int = 60, team: str = "North") -> Patient:
    p = enrolment.add_patient(s, phone=phone, name=name, tz="America/New_York", team=team, welcome=False)
    enrolment.add_plan(s, p, kind="supplement", rrule="FREQ=DAILY", start="2026-01-01T09:00")
    p.created_at = utcnow() - timedelta(days=days_enrolled)
    s.flush()
    return p


def _reply(s, p: Patient, days_ago: float) -> None:
    s.add(Message(patient_id=p.id, direction=INBOUND, purpose="reply", status="handled", body="ok",
                  created_at=utcnow() - timedelta(days=days_ago)))


def _doses(s, p: Patient, outcomes: list[str]) -> None:
    """Outcomes oldest first, one a day, the newest yesterday."""
    now = utcnow()
    for back, outcome in enumerate(reversed(outcomes), start=1):
        s.add(DoseEvent(patient_id=p.id, outcome=outcome, at=now - timedelta(days=back - 0.5)))


def _flag(s, p: Patient, level: str, detail: str, hours_ago: float, reason: str = "red_flag") -> None:
    at = utcnow() - timedelta(hours=hours_ago)
    s.add(Flag(patient_id=p.id, reason=reason, level=level, detail=detail, created_at=at, raised_at=at))


@pytest.fixture
def ward(rt, world) -> Ward:
    ids = {}
    with rt.session() as s:
        zoe = _patient(s, "Zoe Urgent", "+16175550201")
        _flag(s, zoe, URGENT, "new vision loss", 2)
        _reply(s, zoe, 0.1)
        yann = _patient(s, "Yann Prompt", "+16175550202")
        _flag(s, yann, PROMPT, "severe fatigue (8 of 10)", 5)
        _reply(s, yann, 0.2)
        xena = _patient(s, "Xena Routine", "+16175550203")
        _flag(s, xena, ROUTINE, "what does this mean?", 30, reason="unknown_reply")
        _reply(s, xena, 1)
        walt = _patient(s, "Walt Missed", "+16175550204")
        _doses(s, walt, ["taken", "taken", "missed", "missed", "missed"])
        _reply(s, walt, 3.5)
        vera = _patient(s, "Vera Silent", "+16175550205")
        _reply(s, vera, 6.2)
        uma = _patient(s, "Uma Low", "+16175550206")
        _doses(s, uma, ["taken", "skipped", "skipped", "taken", "skipped", "taken", "skipped"])
        _reply(s, uma, 0.5)
        otto = _patient(s, "Otto Optout", "+16175550207")
        otto.consent = OPTED_OUT
        paula = _patient(s, "Paula Paused", "+16175550208")
        paula.paused = True
        # Bruno (team South) has the most pressing flag of all, which team North must never see.
        _flag(s, s.get(Patient, world.patient_b), URGENT, "cannot walk", 1)
        for p in (zoe, yann, xena, walt, vera, uma, otto, paula):
            ids[p.name] = p.id
    ids["Alice Archer"] = world.patient_a
    return Ward(ids)


def _names(page: str) -> list[str]:
    return re.findall(r'<a class="name" href="/patients/\d+">([^<]+)</a>', page)


def _row(page: str, name: str) -> str:
    """The card of one patient: from their name to the next card (or the end of the list)."""
    start = page.index(f">{name}</a>")
    end = page.find('<li class="card', start)
    return page[start:end if end > 0 else page.index("</main>", start)]


def test_list_is_sorted_by_need_urgent_first(as_coord_a, ward):
    page = as_coord_a.get("/patients").get_data(as_text=True)
    assert _names(page) == ["Zoe Urgent", "Yann Prompt", "Xena Routine", "Walt Missed", "Vera Silent",
                            "Uma Low", "Alice Archer", "Otto Optout", "Paula Paused"]


def test_each_row_says_why_it_is_there(as_coord_a, ward):
    page = as_coord_a.get("/patients").get_data(as_text=True)
    assert "Urgent flag: new vision loss, 2 h ago" in _row(page, "Zoe Urgent")
    assert "Flag to review today: severe fatigue (8 of 10), 5 h ago" in _row(page, "Yann Prompt")
    assert "Routine flag: what does this mean?, 1 d ago" in _row(page, "Xena Routine")
    walt = _row(page, "Walt Missed")
    assert "3 doses missed in a row" in walt
    assert "Took 2 of 5 doses in the last 7 days" in walt  # a second reason, after the first
    assert walt.index("3 doses missed in a row") < walt.index("Took 2 of 5")
    assert "No reply for 6 days" in _row(page, "Vera Silent")
    assert "Took 3 of 7 doses in the last 7 days" in _row(page, "Uma Low")
    assert "Nothing needs a call" in _row(page, "Alice Archer")


def test_the_page_names_its_thresholds(as_coord_a, ward):
    page = as_coord_a.get("/patients").get_data(as_text=True)
    assert "3 or more doses missed in a row" in page
    assert "no reply for 5 days" in page
    assert "under 80% of doses taken in the last 7 days" in page


@pytest.mark.parametrize("show, expected", [
    ("urgent", ["Zoe Urgent"]),
    ("prompt", ["Yann Prompt"]),
    ("routine", ["Xena Routine"]),
    ("missed", ["Walt Missed"]),
    ("silent", ["Vera Silent"]),
    ("low", ["Walt Missed", "Uma Low"]),
    ("opted_out", ["Otto Optout"]),
    ("paused", ["Paula Paused"]),
])
def test_filters_show_only_their_patients_in_order(as_coord_a, ward, show, expected):
    page = as_coord_a.get(f"/patients?show={show}").get_data(as_text=True)
    assert _names(page) == expected


def test_filters_are_links_with_counts(as_coord_a, ward):
    page = as_coord_a.get("/patients").get_data(as_text=True)
    counts = dict(re.findall(r'href="/patients\?show=(\w+)"[^>]*>[^<]*<span class="count">(\d+)</span>', page))
    assert counts == {"urgent": "1", "prompt": "1", "routine": "1", "missed": "1", "silent": "1", "low": "2",
                      "opted_out": "1", "paused": "1"}
    assert re.search(r'href="/patients"[^>]*aria-current="page"[^>]*>All <span class="count">9</span>', page)


def test_search_works_with_a_filter(as_coord_a, ward):
    page = as_coord_a.get("/patients?show=low&q=uma").get_data(as_text=True)
    assert _names(page) == ["Uma Low"]
    # The filter links keep the search, and the search form keeps the filter.
    assert 'href="/patients?show=missed&amp;q=uma"' in page
    assert '<input type="hidden" name="show" value="low">' in page
    assert _names(as_coord_a.get("/patients?q=walt").get_data(as_text=True)) == ["Walt Missed"]


def test_an_unknown_filter_shows_everyone(as_coord_a, ward):
    assert len(_names(as_coord_a.get("/patients?show=nonsense").get_data(as_text=True))) == 9


def test_coordinators_see_and_count_only_their_team(client, ward):
    assert sign_in(client, COORD_B).status_code == 302
    page = client.get("/patients?show=urgent").get_data(as_text=True)
    assert _names(page) == ["Bruno Baker"]
    assert "Urgent flag: cannot walk, 1 h ago" in page
    for name in ward.ids:
        assert name not in page  # not in a row, not in a count's link
    everyone = client.get("/patients").get_data(as_text=True)
    assert _names(everyone) == ["Bruno Baker"]
    assert re.search(r'>All <span class="count">1</span>', everyone)


def test_team_north_never_sees_south_in_a_filter(as_coord_a, ward):
    for show in ("urgent", "prompt", "routine", "missed", "silent", "low", "opted_out", "paused", ""):
        page = as_coord_a.get(f"/patients?show={show}").get_data(as_text=True)
        assert "Bruno Baker" not in page and "cannot walk" not in page


def test_admins_see_every_team_in_order(as_admin, ward):
    names = _names(as_admin.get("/patients?show=urgent").get_data(as_text=True))
    assert names == ["Bruno Baker", "Zoe Urgent"]  # both urgent; the latest raised first


def test_pages_follow_the_order(as_admin, world, rt):
    with rt.session() as s:
        for i in range(55):
            p = _patient(s, f"Quiet Patient {i:02d}", f"+1617555{3000 + i:04d}")
            _reply(s, p, 0.5)
        late = _patient(s, "Zz Late Urgent", "+16175553999")
        _flag(s, late, URGENT, "a fall", 3)
    first = as_admin.get("/patients").get_data(as_text=True)
    assert _names(first)[0] == "Zz Late Urgent"
    second = as_admin.get("/patients?page=2").get_data(as_text=True)
    assert "Zz Late Urgent" not in second
    assert len(_names(first)) + len(_names(second)) == 58
    assert not set(_names(first)) & set(_names(second))
