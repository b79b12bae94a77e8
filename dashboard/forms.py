"""The dashboard's forms (Flask-WTF: each carries its CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    IntegerField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from reminders.content.compose import MAX_LABEL
from reminders.core import office_hours, phones
from reminders.core.db import utcnow
from reminders.outgoing import quiet_hours, recurrence
from reminders.services import accounts, enrolment

SCHEDULES = [
    ("FREQ=DAILY", "Every day"),
    ("FREQ=WEEKLY", "Every week"),
    ("FREQ=MONTHLY", "Every month"),
    ("FREQ=MONTHLY;INTERVAL=3", "Every 3 months"),
    ("FREQ=MONTHLY;INTERVAL=6", "Every 6 months"),
    ("custom", "Other (RRULE)"),
]


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms wants select choices."""
    return [SelectChoice(value, label) for value, label in pairs]


class ActionForm(FlaskForm):
    """A button that changes something: only the CSRF token."""


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Length(max=200)],
                       render_kw={"autocomplete": "username"})
    password = PasswordField("Password", validators=[DataRequired(), Length(max=500)],
                             render_kw={"autocomplete": "current-password"})
    next = HiddenField()


def _check(parse):
    """A validator from one of the domain's parse functions: its ValueError is the message."""

    def validator(_form, field):
        if field.data:
            try:
                parse(field.data)
            except ValueError as error:
                raise ValidationError(str(error)) from None

    return validator


def _stripped(value):
    """For optional fields: Optional() passes a whitespace-only value (a tab, a form feed) without
    running the other checks, so the view must never see it as a value."""
    return value.strip() if isinstance(value, str) else value


def _label_checks():
    """A label goes into every reminder: the same check as `reminders plans add` (GSM-7, fits a text)."""
    return [Optional(), Length(max=MAX_LABEL), _check(enrolment.check_label)]


class PlanFields:
    """Schedule fields shared by enrolment and plan editing; `rule()` gives the RRULE."""

    def rule(self, prefix: str = "") -> str:
        schedule = getattr(self, prefix + "schedule").data
        return (getattr(self, prefix + "rrule").data or "").strip() if schedule == "custom" else schedule

    def check_plan(self, tz: str | None, prefix: str = "") -> bool:
        """Checks rule and start together (they need each other); errors go next to the fields."""
        schedule, rrule, start = (getattr(self, prefix + n) for n in ("schedule", "rrule", "start"))
        if schedule.data == "custom" and not (rrule.data or "").strip():  # None: the field was not sent
            rrule.errors.append("Enter a rule such as FREQ=WEEKLY;BYDAY=MO,TH.")
            return False
        try:
            start_local = recurrence.parse_local(start.data or "")
        except ValueError as error:
            start.errors.append(str(error))
            return False
        try:
            zone_ok = bool(tz) and recurrence.parse_zone(tz) is not None
        except ValueError:
            zone_ok = False  # reported on the zone field
        try:
            recurrence.check_rule(self.rule(prefix), start_local, tz if zone_ok else "UTC", utcnow())
        except ValueError as error:
            (rrule if schedule.data == "custom" else schedule).errors.append(str(error))
            return False
        return zone_ok or not tz


class PlanForm(FlaskForm, PlanFields):
    schedule = SelectField("Repeats", choices=options(SCHEDULES), default="FREQ=DAILY")
    rrule = StringField("Rule (RRULE)", validators=[Optional(), Length(max=500)])
    start = StringField("Starts (patient's local time)", validators=[DataRequired()],
                        render_kw={"type": "datetime-local"})
    label = StringField("Label", filters=[_stripped], validators=_label_checks())
    active = BooleanField("Active", default=True)


class NewPlanForm(PlanForm):
    kind = SelectField("Kind", choices=options([("supplement", "B12 dose"), ("blood-test", "Blood test")]))


class EnrolForm(FlaskForm, PlanFields):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    phone = StringField("Mobile number", validators=[DataRequired(), _check(phones.normalise)],
                        render_kw={"type": "tel", "autocomplete": "off"})
    tz = StringField("Time zone", validators=[DataRequired(), _check(recurrence.parse_zone)],
                     default="America/New_York", render_kw={"list": "zones"})
    lang = SelectField("Language", choices=options([("en", "English"), ("es", "Spanish")]))
    quiet = StringField("Quiet hours", default=quiet_hours.DEFAULT,
                        validators=[DataRequired(), _check(quiet_hours.parse)])
    team_id = SelectField("Care team", coerce=int, validate_choice=True)
    discreet = BooleanField("Discreet texts (no diagnosis or drug names on the lock screen)")

    schedule = SelectField("Repeats", choices=options(SCHEDULES), default="FREQ=DAILY")
    rrule = StringField("Rule (RRULE)", validators=[Optional(), Length(max=500)])
    start = StringField("First dose (patient's local time)", validators=[DataRequired()],
                        render_kw={"type": "datetime-local"})
    label = StringField("Label", default="B12", filters=[_stripped], validators=_label_checks())

    blood_test = BooleanField("Also remind about blood tests")
    bt_schedule = SelectField("Repeats", choices=options(SCHEDULES), default="FREQ=MONTHLY;INTERVAL=3")
    bt_rrule = StringField("Rule (RRULE)", validators=[Optional(), Length(max=500)])
    bt_start = StringField("First blood test (patient's local time)", validators=[Optional()],
                           render_kw={"type": "datetime-local"})
    bt_label = StringField("Label", default="B12 and MMA blood test", filters=[_stripped],
                           validators=_label_checks())


