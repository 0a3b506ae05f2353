"""End-to-end tests of the `sodagen` command line (generate, check, errors, determinism)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from generator.output.write import ARTIFACT_DIRS
from tests.paths import ROOT, SHARED

GRAPH_METADATA = SHARED / "reference" / "graph" / "cleanMetadata-v1.0.xml"


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file of a generated folder, without the caches that importing or linting it leaves."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not ARTIFACT_DIRS.intersection(p.relative_to(folder).parts)
    }


def test_generate_then_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "out"
    assert _invoke("generate", "--config", "pyproject.toml", "--out", str(out)).exit_code == 0
    assert _invoke("check", "--config", "pyproject.toml", "--out", str(out)).exit_code == 0
    edited = out / "um_service" / "um_service" / "models.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    before = _snapshot(out)
    result = _invoke("check", "--config", "pyproject.toml", "--out", str(out))
    assert result.exit_code == 1
    assert "models.py" in result.stderr
    assert _snapshot(out) == before


def test_one_off_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    args = [
        "--spec",
        "specs/graph/presence.xml",
        "--package",
        "presence",
        "--root",
        "microsoft.graph.presence",
    ]
    result = _invoke("generate", *args, "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    models = (tmp_path / "presence" / "presence" / "models.py").read_text(encoding="utf-8")
    assert "class Presence(Entity)" in models


def _line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    hits = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def _um_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "specs" / "um" / "um.wsdl", project / "um.wsdl")
    shutil.copy(ROOT / "specs" / "um" / "um.xsd", project / "um.xsd")
    (project / "pyproject.toml").write_text(
        '[tool.sodagen]\nout = "out"\n\n[[tool.sodagen.packages]]\nname = "um_service"\nspec = "um.wsdl"\n',
        encoding="utf-8",
    )
    return project


def _assert_schema_error(args: list[str], path: str, line: int, out: Path) -> None:
    before = _snapshot(out)
    result = _invoke("generate", *args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1, lines
    assert re.match(rf"^{re.escape(path)}:{line}: ", lines[0]), lines[0]
    assert "Traceback" not in result.output
    assert _snapshot(out) == before


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _break_xml(path: Path) -> int:
    line = _line_of(path, 'type="xs:boolean"')
    _edit(path, 'type="xs:boolean">', 'type="xs:boolean" <')
    return line


def _unresolved(path: Path) -> int:
    line = _line_of(path, 'type="xs:boolean"')
    _edit(path, 'type="xs:boolean"', 'type="m:nope"')
    return line


def test_bad_xsd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _um_project(tmp_path)
    monkeypatch.chdir(project)
    assert _invoke("generate").exit_code == 0
    line = _break_xml(project / "um.xsd")
    _assert_schema_error([], "um.xsd", line, project / "out")


_XSD_HEAD = (
    '<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t"'
    ' targetNamespace="urn:t">\n'
)
_NOTHING = "the schema declares no types, elements or operations"
_EMPTY_WSDL = (
    '<?xml version="1.0"?>\n<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"'
    ' xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" xmlns:tns="urn:e" targetNamespace="urn:e">'
    '<wsdl:portType name="P"/><wsdl:binding name="B" type="tns:P"><soap:binding style="document"'
    ' transport="http://schemas.xmlsoap.org/soap/http"/></wsdl:binding></wsdl:definitions>\n'
)
_EXTENDS = '<xs:complexType name="{0}"><xs:complexContent><xs:extension base="t:{1}"/></xs:complexContent>'
_CSDL = (
    '<?xml version="1.0"?>\n<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">'
    '<edmx:DataServices><Schema Namespace="x" xmlns="http://docs.oasis-open.org/odata/ns/edm">\n{0}\n'
    "</Schema></edmx:DataServices></edmx:Edmx>\n"
)


@pytest.mark.parametrize(
    ("name", "text", "line", "message"),
    [
        (
            "cycle.xsd",
            _XSD_HEAD + _EXTENDS.format("A", "B") + "</xs:complexType>\n"
            + _EXTENDS.format("B", "A") + '</xs:complexType>\n<xs:element name="R" type="t:A"/></xs:schema>',
            3,
            "type 'A' derives from itself: A -> B -> A",
        ),
        (
            "self.xsd",
            _XSD_HEAD
            + _EXTENDS.format("D", "D")
            + '</xs:complexType>\n<xs:element name="R" type="t:D"/></xs:schema>',
            3,
            "type 'D' derives from itself: D -> D",
        ),
        (
            "groups.xsd",
            _XSD_HEAD + '<xs:element name="E1" type="xs:string" substitutionGroup="t:E2"/>\n'
            '<xs:element name="E2" type="xs:string" substitutionGroup="t:E1"/></xs:schema>',
            3,
            "substitution group 'E1' derives from itself: E1 -> E2 -> E1",
        ),
        (
            "cycle.xml",
            _CSDL.format(
                '<EntityType Name="a" BaseType="x.b"><Key><PropertyRef Name="id"/></Key>'
                '<Property Name="id" Type="Edm.String" Nullable="false"/></EntityType>\n'
                '<EntityType Name="b" BaseType="x.a"/>'
            ),
            3,
            "circular base classes: x.a, x.b",
        ),
        ("broken.dtd", "<!ELEMENT note (to)>\n<!ELEMENT to (#PCDATA>\n", 1, "xsdata cannot read the schema"),
        ("empty.xsd", _XSD_HEAD + "</xs:schema>\n", 1, _NOTHING),
        ("empty.xml", _CSDL.format(""), 1, _NOTHING),
        ("empty.dtd", "", 1, _NOTHING),
        ("empty.wsdl", _EMPTY_WSDL, 1, _NOTHING),
    ],
    ids=[
        "xsd-base-cycle",
        "xsd-extends-itself",
        "substitution-cycle",
        "csdl-base-cycle",
        "malformed-dtd",
        "empty-xsd",
        "empty-csdl",
        "empty-dtd",
        "wsdl-without-operations",  # rendered `__all__ = [` with nothing in it: "invalid Python"
    ],
)
def test_a_schema_the_generator_cannot_use_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, line: int, message: str
) -> None:
    """Each was a traceback (a recursion without end, lxml's DTD error) or several lines."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / name).write_text(text, encoding="utf-8")
    _assert_schema_error(["--spec", name, "--package", "p", "--out", "out"], name, line, tmp_path / "out")
    assert message in _invoke("generate", "--spec", name, "--package", "p", "--out", "out").stderr
    assert not (tmp_path / "out").exists()


def test_a_package_folder_that_is_a_link_stays_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The folder it links to is written (exchanging the folders moved the link, which then stayed beside
    the package for good, and the next change crashed on it)."""
    project = _um_project(tmp_path)
    monkeypatch.chdir(project)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / "out").mkdir()
    (project / "out" / "um_service").symlink_to(elsewhere / "um_service", target_is_directory=True)
    (elsewhere / "um_service").mkdir()
    assert _invoke("generate").exit_code == 0
    first = _snapshot(elsewhere / "um_service")
    for _ in range(2):
        _edit(project / "um.xsd", "<xs:documentation>", "<xs:documentation>Changed. ")
        assert _invoke("check").exit_code == 1 and _invoke("generate").exit_code == 0
        assert (project / "out" / "um_service").is_symlink()
        assert sorted(path.name for path in (project / "out").iterdir()) == ["um_service"]
        assert sorted(path.name for path in elsewhere.iterdir()) == ["um_service"]
        assert _invoke("check").exit_code == 0
    assert _snapshot(elsewhere / "um_service") != first


def test_an_output_the_file_system_refuses_is_one_line_and_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _um_project(tmp_path)
    monkeypatch.chdir(project)
    (project / "out").write_text("a file where the output folder goes", encoding="utf-8")
    result = _invoke("generate")
    assert result.exit_code == 1 and "Traceback" not in result.output
    (line,) = result.stderr.splitlines()
    assert line.startswith("out/um_service: cannot write the package: "), line


def test_a_dtd_part_a_parameter_entity_brings_in_is_a_file_of_the_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """xsdata's DTD front end (libxml2) reads the part; `check` did not know of it, and said an output that
    a changed part makes stale was up to date."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "part.mod").write_text("<!ELEMENT secret (#PCDATA)>\n", encoding="utf-8")
    (tmp_path / "main.dtd").write_text(
        '<!ENTITY % part SYSTEM "modules/part.mod">\n%part;\n<!ELEMENT note (secret)>\n', encoding="utf-8"
    )
    args = ["--spec", "main.dtd", "--package", "p", "--out", "out"]
    assert _invoke("generate", *args).exit_code == 0
    assert _invoke("check", *args).exit_code == 0
    (tmp_path / "modules" / "part.mod").write_text(
        "<!ELEMENT secret (#PCDATA)>\n<!ATTLIST secret level CDATA #IMPLIED>\n", encoding="utf-8"
    )
    assert _invoke("check", *args).exit_code == 1
    assert _invoke("generate", *args).exit_code == 0
    assert "level" in (tmp_path / "out" / "p" / "p" / "models.py").read_text(encoding="utf-8")


def test_an_undeclared_type_is_one_warning_line_and_generation_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = _um_project(tmp_path)
    monkeypatch.chdir(project)
    line = _unresolved(project / "um.xsd")
    result = _invoke("generate")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines() == [
        f"warning: um.xsd:{line}: type '{{http://schemas.microsoft.com/exchange/services/2006/messages}}nope'"
        " of 'OofStatus' in 'UMProperties' is not declared: read as a string"
    ]
    models = (project / "out" / "um_service" / "um_service" / "models.py").read_text(encoding="utf-8")
    assert "    oof_status: str\n" in models


def test_wsdl_part_with_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = _um_project(tmp_path)
    monkeypatch.chdir(project)
    assert _invoke("generate").exit_code == 0
    wsdl = project / "um.wsdl"
    line = _line_of(wsdl, 'element="m:IsUMEnabled"/>')
    _edit(wsdl, 'element="m:IsUMEnabled"/>', 'type="m:IsUMEnabled"/>')
    _assert_schema_error([], "um.wsdl", line, project / "out")


def _csdl_case(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, list[str], Path]:
    monkeypatch.chdir(tmp_path)
    shutil.copy(ROOT / "specs" / "graph" / "presence.xml", tmp_path / "presence.xml")
    args = ["--spec", "presence.xml", "--package", "presence", "--out", "out"]
    assert _invoke("generate", *args).exit_code == 0
    return tmp_path / "presence.xml", args, tmp_path / "out"


def test_unknown_csdl_type(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec, args, out = _csdl_case(tmp_path, monkeypatch)
    line = _line_of(spec, 'Type="graph.outOfOfficeSettings"')
    _edit(spec, 'Type="graph.outOfOfficeSettings"', 'Type="microsoft.graph.nope"')
    _assert_schema_error(args, "presence.xml", line, out)


def test_csdl_properties_named_alike_are_told_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec, args, out = _csdl_case(tmp_path, monkeypatch)
    anchor = '<Property Name="activity" Type="Edm.String" />'
    _edit(
        spec,
        anchor,
        anchor + '\n<Property Name="dialString" Type="Edm.String" />'
        '\n<Property Name="DialString" Type="Edm.String" />',
    )
    result = _invoke("generate", *args)
    assert result.exit_code == 0, result.output
    package = next(out.glob("*/*/models.py")).parent
    models = (package / "models.py").read_text(encoding="utf-8")
    assert "    dial_string: str | None = None" in models
    assert "    dial_string_2: str | None = None" in models
    codec = (package / "codec.py").read_text(encoding="utf-8")
    assert '"dialString"' in codec and '"DialString"' in codec


def test_missing_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    _assert_schema_error(
        ["--spec", "missing.xml", "--package", "missing", "--out", "out"], "missing.xml", 0, tmp_path / "out"
    )


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("my-service", "is not a valid Python package name"),
        ("class", "is not a valid Python package name"),
        ("numbers", "is the name of a standard-library module, which the package would hide"),
        ("json", "is the name of a standard-library module, which the package would hide"),
    ],
)
def test_a_package_name_that_cannot_be_imported_as_itself_is_refused(
    tmp_path: Path, name: str, problem: str
) -> None:
    spec = str(ROOT / "specs" / "um" / "um.wsdl")
    result = CliRunner().invoke(main, ["generate", "--spec", spec, "--package", name, "--out", str(tmp_path)])
    assert result.exit_code == 2 and f"--package '{name}' {problem}" in result.output
    (tmp_path / "pyproject.toml").write_text(
        f'[tool.sodagen]\nout = "out"\n\n[[tool.sodagen.packages]]\nname = "{name}"\nspec = "{spec}"\n'
    )
    configured = CliRunner().invoke(main, ["generate", "--config", str(tmp_path / "pyproject.toml")])
    assert configured.exit_code == 2 and f"package name '{name}' {problem}" in configured.output
    assert list(tmp_path.iterdir()) == [tmp_path / "pyproject.toml"]  # nothing generated


def test_generate_help() -> None:
    result = _invoke("generate", "--help")
    assert result.exit_code == 0
    for option in ("--spec", "--out", "--package", "--templates", "--root", "--config"):
        assert option in result.output


def _run_generate(out: Path, seed: str) -> None:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--out", str(out)], cwd=ROOT, env=env, check=True
    )


