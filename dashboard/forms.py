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
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from reminders.content.compose import MAX_LABEL
from reminders.content.schedules import DAY_NAMES, ordinal
from reminders.core import office_hours, phones
from reminders.outgoing import quiet_hours
from reminders.services import accounts, enrolment, schedules

SCHEDULES = [
    (schedules.DAILY, "Every day"),
    (schedules.DAYS_OF_WEEK, "On chosen days of the week"),
    (schedules.WEEKS, "Every few weeks"),
    (schedules.MONTHS, "Every few months"),
    (schedules.CUSTOM, "Custom rule (RRULE)"),
]
WEEKDAYS = [(code, name) for code, name in DAY_NAMES.items()]
MONTH_DAYS = [(str(n), ordinal(n)) for n in range(1, 29)] + [(str(schedules.LAST_DAY), "last day")]


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


class CheckboxesField(SelectMultipleField):
    """Several choices as checkboxes (the days of the week)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


# The schedule picker's fields; `PlanFields.rule` writes the RRULE from them, server-side.
def _repeats(default: str) -> SelectField:
    return SelectField("Repeats", choices=options(SCHEDULES), default=default)


def _days() -> CheckboxesField:
    return CheckboxesField("On", choices=options(WEEKDAYS), validate_choice=False)  # build() names a bad day


def _every(default: int) -> IntegerField:
    return IntegerField("Every how many (weeks or months)", default=default, validators=[Optional()],
                        render_kw={"inputmode": "numeric", "min": 1})


def _month_day(default: str = "1") -> SelectField:
    return SelectField("On the", choices=options(MONTH_DAYS), default=default)


def _rule() -> StringField:
    return StringField("Rule (RRULE)", validators=[Optional(), Length(max=500)])


class Picker:
    """The picker of one plan on a form (fields without a prefix)."""

    schedule, days, every, month_day, rrule = _repeats(schedules.DAILY), _days(), _every(1), _month_day(), _rule()


class PlanFields:
    """Schedule fields shared by enrolment and plan editing; `rule()` gives the RRULE."""

    def choice(self, prefix: str = "") -> schedules.Choice:
        f = lambda name: getattr(self, prefix + name).data  # noqa: E731
        try:
            month_day = int(f("month_day") or 1)
        except ValueError:
            month_day = 0  # refused by build(), next to the field
        return schedules.Choice(repeat=f("schedule"), days=f("days") or [], every=f("every") or 0,
                                month_day=month_day, rule=f("rrule") or "")

    def rule(self, prefix: str = "") -> str:
        return schedules.build(self.choice(prefix))

    def check_plan(self, tz: str | None, prefix: str = "", kind: str = "supplement") -> bool:
        """The rule from the picker, checked with its start and label in one pass; each error goes
        next to its field. `tz` None: the zone is being corrected too (the rule is checked in UTC)."""
        field = lambda name: getattr(self, prefix + name)  # noqa: E731
        try:
            rule = self.rule(prefix)
        except schedules.ChoiceError as error:
            add_error(field({"repeat": "schedule", "rule": "rrule"}.get(error.field, error.field)), str(error))
            rule = None
        try:
            enrolment.check_plan(kind=kind, rrule=rule or "FREQ=DAILY", start=field("start").data or "",
                                 label=field("label").data or None, tz=tz)
        except enrolment.Invalid as invalid:
            for problem in invalid.problems:
                if problem.field == "rrule" and rule is None:
                    continue  # the picker's own error says it
                target = {"rrule": "rrule" if field("schedule").data == schedules.CUSTOM else "schedule"}
                add_error(field(target.get(problem.field, problem.field)), problem.message)
        return not any(field(n).errors for n in ("schedule", "days", "every", "month_day", "rrule", "start", "label"))


def add_error(field, message: str) -> None:
    """One message per field: a field validator's own error is enough."""
    if not field.errors:
        field.errors = [message]


class PlanForm(FlaskForm, PlanFields, Picker):
    start = StringField("Starts (patient's local time)", validators=[DataRequired()],
                        render_kw={"type": "datetime-local"})
    label = StringField("Label", filters=[_stripped], validators=_label_checks())
    active = BooleanField("Active", default=True)


class NewPlanForm(PlanForm):
    kind = SelectField("Kind", choices=options([("supplement", "B12 dose"), ("blood-test", "Blood test")]))


class EnrolForm(FlaskForm, PlanFields, Picker):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    phone = StringField("Mobile number", validators=[DataRequired(), _check(phones.normalise)],
                        render_kw={"type": "tel", "autocomplete": "off"})
    tz = SelectField("Time zone", validators=[DataRequired()], default="America/New_York", validate_choice=False)
    lang = SelectField("Language", choices=options([("en", "English"), ("es", "Spanish")]))
    quiet = StringField("Quiet hours", default=quiet_hours.DEFAULT,
                        validators=[DataRequired(), _check(quiet_hours.parse)])
    team_id = SelectField("Care team", coerce=int, validate_choice=True)
    discreet = BooleanField("Discreet texts (no diagnosis or drug names on the lock screen)")

    start = StringField("First dose (patient's local date and time)", validators=[DataRequired()],
                        render_kw={"type": "datetime-local"})
    label = StringField("Label", default="B12", filters=[_stripped], validators=_label_checks())

    blood_test = BooleanField("Also remind about blood tests")
    bt_schedule, bt_days, bt_every = _repeats(schedules.MONTHS), _days(), _every(3)
    bt_month_day, bt_rrule = _month_day(), _rule()
    bt_start = StringField("First blood test (patient's local date and time)", validators=[Optional()],
                           render_kw={"type": "datetime-local"})
    bt_label = StringField("Label", default="B12 and MMA blood test", filters=[_stripped],
                           validators=_label_checks())
    # Set by "Save anyway": the warnings the coordinator saw (a digest), so changed input is warned about again.
    acknowledged = HiddenField()


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

    # Days on the signed-in user's clock (dashboard/exports.py), named beside the fields.
    since = DateField("From", validators=[InputRequired()])
    until = DateField("To (inclusive)", validators=[InputRequired()])

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
