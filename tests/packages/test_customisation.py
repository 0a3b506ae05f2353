"""Template customisation as users do it (issue 5): a fixture folder of customised templates (an audit base
class and decorator on every model, fields with pydantic.Field-style metadata, a changed server handler
signature) and the output they must keep giving, so a generator change that breaks users' templates fails
here; plus `templates list`, `templates eject`, errors in user templates, `check`, and untouched mtimes."""

from __future__ import annotations

import difflib
import re
import shutil
import sys
from pathlib import Path

from click.testing import CliRunner, Result

from generator.cli import main
from tests.paths import ROOT

CUSTOM = ROOT / "tests" / "fixtures" / "custom_templates"
EXPECTED = ROOT / "tests" / "fixtures" / "custom_templates.diff"
"""What the customised templates change in the generated package, as a unified diff against the plain output:
the record users' templates rely on (`python -m tests.packages.test_customisation` rewrites it)."""
CHANGED = ("models.py", "messages.py", "server.py")
UM = ["--spec", str(ROOT / "specs" / "um" / "um.wsdl"), "--package", "um_service", "--service", "UMService"]


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def _customisation_diff(folder: Path) -> tuple[dict[str, str], dict[str, str], str]:
    """The plain and customised outputs, and their difference as a unified diff."""
    assert (
        _invoke("generate", *UM, "--out", str(folder / "custom"), "--templates", str(CUSTOM)).exit_code == 0
    )
    assert _invoke("generate", *UM, "--out", str(folder / "plain")).exit_code == 0
    custom, plain = _files(folder / "custom" / "um_service"), _files(folder / "plain" / "um_service")
    lines: list[str] = []
    for name in sorted(plain):
        lines.extend(
            difflib.unified_diff(
                plain[name].splitlines(keepends=True),
                custom.get(name, "").splitlines(keepends=True),
                fromfile=f"plain/{name}",
                tofile=f"custom/{name}",
                n=1,
            )
        )
    return plain, custom, "".join(lines)


def test_customised_templates_change_what_they_name_and_nothing_else(tmp_path: Path) -> None:
    plain, custom, diff = _customisation_diff(tmp_path)
    assert set(custom) == set(plain)
    changed = {name for name in plain if custom[name] != plain[name]}
    assert changed == {f"um_service/{module}" for module in CHANGED}
    for module in ("models.py", "messages.py"):
        text = custom[f"um_service/{module}"]
        classes = re.findall(
            r"\n@audited\n@dataclasses\.dataclass\(slots=True, kw_only=True\)\nclass \w+\((.*?)\):", text
        )
        assert classes and all(bases.endswith("Auditable") for bases in classes)
        assert text.count("\nclass ") == len(classes) == plain[f"um_service/{module}"].count("\nclass ")
        assert "from audit import Auditable, Field, audited" in text
    assert 'status: bool = Field(..., alias="status")' in custom["um_service/messages.py"]
    server = custom["um_service/server.py"]
    assert '@traced("SetOofStatus")' in server and "from tracing import traced" in server
    assert "async def set_oof_status(self, request: SetOofStatus) -> SetOofStatusResponse:" in server
    # The committed record users rely on: a change here is a change for everyone with such templates.
    assert diff == EXPECTED.read_text(encoding="utf-8"), "run `python -m tests.packages.test_customisation`"


def test_templates_list_names_every_template_and_its_blocks() -> None:
    result = _invoke("templates", "list")
    assert result.exit_code == 0
    lines = dict(line.split(": ", 1) for line in result.output.splitlines())
    assert {"decorators", "bases", "body", "field", "docstring", "imports"} <= set(
        lines["models/module.py.jinja"].split(", ")
    )
    assert {"reader", "writer"} <= set(lines["codec/xml.py.jinja"].split(", "))
    assert "handler" in lines["server/soap.py.jinja"] and "handler" in lines["server/odata.py.jinja"]


def test_eject_then_edit(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    result = _invoke("templates", "eject", "models/module.py.jinja", "--to", str(folder))
    assert result.exit_code == 0
    ejected = folder / "models" / "module.py.jinja"
    ejected.write_text(
        ejected.read_text().replace(
            "@dataclasses.dataclass(slots=True, kw_only=True)",
            "@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)",
        )
    )
    assert _invoke("generate", *UM, "--out", str(tmp_path / "out"), "--templates", str(folder)).exit_code == 0
    models = (tmp_path / "out" / "um_service" / "um_service" / "models.py").read_text()
    assert models.count("@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)") == models.count(
        "\nclass "
    )
    again = _invoke("templates", "eject", "models/module.py.jinja", "--to", str(folder))
    assert again.exit_code == 2  # an edited copy is never overwritten silently
    assert _invoke("templates", "eject", "nope.jinja", "--to", str(folder)).exit_code == 2


def test_an_unknown_block_is_an_error_at_its_line_and_nothing_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    (folder / "models").mkdir(parents=True)
    (folder / "models" / "module.py.jinja").write_text(
        '{% extends "sodagen/models/module.py.jinja" %}\n\n{% block decorator %}@x{% endblock %}\n'
    )
    out = tmp_path / "out"
    result = _invoke("generate", *UM, "--out", str(out), "--templates", str(folder))
    assert result.exit_code == 2
    assert re.search(
        r"models/module\.py\.jinja:3: block 'decorator' is not a block of sodagen/models/module\.py\.jinja",
        result.output,
    )
    assert not out.exists()


def test_check_flips_when_a_spec_changes_and_unchanged_files_keep_their_mtime(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs" / "um", specs)
    args = ["--spec", str(specs / "um.wsdl"), "--package", "um_service", "--out", str(tmp_path / "out")]
    assert _invoke("generate", *args).exit_code == 0
    package = tmp_path / "out" / "um_service"
    before = {path: path.stat().st_mtime_ns for path in package.rglob("*") if path.is_file()}
    assert _invoke("generate", *args).exit_code == 0
    assert {path: path.stat().st_mtime_ns for path in before} == before
    assert _invoke("check", *args).exit_code == 0
    xsd = specs / "um.xsd"
    xsd.write_text(xsd.read_text().replace("Current state of the call.", "Current state of the phone call."))
    assert _invoke("check", *args).exit_code == 1
    assert _invoke("generate", *args).exit_code == 0
    touched = {path for path in before if path.stat().st_mtime_ns != before[path]}
    # The doc text lives in the models and in the served WSDL (which inlines the schema), nowhere else.
    assert touched == {package / "um_service" / "models.py", package / "um_service" / "service.wsdl"}


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        EXPECTED.write_text(_customisation_diff(Path(folder))[2], encoding="utf-8")
    sys.stdout.write(f"wrote {EXPECTED}\n")
