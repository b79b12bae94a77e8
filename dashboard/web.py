"""The dashboard's blueprint and what every view shares: who is asking, what they may see."""

from __future__ import annotations

from flask import Blueprint, abort, request
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import Select, select
from werkzeug.routing import IntegerConverter

from reminders.core.models import Flag, Patient
from reminders.services import accounts
from reminders.web.context import db

bp = Blueprint(
    "dashboard", __name__,
    template_folder="templates", static_folder="static", static_url_path="/static/dashboard",
)

# Initialised on the app by dashboard.init_app; here so views can use them without importing it.
csrf = CSRFProtect()
login_manager = LoginManager()

PAGE_SIZE = 50
MAX_ID = 2**31 - 1  # ids are INTEGER columns: a bigger number names no row
MAX_PAGE = 1_000_000  # far past any real list; keeps OFFSET inside the database's range


class RowId(IntegerConverter):
    """`<int:...>` in URLs: every one is a row id, so a number past INTEGER matches no route (404)
    instead of reaching the database (OverflowError on SQLite, DataError on PostgreSQL)."""

    def __init__(self, url_map, *args, **kwargs):
        super().__init__(url_map, *args, **{"max": MAX_ID, **kwargs})


def address() -> str:
    """The client's address (behind a proxy, TRUSTED_PROXIES makes this the real one)."""
    return (request.remote_addr or "-")[:64]


def user() -> accounts.User:
    return current_user._get_current_object()


def visible_patients(query: Select) -> Select:
    """Limit a query on Patient to what the signed-in user may see: their team's, or all for admins."""
    if user().is_admin:
        return query
    return query.where(Patient.team_id == user().team_id, Patient.team_id.is_not(None))


def patient_or_404(patient_id: int) -> Patient:
    """A patient the user may see. Anyone else's is 'not found' (404), never 'forbidden':
    a coordinator must not learn that another team's patient exists."""
    patient = db().scalar(visible_patients(select(Patient).where(Patient.id == patient_id)))
    if patient is None:
        abort(404)
    return patient


def flag_or_404(flag_id: int) -> Flag:
    flag = db().get(Flag, flag_id)
    if flag is None:
        abort(404)
    if flag.patient_id is None:
        if not user().is_admin:
            abort(404)
    else:
        patient_or_404(flag.patient_id)
    return flag


def admin_only() -> None:
    if not user().is_admin:
        abort(404)


def audit(action: str, *, patient_id: int | None = None, detail: str | None = None) -> None:
    """An audit row for the signed-in user; committed with the request's work."""
    accounts.audit(db(), action, user=user(), patient_id=patient_id, detail=detail, address=address())


def page_number() -> int:
    try:
        return min(max(1, int(request.args.get("page", "1"))), MAX_PAGE)
    except ValueError:
        return 1


def id_arg(name: str) -> int | None:
    """A row id from the query string, or None if it is missing, malformed or out of range."""
    value = request.args.get(name, type=int)
    return value if value is not None and 0 < value <= MAX_ID else None


# -- template helpers ------------------------------------------------------------


@bp.app_template_filter("local")
def local_time(value, tz: str, fmt: str = "%a %b %d, %H:%M") -> str:
    """A UTC instant as the patient's wall-clock time, with the zone's abbreviation."""
    if value is None:
        return "-"
    from zoneinfo import ZoneInfo

    here = value.astimezone(ZoneInfo(tz))
    return f"{here.strftime(fmt)} {here.tzname()}"


@bp.app_template_filter("pct")
def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


@bp.app_template_filter("ago")
def ago(value, now) -> str:
    if value is None:
        return "never"
    seconds = (now - value).total_seconds()
    if seconds < 90:
        return "just now"
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds >= size:
            return f"{int(seconds // size)} {unit} ago"
    return "just now"


@bp.app_template_filter("utc")
def utc_iso(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else "-"


@bp.app_context_processor
def _globals():
    from flask import current_app

    return {"simulator_enabled": current_app.extensions.get("dashboard_simulator", False)}
