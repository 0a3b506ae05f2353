"""Records of earlier runs (issue 13 items 1 and 6): `check` and `generate` on an unchanged tree do not read
the schemas again, and every change that could change the output (a schema it imports, a file added to
a folder spec, a setting, the templates, the output folder itself) makes the pipeline run again."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator import pipeline
from generator.cli import main
from generator.ir import Package
from generator.output.format_cache import CACHE_ENVIRONMENT
from tests.paths import ROOT


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The UM spec (a WSDL importing an XSD) in a project of its own, with a cache of its own."""
    folder = tmp_path / "project"
    (folder / "schemas").mkdir(parents=True)
    shutil.copy(ROOT / "specs" / "um" / "um.wsdl", folder / "schemas" / "um.wsdl")
    shutil.copy(ROOT / "specs" / "um" / "um.xsd", folder / "schemas" / "um.xsd")
    (folder / "pyproject.toml").write_text(
        '[tool.sodagen]\nout = "out"\n\n[[tool.sodagen.packages]]\nname = "um_service"\n'
        'spec = "schemas/um.wsdl"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv(CACHE_ENVIRONMENT, str(tmp_path / "cache"))
    monkeypatch.chdir(folder)
    assert _invoke("generate").exit_code == 0
    return folder


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The packages whose schemas the pipeline reads from now on."""
    read: list[str] = []
    build = pipeline.build_ir

    def counting(spec: pipeline.PackageConfig) -> Package:
        read.append(spec.name)
        return build(spec)

    monkeypatch.setattr(pipeline, "build_ir", counting)
    return read


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_tree_is_checked_and_generated_without_reading_the_schemas(
    project: Path, reads: list[str]
) -> None:
    checked = _invoke("check")
    assert checked.exit_code == 0 and "up to date" in checked.output
    generated = _invoke("generate")
    assert generated.exit_code == 0 and "22 files, 0 written or removed" in generated.output
    assert reads == []


def test_a_changed_imported_schema_is_read_again(project: Path, reads: list[str]) -> None:
    _edit(project / "schemas" / "um.xsd", "<xs:documentation>", "<xs:documentation>Changed. ")
    result = _invoke("check")
    assert result.exit_code == 1 and "service.wsdl" in result.stderr
    assert reads == ["um_service"]
    assert _invoke("generate").exit_code == 0
    assert _invoke("check").exit_code == 0
    assert reads == ["um_service", "um_service"]


def test_a_file_added_to_a_folder_spec_is_read(project: Path, reads: list[str]) -> None:
    _edit(project / "pyproject.toml", 'spec = "schemas/um.wsdl"', 'spec = "schemas"')
    assert _invoke("generate").exit_code == 0
    assert _invoke("check").exit_code == 0
    assert reads == ["um_service"]
    extra = '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x">'
    extra += '<xs:element name="Extra" type="xs:string"/></xs:schema>'
    (project / "schemas" / "extra.xsd").write_text(extra, encoding="utf-8")
    assert _invoke("check").exit_code == 1
    assert reads == ["um_service", "um_service"]


def test_a_changed_setting_or_template_folder_is_generated_again(project: Path, reads: list[str]) -> None:
    _edit(project / "pyproject.toml", 'name = "um_service"', 'name = "um_service"\nversion = "2.0.0"')
    assert _invoke("check").exit_code == 1
    templates = project / "templates"
    templates.mkdir()
    assert _invoke("check", "--templates", str(templates)).exit_code == 1
    assert reads == ["um_service", "um_service"]


def test_an_edited_or_extra_output_file_is_put_right(project: Path, reads: list[str]) -> None:
    package = project / "out" / "um_service"
    (package / "um_service" / "stray.py").write_text("x = 1\n", encoding="utf-8")
    result = _invoke("generate")
    assert "1 written or removed" in result.output
    assert not (package / "um_service" / "stray.py").exists()
    models = package / "um_service" / "models.py"
    models.write_text(models.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert _invoke("check").exit_code == 1
    assert reads == ["um_service", "um_service"]


def test_the_schemas_warnings_are_shown_again(project: Path, reads: list[str]) -> None:
    _edit(project / "schemas" / "um.xsd", 'type="xs:boolean"', 'type="m:nope"')
    first = _invoke("generate")
    assert first.exit_code == 0
    warned = [line for line in first.stderr.splitlines() if line.startswith("warning: ")]
    assert (
        len(warned) == 1
        and "'{http://schemas.microsoft.com/exchange/services/2006/messages}nope'" in warned[0]
    )
    again = _invoke("check")
    assert again.exit_code == 0
    assert [line for line in again.stderr.splitlines() if line.startswith("warning: ")] == warned
    assert reads == ["um_service"]


def test_no_cache_no_record(project: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENVIRONMENT, "")
    assert _invoke("check").exit_code == 0
    assert reads == ["um_service"]
