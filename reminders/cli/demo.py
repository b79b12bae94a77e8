"""`reminders demo`: a seeded SQLite database and the app, with no account anywhere."""

from __future__ import annotations

import socket
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from reminders.app import create_app
from reminders.cli.common import runtime
from reminders.core import migrate
from reminders.core.config import Config
from reminders.core.models import Patient
from reminders.cli.processes import SWEEPS
from reminders.outgoing import clock
from reminders.services import demo as demo_module


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Only migrate and seed.")
@click.option("--reset", is_flag=True, help="Start over: delete the demo's SQLite database first.")
def demo(host, port, no_serve, reset) -> None:
    """Migrate a SQLite database, seed a demo patient and serve the app."""
    config = Config.from_env()
    if config.sms_transport != "console":
        raise click.ClickException("demo: runs only with SMS_TRANSPORT=console (no texts are really sent)")
    if not no_serve:
        _check_port_free(host, port)
    if reset:
        click.echo(f"demo: deleted {_delete_sqlite_database(config.database_url)}")
    migrate.upgrade(config.database_url)
    rt = runtime()
    with rt.session() as session:
        created = demo_module.seed(session, rt.config)
        demo_module.seed_user(session)
        count = session.scalar(select(func.count()).select_from(Patient))
        zone = session.scalar(select(Patient.tz).where(Patient.phone == demo_module.DEMO_PHONE))
    click.echo(f"demo data {'seeded' if created else 'already present'}: {count} patient(s)")
    if created:
        local = datetime.now(ZoneInfo(zone))
        click.echo(f"  Dana Demo lives in {zone}, where it is {local:%H:%M}: the first reminder comes in two "
                   f"minutes (quiet hours 21:00-08:00)")
    if not no_serve:
        _serve(rt.config, host, port)


def _check_port_free(host: str, port: int) -> None:
    """One clear line, before anything is written, when another program holds the port."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            raise click.ClickException(
                f"demo: port {port} on {host} is in use ({error.strerror}); stop what uses it, "
                f"or pick another: make demo PORT={port + 1}") from None


def _delete_sqlite_database(url: str) -> str:
    """Remove the demo's database file (and SQLite's journal files); its path."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        raise click.ClickException(
            f"demo --reset: deletes only a local SQLite file, and DATABASE_URL is {parsed.render_as_string()}")
    path = Path(parsed.database)
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
                     path.with_name(path.name + "-journal")):
        leftover.unlink(missing_ok=True)
    return str(path)


def _serve(config: Config, host: str, port: int) -> None:
    """The web app and the clock in one process: texts appear in this terminal."""
    app = create_app(config)
    scheduler = clock.start_in_background(app.extensions["reminders"], sweeps=SWEEPS)
    print(f"B12 Reminders demo on http://{host}:{port}/ (Ctrl+C stops it)", flush=True)
    print(f"  sign in as {demo_module.DEMO_EMAIL} / {demo_module.DEMO_PASSWORD}; the demo phone is at /demo/phone", flush=True)
    try:
        # No reloader: it would fork a second process and a second clock.
        app.run(host=host, port=port, use_reloader=False)
    finally:
        scheduler.shutdown(wait=False)
