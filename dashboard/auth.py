"""Signing in and out. Failed sign-ins are throttled per account and address and per address,
in the database so the limit holds across gunicorn workers; every attempt is audited."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from dashboard.forms import LoginForm
from dashboard.web import address, bp, login_manager
from reminders.services import accounts
from reminders.web.context import db


@login_manager.user_loader
def load_user(token: str):
    s = db()
    user = accounts.session_user(s, token)
    if s.dirty:  # last_seen_at moved on
        s.commit()
    return user


@bp.get("/")
def home():
    return redirect(url_for("dashboard.patients"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("dashboard.patients"))
    form = LoginForm(next=request.args.get("next", ""))
    if not form.validate_on_submit():
        return render_template("login.html", form=form), 400 if request.method == "POST" else 200
    s, email, addr = db(), form.email.data.strip().lower(), address()
    attempt = accounts.reserve_attempt(s, email, addr)
    s.commit()  # counted before the password is checked, and seen by every attempt after it
    if not attempt.allowed:
        accounts.audit(s, "login_throttled", actor=email, address=addr)
        s.commit()
        form.password.errors.append("Too many failed sign-ins from here. Wait a minute, then try again.")
        return render_template("login.html", form=form), 429
    user = accounts.find_user(s, email)
    if not (accounts.check_password(user, form.password.data) and user.active):
        accounts.audit(s, "login_failed", actor=email, address=addr)
        s.commit()
        form.password.errors.append("Email or password is not right.")
        return render_template("login.html", form=form), 401
    session.clear()  # no session fixation: a fresh cookie for the new sign-in
    accounts.signed_in(s, attempt)
    accounts.start_session(s, user, addr)
    accounts.audit(s, "login", user=user, address=addr)
    s.commit()
    login_user(user)
    return redirect(_safe_next(form.next.data) or url_for("dashboard.patients"))


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: never an open redirect to somewhere else."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.netloc and parts.netloc != request.host:
        return None
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if not path.startswith("/") or path.startswith("//") or "\\" in path:
        return None
    return path


@bp.post("/logout")
def logout():
    s = db()  # (the CSRF token was checked by the guard)
    if current_user.is_authenticated:
        accounts.end_session(s, current_user.get_id())
        accounts.audit(s, "logout", user=current_user._get_current_object(), address=address())
        s.commit()
    logout_user()
    session.clear()
    return redirect(url_for("dashboard.login"))
