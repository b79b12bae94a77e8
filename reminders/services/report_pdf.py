"""The visit report's one page, laid out with fpdf2: charts drawn as vector shapes.

Every section has a fixed share of an A4 page and a row limit, and long text is cut
to its cell, so the report is one page whatever the patient sent ("and N more" says
what did not fit; the export has everything). The built-in Helvetica font keeps the
PDF small and needs no font files: text is folded to the Latin-1 it can show.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from reminders.core.models import DOSE_MISSED, SKIPPED, TAKEN
from reminders.services.report_data import VisitReport

PAGE_W, PAGE_H, MARGIN = 210, 297, 14
WIDTH = PAGE_W - 2 * MARGIN
FOOTER_Y = PAGE_H - 12
INK, MUTED, RULE = (31, 41, 51), (90, 100, 112), (213, 219, 225)
DAY_COLOURS = {"taken": (0, 158, 115), "partial": (230, 159, 0), "missed": (213, 94, 0), "none": (229, 232, 235)}
DAY_WORDS = {"taken": "all taken", "partial": "some taken", "missed": "missed or skipped", "none": "none due"}
# Okabe-Ito, colour-blind safe, as on the dashboard's charts.
LINE_COLOURS = [(0, 114, 178), (213, 94, 0), (0, 158, 115), (204, 121, 167), (230, 159, 0), (86, 180, 233),
                (0, 0, 0)]
LAB_ROWS, FLAG_ROWS, QUOTES = 6, 6, 4
CHART_H = 50
_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                       "\u2014": "-", "\u2026": "...", "\u00a0": " ", "\u2212": "-"})


def pdf_text(text: str) -> str:
    """`text` as Helvetica can show it: typographic marks made plain, accents kept (Latin-1),
    symbols (an emoji) left out, any other letter a '?'; line breaks become spaces."""
    text = unicodedata.normalize("NFC", text.translate(_FOLD))
    shown = "".join(c if ord(c) < 256 else "" if unicodedata.category(c).startswith("S") else "?" for c in text)
    return " ".join(shown.split())


def render(report: VisitReport) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_title(pdf_text(f"Visit report: {report.name}"))
    pdf.set_creator(pdf_text(report.program))
    pdf.add_page()
    _header(pdf, report)
    y = _adherence(pdf, report, top=34)
    y = _symptoms(pdf, report, top=y + 4)
    y = _labs(pdf, report, top=y + 4)
    y = _flags(pdf, report, top=y + 4)
    _quotes(pdf, report, top=y + 4)
    _footer(pdf)
    return bytes(pdf.output())


# -- text helpers ----------------------------------------------------------------


def _font(pdf: FPDF, size: float, style: str = "", colour=INK) -> None:
    pdf.set_font("Helvetica", style, size)
    pdf.set_text_color(*colour)


def _write(pdf: FPDF, x: float, y: float, w: float, h: float, text: str, align: str = "L") -> None:
    """One line of text at (x, y), cut with '...' to fit width `w`."""
    text = pdf_text(text)
    if pdf.get_string_width(text) > w:
        while text and pdf.get_string_width(text + "...") > w:
            text = text[:-1]
        text = text.rstrip() + "..."
    pdf.set_xy(x, y)
    pdf.cell(w, h, text, align=align)


def _heading(pdf: FPDF, y: float, text: str) -> float:
    _font(pdf, 11.5, "B")
    _write(pdf, MARGIN, y, WIDTH, 6, text)
    pdf.set_draw_color(*RULE)
    pdf.line(MARGIN, y + 6.5, MARGIN + WIDTH, y + 6.5)
    return y + 8


def _nothing(pdf: FPDF, y: float, text: str) -> float:
    """An empty section's one line; the y below it."""
    _font(pdf, 9.5, "", MUTED)
    _write(pdf, MARGIN, y, WIDTH, 5, text)
    return y + 5


def _day(d: date) -> str:
    return f"{d:%b} {d.day}"


def _long_day(d: date) -> str:
    return f"{d.day} {d:%b %Y}"


# -- sections --------------------------------------------------------------------


def _header(pdf: FPDF, report: VisitReport) -> None:
    _font(pdf, 17, "B")
    _write(pdf, MARGIN, MARGIN, WIDTH, 8, f"Visit report: {report.name}")
    period = report.period
    days = (period.until - period.since).days + 1
    _font(pdf, 9.5, "", MUTED)
    team = f" - {report.team}" if report.team else ""
    _write(pdf, MARGIN, MARGIN + 9, WIDTH, 5,
           f"{_long_day(period.since)} to {_long_day(period.until)} ({days} days){team}. "
           f"Days and times in {report.tz}.")
    _write(pdf, MARGIN, MARGIN + 14, WIDTH, 5,
           f"Reported by the patient by text message to {report.program}. Made {report.made_at:%Y-%m-%d %H:%M}.")


