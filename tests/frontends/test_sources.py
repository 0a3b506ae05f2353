"""A spec is a file, several files, a folder (recursive) or a glob: one package from all of them."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import load_config
from generator.errors import SchemaError
from generator.frontends import read_spec
from generator.frontends.sources import SourceKind, spec_files

HEAD = '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:{ns}" xmlns:t="urn:{ns}">'


def schema(path: Path, name: str, ns: str = "a", body: str = "") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (
        HEAD.format(ns=ns)
        + f'<xs:complexType name="{name}"><xs:sequence>{body}</xs:sequence></xs:complexType>'
    )
    path.write_text(text + f'<xs:element name="{name}El" type="t:{name}"/></xs:schema>', encoding="utf-8")
    return path


def names(entries: list[Path]) -> list[str]:
    return sorted(model.name for model in read_spec(entries, package="p").models)


def test_a_folder_is_searched_recursively_and_instance_documents_are_skipped(tmp_path: Path) -> None:
    schema(tmp_path / "maindoc" / "a.xsd", "A")
    schema(tmp_path / "maindoc" / "deep" / "er" / "b.xsd", "B", ns="b")
    (tmp_path / "maindoc" / "sample.xml").write_text("<Invoice/>", encoding="utf-8")
    (tmp_path / "maindoc" / "notes.txt").write_text("not xml at all <", encoding="utf-8")
    assert names([tmp_path / "maindoc"]) == ["A", "AEl", "B", "BEl"]


def test_several_files_make_one_package(tmp_path: Path) -> None:
    first = schema(tmp_path / "a.xsd", "A")
    second = schema(tmp_path / "other" / "b.xsd", "B", ns="b")
    assert names([first, second]) == ["A", "AEl", "B", "BEl"]


def test_a_glob_names_the_files_it_matches(tmp_path: Path) -> None:
    schema(tmp_path / "s" / "one.xsd", "One")
    schema(tmp_path / "s" / "x" / "two.xsd", "Two", ns="b")
    schema(tmp_path / "s" / "x" / "skipped.wsdl.txt", "Skipped")
    assert names([tmp_path / "s" / "**" / "*.xsd"]) == ["One", "OneEl", "Two", "TwoEl"]
    assert names([tmp_path / "s" / "*.xsd"]) == ["One", "OneEl"]


def test_files_are_read_once_and_in_a_stable_order(tmp_path: Path) -> None:
    schema(tmp_path / "b.xsd", "B")
    schema(tmp_path / "a.xsd", "A", ns="b")
    found = spec_files([tmp_path, tmp_path / "a.xsd", tmp_path / "*.xsd"])
    assert [source.path.name for source in found] == ["a.xsd", "b.xsd"]
    assert {source.kind for source in found} == {SourceKind.XSD}


def test_an_imported_file_in_the_same_folder_is_not_a_problem(tmp_path: Path) -> None:
    schema(tmp_path / "common.xsd", "Common", ns="c")
    main = tmp_path / "main.xsd"
    main.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:m" xmlns:c="urn:c">'
        '<xs:import namespace="urn:c" schemaLocation="common.xsd"/>'
        '<xs:element name="Main" type="c:Common"/></xs:schema>',
        encoding="utf-8",
    )
    assert names([tmp_path]) == ["Common", "CommonEl", "Main"]


def test_a_folder_with_nothing_readable_says_so(tmp_path: Path) -> None:
    (tmp_path / "empty" / "docs").mkdir(parents=True)
    (tmp_path / "empty" / "docs" / "sample.xml").write_text("<Invoice/>", encoding="utf-8")
    with pytest.raises(SchemaError, match="folder has no WSDL, XSD, DTD or CSDL document"):
        spec_files([tmp_path / "empty"])


def test_a_glob_matching_nothing_says_so(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"\*\.xsd:0: glob matches no WSDL, XSD, DTD or CSDL document"):
        spec_files([tmp_path / "*.xsd"])


def test_a_missing_path_and_a_file_that_is_no_schema_are_errors(tmp_path: Path) -> None:
    with pytest.raises(SchemaError, match=r"nope\.xsd:0: no such file or folder"):
        spec_files([tmp_path / "nope.xsd"])
    (tmp_path / "doc.xml").write_text("<Invoice/>", encoding="utf-8")
    with pytest.raises(
        SchemaError, match=r"doc.xml:1: not a WSDL, XSD, DTD or CSDL document \(root element Invoice\)"
    ):
        spec_files([tmp_path / "doc.xml"])
    (tmp_path / "bad.xsd").write_text("<xs:schema\n  <oops", encoding="utf-8")
    with pytest.raises(SchemaError, match=r"bad\.xsd:2: malformed XML"):
        spec_files([tmp_path / "bad.xsd"])


def test_xml_schema_and_csdl_do_not_mix(tmp_path: Path) -> None:
    schema(tmp_path / "a.xsd", "A")
    (tmp_path / "b.xml").write_text(
        '<Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="n"/>', encoding="utf-8"
    )
    with pytest.raises(SchemaError, match=r"b\.xml:1: is CSDL but .*a\.xsd is XSD"):
        spec_files([tmp_path])


def test_the_config_takes_one_spec_or_a_list(tmp_path: Path) -> None:
    schema(tmp_path / "schemas" / "a.xsd", "A")
    schema(tmp_path / "b.xsd", "B", ns="b")
    config = tmp_path / "pyproject.toml"
    config.write_text(
        '[tool.sodagen]\n[[tool.sodagen.packages]]\nname = "one"\nspec = "schemas"\n'
        '[[tool.sodagen.packages]]\nname = "two"\nspec = ["schemas/*.xsd", "b.xsd"]\n',
        encoding="utf-8",
    )
    one, two = load_config(config).packages
    assert one.spec == (tmp_path / "schemas",)
    assert two.spec == (tmp_path / "schemas" / "*.xsd", tmp_path / "b.xsd")
    assert names(list(two.spec)) == ["A", "AEl", "B", "BEl"]
    config.write_text(
        '[tool.sodagen]\n[[tool.sodagen.packages]]\nname = "one"\nspec = []\n', encoding="utf-8"
    )
    with pytest.raises(SchemaError, match="key 'spec' must be a file, folder or glob"):
        load_config(config)