def test_deterministic(tmp_path: Path) -> None:
    _run_generate(tmp_path / "a", "0")
    _run_generate(tmp_path / "b", "12345")
    first, second = _snapshot(tmp_path / "a"), _snapshot(tmp_path / "b")
    assert first == second
    timestamp = re.compile(rb"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
    for name, content in first.items():
        assert str(ROOT).encode() not in content, name
        assert str(tmp_path).encode() not in content, name
        assert not timestamp.search(content), name


@pytest.mark.skipif(
    not GRAPH_METADATA.exists(), reason=f"shared Graph metadata not found at {GRAPH_METADATA}"
)
def test_real_graph_metadata(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    args = [
        "--spec",
        str(GRAPH_METADATA),
        "--root",
        "microsoft.graph.presence",
        "--package",
        "graph_presence",
        "--service",
        "PresenceService",
        "--permissions",
        "specs/graph/permissions.toml",
    ]
    result = _invoke("generate", *args, "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert _snapshot(tmp_path / "graph_presence") == _snapshot(ROOT / "generated" / "graph_presence")


def test_a_bad_permissions_file_is_one_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    permissions = tmp_path / "permissions.toml"
    permissions.write_text('[operations]\n"microsoft.graph.noSuchAction" = { delegated = ["X"] }\n')
    out = tmp_path / "out"
    args = ["--spec", "specs/graph/presence.xml", "--package", "p", "--permissions", str(permissions)]
    result = _invoke("generate", *args, "--out", str(out))
    assert result.exit_code == 2
    assert "'microsoft.graph.noSuchAction', which is not an operation of the package" in result.output
    assert not out.exists()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            '[tool.sodagen]\nout = "out"\ncolour = "blue"\n\n'
            '[[tool.sodagen.packages]]\nname = "p"\nspec = "s.xsd"\n',
            "pyproject.toml:0: unknown key(s) in [tool.sodagen]: colour",
        ),
        ("[tool.sodagen]\nout = \n", "pyproject.toml:2: not valid TOML: "),
    ],
    ids=["misspelled-key", "toml-error-line"],
)
def test_a_config_mistake_is_one_line_saying_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, reason: str
) -> None:
    """A misspelled key was ignored silently, and a TOML error said line 0."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
    result = _invoke("generate")
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(reason), line


@pytest.mark.parametrize("spec", [".", "**/*.wsdl"], ids=["folder", "glob"])
def test_a_spec_folder_or_glob_never_reads_the_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spec: str
) -> None:
    """The package holds a copy of its WSDL (`service.wsdl`): a spec naming the project folder, or a glob
    reaching into the output, read it back on the next run, which then changed the package."""
    project = _um_project(tmp_path)
    monkeypatch.chdir(project)
    _edit(project / "pyproject.toml", 'spec = "um.wsdl"', f'spec = "{spec}"')
    assert _invoke("generate").exit_code == 0
    assert (project / "out" / "um_service" / "um_service" / "service.wsdl").is_file()
    first = _snapshot(project / "out")
    result = _invoke("check")
    assert result.exit_code == 0, result.output
    assert _invoke("generate").exit_code == 0
    assert _snapshot(project / "out") == first


_SCHEMA_P = (
    '<?xml version="1.0"?>\n<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:p">'
)


def test_specs_in_folders_whose_names_need_quoting_in_a_uri(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A space, a non-ASCII letter, brackets: each such path was refused (`cannot read the file`: the front
    end read the `file:` URI's `%20` literally), and `a[1].xsd` was taken for a glob."""
    (tmp_path / "my specs ù (1)").mkdir()
    project = _um_project(tmp_path / "my specs ù (1)")
    monkeypatch.chdir(project)
    folder = project / "sub dir [v2]"
    folder.mkdir()
    for name in ("um.wsdl", "um.xsd"):
        (project / name).rename(folder / name)
    _edit(project / "pyproject.toml", 'spec = "um.wsdl"', 'spec = "sub dir [v2]/um.wsdl"')
    result = _invoke("generate")
    assert result.exit_code == 0, result.output
    assert _invoke("check").exit_code == 0
    assert (project / "out" / "um_service" / "um_service" / "service.wsdl").is_file()
    part = tmp_path / "a[1] ü.xsd"
    part.write_text(
        _SCHEMA_P
        + '<xs:include schemaLocation="b%20c.xsd"/><xs:element name="A" type="xs:string"/></xs:schema>\n',
        encoding="utf-8",
    )
    (tmp_path / "b c.xsd").write_text(
        _SCHEMA_P + '<xs:element name="B" type="xs:int"/></xs:schema>\n',
        encoding="utf-8",
    )
    result = _invoke("generate", "--spec", str(part), "--package", "p", "--out", str(tmp_path / "p_out"))
    assert result.exit_code == 0, result.output
    assert "class B" in (tmp_path / "p_out" / "p" / "p" / "messages.py").read_text(encoding="utf-8")