def _adherence(pdf: FPDF, report: VisitReport, top: float) -> float:
    y = _heading(pdf, top, "Doses: adherence")
    share = report.adherence
    _font(pdf, 26, "B")
    _write(pdf, MARGIN, y + 2, 44, 12, "-" if share is None else f"{round(share * 100)}%")
    _font(pdf, 9.5, "", MUTED)
    due = sum(report.doses.values())
    _write(pdf, MARGIN, y + 14, 44, 5, "of doses taken" if due else "no doses were due")
    lines = [f"{report.doses.get(TAKEN, 0)} of {due} taken", f"{report.doses.get(SKIPPED, 0)} skipped",
             f"{report.doses.get(DOSE_MISSED, 0)} missed (no answer)"]
    for n, line in enumerate(lines):
        _write(pdf, MARGIN, y + 20 + 5 * n, 44, 5, line)
    return max(y + 36, _calendar(pdf, report, x=MARGIN + 48, y=y, w=WIDTH - 48))


def _calendar(pdf: FPDF, report: VisitReport, x: float, y: float, w: float) -> float:
    """Weeks as columns, Monday to Sunday down, one square a day, coloured by its doses."""
    first = report.period.since - timedelta(days=report.period.since.weekday())
    weeks = (report.period.until - first).days // 7 + 1
    label_w = 8
    cell = min(5.0, (w - label_w) / weeks)
    top = y + 5  # room for the month names
    _font(pdf, 7, "", MUTED)
    for row, name in enumerate(["Mon", "", "Wed", "", "Fri", "", "Sun"]):
        _write(pdf, x, top + row * cell, label_w, cell, name)
    month = None
    for week in range(weeks):
        monday = first + timedelta(days=7 * week)
        shown = max(monday, report.period.since)
        if shown.month != month:
            month = shown.month
            _write(pdf, x + label_w + week * cell, y, 14, 4, f"{shown:%b}")
        for weekday in range(7):
            day = monday + timedelta(days=weekday)
            state = report.days.get(day)
            if state is None:
                continue  # outside the range
            pdf.set_fill_color(*DAY_COLOURS[state])
            pdf.rect(x + label_w + week * cell + 0.3, top + weekday * cell + 0.3, cell - 0.6, cell - 0.6, style="F")
    legend_y = top + 7 * cell + 2
    lx = x + label_w
    for state, words in DAY_WORDS.items():
        pdf.set_fill_color(*DAY_COLOURS[state])
        pdf.rect(lx, legend_y + 0.8, 3, 3, style="F")
        _font(pdf, 7.5, "", MUTED)
        _write(pdf, lx + 4, legend_y, 30, 4.5, words)
        lx += 10 + pdf.get_string_width(words)
    return legend_y + 5


def _symptoms(pdf: FPDF, report: VisitReport, top: float) -> float:
    y = _heading(pdf, top, "Symptoms: highest severity each day (0 none to 10 worst)")
    if not report.symptoms:
        return _nothing(pdf, y, "No symptom reports with a severity in this period.")
    _symptom_chart(pdf, report, x=MARGIN, y=y + 1, w=122, h=CHART_H)
    x = MARGIN + 128
    _font(pdf, 9.5, "B")
    _write(pdf, x, y + 1, WIDTH - 128, 5, "Worst days")
    _font(pdf, 9)
    for n, (day, found) in enumerate(report.worst_days):
        what = ", ".join(f"{name} {severity}" for name, severity in found)
        _write(pdf, x, y + 7 + 5 * n, WIDTH - 128, 5, f"{_day(day)}: {what}")
    return y + 1 + CHART_H


