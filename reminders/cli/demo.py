"""`reminders demo`: a seeded SQLite database and the app, with no account anywhere."""

from __future__ import annotations

import click
from sqlalchemy import func, select

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
def demo(host, port, no_serve) -> None:
    """Migrate a SQLite database, seed a demo patient and serve the app."""
    config = Config.from_env()
    if config.sms_transport != "console":
        raise click.ClickException("demo: runs only with SMS_TRANSPORT=console (no texts are really sent)")
    migrate.upgrade(config.database_url)
    rt = runtime()
    with rt.session() as session:
        created = demo_module.seed(session, rt.config)
        demo_module.seed_user(session)
        count = session.scalar(select(func.count()).select_from(Patient))
    click.echo(f"demo data {'seeded' if created else 'already present'}: {count} patient(s)")
    if not no_serve:
        _serve(rt.config, host, port)


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
