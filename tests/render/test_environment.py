"""Rendering: the built-in templates, user overrides, and template errors reported at `template:line`."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import config_from_options
from generator.errors import SchemaError
from generator.pipeline import generate_files
from generator.render.filters import docstring
from tests.paths import ROOT

UM_SPEC = ROOT / "specs" / "um" / "um.wsdl"


def _render(tmp_path: Path, templates: Path | None) -> dict[str, str]:
    config = config_from_options([UM_SPEC], "um", tmp_path / "out", (), templates)
    (files,) = generate_files(config).values()
    return files


def _template(folder: Path, name: str, text: str) -> Path:
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return folder


def test_a_user_template_extends_the_builtin_and_overrides_one_block(tmp_path: Path) -> None:
    templates = _template(
        tmp_path / "templates",
        "models/module.py.jinja",
        '{% extends "sodagen/models/module.py.jinja" %}\n'
        "{% block decorators %}\n"
        "@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)\n"
        "{% endblock %}\n",
    )
    files = _render(tmp_path, templates)
    models = files["um/models.py"]
    assert "@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)\nclass UMProperties:" in models
    assert "@dataclasses.dataclass(slots=True, kw_only=True)" not in models
    assert files["um/enums.py"] == _render(tmp_path, None)["um/enums.py"]


def test_a_user_template_replaces_the_builtin_of_the_same_name(tmp_path: Path) -> None:
    templates = _template(tmp_path / "t", "package/README.md.jinja", "# {{ package.name }} (house style)\n")
    assert _render(tmp_path, templates)["README.md"] == "# um (house style)\n"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("line one\n{% for x in %}\n", 2, "Expected an expression"),
        ("line one\nline two\n{{ package.no_such_field }}\n", 3, "no_such_field"),
        ("{{ package | no_such_filter }}\n", 1, "no_such_filter"),
    ],
)
def test_template_errors_name_the_template_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    templates = _template(tmp_path / "t", "package/README.md.jinja", text)
    with pytest.raises(SchemaError) as caught:
        _render(tmp_path, templates)
    location = str(caught.value.location)
    assert location.endswith(f"README.md.jinja:{line}"), location
    assert message in caught.value.message


def test_a_template_that_renders_invalid_python_is_an_error_not_a_crash(tmp_path: Path) -> None:
    templates = _template(
        tmp_path / "t",
        "models/module.py.jinja",
        '{% extends "sodagen/models/module.py.jinja" %}\n{% block bases %}({% endblock %}\n',
    )
    with pytest.raises(SchemaError, match=r"^um/models\.py:\d+: the templates rendered invalid Python"):
        _render(tmp_path, templates)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Short.", '"""Short."""'),
        ('Says """hi""" \\ there', '"""Says \\"\\"\\"hi\\"\\"\\" \\\\ there"""'),
        ("Summary.\n\nAttributes:\n    a: One.", '"""Summary.\n\nAttributes:\n    a: One.\n"""'),
        ("It\u2019s \u201cquoted\u201d", '"""It\'s "quoted\\""""'),
    ],
)
def test_docstrings_are_safe_ascii_punctuated_and_keep_attribute_sections(text: str, expected: str) -> None:
    assert docstring(text) == expected


def test_long_docstrings_wrap_within_the_line_width() -> None:
    rendered = "    " + docstring("word " * 60, indent=4)
    assert all(len(line) <= 100 for line in rendered.splitlines())
    assert rendered.endswith('\n    """')


def test_a_user_template_overrides_a_block_of_the_codec(tmp_path: Path) -> None:
    """The codec is rendered from templates too: a block of it can be replaced like any other."""
    templates = _template(
        tmp_path / "templates",
        "codec/xml.py.jinja",
        '{% extends "sodagen/codec/xml.py.jinja" %}\n'
        "{% block header %}\n"
        '"""Our SOAP codec, with house rules."""\n'
        "{% endblock %}\n",
    )
    files = _render(tmp_path, templates)
    codec = files["um/codec.py"]
    assert codec.startswith('"""Our SOAP codec, with house rules."""\n')
    assert "def _read_SetOofStatus(" in codec
    assert "Our SOAP codec" not in files["um/_xml.py"]