def _symptom_chart(pdf: FPDF, report: VisitReport, x: float, y: float, w: float, h: float) -> None:
    axis_w, plot_h = 7, h - 10
    px, pw = x + axis_w, w - axis_w
    span = max((report.period.until - report.period.since).days, 1)
    _font(pdf, 7, "", MUTED)
    pdf.set_draw_color(*RULE)
    pdf.set_line_width(0.2)
    for level in range(0, 11, 2):
        ly = y + plot_h - plot_h * level / 10
        pdf.line(px, ly, px + pw, ly)
        _write(pdf, x, ly - 2, axis_w - 1, 4, str(level), align="R")
    for day in (report.period.since, report.period.since + timedelta(days=span // 2), report.period.until):
        dx = px + pw * (day - report.period.since).days / span
        _write(pdf, dx - 10, y + plot_h + 0.5, 20, 4, _day(day), align="C")
    pdf.set_line_width(0.6)
    legend_x = px
    for n, (name, per_day) in enumerate(sorted(report.symptoms.items())):
        colour = LINE_COLOURS[n % len(LINE_COLOURS)]
        pdf.set_draw_color(*colour)
        pdf.set_fill_color(*colour)
        points = [(px + pw * (d - report.period.since).days / span, y + plot_h - plot_h * s / 10)
                  for d, s in sorted(per_day.items())]
        if len(points) > 1:
            pdf.polyline(points)
        if len(points) <= 31:
            for cx, cy in points:
                pdf.circle(cx, cy, 0.8, style="F")
        pdf.line(legend_x, y + h - 2.5, legend_x + 4, y + h - 2.5)
        _font(pdf, 7.5, "", INK)
        _write(pdf, legend_x + 5, y + h - 4.5, 40, 4, name)
        legend_x += 9 + pdf.get_string_width(name)
    pdf.set_line_width(0.2)


def _pick(rows: list, limit: int, important) -> list:
    """Up to `limit` of `rows` (newest first), the important ones kept first, in their order."""
    if len(rows) <= limit:
        return rows
    keep = set(map(id, [r for r in rows if important(r)][:limit]))
    keep |= set(map(id, [r for r in rows if id(r) not in keep][:limit - len(keep)]))
    return [r for r in rows if id(r) in keep]


def _table(pdf: FPDF, y: float, columns: list[tuple[str, float]], rows: list[list[str]], limit: int,
           more: str, important=lambda row: False) -> float:
    """A header row and up to `limit` rows (the important first), the last column wrapped to two
    lines; the y below."""
    _font(pdf, 8.5, "B", MUTED)
    x = MARGIN
    for title, width in columns:
        _write(pdf, x, y, width - 2, 5, title)
        x += width
    y += 5
    shown = _pick(rows, limit if len(rows) <= limit else limit - 1, important)
    for row in shown:
        _font(pdf, 9)
        x = MARGIN
        for (_, width), text in zip(columns[:-1], row):
            _write(pdf, x, y, width - 2, 5, text)
            x += width
        pdf.set_xy(x, y)
        pdf.multi_cell(columns[-1][1], 4.6, _two_lines(pdf, pdf_text(row[-1]), columns[-1][1]), align="L",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        y = max(y + 5, pdf.get_y() + 0.4)
    if len(shown) < len(rows):
        _font(pdf, 8.5, "I", MUTED)
        _write(pdf, MARGIN, y, WIDTH, 5, f"... and {len(rows) - len(shown)} more {more} (see the export).")
        y += 5
    return y


def _labs(pdf: FPDF, report: VisitReport, top: float) -> float:
    y = _heading(pdf, top, "Lab results (typical adult reference ranges; each laboratory's differs)")
    if not report.labs:
        return _nothing(pdf, y, "No lab results reported in this period.")
    rows = [[_day(r.day), r.name, r.value, r.range, r.verdict] for r in reversed(report.labs)]
    columns = [("Date", 22), ("Test", 58), ("Value", 32), ("Reference range", 40), ("Compared", 30)]
    return _table(pdf, y, columns, rows, LAB_ROWS, "results", lambda row: row[-1] not in ("in range", ""))


def _flags(pdf: FPDF, report: VisitReport, top: float) -> float:
    y = _heading(pdf, top, "Flags raised for the care team, and what was done")
    if not report.flags:
        return _nothing(pdf, y, "No flags in this period.")
    rows = [[_day(f.day), f.level, f.what, f.done] for f in reversed(report.flags)]
    columns = [("Date", 22), ("Level", 18), ("What", 62), ("What was done", 80)]
    return _table(pdf, y, columns, rows, FLAG_ROWS, "flags", lambda row: row[1] == "urgent")


def _quotes(pdf: FPDF, report: VisitReport, top: float) -> None:
    y = _heading(pdf, top, "Red flags in the patient's own words")
    if not report.quotes:
        _nothing(pdf, y, "No red flags in this period.")
        return
    shown = 0
    for quote in list(reversed(report.quotes))[:QUOTES]:
        if y + 10 + 5 > FOOTER_Y - 1:  # two lines, and room for "and N more"
            break
        _font(pdf, 9, "B")
        _write(pdf, MARGIN, y, 22, 5, _day(quote.day))
        _font(pdf, 9.5, "I")
        pdf.set_xy(MARGIN + 22, y)
        pdf.multi_cell(WIDTH - 22, 4.6, _two_lines(pdf, f'"{pdf_text(quote.text)}"', WIDTH - 22), align="L",
                       new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        y, shown = pdf.get_y() + 1.5, shown + 1
    if shown < len(report.quotes):
        _font(pdf, 8.5, "I", MUTED)
        _write(pdf, MARGIN, y, WIDTH, 5, f"... and {len(report.quotes) - shown} more (see the export).")


def _two_lines(pdf: FPDF, text: str, width: float) -> str:
    """`text`, cut with '...' so that it wraps to at most two lines of `width`."""
    def lines(candidate: str) -> int:
        return len(pdf.multi_cell(width, 4.6, candidate, dry_run=True, output="LINES"))

    if lines(text) <= 2:
        return text
    words = text.split(" ")
    while len(words) > 1 and lines(" ".join(words) + '..."') > 2:
        words.pop()
    return " ".join(words) + ('..."' if text.startswith('"') else "...")


def _footer(pdf: FPDF) -> None:
    pdf.set_draw_color(*RULE)
    pdf.line(MARGIN, FOOTER_Y - 1, MARGIN + WIDTH, FOOTER_Y - 1)
    _font(pdf, 7.5, "", MUTED)
    _write(pdf, MARGIN, FOOTER_Y, WIDTH, 4,
           "Patient-reported data, for discussion at the visit; it does not replace the clinical record. "
           "Confidential health information.")
