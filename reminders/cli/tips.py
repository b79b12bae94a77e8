"""`reminders tips`: look at the tips library and check it before it reaches patients."""

from __future__ import annotations

import click

from reminders.content import gsm
from reminders.content import tips as tips_module


@click.group()
def tips() -> None:
    """The educational tips library."""


@tips.command("list")
@click.option("--lang", type=click.Choice(tips_module.LANGUAGES), default="en", show_default=True)
@click.option("--check", is_flag=True, help="Validate the library; print each violation, exit 1 if any.")
@click.option("--file", "path", type=click.Path(dir_okay=False), help="A library file other than the shipped one.")
def tips_list(lang, check, path) -> None:
    """List the tips (id, reminders it suits, topic, length, text), or check them."""
    if check:
        problems = tips_module.check_library(path)
        for line in problems:
            click.echo(line)
        if problems:
            raise click.ClickException(f"{len(problems)} problem(s) in the tips library")
        library = tips_module.load_library(path)
        click.echo(f"tips library OK: {len(library)} tips in {', '.join(tips_module.LANGUAGES)}")
        return
    for tip in tips_module.load_library(path):
        text = tip.text(lang)
        flag = "discreet" if tip.discreet else ""
        click.echo(f"{tip.id:<24} {tip.suits:<10} {tip.topic:<16} {flag:<8} {gsm.septets(text):>3}  {text}")
