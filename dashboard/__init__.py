"""The coordinators' dashboard: sign-in, patients, flags, enrolment, exports, admin.

`init_app(app, config)` is called by reminders.app.create_app. Two rules hold for
every route of the app, including routes other packages add later:

- CSRF: Flask-WTF's automatic check is off (WTF_CSRF_CHECK_DEFAULT=False) and
  `guard()` calls `csrf.protect()` itself on every POST/PUT/PATCH/DELETE except
  under /webhooks/ (Twilio cannot send a token; those routes check Twilio's
  signature instead). Going by path keeps webhook blueprints added later exempt.
- Sign-in: everything but /login, /healthz, static files and /webhooks/ needs a
  signed-in user; anyone else is sent to /login.
"""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from dashboard.web import RowId, bp, csrf, login_manager
from reminders.core.config import Config

PUBLIC_ENDPOINTS = {"dashboard.login", "dashboard.static", "health.healthz", "static"}
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
# Pages that take a file bigger than the app's limit (a clinic's list), for signed-in users only.
LARGE_UPLOADS = {"dashboard.enrol_import": 16 * 1024 * 1024}


def init_app(app: Flask, config: Config) -> None:
    app.config.update(
        WTF_CSRF_CHECK_DEFAULT=False,  # guard() checks, so /webhooks/ can be exempt by path
        WTF_CSRF_TIME_LIMIT=None,  # the token lives as long as the signed-in session
        PERMANENT_SESSION_LIFETIME=12 * 3600,
    )
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "dashboard.login"
    login_manager.login_message = "Please sign in to continue."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"  # phones change address; sessions are server-side

    from dashboard import (  # noqa: F401  (routes, filters)
        account, admin, auth, caregivers, changes, enrol, exports, flags, formatting, imports, patients, reports,
    )

    app.url_map.converters["int"] = RowId  # before the routes below are added

    app.register_blueprint(bp)
    if simulator_allowed(config):
        from dashboard.simulator import bp as simulator

        app.register_blueprint(simulator)
    app.extensions["dashboard_simulator"] = simulator_allowed(config)
    app.before_request(guard)
    app.after_request(security_headers)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(404, _not_found)


def simulator_allowed(config: Config) -> bool:
    """The demo phone exists only with the console transport, in development (or tests)."""
    return config.sms_transport == "console" and (config.development or config.env == "test")


def guard():
    if request.path.startswith("/webhooks/"):
        return None
    if request.endpoint in LARGE_UPLOADS and current_user.is_authenticated:  # before the body is read, below
        request.max_content_length = LARGE_UPLOADS[request.endpoint]
    if any("\x00" in value for _, value in request.values.items(multi=True)):
        # No form field or query needs NUL, and PostgreSQL cannot store or even compare it.
        return render_template("error.html", title="Bad request",
                               message="The request held a character no field can take (NUL)."), 400
    if request.method in UNSAFE_METHODS:
        csrf.protect()
    if request.endpoint in PUBLIC_ENDPOINTS:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    return None


def security_headers(response):
    if request.path.startswith("/webhooks/"):
        return response
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if current_user.is_authenticated and request.endpoint != "dashboard.static":
        # Health data: not kept by the browser or a shared proxy.
        response.headers["Cache-Control"] = "no-store"
    return response


def _csrf_error(error):
    return render_template("error.html", title="Form expired",
                           message="The form was missing its security token or it had expired. "
                                   "Go back, reload the page and try again."), 400


def _not_found(error):
    if request.path.startswith("/webhooks/"):
        return error  # Twilio gets the plain answer
    return render_template("error.html", title="Not found",
                           message="There is nothing here, or you may not see it."), 404