class MessageForm(FlaskForm):
    body = TextAreaField("Message", validators=[DataRequired(), Length(max=1000)])


class ConsentForm(FlaskForm):
    consent = SelectField("Consent", choices=options([("opted_in", "Opted in"), ("opted_out", "Opted out")]))
    note = StringField("How was it given or withdrawn?", validators=[DataRequired(), Length(max=150)])


class ResolveForm(FlaskForm):
    note = TextAreaField("Resolution note", validators=[DataRequired(), Length(max=2000)])


class LinkForm(FlaskForm):
    phone = StringField("The patient's current phone", validators=[DataRequired(), _check(phones.normalise)],
                        render_kw={"type": "tel", "autocomplete": "off"})


class ExportForm(FlaskForm):
    class Meta:
        csrf = False  # a GET download: nothing changes

    since = DateField("From (UTC date)", validators=[InputRequired()])
    until = DateField("To (UTC date, inclusive)", validators=[InputRequired()])

    def validate_until(self, field):
        if self.since.data and field.data and field.data < self.since.data:
            raise ValidationError("The end date is before the start date.")


def _contact(label: str, check, kind: str) -> StringField:
    return StringField(label, filters=[_stripped], validators=[Optional(), _check(check)],
                       render_kw={"type": kind, "autocomplete": "off"})


class TeamContactsForm(FlaskForm):
    """Who patients call, and who is told of an urgent flag (reminders/services/teams.py)."""

    contact_phone = _contact("Contact number", phones.normalise, "tel")
    on_call_phone = _contact("On-call phone", phones.normalise, "tel")
    on_call_email = _contact("On-call e-mail", accounts.normalise_email, "email")
    backup_phone = _contact("Backup phone", phones.normalise, "tel")
    backup_email = _contact("Backup e-mail", accounts.normalise_email, "email")
    hours = _contact("Office hours", office_hours.parse, "text")
    tz = _contact("Time zone of the office hours", office_hours.check_zone, "text")

    def contacts(self) -> dict[str, str]:
        return {name: self[name].data or "" for name in ("contact_phone", "on_call_phone", "on_call_email",
                                                         "backup_phone", "backup_email", "hours", "tz")}


class TeamForm(TeamContactsForm):
    name = StringField("Team name", validators=[DataRequired(), Length(max=100)])


class UserForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), _check(accounts.normalise_email)])
    role = SelectField("Role", choices=options([(r, r) for r in accounts.ROLES]), default=accounts.COORDINATOR)
    team_id = SelectField("Care team", coerce=int)
    password = PasswordField("Initial password", validators=[
        DataRequired(), Length(min=accounts.MIN_PASSWORD, max=500, message=f"At least {accounts.MIN_PASSWORD} characters.")])


class ReportForm(ExportForm):
    """The visit report's range: the patient's own days, both ends included."""

    since = DateField("From", validators=[InputRequired()])
    until = DateField("To (inclusive)", validators=[InputRequired()])


class CaregiverForm(FlaskForm):
    """A caregiver, added with the patient's consent; they are texted and must reply YES first."""

    name = StringField("Caregiver's name", validators=[DataRequired(), Length(max=200)])
    phone = StringField("Caregiver's mobile", validators=[DataRequired(), _check(phones.normalise)],
                        render_kw={"type": "tel", "autocomplete": "off"})
    lang = SelectField("Their language", choices=options([("en", "English"), ("es", "Spanish")]))
    on_missed = BooleanField("Tell them when doses are missed", default=True)
    missed_in_a_row = IntegerField("After how many missed in a row", default=3,
                                   validators=[InputRequired(), NumberRange(1, 14)])
    on_red_flag = BooleanField("Tell them when a red flag is raised", default=True)
    consent = StringField("How did the patient agree?", validators=[DataRequired(), Length(max=300)])

    def validate_on_red_flag(self, field):
        if not (field.data or self.on_missed.data):
            raise ValidationError("Choose at least one thing to tell them about.")
