"""The signed-in user's own settings: the time zone every time on their dashboard is shown in."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import ValidationError

from dashboard import enrol
from dashboard.formatting import check_zone, zone_name
from dashboard.web import audit, bp, user
from reminders.web.context import db


class AccountForm(FlaskForm):
    tz = SelectField("Time zone", validate_choice=False)  # checked by check_zone, case and all

    def validate_tz(self, field):
        if field.data:
            try:
                field.data = check_zone(field.data)
            except ValueError as error:
                raise ValidationError(str(error)) from None


def zone_choices(team_zone: str | None) -> dict[str, list[tuple[str, str]]]:
    """The enrol form's picker (zones by country, each with its time now), led by "my team's"."""
    default = f"My team's zone: {zone_name(team_zone)}" if team_zone else "My team's zone (none set: UTC)"
    return {"Your team": [("", default)], **enrol.zone_choices()}


@bp.route("/account", methods=["GET", "POST"])
def account():
    me = user()
    team_zone = me.team.tz if me.team is not None else None
    form = AccountForm(data={"tz": me.tz or ""})
    form.tz.choices = zone_choices(team_zone)
    if form.validate_on_submit():
        me.tz = form.tz.data or None
        audit("settings", detail=f"time zone: {me.tz or 'the team’s'}")
        db().commit()
        flash(f"Times are now shown in {zone_name(me.zone)}.", "ok")
        return redirect(url_for("dashboard.account"))
    status = 400 if form.errors else 200
    return render_template("account.html", form=form, zone=me.zone, team_zone=team_zone), status
