"""The CSDL front end on small inline documents, and on Microsoft Graph's full v1.0 metadata when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import SchemaError, SchemaWarning
from generator.frontends.csdl import read_csdl
from generator.ir import ModelRole, ODataProperty, Package, PathSegment, Primitive, TypeKind
from tests.paths import SHARED

GRAPH = SHARED / "reference" / "graph" / "cleanMetadata-v1.0.xml"

HEAD = """<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">
  <edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml">
    <edmx:Include Namespace="Org.OData.Core.V1" Alias="Core" />
  </edmx:Reference>
  <edmx:DataServices>
    <Schema Namespace="test.ns" Alias="t" xmlns="http://docs.oasis-open.org/odata/ns/edm">
"""
TAIL = """
    </Schema>
  </edmx:DataServices>
</edmx:Edmx>
"""

TYPES = """
      <EnumType Name="color">
        <Member Name="red" />
        <Member Name="blue" Value="4" />
      </EnumType>
      <ComplexType Name="point">
        <Property Name="x" Type="Edm.Double" Nullable="false" />
        <Property Name="tags" Type="Collection(Edm.String)" />
        <Property Name="sizes" Type="Collection(Edm.Int32)" Nullable="false" />
        <Property Name="label" Type="Edm.String" MaxLength="20" DefaultValue="none" />
      </ComplexType>
      <EntityType Name="entity" Abstract="true">
        <Key><PropertyRef Name="id" /></Key>
        <Property Name="id" Type="Edm.String" Nullable="false" />
      </EntityType>
      <EntityType Name="shape" BaseType="t.entity" OpenType="true" HasStream="true">
        <Annotation Term="Core.Description" String="A shape." />
        <Property Name="color" Type="t.color" />
        <Property Name="origin" Type="test.ns.point" />
        <Property Name="when" Type="Edm.DateTimeOffset" />
        <Property Name="stamp" Type="Edm.String" />
        <Property Name="owner" Type="Edm.String" />
        <NavigationProperty Name="parts" Type="Collection(t.shape)" ContainsTarget="true" />
        <NavigationProperty Name="parent" Type="t.shape" />
      </EntityType>
"""

OPERATIONS = """
      <Action Name="paint" IsBound="true">
        <Parameter Name="bindingParameter" Type="t.shape" />
        <Parameter Name="color" Type="t.color" Nullable="false" />
        <Parameter Name="note" Type="Edm.String" />
      </Action>
      <Action Name="paint" IsBound="true">
        <Parameter Name="bindingParameter" Type="Collection(t.shape)" />
      </Action>
      <Function Name="find" IsBound="true">
        <Parameter Name="bindingParameter" Type="Collection(t.shape)" />
        <Parameter Name="name" Type="Edm.String" />
        <ReturnType Type="Collection(t.shape)" />
      </Function>
      <Function Name="find" IsBound="true">
        <Parameter Name="bindingParameter" Type="Collection(t.shape)" />
        <Parameter Name="color" Type="t.color" />
        <ReturnType Type="t.shape" />
      </Function>
      <Function Name="count">
        <ReturnType Type="Edm.Int64" Nullable="false" />
      </Function>
      <Action Name="reset" />
"""

CONTAINER = """
      <EntityContainer Name="Service">
        <EntitySet Name="shapes" EntityType="t.shape">
          <NavigationPropertyBinding Path="parent" Target="shapes" />
        </EntitySet>
        <Singleton Name="main" Type="test.ns.shape" />
        <FunctionImport Name="count" Function="t.count" />
      </EntityContainer>
      <Annotations Target="t.shape/stamp">
        <Annotation Term="Org.OData.Core.V1.Computed" Bool="true" />
      </Annotations>
      <Annotations Target="test.ns.shape/owner">
        <Annotation Term="Core.Permissions">
          <EnumMember>Org.OData.Core.V1.Permission/Read</EnumMember>
        </Annotation>
        <Annotation Term="Core.LongDescription" String="Who owns it." />
        <Annotation Term="Some.Unknown.Term" String="ignored" />
      </Annotations>
      <Annotations Target="t.count">
        <Annotation Term="Core.Description" String="Counts shapes." />
      </Annotations>
