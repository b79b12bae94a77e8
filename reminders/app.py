"""The Flask app factory: Twilio webhooks, health, and the coordinators' dashboard."""

from __future__ import annotations

import secrets

from flask import Flask, Response, current_app, g
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from reminders import logs
from reminders.config import Config
from reminders.runtime import Runtime


def create_app(config: Config | None = None) -> Flask:
    config = config or Config.from_env()
    if config.env != "test":
        logs.configure()
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
    from webhooks.sms import bp as sms
    from webhooks.status import bp as status

    app.register_blueprint(health)
    app.register_blueprint(sms)
    app.register_blueprint(status)
    app.register_error_handler(OperationalError, _database_unavailable)

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


def _database_unavailable(error):
    # Twilio retries through its fallback URL or a redelivery: say "try later",
    # never a stack trace.
    current_app.logger.error("database unavailable: %s", error.orig or error)
    return Response("database unavailable, try again\n", status=503, mimetype="text/plain")


def _close_session(_exc) -> None:
    session = g.pop("db", None)
    if session is not None:
        session.close()
