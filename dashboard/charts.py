"""Server-side SVG charts with pygal: symptom severity over time, and lab results
against their reference ranges. No chart JavaScript: the SVG is inlined in the page,
and each chart has a table of its values beside it.

A chart is drawn at a fixed size in CSS pixels (its width and height attributes) and only
ever shrinks to fit a narrower box, never grows: its words stay 14 px on a desktop and
no smaller than 12 px on a 360 px phone. The symptom chart, which spans the page, is also
drawn wide, for screens where there is room (the page shows one or the other)."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
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
# Sizes in CSS px. A phone's chart box is 294 px wide at 360 px (the page's and the panel's
# padding), so a PHONE-wide chart shrinks by 294/330 at most: 14 px words stay above 12 px.
FONT_PX = 14
PHONE = (330, 240)
WIDE = (720, 300)
DATES_SHOWN = {PHONE: 3, WIDE: 6}  # dates on the time axis: as many as fit their words side by side

_LOOK = dict(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#d5dbe1",
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    label_font_size=FONT_PX,
    major_label_font_size=FONT_PX,
    legend_font_size=FONT_PX,
    value_font_size=FONT_PX,
    title_font_size=FONT_PX,  # the axes' titles (their units)
    tooltip_font_size=FONT_PX,
    no_data_font_size=FONT_PX,
    opacity=".9",
    opacity_hover="1",
)
# A colour-blind-safe palette (Okabe-Ito first), dark enough on white.
STYLE = Style(**_LOOK, colors=("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000",
                               "#8C564B", "#7F7F7F", "#BCBD22", "#17BECF", "#9467BD", "#2CA02C"))

# Lab charts: the band's two series first (see chart-band.css), then the results.
LAB_STYLE = Style(**_LOOK, colors=("#cdebd8", "#ffffff", "#0072B2"))


def _config(size: tuple[int, int], **extra) -> dict:
    return {**dict(
        style=STYLE,
        js=[],  # pygal's default tooltip script comes from a CDN: not for a health dashboard
        disable_xml_declaration=True,
        explicit_size=True,  # width and height attributes: the size it is drawn at (see the CSS)
        width=size[0],
        height=size[1],
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


@dataclass(frozen=True)
class SymptomChart:
    phone: Markup  # the same chart drawn narrow and wide: the page shows the one that fits
    wide: Markup
    bucket: str  # what a point stands for: "day" or "week"


def symptom_chart(reports, tz: str) -> SymptomChart | None:
    """Severity 0-10 over time, one line per symptom; `reports` have symptom, severity and at.

    Each point is the highest severity of a day (or, over more than DAILY_SPAN, of a
    week), in the patient's own days: a year of frequent reports stays a readable,
    quick chart."""
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
    return SymptomChart(_symptom_svg(series, bucket, PHONE), _symptom_svg(series, bucket, WIDE), bucket)


# Rendering is the costly part (pygal: ~10 ms a chart), and a patient's charts change
# only when they report something: the SVG is kept per distinct input, in each process.
@lru_cache(maxsize=512)
def _symptom_svg(series: tuple, bucket: str, size: tuple[int, int]) -> Markup:
    times = [at for _, points in series for at, _ in points]
    chart = pygal.DateTimeLine(
        **_config(size, range=(0, 10), y_labels=[0, 2, 4, 6, 8, 10], y_title="severity 0-10",
                  x_value_formatter=_day, x_labels=_date_ticks(min(times), max(times), DATES_SHOWN[size]))
    )
    for name, points in series:
        chart.add(name, list(points), show_dots=len(points) <= DOTS_UP_TO)
    return _svg(chart, f"Highest symptom severity each {bucket}: " + ", ".join(name for name, _ in series))


def _day(value: datetime) -> str:
    return f"{value:%b} {value.day}"


def _date_ticks(first: datetime, last: datetime, count: int) -> list[datetime]:
    """`count` dates evenly spread inside first..last, half a step in from each end, so the
    words of the first and last stay clear of the other axis."""
    step = (last - first) / count
    return [first + step * (i + 0.5) for i in range(count)] if step else [first]


def _value_ticks(top: float, count: int = 5) -> list[float]:
    """About `count` round values from 0 to top: steps of 1, 2, 2.5 or 5 times a power of ten."""
    rough = top / count
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    ticks = (round(i * step, 10) for i in range(int(top / step + 1e-9) + 1))
    return [int(t) if t == int(t) else t for t in ticks]  # "250", not "250.0"


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
        **_config(PHONE, range=(0, top), y_labels=_value_ticks(top), y_title=test.unit, x_value_formatter=_day,
                  x_labels=_date_ticks(first, last, DATES_SHOWN[PHONE]),
                  css=("file://style.css", "file://graph.css", f"file://{BAND_CSS}"),
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
