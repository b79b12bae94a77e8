import pytest

from reminders.content import gsm


def test_typography_becomes_plain_gsm7():
    text = "\u201cIt\u2019s time\u201d \u2013 now\u2014really\u00a0now\u2026"
    assert gsm.normalise(text) == '"It\'s time" - now-really now...'
    assert gsm.is_gsm7(gsm.normalise(text))


def test_spanish_accents_gsm7_lacks_are_folded_and_the_rest_kept():
    assert gsm.normalise("análisis, Íñigo, sí, ÓRGANO, último, Ángel") == "analisis, Iñigo, si, ORGANO, ultimo, Angel"
    kept = "é É ñ Ñ ü Ü ¿ ¡ à è ì ò ù ä ö Ä Ö Ç"
    assert gsm.normalise(kept) == kept
    assert gsm.is_gsm7(kept)


def test_what_cannot_be_mended_is_reported_not_hidden():
    text = gsm.normalise("Took it 👍 \u4e2d")
    assert gsm.non_gsm7_chars(text) == ["👍", "\u4e2d"]
    assert not gsm.is_gsm7(text)


def test_escape_and_form_feed_are_not_text():
    assert gsm.non_gsm7_chars("a\x1bb\x0c") == ["\x1b", "\x0c"]


def test_extension_characters_take_two_septets():
    assert gsm.septets("abc") == 3
    assert gsm.septets("[x]") == 5
    assert gsm.septets("^{}\\[~]|€") == 18
    with pytest.raises(ValueError, match="U\\+2019"):
        gsm.septets("it\u2019s")


@pytest.mark.parametrize(
    "text, parts",
    [
        ("", 1),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("€" * 80, 1),  # 160 septets
        ("{" * 81, 2),  # 162 septets
        ("€" * 76 * 2, 2),  # 304 septets: 76 pairs (152) fill each part
        ("€" * 153, 3),  # 306 septets, but a 77th pair never fits a 153-septet part
    ],
)
def test_gsm7_segments_as_carriers_count_them(text, parts):
    assert gsm.segments(text) == parts


def test_an_escape_pair_is_never_split_across_parts():
    # 306 septets would be 2 parts if the pair could straddle the boundary; it cannot.
    text = "a" * 152 + "[" + "a" * 152
    assert gsm.septets(text) == 306
    assert gsm.segments(text) == 3


def test_one_curly_quote_makes_a_text_ucs2():
    plain = "a" * 100
    assert gsm.segments(plain) == 1
    assert gsm.segments(plain + "\u2019") == 2  # 101 UCS-2 characters: 67 + 34


@pytest.mark.parametrize(
    "text, parts",
    [("\u4e2d" * 70, 1), ("\u4e2d" * 71, 2), ("\u4e2d" * 134, 2), ("\u4e2d" * 135, 3), ("😀" * 35, 1), ("😀" * 36, 2)],
)
def test_ucs2_segments_count_utf16_units(text, parts):
    assert gsm.segments(text) == parts