"""


def _write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "schema.xml"
    path.write_text(HEAD + body + TAIL, encoding="utf-8")
    return path


def _read(tmp_path: Path, body: str = TYPES + OPERATIONS + CONTAINER) -> Package:
    return read_csdl(_write(tmp_path, body), package="demo")


def _error(tmp_path: Path, body: str) -> SchemaError:
    path = _write(tmp_path, body)
    with pytest.raises(SchemaError) as caught:
        read_csdl(path, package="demo")
    return caught.value


def _line(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_entity_type_fields_and_bindings(tmp_path: Path) -> None:
    package = _read(tmp_path)
    shape = package.index.models["test.ns.shape"]
    assert shape.name == "shape"
    assert shape.base == "test.ns.entity"
    assert shape.odata is not None and shape.odata.entity and shape.odata.open_type and not shape.abstract
    assert shape.doc == "A shape."
    assert shape.odata is not None
    assert shape.odata.odata_type == "#test.ns.shape"
    assert shape.odata.keys == () and shape.odata.has_stream
    entity = package.index.models["test.ns.entity"]
    assert entity.abstract and entity.odata is not None and entity.odata.keys == ("id",)
    fields = {field.name: field for field in shape.fields}
    assert [field.name for field in shape.fields] == [
        "color",
        "origin",
        "when",
        "stamp",
        "owner",
        "parts",
        "parent",
    ]
    assert fields["color"].type.kind is TypeKind.ENUM and fields["color"].type.name == "test.ns.color"
    assert fields["origin"].type.kind is TypeKind.MODEL and fields["origin"].type.wire == "test.ns.point"
    assert (
        fields["when"].type.primitive is Primitive.DATETIME
        and fields["when"].type.wire == "Edm.DateTimeOffset"
    )
    assert fields["stamp"].read_only and fields["owner"].read_only and not fields["when"].read_only
    assert fields["owner"].doc == "Who owns it."
    parts, parent = fields["parts"], fields["parent"]
    assert parts.odata == ODataProperty(navigation=True, contains_target=True) and parts.collection
    assert parent.odata == ODataProperty(navigation=True) and parent.nullable and not parent.required


def test_nullability_collections_and_facets(tmp_path: Path) -> None:
    point = {field.name: field for field in _read(tmp_path).index.models["test.ns.point"].fields}
    assert point["x"].required and not point["x"].nullable
    assert point["x"].type.primitive is Primitive.FLOAT
    assert point["tags"].collection and not point["tags"].required and point["tags"].nullable
    # On a collection, Nullable="false" is about its items: the collection itself may still be absent.
    assert point["sizes"].collection and not point["sizes"].required and point["sizes"].nullable
    # ... and true when absent: `tags` may hold nulls, `sizes` may not.
    assert point["tags"].null_items and not point["sizes"].null_items
    assert not point["x"].null_items and not point["label"].null_items
    # A collection of entities holds none: a navigation property, a function's entity collection.
    shape = {field.name: field for field in _read(tmp_path).index.models["test.ns.shape"].fields}
    assert shape["parts"].collection and not shape["parts"].null_items
    assert point["label"].facets.max_length == 20 and point["label"].default == "none"
    assert not point["label"].required and point["label"].nullable


def test_enums_are_open_integers(tmp_path: Path) -> None:
    color = _read(tmp_path).index.enums["test.ns.color"]
    assert color.open and not color.flags and color.underlying is Primitive.INT
    assert [(member.name, member.value) for member in color.members] == [("red", "0"), ("blue", "4")]


def test_operations_names_and_messages(tmp_path: Path) -> None:
    package = _read(tmp_path)
    operations = {operation.qname: operation for operation in package.services[0].operations}
    assert sorted(operations) == [
        "test.ns.count",
        "test.ns.find(Collection(test.ns.shape),Edm.String)",
        "test.ns.find(Collection(test.ns.shape),test.ns.color)",
        "test.ns.paint(Collection(test.ns.shape))",
        "test.ns.paint(test.ns.shape)",
        "test.ns.reset",
    ]
    paint = operations["test.ns.paint(test.ns.shape)"]
    assert paint.name == "paint" and paint.output is None
    assert paint.odata is not None and paint.odata.kind == "action"
    assert paint.odata.bound_to == "test.ns.shape" and not paint.odata.bound_collection
    assert paint.input == "test.ns.paint(test.ns.shape)/Request"
    request = package.index.models[paint.input]
    assert request.name == "paintRequest" and request.role is ModelRole.MESSAGE
    assert [(field.name, field.required, field.odata) for field in request.fields] == [
        ("color", True, ODataProperty()),
        ("note", False, ODataProperty()),
    ]
    assert operations["test.ns.paint(Collection(test.ns.shape))"].input is None
    assert operations["test.ns.paint(Collection(test.ns.shape))"].odata.bound_collection  # type: ignore[union-attr]
    listing = operations["test.ns.find(Collection(test.ns.shape),Edm.String)"]
    assert listing.odata is not None and listing.odata.kind == "function" and listing.odata.returns_collection
    response = package.index.models[f"{listing.qname}/Response"]
    assert listing.output == response.qname and response.name == "findResponse"
    assert response.role is ModelRole.MESSAGE
    (value,) = response.fields
    assert (
        value.name == "value" and value.required and value.collection and value.type.name == "test.ns.shape"
    )
    assert not value.null_items
    single = operations["test.ns.find(Collection(test.ns.shape),test.ns.color)"]
    assert single.output == "test.ns.shape"
    count = operations["test.ns.count"]
    assert count.input is None and count.output == "test.ns.count/Response" and count.doc == "Counts shapes."
    assert count.odata is not None and count.odata.bound_to is None and not count.odata.returns_nullable
    assert package.index.models["test.ns.count/Response"].fields[0].type.primitive is Primitive.INT
    assert operations["test.ns.reset"].input is None and operations["test.ns.reset"].output is None


def test_container(tmp_path: Path) -> None:
    (service,) = _read(tmp_path).services
    assert service.name == "Service" and service.odata is not None
    assert service.odata.name == "Service" and service.odata.namespace == "test.ns"
    assert [(item.name, item.type, item.singleton) for item in service.odata.entity_sets] == [
        ("shapes", "test.ns.shape", False),
        ("main", "test.ns.shape", True),
    ]
    assert [(b.path, b.target) for b in service.odata.entity_sets[0].bindings] == [
        ((PathSegment("parent"),), "shapes")
    ]


def test_malformed_xml(tmp_path: Path) -> None:
    error = _error(tmp_path, "<ComplexType Name='broken'>")
    assert "malformed XML" in error.message
    assert str(error).startswith(f"{tmp_path / 'schema.xml'}:")


def test_an_entity_in_text_is_an_error_at_its_line(tmp_path: Path) -> None:
    """The DTD is never loaded: an entity in text was skipped, losing what it stands for (one in an
    attribute is expanded, from the internal subset only)."""
    path = tmp_path / "schema.xml"
    head = HEAD.replace(
        "<edmx:Edmx", '<!DOCTYPE edmx:Edmx [<!ENTITY who "Contoso"><!ENTITY s "Edm.String">]>\n<edmx:Edmx', 1
    )
    body = (
        '<ComplexType Name="a">\n<Property Name="b" Type="&s;">\n'
        '<Annotation Term="Core.Description"><String>Made by &who;.</String></Annotation>\n'
        "</Property>\n</ComplexType>"
    )
    path.write_text(head + body + TAIL, encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        read_csdl(path, package="demo")
    assert str(caught.value) == (
        f"{path}:{_line(path, '&who;')}: uses the entity &who; of its DTD: sodagen never expands entities,"
        " write the text it stands for instead"
    )
    path.write_text(head + body.replace("&who;", "Contoso") + TAIL, encoding="utf-8")
    fields = read_csdl(path, package="demo").index.models["test.ns.a"].fields
    assert [(field.name, field.type.name, field.doc) for field in fields] == [
        ("b", "string", "Made by Contoso.")
    ]


def test_unknown_type(tmp_path: Path) -> None:
    path = _write(tmp_path, '<ComplexType Name="a">\n<Property Name="b" Type="t.missing" />\n</ComplexType>')
    with pytest.raises(SchemaError) as caught:
        read_csdl(path, package="demo")
    assert caught.value.message == "unknown type 't.missing'"
    assert str(caught.value) == f"{path}:{_line(path, 't.missing')}: unknown type 't.missing'"


def test_unknown_base_type(tmp_path: Path) -> None:
    path = _write(tmp_path, '<EntityType Name="a" BaseType="t.nothing" />')
    with pytest.raises(SchemaError) as caught:
        read_csdl(path, package="demo")
    assert str(caught.value) == f"{path}:{_line(path, 't.nothing')}: unknown base type 't.nothing'"


def test_duplicate_names(tmp_path: Path) -> None:
    path = _write(tmp_path, '<ComplexType Name="a" />\n<EnumType Name="a" />')
    with pytest.raises(SchemaError) as caught:
        read_csdl(path, package="demo")
    assert str(caught.value) == f"{path}:{_line(path, 'EnumType')}: duplicate qualified name 'test.ns.a'"


@pytest.mark.parametrize(
    ("body", "second", "message"),
    [
        (
            '<ComplexType Name="a">\n<Property Name="x" Type="Edm.String" />\n'
            '<Property Name="x" Type="Edm.Int32" Nullable="false" />\n</ComplexType>',
            "Edm.Int32",
            "'x' is declared twice as a property of 'a'",
        ),
        (
            '<Action Name="act">\n<Parameter Name="id" Type="Edm.String" />\n'
            '<Parameter Name="id" Type="Edm.Int32" />\n</Action>',
            "Edm.Int32",
            "'id' is declared twice as a parameter of 'act'",
        ),
        (
            '<EnumType Name="e">\n<Member Name="none" />\n<Member Name="none" Value="1" />\n</EnumType>',
            'Value="1"',
            "'none' is declared twice as a member of 'e'",
        ),
    ],
    ids=["property", "parameter", "enum-member"],
)
def test_a_name_declared_twice_in_one_type_or_operation(
    tmp_path: Path, body: str, second: str, message: str
) -> None:
    """Read, the second of two parameters was taken from the first's JSON key: a codec that refused every
    valid request."""
    path = _write(tmp_path, body)
    with pytest.raises(SchemaError) as caught:
        read_csdl(path, package="demo")
    assert str(caught.value) == f"{path}:{_line(path, second)}: {message}"


def test_a_misspelled_edm_type_is_warned_of(tmp_path: Path) -> None:
    body = (
        '<ComplexType Name="a">\n<Property Name="x" Type="Edm.Strnig" />\n'
        '<Property Name="y" Type="Edm.GeographyPoint" />\n<Property Name="z" Type="Edm.Untyped" />\n'
        "</ComplexType>"
    )
    path = _write(tmp_path, body)
    with pytest.warns(SchemaWarning) as caught:
        package = read_csdl(path, package="demo")
    assert [str(item.message) for item in caught] == [
        f"{path}:{_line(path, 'Strnig')}: 'Edm.Strnig' is no EDM type: its values are kept as parsed"
    ]
    assert package.index.models["test.ns.a"].fields[0].type.primitive is Primitive.ANY


def test_duplicate_overloads(tmp_path: Path) -> None:
    body = (
        '<Function Name="f"><Parameter Name="p" Type="Edm.String" />'
        '<ReturnType Type="Edm.String" /></Function>'
    )
    error = _error(tmp_path, TYPES + body + "\n" + body)
    assert error.message == "duplicate operation 'test.ns.f(Edm.String)'"


@pytest.mark.skipif(not GRAPH.is_file(), reason=f"the Microsoft Graph metadata is not present at {GRAPH}")
def test_graph_metadata_reads() -> None:
    package = read_csdl(GRAPH, package="graph")
    presence = package.index.models["microsoft.graph.presence"]
    assert presence.base == "microsoft.graph.entity"
    assert {field.name: field.read_only for field in presence.fields}["sequenceNumber"]
    (service,) = package.services
    assert service.name == "GraphService" and service.odata is not None
    assert "microsoft.graph.setPresence(microsoft.graph.presence)" in {op.qname for op in service.operations}
