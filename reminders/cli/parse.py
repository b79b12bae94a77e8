"""`reminders parse`: run the reply parser on texts, with no database and no configuration.

`reminders parse TEXT` prints one JSON object. `reminders parse --jsonl` reads JSON lines, each an
object with a string "text" (other keys are ignored), and writes one line `{"text", "intents"}` per
input line, in order. Blank lines are skipped. The first malformed line stops the run: the lines
before it are already written, and the command exits 1 with one line on stderr naming the line.
Output is ASCII JSON (non-ASCII escaped), so any text, even a lone surrogate, round-trips.
`--help` lists the kinds and their fields (docs/replies.md has the phrases behind each).
"""

from __future__ import annotations

import json
import sys

import click

from reminders.incoming.lexicon import MEAL_TIMES
from reminders.incoming.parser import KINDS, parse_to_json

_KINDS_HELP = (
    "Kinds, with their fields: "
    + "; ".join(f"{kind} ({', '.join(fields)})" if fields else kind for kind, fields in KINDS.items())
    + '. A snooze\'s "at" is the clock time the text names, "HH:MM" on a 24-hour clock (null when it'
    ' names none; "remind me at 9" gives "09:00", and the conversation picks 9 am or 9 pm); meals have'
    " default times (" + ", ".join(f"{meal} {at}" for meal, at in MEAL_TIMES.items()) + ", an hour later"
    ' "after", earlier "before"). "thanks" is a text of thanks and nothing else. docs/replies.md lists'
    " the phrases behind each kind."
)


@click.command("parse", epilog=_KINDS_HELP)
@click.option("--jsonl", is_flag=True, help='Read JSON lines {"text": ...} on stdin, write one result per line.')
@click.argument("text", required=False)
def parse(jsonl: bool, text: str | None) -> None:
    """Show the intents the reply parser finds in TEXT (or in JSON lines on stdin)."""
    if jsonl == (text is not None):
        raise click.UsageError("give either TEXT or --jsonl (texts as JSON lines on stdin)")
    if not jsonl:
        click.echo(json.dumps(parse_to_json(text)))
        return
    for number, raw in enumerate(sys.stdin.buffer, start=1):  # bytes, so bad UTF-8 can name its line
        if raw.strip():
            click.echo(json.dumps(parse_to_json(_text_of(raw, number))))


def _text_of(raw: bytes, number: int) -> str:
    try:
        record = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise click.ClickException(f"line {number}: not UTF-8") from None
    except ValueError as error:
        raise click.ClickException(f"line {number}: not valid JSON ({error})") from None
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise click.ClickException(f'line {number}: expected an object with a string "text"')
    return record["text"]
