"""The `formatter` option (issue 13 item 1): `ruff format` instead of black gives packages that pass the same
checks; it is chosen in [tool.sodagen] or with --formatter, and a missing ruff is one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config import load_config
from generator.errors import SchemaError
from generator.output import formatters
from generator.output.format import format_files
from generator.output.format_cache import FormatCache
from generator.output.formatters import BLACK, RUFF, identity
from tests.linting import byte_compiles, mypy, ruff
from tests.paths import ROOT

UGLY = "x = {  'a':1,\n'b':[1,2,3]}\ndef f( a ,b ):\n  return a+b\n"
PRETTY = 'x = {"a": 1, "b": [1, 2, 3]}\n\n\ndef f(a, b):\n    return a + b\n'


def _ruff_cache(folder: Path) -> FormatCache:
    return FormatCache(folder, identity(RUFF))


def test_ruff_formats_compiles_and_keeps_the_files_order(tmp_path: Path) -> None:
    files = {"pkg/b.py": UGLY, "pkg/README.md": "# t\n", "pkg/a.py": "y = ( 1, )\n"}
    formatted = format_files(files, cache=_ruff_cache(tmp_path), formatter=RUFF)
    assert list(formatted) == list(files)
    assert formatted == {"pkg/b.py": PRETTY, "pkg/README.md": "# t\n", "pkg/a.py": "y = (1,)\n"}


def test_ruff_and_black_keep_separate_cache_entries() -> None:
    assert identity(RUFF) != identity(BLACK)
    assert identity(RUFF).startswith("ruff ")


def test_what_ruff_cannot_parse_or_python_cannot_compile_is_an_error_at_its_line(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"^pkg/a\.py:[23]: the templates rendered invalid Python"):
        format_files(
            {"pkg/z.py": UGLY, "pkg/a.py": "x = 1\ny = (\n"}, cache=_ruff_cache(tmp_path), formatter=RUFF
        )
    clash = "def f(a: int, a: int) -> None:\n    return None\n"
    with pytest.raises(SchemaError, match=r"^pkg/s\.py:1: .*duplicate argument 'a'"):
        format_files({"pkg/s.py": clash}, cache=_ruff_cache(tmp_path), formatter=RUFF)


def test_without_ruff_installed_the_option_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def missing() -> str:
        raise FileNotFoundError("no ruff executable is installed: pip install 'sodagen[ruff]'")

    monkeypatch.setattr(formatters, "ruff_executable", missing)
    with pytest.raises(SchemaError, match=r"^formatter = \"ruff\": no ruff executable is installed"):
        format_files({"a.py": UGLY}, cache=_ruff_cache(tmp_path), formatter=RUFF)


def test_the_config_chooses_the_formatter(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    table = '[tool.sodagen]\n{}[[tool.sodagen.packages]]\nname = "p"\nspec = "s.xsd"\n'
    pyproject.write_text(table.format(""), encoding="utf-8")
    assert load_config(pyproject).formatter == BLACK
    pyproject.write_text(table.format('formatter = "ruff"\n'), encoding="utf-8")
    assert load_config(pyproject).formatter == RUFF
    pyproject.write_text(table.format('formatter = "yapf"\n'), encoding="utf-8")
    with pytest.raises(SchemaError, match=r"'formatter' must be one of black, ruff"):
        load_config(pyproject)


def test_packages_formatted_by_ruff_pass_every_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(
        main, ["generate", "--formatter", "ruff", "--out", str(out)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    checked = runner.invoke(main, ["check", "--formatter", "ruff", "--out", str(out)], catch_exceptions=False)
    assert checked.exit_code == 0, checked.output
    for spec in load_config(ROOT / "pyproject.toml").packages:
        package = out / spec.name / spec.name
        assert byte_compiles(package)
        linted = ruff(package)
        assert linted.returncode == 0, linted.stdout
        typed = mypy(package)
        assert typed.returncode == 0, typed.stdout
