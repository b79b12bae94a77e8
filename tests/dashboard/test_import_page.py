"""The dashboard's import page (/enrol/import): a clinic's CSV, every bad row listed by line."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select

from reminders.core.models import Message, Patient
from reminders.services.accounts import AuditEvent
from tests.dashboard.conftest import COORD_A, csrf_token
from tests.dashboard.browser import PHONE, expect, shot, sign_in

HEADER = "phone,name,tz,lang,team,quiet,dose_time,dose_days,label,blood_test_every_months,blood_test_next"
GOOD = ["+16175550141,Cara Cole,America/New_York,en,,,08:00,daily,B12 1000 mcg,,",
        "+16175550142,Dan Diaz,America/New_York,es,North,,09:00,mon wed fri,,6,2027-09-01"]
BAD = ["+16175550111,Alice again,America/New_York,,,,,,,,",  # line 4: Alice Archer is enrolled already
       "+16175550143,Eve,America/New_York,,South,,,,,,"]  # line 5: another team's


def upload(client, lines, skip_bad=False, team=None):
    data = {"csrf_token": csrf_token(client, "/enrol/import"),
            "file": (io.BytesIO(("\n".join([HEADER, *lines]) + "\n").encode()), "clinic.csv")}
    if skip_bad:
        data["skip_bad"] = "y"
    if team is not None:
        data["team_id"] = str(team)
    return client.post("/enrol/import", data=data, content_type="multipart/form-data")


def patients(rt) -> int:
    with rt.session() as s:
        return s.scalar(select(func.count()).select_from(Patient))


def test_a_good_file_enrols_everyone_into_the_own_team_and_is_audited(as_coord_a, world, rt):
    response = upload(as_coord_a, GOOD, team=world.team_a)
    assert response.status_code == 302, response.get_data(as_text=True)
    with rt.session() as s:
        imported = s.scalars(select(Patient).where(Patient.phone.in_(["+16175550141", "+16175550142"]))).all()
        assert {p.team.name for p in imported} == {"North"}
        assert {p.consent_by for p in imported} == {COORD_A}
        assert s.scalar(select(func.count()).select_from(Message).where(Message.purpose == "welcome")) == 2
        assert "2 patients enrolled" in s.scalar(select(AuditEvent.detail).where(AuditEvent.action == "import"))


def test_bad_rows_are_listed_by_line_and_nothing_is_written(as_coord_a, world, rt):
    before = patients(rt)
    response = upload(as_coord_a, GOOD + BAD, team=world.team_a)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<strong>Line 4:</strong> a patient with phone (617) 555-0111 is already enrolled" in page
    assert "<strong>Line 5:</strong> care team &#39;South&#39;: you may enrol patients only in North" in page
    assert "Nothing was enrolled" in page
    assert patients(rt) == before


def test_skip_bad_enrols_the_good_rows_and_still_lists_the_bad(as_coord_a, world, rt):
    before = patients(rt)
    response = upload(as_coord_a, GOOD + BAD, skip_bad=True, team=world.team_a)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 patients are enrolled" in page and "<strong>Line 5:</strong>" in page
    assert patients(rt) == before + 2


@pytest.mark.parametrize("content, complaint", [
    (b"phone,name\n+16175550141,Cara\n", "Line 1: the column &#39;tz&#39; is missing"),
    (b"\xff\xfephone", "not UTF-8"),
])
def test_a_file_that_is_no_list_is_one_message(as_coord_a, world, content, complaint):
    response = as_coord_a.post("/enrol/import", content_type="multipart/form-data", data={
        "csrf_token": csrf_token(as_coord_a, "/enrol/import"), "file": (io.BytesIO(content), "x.csv"),
        "team_id": str(world.team_a)})
    assert response.status_code == 400 and complaint in response.get_data(as_text=True)


def test_a_file_bigger_than_a_webhook_form_is_taken(as_coord_a, world, rt):
    """The app refuses bodies over 64 KB; this page takes a clinic's list."""
    lines = [f"+1617555{2000 + n:04d},Patient number {n} with a long name,America/New_York,,,,08:00,daily,,,"
             for n in range(1500)]
    assert len("\n".join(lines)) > 64 * 1024
    assert upload(as_coord_a, lines, team=world.team_a).status_code == 302
    assert patients(rt) == 1502


def test_the_enrol_page_links_to_the_import(as_coord_a, world):
    assert 'href="/enrol/import"' in as_coord_a.get("/enrol").get_data(as_text=True)


def test_signed_out_uploads_are_refused(client, world):
    assert client.post("/enrol/import").status_code in (302, 400)
    assert client.get("/enrol/import").status_code == 302


# -- in the browser --------------------------------------------------------------


@pytest.mark.parametrize("size", [PHONE, {"width": 1280, "height": 800}], ids=["phone", "desktop"])
def test_uploading_a_list_in_the_browser(page, world, rt, tmp_path, size):
    page.set_viewport_size(size)
    sign_in(page)
    page.goto(page.base + "/enrol")
    page.get_by_role("link", name="Import patients from a CSV file").click()
    expect(page.get_by_role("heading", name="Import patients from a file")).to_be_visible()
    tag = f"{size['width']}x{size['height']}"
    shot(page, f"enrol-import-{tag}")
    bad = tmp_path / "clinic.csv"
    bad.write_text("\n".join([HEADER, *GOOD, *BAD]) + "\n")
    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Check and import").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("2 of 4 rows need correcting")
    expect(page.locator(".import-errors li")).to_have_count(2)
    expect(page.locator(".import-errors li").first).to_contain_text("Line 4:")
    shot(page, f"enrol-import-errors-{tag}")
    assert patients(rt) == 2
    good = tmp_path / "good.csv"
    good.write_text("\n".join([HEADER, *GOOD]) + "\n")
    page.get_by_label("CSV file").set_input_files(str(good))
    page.get_by_role("button", name="Check and import").click()
    page.wait_for_url("**/patients")
    expect(page.get_by_role("status")).to_contain_text("2 patients are enrolled")
    assert patients(rt) == 4


@pytest.mark.parametrize("size", [PHONE, {"width": 1280, "height": 800}], ids=["phone", "desktop"])
def test_downloading_the_adherence_summary_in_the_browser(page, world, rt, size):
    page.set_viewport_size(size)
    sign_in(page)
    page.goto(page.base + "/exports")
    section = page.locator("section", has=page.get_by_role("heading", name="Adherence by patient"))
    expect(section).to_be_visible()
    shot(page, f"exports-{size['width']}x{size['height']}")
    with page.expect_download() as download:
        section.get_by_role("button", name="Download adherence CSV").click()
    text = open(download.value.path(), encoding="utf-8").read()
    header, *rows = text.strip().splitlines()
    assert header.startswith("patient_id,name,phone,team,from,to,scheduled,taken,skipped,missed,percent_taken")
    assert [row.split(",")[1] for row in rows] == ["Alice Archer"]  # North's only patient
