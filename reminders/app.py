"""The Flask app factory: Twilio webhooks, health, and the coordinators' dashboard."""

from __future__ import annotations

import secrets

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from reminders.config import Config
from reminders.runtime import Runtime


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=config.secret_key or secrets.token_hex(32),
        MAX_CONTENT_LENGTH=64 * 1024,  # Twilio's forms are a few KB; refuse anything huge
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=not config.development and config.env != "test",
    )
    app.extensions["reminders"] = Runtime.from_config(config)
    app.teardown_appcontext(_close_session)

    from reminders.health import bp as health

    app.register_blueprint(health)

    from dashboard import init_app as init_dashboard

    init_dashboard(app, config)  # sign-in, CSRF, the coordinators' pages
    return app


def runtime() -> Runtime:
    return current_app.extensions["reminders"]


def db() -> Session:
    """The request's session; closed (and rolled back if uncommitted) at teardown."""
    if "db" not in g:
        g.db = runtime().sessions()
    return g.db


def _close_session(_exc) -> None:
    session = g.pop("db", None)
    if session is not None:
        session.close()
