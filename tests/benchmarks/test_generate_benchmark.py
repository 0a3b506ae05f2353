"""The generation benchmark's parts: the edits it makes to a copy of the schemas change one type's
documentation, and its measuring wrapper reports a command's time, memory and outcome."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from benchmarks import generate


def test_an_xsd_edit_changes_one_documentation(tmp_path: Path) -> None:
    (tmp_path / "b.xsd").write_text("<xs:schema><xs:annotation><xs:documentation>B</xs:documentation>")
    (tmp_path / "a.xsd").write_text('<xs:schema><xs:documentation xml:lang="en">A</xs:documentation>')
    generate._edit_xsd_documentation(tmp_path)
    edited = (tmp_path / "a.xsd").read_text()
    assert edited.endswith('<xs:documentation xml:lang="en">Changed. A</xs:documentation>')
    assert "Changed" not in (tmp_path / "b.xsd").read_text()


def test_a_csdl_edit_describes_the_user_type(tmp_path: Path) -> None:
    (tmp_path / "m.xml").write_text('<Schema><EntityType Name="group"/><EntityType Name="user" BaseType="x">')
    generate._edit_csdl_description(tmp_path)
    assert '<EntityType Name="user" BaseType="x"><Annotation Term="Org.OData.Core.V1.Description"' in (
        tmp_path / "m.xml"
    ).read_text()
    with pytest.raises(RuntimeError, match="no EntityType user"):
        generate._edit_csdl_description(tmp_path / "missing")


def test_the_wrapper_measures_a_command_and_its_failure(tmp_path: Path) -> None:
    ok = generate.measure([sys.executable, "-c", "x = bytearray(50_000_000)"], tmp_path, dict(os.environ))
    assert ok.ok and ok.seconds > 0 and ok.peak_mb >= 50
    failed = generate.measure([sys.executable, "-c", "raise SystemExit('boom')"], tmp_path, dict(os.environ))
    assert not failed.ok and "boom" in failed.note and "failed: boom" in failed.cell()


def test_the_cases_are_listed(capsys: pytest.CaptureFixture[str]) -> None:
    assert generate.main(["--list"]) == 0
    names = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert names == ["ews", "ipxact", "graph-root", "graph-full"]
