"""The first-letter guard may only make regexes faster, never change what they match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reminders.incoming import lexicon as lex
from reminders.incoming.parser import _RULES, normalise
from reminders.incoming.regex_guard import first_chars, guarded
from tests.reply_corpus import CORPUS, load


@pytest.mark.parametrize("source, chars", [
    (r"\bfoo", {"f"}), (r"(?:a|bc)?d", {"a", "b", "d"}), (r"[a-c]x", {"a", "b", "c"}),
    (r"(?:just )?took", {"j", "t"}), (r"(?<![a-z])(?:please )*stop", {"p", "s"}), (r"(?P<n>yes|no)", {"y", "n"}),
    (r"x*", None), (r"(?:a|)", None), (r"\d+", None), (r"(?=a)a", None), (r".b", None), (r"[^a]", None),
])
def test_first_chars(source, chars):
    assert first_chars(source) == chars


SOURCES = [source for source, _ in _RULES] + list(lex.SYMPTOMS.values())
TEXTS = [normalise(case["text"]) for case in load(CORPUS)]


@pytest.mark.parametrize("source", SOURCES, ids=range(len(SOURCES)))
def test_guarded_rules_match_exactly_what_the_plain_ones_match(source):
    plain, fast = re.compile(source), re.compile(guarded(source))
    for text in TEXTS:
        assert [m.span() for m in plain.finditer(text)] == [m.span() for m in fast.finditer(text)], text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(TEXTS + [" ", "x", "'", "9"]), max_size=6).map(" ".join))
def test_guarded_rules_agree_on_mixed_texts_too(text):
    for source in SOURCES:
        plain, fast = re.compile(source), re.compile(guarded(source))
        assert [m.span() for m in plain.finditer(text)] == [m.span() for m in fast.finditer(text)]
