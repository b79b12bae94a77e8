"""The Flask app factory: Twilio webhooks, health, and the coordinators' dashboard."""

from __future__ import annotations

import secrets

from flask import Flask, Response, current_app
from sqlalchemy.exc import OperationalError
from werkzeug.middleware.proxy_fix import ProxyFix

from dashboard import init_app as init_dashboard
from reminders.core import logs
from reminders.core.config import Config
from reminders.core.runtime import Runtime
from reminders.web import context
from reminders.web.health import bp as health
from webhooks.sms import bp as sms
from webhooks.status import bp as status


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
    if config.trusted_proxies:
        # The client's address, scheme and host as the proxies in front saw them (sign-in
        # throttling counts the client's address). Only that many hops are believed: a client
        # cannot forge its way past them.
        n = config.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n)
    context.install(app, Runtime.from_config(config))
    app.register_blueprint(health)
    app.register_blueprint(sms)
    app.register_blueprint(status)
    app.register_error_handler(OperationalError, _database_unavailable)
    init_dashboard(app, config)  # sign-in, CSRF, the coordinators' pages
    return app


def _database_unavailable(error):
    # Twilio retries through its fallback URL or a redelivery: say "try later",
    # never a stack trace.
    current_app.logger.error("database unavailable: %s", error.orig or error)
    return Response("database unavailable, try again\n", status=503, mimetype="text/plain")
