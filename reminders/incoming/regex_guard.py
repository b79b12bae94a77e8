"""Speed up big regex alternations by telling the engine which letters each branch can start with.

Python's regex engine tries every branch of an alternation at every position. A branch that opens
with a literal is rejected after one comparison, but a named group or an optional prefix is
entered in full. `guarded(source)` prefixes a pattern with a lookahead on the set of characters
its match can start with, computed from the parsed pattern: `(?=[dhnt])...`. The lookahead is a
necessary condition, so results never change; when the analysis meets anything it does not
follow (or the parser module moves), it returns the source unchanged and only speed is lost.
"""

from __future__ import annotations

import re

try:  # the engine's own parser; private, hence the fallback
    from re import _constants as C
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover
    sre_parse = None

_ZERO_WIDTH = object()  # marker: the items can match the empty string


def first_chars(source: str) -> set[str] | None:
    """The characters a match of `source` can start with; None when unknown or when it can be empty."""
    if sre_parse is None:
        return None
    try:
        chars = _first(list(sre_parse.parse(source)))
    except Exception:  # any surprise from a private API: no guard
        return None
    return None if chars is None or _ZERO_WIDTH in chars else chars


def guarded(source: str) -> str:
    chars = first_chars(source)
    if not chars:
        return source
    return "(?=[" + "".join(re.escape(c) for c in sorted(chars)) + "])" + source


def _first(items) -> set | None:
    out: set = set()
    for op, av in items:
        if op in (C.AT, C.ASSERT_NOT):  # \b, ^, (?<!..), (?!..): match nothing, look on
            continue
        if op is C.LITERAL:
            return out | {chr(av)}
        if op is C.IN:
            chars = _charset(av)
            return None if chars is None else out | chars
        if op is C.SUBPATTERN:
            inner = _first(list(av[-1]))
        elif op is C.BRANCH:
            inner = set()
            for branch in av[1]:
                chars = _first(list(branch))
                if chars is None:
                    return None
                inner |= chars
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            inner = _first(list(av[2]))
            if inner is not None and av[0] == 0:
                inner = inner | {_ZERO_WIDTH}
        else:  # lookaheads, backreferences, any character...: give up
            return None
        if inner is None:
            return None
        out |= inner - {_ZERO_WIDTH}
        if _ZERO_WIDTH not in inner:
            return out
    return out | {_ZERO_WIDTH}


def _charset(av) -> set[str] | None:
    chars = set()
    for op, value in av:
        if op is C.LITERAL:
            chars.add(chr(value))
        elif op is C.RANGE:
            chars.update(chr(c) for c in range(value[0], value[1] + 1))
        else:  # negated sets, categories (\d, \w): give up
            return None
    return chars


WORD_START = r"\b"


def one_alternation(named: dict[str, str]) -> re.Pattern:
    """One regex, tried only where a word starts; a match's outer group names its rule or symptom."""
    groups = (f"(?P<{name}>{guarded(source.removeprefix(WORD_START))})" for name, source in named.items())
    return re.compile(WORD_START + "(?:" + "|".join(groups) + ")")
