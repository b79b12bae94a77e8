"""`reminders tips`: needs no database, so it runs the real command without one."""

from click.testing import CliRunner

from reminders.cli import main
from reminders.content.tips import default_path, load_library

LIBRARY = load_library()


def run(*args):
    return CliRunner().invoke(main, ["tips", *args])


def copy_with_tip(tmp_path, en):
    path = tmp_path / "tips.toml"
    path.write_text(
        default_path().read_text("utf-8")
        + '\n[[tip]]\nid = "bad-tip"\nsection = "What Is the Role of B12 in the Body?"\ntopic = "living-with-ms"\n'
        + 'suits = "any"\nsource = "Beyond red blood cell production, B12 is also crucial for DNA synthesis and repair."\n'
        + f'hedge = "none"\ntext.en = "{en}"\ntext.es = "Hola."\n',
        "utf-8",
    )
    return str(path)


def test_check_passes_on_the_shipped_library():
    result = run("list", "--check")
    assert result.exit_code == 0, result.output
    safe = sum(tip.discreet for tip in LIBRARY)
    assert result.output == (f"tips library OK: {len(LIBRARY)} tips in en, es, {safe} discreet-safe; "
                             "templates, answers and keywords OK\n")


def test_check_fails_on_a_curly_quote_naming_the_tip(tmp_path):
    result = run("list", "--check", "--file", copy_with_tip(tmp_path, "It\u2019s vital."))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("bad-tip: en: typographic") and "U+2019" in lines[0]
    assert "1 problem(s)" in result.stderr


def test_check_fails_on_a_141_character_tip_naming_the_tip(tmp_path):
    result = run("list", "--check", "--file", copy_with_tip(tmp_path, "a" * 141))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["bad-tip: en: 141 characters, over 140"]


def test_check_of_a_missing_file_is_one_line(tmp_path):
    result = run("list", "--check", "--file", str(tmp_path / "nope.toml"))
    assert result.exit_code == 1
    assert result.stdout.startswith("nope.toml: cannot read")
    assert "Traceback" not in result.output


def test_list_shows_every_tip_in_the_chosen_language():
    english, spanish = run("list"), run("list", "--lang", "es")
    assert english.exit_code == spanish.exit_code == 0
    assert len(english.output.splitlines()) == len(LIBRARY)
    for tip in LIBRARY:
        assert tip.id in english.output and tip.text("en") in english.output
        assert tip.text("es") in spanish.output
    assert "discreet" in english.output


def test_listing_a_broken_library_is_a_one_line_error(tmp_path):
    result = run("list", "--file", copy_with_tip(tmp_path, "a" * 141))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "bad-tip: en: 141 characters" in result.stderr
    assert "--check" in result.stderr


def test_check_names_a_tip_that_drops_the_articles_hedge(tmp_path):
    path = tmp_path / "tips.toml"
    text = default_path().read_text("utf-8").replace(
        "Low B12 can mimic MS symptoms or make them worse. Knowing this can help",
        "Low B12 mimics MS symptoms and makes them worse. Knowing this helps")
    path.write_text(text, "utf-8")
    result = run("list", "--check", "--file", str(path))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == ["mimic-or-worsen: en: the article hedges ('can') but the tip states it as fact"]


def test_listing_discreet_tips_shows_what_a_discreet_patient_reads():
    result = run("list", "--discreet", "--lang", "es")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == sum(tip.discreet for tip in LIBRARY) >= 15
    assert "B12" not in result.output and "EM" not in result.output.split()
    assert LIBRARY.get("rich-foods").text("es", discreet=True) in result.output
