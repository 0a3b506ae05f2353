"""Template filters: what they write is valid Python, lint-clean and wrappable whatever the schema's text."""

from __future__ import annotations

from generator.render.filters import docstring, python_literal


def test_look_alike_characters_are_escaped_in_docstrings_and_strings_and_keep_their_value() -> None:
    # Travelport documents a value with a small tilde; ruff (RUF001, RUF002) takes it for an ASCII tilde.
    text = "only '\u02dcMIN, MAX' \u00e4\u00f6\u00fc \u200b \U0001f600"
    doc = docstring(text)
    assert doc.isascii() is False and "\u02dc" not in doc and "\\u02dc" in doc and "äöü" in doc
    assert eval(doc) == text
    literal = python_literal("a\u2019b\u00e4")
    assert literal == '"a\\u2019bä"' and eval(literal) == "a\u2019b\u00e4"


def test_long_strings_become_pieces_black_can_wrap() -> None:
    long = "x" * 100
    literal = python_literal(long)
    assert eval(literal) == long and eval(f"('a', {literal})") == ("a", long)
    assert max(len(piece) for piece in literal.split(" ")) <= 62
    assert python_literal("y" * 94) == '"' + "y" * 94 + '"'


def test_strings_are_quoted_as_black_quotes_them() -> None:
    # black prefers double quotes unless they need more escapes: writing them so spares it a second pass.
    import black

    for value in ["plain", "it's", 'say "hi"', "both ' and \"", "back\\slash'", "tab\tnew\nline", ""]:
        literal = python_literal(value)
        assert eval(literal) == value
        assert black.format_str(f"x = {literal}\n", mode=black.Mode()) == f"x = {literal}\n", value
