"""`reminders users add`: the password comes from a prompt or stdin, never an argument."""

from __future__ import annotations

from sqlalchemy import select

from reminders.services import accounts
from reminders.services.accounts import User


def test_add_a_coordinator_with_the_password_on_stdin(runner, rt):
    result = runner("users", "add", "--email", "Ann@North.example", "--role", "coordinator", "--team", "North",
                    "--create-team", input="a long enough password\n")
    assert result.exit_code == 0, result.output
    assert "added coordinator ann@north.example in team North" in result.output
    with rt.session() as s:
        user = s.scalar(select(User))
        assert user.email == "ann@north.example" and user.team.name == "North"
        assert user.password_hash.startswith("$argon2id$")
        assert accounts.check_password(user, "a long enough password")
    listing = runner("users", "list")
    assert "ann@north.example" in listing.output and "North" in listing.output


def test_there_is_no_password_option(runner):
    result = runner("users", "add", "--email", "a@b.org", "--role", "admin", "--password", "secret secret")
    assert result.exit_code != 0 and "No such option" in result.output


def test_refusals_are_one_line(runner, rt):
    short = runner("users", "add", "--email", "a@b.org", "--role", "admin", input="short\n")
    assert short.exit_code != 0 and "at least 12 characters" in short.output
    teamless = runner("users", "add", "--email", "a@b.org", "--role", "coordinator", input="long enough secret\n")
    assert teamless.exit_code != 0 and "needs a care team" in teamless.output
    bad_email = runner("users", "add", "--email", "nope", "--role", "admin", input="long enough secret\n")
    assert bad_email.exit_code != 0 and "not an email address" in bad_email.output
    runner("users", "add", "--email", "a@b.org", "--role", "admin", input="long enough secret\n")
    again = runner("users", "add", "--email", "A@b.org", "--role", "admin", input="long enough secret\n")
    assert again.exit_code != 0 and "already exists" in again.output
    empty = runner("users", "add", "--email", "c@b.org", "--role", "admin", input="")
    assert empty.exit_code != 0 and "one line on stdin" in empty.output
