"""The charts: what is plotted, in whose days, against which range."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

from dashboard import charts

UTC = timezone.utc


def _report(symptom, severity, at):
    return SimpleNamespace(symptom=symptom, severity=severity, at=at)


def _points(svg: str) -> int:
    return len(re.findall(r'class="dot reactive', svg))


def test_each_point_is_the_worst_of_a_patients_day():
    # 03:00 UTC on the 11th is still the 10th in Chicago: three reports, one local day.
    day = datetime(2027, 3, 10, 15, 0, tzinfo=UTC)
    reports = [_report("tingling", 3, day), _report("tingling", 7, day + timedelta(hours=5)),
               _report("tingling", 2, day + timedelta(hours=12)), _report("tingling", 4, day + timedelta(days=2))]
    chart = charts.symptom_chart(reports, "America/Chicago")
    svg, bucket = chart.phone, chart.bucket
    assert bucket == "day"
    assert _points(svg) == 2
    values = re.findall(r'<desc class="value">([^<]*)</desc>', svg)
    assert values == ["Mar 10: 7", "Mar 12: 4"]


def test_a_long_history_is_charted_week_by_week():
    start = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
    reports = [_report("fatigue", i % 11, start + timedelta(hours=8 * i)) for i in range(3 * 300)]  # 300 days
    chart = charts.symptom_chart(reports, "UTC")
    svg, bucket = chart.wide, chart.bucket
    assert bucket == "week"
    assert "Highest symptom severity each week: fatigue" in svg
    assert _points(svg) == 0  # 43 weeks: a bare line, no dots


def test_no_reports_with_a_severity_means_no_chart():
    assert charts.symptom_chart([_report("vision", None, datetime(2027, 1, 1, tzinfo=UTC))], "UTC") is None


def test_lab_values_are_converted_to_the_charts_unit():
    b12, mma, _ = charts.LAB_TESTS
    assert charts.in_chart_unit(b12, 300, "pmol/L") == 300 * 1.355
    assert charts.in_chart_unit(b12, 400, "pg/mL") == 400
    assert charts.in_chart_unit(mma, 310, "nmol/L") == 0.31
    assert charts.in_chart_unit(mma, 0.31, "µmol/L") == 0.31


def test_lab_chart_shades_the_reference_range_and_plots_results():
    results = [SimpleNamespace(value=v, unit="pg/mL", at=datetime(2027, m, 1, tzinfo=UTC)) for m, v in ((1, 180), (4, 420))]
    svg = str(charts.lab_chart(charts.LAB_TESTS[0], results, "UTC"))
    assert 'aria-label="Vitamin B12 results over time against the reference range 200-900 pg/mL"' in svg
    assert "fill:#cdebd8" in svg  # the band's style is in the SVG
    assert _points(svg) == 2
    assert charts.lab_chart(charts.LAB_TESTS[1], [], "UTC") is None


def test_charts_are_drawn_at_a_fixed_size_with_the_unit_on_the_axis():
    """Width and height in CSS px (the page only shrinks a chart to fit, never grows it), so the
    words keep their size; the value axis says what it counts."""
    results = [SimpleNamespace(value=v, unit="pg/mL", at=datetime(2027, m, 1, tzinfo=UTC)) for m, v in ((1, 180), (4, 420))]
    lab = str(charts.lab_chart(charts.LAB_TESTS[0], results, "UTC"))
    assert re.search(r'<svg [^>]*width="330" height="240"', lab)
    assert 'class="title"' in lab and ">pg/mL</text>" in lab
    assert "font-size:14px" in lab.replace(" ", "")
    chart = charts.symptom_chart([_report("fatigue", 4, datetime(2027, 1, d, tzinfo=UTC)) for d in (1, 9)], "UTC")
    assert re.search(r'<svg [^>]*width="330" height="240"', chart.phone)
    assert re.search(r'<svg [^>]*width="720" height="300"', chart.wide)
    assert ">severity 0-10</text>" in chart.phone


def test_axis_values_are_round_steps_that_fit():
    assert charts._value_ticks(1035) == [0, 250, 500, 750, 1000]  # B12 up to 900, plus headroom
    assert charts._value_ticks(20.1) == [0, 5, 10, 15, 20]
    assert charts._value_ticks(0.598) == [0, 0.2, 0.4]
    start = datetime(2027, 1, 1)
    ticks = charts._date_ticks(start, start + timedelta(days=30), 3)
    assert ticks == [start + timedelta(days=5), start + timedelta(days=15), start + timedelta(days=25)]
