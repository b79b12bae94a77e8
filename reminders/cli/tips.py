"""`reminders tips`: look at the tips library and check it, and every text, before they reach patients."""

from __future__ import annotations

import click

from reminders.content import checks, gsm
from reminders.content import tips as tips_module
from reminders.content.keywords import KEYWORDS, PROMISES
from reminders.incoming.parser import parse_reply


@click.group()
def tips() -> None:
    """The educational tips library."""


@tips.command("list")
@click.option("--lang", type=click.Choice(tips_module.LANGUAGES), default="en", show_default=True)
@click.option("--discreet", is_flag=True, help="Only discreet-safe tips, worded as discreet patients read them.")
@click.option("--check", is_flag=True,
              help="Validate the library, the templates and the answers; print each violation, exit 1 if any.")
@click.option("--file", "path", type=click.Path(dir_okay=False), help="A library file other than the shipped one.")
def tips_list(lang, discreet, check, path) -> None:
    """List the tips (id, reminders it suits, topic, length, text), or check them."""
    if check:
        problems = tips_module.check_library(path) + checks.problems() + keyword_problems()
        for line in problems:
            click.echo(line)
        if problems:
            raise click.ClickException(f"{len(problems)} problem(s) in the tips library or the texts")
        library = tips_module.load_library(path)
        safe = sum(tip.discreet for tip in library)
        click.echo(f"tips library OK: {len(library)} tips in {', '.join(tips_module.LANGUAGES)}, "
                   f"{safe} discreet-safe; templates, answers and keywords OK")
        return
    for tip in tips_module.load_library(path):
        if discreet and not tip.discreet:
            continue
        text = tip.text(lang, discreet)
        flag = "discreet" if tip.discreet else ""
        click.echo(f"{tip.id:<24} {tip.suits:<10} {tip.topic:<16} {flag:<8} {gsm.septets(text):>3}  {text}")


def keyword_problems() -> list[str]:
    """Each keyword a text teaches must parse, alone, to the one intent it promises."""
    problems = []
    for lang in tips_module.LANGUAGES:
        placeholder = {gsm.normalise(word): key for key, word in KEYWORDS[lang].items()}
        for word in checks.taught_keywords(lang):
            promise = PROMISES.get(placeholder.get(word, ""))
            kinds = [intent.kind for intent in parse_reply(word)]
            if promise is not None and kinds != [promise]:
                problems.append(f"{lang} keyword {word!r} promises {promise} but the parser reads {kinds}")
    return problems
