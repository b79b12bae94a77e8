"""Words, not internal names, and one clock: every dashboard page is walked as a coordinator
(and the admin pages as an admin), and what a person reads there (text, titles, labels) must
hold no stored name ("snooze_1", "view_patient", "opted_in"), no raw constant ("answer · sent",
"low b12", "patient 3", "quiet 00:00–00:00") and no E.164 number outside a tel: link.
Times are in the signed-in user's zone, with its abbreviation."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from reminders.core.db import utcnow
from reminders.core.models import CANCELLED, OUTBOUND, ROUTINE, SENT, CareTeam, Flag, Message, Patient
from reminders.core.staff import User
from reminders.records.flags import raise_flag
from reminders.services import caregivers
from reminders.services.demo_history import seed_history
from tests.dashboard.conftest import ADMIN, COORD_A, post, sign_in

SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
E164 = re.compile(r"\+\d{8,15}\b")
# Raw constants the issue saw through, in the shapes they took.
RAW = [
    re.compile(r"· (?:answer|reminder|manual|welcome|nudge|reply|alert) · "),
    re.compile(r"· (?:pending|queued|cancelled|handled|received)\b"),
    re.compile(r"\blow b12\b"),
    re.compile(r"\bpatient \d+\b"),
    re.compile(r"\bquiet \d\d:\d\d"),
    re.compile(r"\bvia (?:sms|cli|dashboard|enrolment|carrier|demo)\b"),
    re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC"),  # the old UTC clock
    re.compile(r"UTC date"),  # the export form's old labels
]


class VisibleText(HTMLParser):
    """What a person reads on the page: text nodes, what filled-in boxes show, and the
    title/aria-label/placeholder a screen reader or a hover shows; not scripts, styles or
    attributes such as href."""

    READ = {"title", "aria-label", "placeholder", "alt"}

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.parts += [value for name, value in attrs if name in self.READ and value]
        fields = dict(attrs)
        if tag == "input" and fields.get("type") != "hidden" and fields.get("value"):
            self.parts.append(fields["value"])  # what a filled-in box shows

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    reader = VisibleText()
    reader.feed(html)
    return " ".join(" ".join(reader.parts).split())


def internal_names(text: str) -> list[str]:
    found = SNAKE.findall(text) + E164.findall(text)
    return found + [m.group(0) for pattern in RAW for m in pattern.finditer(text)]


@pytest.fixture
def busy(world, rt, config):
    """Alice's record as a real day leaves it: weeks of history, no quiet hours, a low B12 flag,
    a snooze that was not needed, answers sent, a caregiver, team phones; Bruno opted out."""
    now = utcnow()
    with rt.session() as s:
        alice = s.get(Patient, world.patient_a)
        alice.quiet_start = alice.quiet_end = alice.quiet_start.replace(hour=0, minute=0)
        team = s.get(CareTeam, world.team_a)
        team.contact_phone, team.on_call_phone, team.backup_phone = "+16175550100", "+16175550199", "+442079460958"
        team.hours, team.tz = "Mon-Fri 08:00-17:00", "America/New_York"
        from reminders.services import enrolment

        enrolment.add_plan(s, alice, kind="supplement", rrule="FREQ=DAILY", start="2030-01-01T09:00")
        seed_history(s, alice, now=now)
        s.add(Message(patient_id=alice.id, direction=OUTBOUND, purpose="snooze_1", status=CANCELLED,
                      body="Did you take your B12?", to_number=alice.phone, created_at=now - timedelta(hours=2),
                      send_after=now - timedelta(hours=2)))
        s.add(Message(patient_id=alice.id, direction=OUTBOUND, purpose="answer", status=SENT,
                      body="Logged: B12 150.", to_number=alice.phone, created_at=now - timedelta(hours=1),
                      send_after=now - timedelta(hours=1)))
        raise_flag(s, alice.id, "low_b12", ROUTINE, "patient reported B12 150 pg/mL", now - timedelta(minutes=50))
        raise_flag(s, None, "unknown_sender", ROUTINE, "a text from a number no patient has", now,
                   phone="+16175550177")
        caregivers.add_caregiver(s, alice, names=config, phone="+16175550133", name="Carl Archer",
                                 consent="verbal, at clinic visit", actor=COORD_A, now=now)
        bruno = s.get(Patient, world.patient_b)
        bruno.consent, bruno.consent_source = "opted_out", "sms"
    return world


def coordinator_pages(client, world, rt) -> list[str]:
    with rt.session() as s:
        flag_ids = list(s.scalars(select(Flag.id)))
    pages = ["/patients", f"/patients/{world.patient_a}", "/flags", "/flags?show=resolved", "/enrol",
             "/exports", "/account"] + [f"/flags/{i}" for i in flag_ids]
    if client.get("/demo/phone").status_code == 302:
        pages.append(f"/demo/phone/{world.patient_a}")
    return pages


def walk(client, paths) -> dict[str, list[str]]:
    problems = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        if response.status_code != 200:
            continue
        found = internal_names(visible(response.get_data(as_text=True)))
        if found:
            problems[path] = sorted(set(found))
    return problems


def test_no_internal_name_on_any_page_a_coordinator_sees(client, busy, rt):
    assert sign_in(client, COORD_A).status_code == 302
    problems = walk(client, coordinator_pages(client, busy, rt))
    assert not problems, "\n".join(f"{path}: {found}" for path, found in problems.items())


def test_no_internal_name_on_the_admin_pages(client, busy, rt):
    assert sign_in(client, COORD_A).status_code == 302
    client.get(f"/patients/{busy.patient_a}")  # audit rows, each with its detail: view_patient,
    with rt.session() as s:
        low = s.scalar(select(Flag.id).where(Flag.reason == "low_b12"))
    client.get(f"/flags/{low}")  # view_flag,
    post(client, f"/flags/{low}/acknowledge", {"back": "flag"})  # flag_acknowledge,
    post(client, f"/patients/{busy.patient_a}/consent", {"consent": "opted_in", "note": "verbal"})  # consent
    post(client, "/logout")
    assert sign_in(client, ADMIN).status_code == 302
    pages = ["/admin/users", "/admin/teams", "/admin/audit", f"/patients/{busy.patient_b}", "/patients", "/flags"]
    problems = walk(client, pages)
    assert not problems, "\n".join(f"{path}: {found}" for path, found in problems.items())
    audit = visible(client.get("/admin/audit").get_data(as_text=True))
    assert "Viewed a patient's page" in audit and "Alice Archer" in audit


def test_the_walk_sees_an_internal_name_when_one_is_there():
    assert internal_names("Jan 01 · snooze_1 · cancelled") == ["snooze_1", "· cancelled"]
    assert internal_names("09:05 · answer · sent, quiet 00:00–00:00, call +16175550100") == [
        "+16175550100", "· answer · ", "quiet 00:00"]
    assert internal_names(visible('<a href="tel:+16175550100">(617) 555-0100</a>')) == []


def test_words_for_what_the_issue_saw(as_coord_a, busy):
    page = visible(as_coord_a.get(f"/patients/{busy.patient_a}").get_data(as_text=True))
    assert "No quiet hours" in page
    assert "Low B12" in page
    assert "Automatic answer · sent" in page and "Reminder after a snooze (1st) · not needed, not sent" in page
    assert "(617) 555-0111" in page  # Alice's own number, as dialled here


def test_phone_numbers_are_tel_links_written_nationally(as_admin, busy):
    html = as_admin.get("/admin/teams").get_data(as_text=True)
    assert '<a href="tel:+16175550100" class="tel">(617) 555-0100</a>' in html
    assert '<a href="tel:+442079460958" class="tel">+44 20 7946 0958</a>' in html  # abroad: international
    cards = as_admin.get("/flags").get_data(as_text=True)
    assert 'href="tel:+16175550177"' in cards and "(617) 555-0177" in cards


# -- one clock -------------------------------------------------------------------------------


def test_times_follow_the_team_zone_then_the_users_own_with_the_patients_beside(as_coord_a, busy, rt):
    with rt.session() as s:
        s.get(CareTeam, busy.team_a).tz = "America/Los_Angeles"
    flags = visible(as_coord_a.get("/flags").get_data(as_text=True))
    assert re.search(r"\d:\d\d [ap]m P[SD]T \(patient: (\w{3} )?\d{1,2}:\d\d [ap]m E[SD]T\)", flags), flags
    assert " UTC" not in flags

    response = post(as_coord_a, "/account", {"tz": "Europe/Berlin"}, token_from="/account")
    assert response.status_code == 302
    with rt.session() as s:
        assert s.scalar(select(User.tz).where(User.email == COORD_A)) == "Europe/Berlin"
    page = visible(as_coord_a.get(f"/patients/{busy.patient_a}").get_data(as_text=True))
    assert re.search(r"\d:\d\d [ap]m CES?T \(patient: (\w{3} )?\d{1,2}:\d\d [ap]m E[SD]T\)", page), page


def test_a_user_with_no_zone_and_no_team_zone_sees_utc_said_so(as_admin, busy):
    page = visible(as_admin.get("/admin/users").get_data(as_text=True))
    assert re.search(r"last sign-in \w{3} \w{3} \d\d, \d{1,2}:\d\d [ap]m UTC", page), page


@pytest.mark.parametrize("zone, error", [
    ("EST", "EST is a fixed offset that ignores daylight saving; use America/New_York"),
    ("EST5EDT", "EST5EDT is a legacy zone without local history; use America/New_York"),
    ("US/Eastern", "US/Eastern is an old alias; use America/New_York"),
    ("Mars/Olympus", "unknown time zone &#39;Mars/Olympus&#39;"),
])
def test_the_account_page_refuses_legacy_and_unknown_zones(as_coord_a, busy, rt, zone, error):
    response = post(as_coord_a, "/account", {"tz": zone}, token_from="/account")
    assert response.status_code == 400 and error in response.get_data(as_text=True)
    with rt.session() as s:
        assert s.scalar(select(User.tz).where(User.email == COORD_A)) is None


def test_clearing_the_zone_goes_back_to_the_teams(as_coord_a, busy, rt):
    post(as_coord_a, "/account", {"tz": "Asia/Tokyo"}, token_from="/account")
    post(as_coord_a, "/account", {"tz": ""}, token_from="/account")
    with rt.session() as s:
        assert s.scalar(select(User.tz).where(User.email == COORD_A)) is None
    assert "America/New York" in visible(as_coord_a.get("/account").get_data(as_text=True))


def test_the_export_names_the_readers_zone_and_counts_days_on_their_clock(as_coord_a, busy, rt):
    with rt.session() as s:
        s.get(CareTeam, busy.team_a).tz = "America/Los_Angeles"
    today = utcnow().astimezone(ZoneInfo("America/Los_Angeles")).date()
    response = as_coord_a.get(f"/patients/{busy.patient_a}/export.csv?since={today - timedelta(days=40)}&until={today}")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert rows and all(re.fullmatch(r"\S+-0[78]:00", r["at (America/Los_Angeles)"]) for r in rows)
    assert all(r["at_utc"].endswith("Z") for r in rows)
    form = visible(as_coord_a.get("/exports").get_data(as_text=True))
    assert "at (America/Los_Angeles)" in form and "days in America/Los Angeles" in form
