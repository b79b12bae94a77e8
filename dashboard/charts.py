"""Server-side SVG charts with pygal: symptom severity over time, and lab results
against their reference ranges. No chart JavaScript: the SVG is inlined in the page,
scales to the screen (viewBox), and each chart has a table of its values beside it."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pygal
from markupsafe import Markup
from pygal.style import Style

from reminders.content.labs import LAB_TESTS, LabTest, in_chart_unit, reference_range

DAILY_SPAN = timedelta(days=90)  # longer histories are charted week by week
DOTS_UP_TO = 31  # points in a line drawn with dots; more is a bare line (and a lighter SVG)
BAND_CSS = Path(__file__).parent / "static" / "chart-band.css"

_LOOK = dict(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#d5dbe1",
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    label_font_size=13,
    major_label_font_size=13,
    legend_font_size=14,
    value_font_size=13,
    title_font_size=16,
    opacity=".9",
    opacity_hover="1",
)
# A colour-blind-safe palette (Okabe-Ito first), dark enough on white.
STYLE = Style(**_LOOK, colors=("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
                               "#8C564B", "#7F7F7F", "#BCBD22", "#17BECF", "#9467BD", "#2CA02C"))

# Lab charts: the band's two series first (see chart-band.css), then the results.
LAB_STYLE = Style(**_LOOK, colors=("#cdebd8", "#ffffff", "#0072B2"))


def _config(**extra) -> dict:
    return {**dict(
        style=STYLE,
        js=[],  # pygal's default tooltip script comes from a CDN: not for a health dashboard
        disable_xml_declaration=True,
        width=440,
        height=280,
        truncate_label=-1,
        stroke_style={"width": 2.5},
        legend_at_bottom=True,
        legend_at_bottom_columns=3,
        truncate_legend=-1,
        show_x_guides=False,
        x_label_rotation=0,
        dots_size=3.5,
        margin=12,
        margin_bottom=24,  # room under the legend's text
    ), **extra}


def _svg(chart, description: str) -> Markup:
    # pygal always embeds its config as an inline script for its tooltips; with no
    # tooltip script it does nothing, and the page's CSP would refuse it anyway.
    svg = re.sub(r"<script\b[^>]*>.*?</script>", "", chart.render(is_unicode=True), flags=re.S)
    # The SVG is an image for screen readers; the table beside it has the numbers.
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{Markup.escape(description)}" ', 1))


def symptom_chart(reports, tz: str) -> tuple[Markup, str] | None:
    """Severity 0-10 over time, one line per symptom; `reports` have symptom, severity and at.

    Each point is the highest severity of a day (or, over more than DAILY_SPAN, of a
    week), in the patient's own days: a year of frequent reports stays a readable,
    quick chart. Returns the SVG and the bucket's name ("day" or "week")."""
    zone = ZoneInfo(tz)
    dated = [(r.at.astimezone(zone).date(), r.symptom, r.severity) for r in reports if r.severity is not None]
    if not dated:
        return None
    weekly = max(d for d, _, _ in dated) - min(d for d, _, _ in dated) > DAILY_SPAN
    worst: dict[str, dict[date, int]] = {}
    for day, symptom, severity in dated:
        bucket = day - timedelta(days=day.weekday()) if weekly else day
        per = worst.setdefault(symptom, {})
        per[bucket] = max(severity, per.get(bucket, 0))
    series = tuple(
        (name, tuple(sorted((datetime.combine(b, time(12)), v) for b, v in worst[name].items())))
        for name in sorted(worst)
    )
    bucket = "week" if weekly else "day"
    return _symptom_svg(series, bucket), bucket


# Rendering is the costly part (pygal: ~10 ms a chart), and a patient's charts change
# only when they report something: the SVG is kept per distinct input, in each process.
@lru_cache(maxsize=256)
def _symptom_svg(series: tuple, bucket: str) -> Markup:
    chart = pygal.DateTimeLine(
        **_config(range=(0, 10), y_labels=[0, 2, 4, 6, 8, 10], x_value_formatter=_day,
                  x_labels_major_count=4, show_minor_x_labels=False)
    )
    for name, points in series:
        chart.add(name, list(points), show_dots=len(points) <= DOTS_UP_TO)
    return _svg(chart, f"Highest symptom severity each {bucket}: " + ", ".join(name for name, _ in series))


def _day(value: datetime) -> str:
    return f"{value:%b} {value.day}"


def lab_chart(test: LabTest, results, tz: str) -> Markup | None:
    """The test's values over time on its reference range, shaded. `results`: objects with value, unit, at."""
    zone = ZoneInfo(tz)
    points = tuple(sorted(
        (r.at.astimezone(zone).replace(tzinfo=None), round(in_chart_unit(test, r.value, r.unit), 3))
        for r in results
    ))
    return _lab_svg(test.key, points) if points else None


@lru_cache(maxsize=512)
def _lab_svg(key: str, points: tuple) -> Markup:
    test = next(t for t in LAB_TESTS if t.key == key)
    values = [v for _, v in points]
    top = max(max(values), test.high) * 1.15
    first, last = points[0][0], points[-1][0]
    if first == last:  # one result: give the band some width
        first, last = first - timedelta(days=15), last + timedelta(days=15)
    chart = pygal.DateTimeLine(
        **_config(range=(0, top), x_value_formatter=_day, x_labels_major_count=4,
                  show_minor_x_labels=False, css=("file://style.css", "file://graph.css", f"file://{BAND_CSS}"),
                  show_legend=False, style=LAB_STYLE)
    )
    # The band: the upper limit filled down to zero, then the lower limit filled in
    # white on top (chart-band.css styles both), then the results over them.
    chart.add("Reference range", [(first, test.high), (last, test.high)], fill=True, show_dots=False)
    chart.add("", [(first, test.low), (last, test.low)], fill=True, show_dots=False)
    chart.add(f"{test.name} ({test.unit})", list(points))
    return _svg(chart, f"{test.name} results over time against the reference range "
                       f"{reference_range(test)}")


def clear_cache() -> None:
    """Forget rendered charts (the benchmark measures first views with this)."""
    _symptom_svg.cache_clear()
    _lab_svg.cache_clear()
