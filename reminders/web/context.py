"""The request's runtime and database session, for every blueprint.

It lives apart from the app factory so that blueprints can import it without
importing the app that registers them.
"""

from __future__ import annotations

from flask import Flask, current_app, g
from sqlalchemy.orm import Session

from reminders.core.runtime import Runtime

EXTENSION = "reminders"


def install(app: Flask, rt: Runtime) -> None:
    app.extensions[EXTENSION] = rt
    app.teardown_appcontext(_close_session)


def runtime() -> Runtime:
    return current_app.extensions[EXTENSION]


def db() -> Session:
    """The request's session; closed (and rolled back if uncommitted) at teardown."""
    if "db" not in g:
        g.db = runtime().sessions()
    return g.db


def _close_session(_exc) -> None:
    session = g.pop("db", None)
    if session is not None:
        session.close()
