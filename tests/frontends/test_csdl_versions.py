"""CSDL as it comes (issue 12 item 6), on small documents written here: CSDL 1.0-3.0 (the EDM namespaces of
2006-2009, associations, function imports), a bare `<Schema>` root, several documents into one package,
`edmx:Reference`s (local, remote, standard), an empty `DataServices`, duplicate terms, bad defaults."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from generator.config import PackageConfig
from generator.errors import SchemaError
from generator.frontends.csdl import EDM_NAMESPACES, EDMX_NAMESPACES, CsdlWarning, read_csdl
from generator.ir import (
    Field,
    NavigationBinding,
    OperationKind,
    Package,
    PathSegment,
    Primitive,
    TypeKind,
)
from generator.passes import run_passes
from generator.pipeline import render_package
from generator.render.environment import make_environment

V4_EDM = "http://docs.oasis-open.org/odata/ns/edm"
V4_EDMX = "http://docs.oasis-open.org/odata/ns/edmx"
LEGACY = [
    # (EDM namespace, the edmx namespace of its time)
    ("http://schemas.microsoft.com/ado/2006/04/edm", "http://schemas.microsoft.com/ado/2007/06/edmx"),
    ("http://schemas.microsoft.com/ado/2007/05/edm", "http://schemas.microsoft.com/ado/2007/06/edmx"),
    ("http://schemas.microsoft.com/ado/2008/01/edm", "http://schemas.microsoft.com/ado/2007/06/edmx"),
    ("http://schemas.microsoft.com/ado/2008/09/edm", "http://schemas.microsoft.com/ado/2007/06/edmx"),
    ("http://schemas.microsoft.com/ado/2009/11/edm", "http://schemas.microsoft.com/ado/2009/11/edmx"),
]
METADATA = "http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"

# A shop in CSDL 1.0-3.0 style: unqualified primitives, an alias, associations (one-to-many both ways, a
# self-association, many-to-many), association sets, function imports by HTTP method, documentation.
SHOP = """
  <EntityContainer Name="ShopContext" m:IsDefaultEntityContainer="true">
    <EntitySet Name="Customers" EntityType="Self.Customer" />
    <EntitySet Name="Orders" EntityType="Shop.Order" />
    <EntitySet Name="Employees" EntityType="Self.Employee" />
    <EntitySet Name="Tags" EntityType="Self.Tag" />
    <AssociationSet Name="Customer_Orders" Association="Self.Customer_Orders">
      <End Role="Customer" EntitySet="Customers" />
      <End Role="Orders" EntitySet="Orders" />
    </AssociationSet>
    <AssociationSet Name="Employee_Manager" Association="Self.Employee_Manager">
      <End Role="Manager" EntitySet="Employees" />
      <End Role="Reports" EntitySet="Employees" />
    </AssociationSet>
    <AssociationSet Name="Order_Tags" Association="Self.Order_Tags">
      <End EntitySet="Orders" />
      <End EntitySet="Tags" />
    </AssociationSet>
    <FunctionImport Name="TopCustomers" ReturnType="Collection(Self.Customer)" EntitySet="Customers"
                    m:HttpMethod="GET">
      <Parameter Name="count" Type="Int32" Mode="In" />
    </FunctionImport>
    <FunctionImport Name="Ping" ReturnType="Edm.String" m:HttpMethod="POST" />
    <FunctionImport Name="Reindex" />
    <FunctionImport Name="Total" ReturnType="Decimal" IsSideEffecting="false">
      <Parameter Name="since" Type="DateTime" />
      <Parameter Name="rows" Type="Int32" Mode="Out" />
    </FunctionImport>
  </EntityContainer>
  <EntityType Name="Customer">
    <Documentation><Summary>Who buys.</Summary><LongDescription>A person or a company.</LongDescription>
    </Documentation>
    <Key><PropertyRef Name="Id" /></Key>
    <Property Name="Id" Type="Int32" Nullable="false" />
    <Property Name="Name" Type="String" Nullable="false" MaxLength="40" FixedLength="false" Unicode="true" />
    <Property Name="Since" Type="DateTime" />
    <Property Name="Wait" Type="Time" />
    <Property Name="Nicknames" Type="String" CollectionKind="Bag" />
    <NavigationProperty Name="Orders" Relationship="Self.Customer_Orders"
                        FromRole="Customer" ToRole="Orders" />
  </EntityType>
  <EntityType Name="Order">
    <Key><PropertyRef Name="Id" /></Key>
    <Property Name="Id" Type="Guid" Nullable="false" />
    <Property Name="Total" Type="Decimal" Precision="10" Scale="2" />
    <NavigationProperty Name="Customer" Relationship="Self.Customer_Orders"
                        FromRole="Orders" ToRole="Customer" />
    <NavigationProperty Name="Tags" Relationship="Self.Order_Tags" FromRole="Order" ToRole="Tag" />
  </EntityType>
  <EntityType Name="Employee">
    <Key><PropertyRef Name="Id" /></Key>
    <Property Name="Id" Type="Int32" Nullable="false" />
    <NavigationProperty Name="Manager" Relationship="Self.Employee_Manager"
                        FromRole="Reports" ToRole="Manager" />
    <NavigationProperty Name="Reports" Relationship="Self.Employee_Manager"
                        FromRole="Manager" ToRole="Reports" />
  </EntityType>
  <EntityType Name="Tag">
    <Key><PropertyRef Name="Name" /></Key>
    <Property Name="Name" Type="String" Nullable="false" />
    <NavigationProperty Name="Orders" Relationship="Self.Order_Tags" FromRole="Tag" ToRole="Order" />
  </EntityType>
  <Association Name="Customer_Orders">
    <End Role="Customer" Type="Self.Customer" Multiplicity="1" />
    <End Role="Orders" Type="Shop.Order" Multiplicity="*" />
  </Association>
  <Association Name="Employee_Manager">
    <End Role="Manager" Type="Self.Employee" Multiplicity="0..1" />
    <End Role="Reports" Type="Self.Employee" Multiplicity="*" />
  </Association>
  <Association Name="Order_Tags">
    <End Role="Order" Type="Self.Order" Multiplicity="*" />
    <End Role="Tag" Type="Self.Tag" Multiplicity="*" />
  </Association>
"""


def schema(body: str, *, edm: str = V4_EDM, namespace: str = "Shop", alias: str = "Self") -> str:
    return (
        f'<Schema Namespace="{namespace}" Alias="{alias}" xmlns="{edm}" xmlns:m="{METADATA}">\n{body}\n'
        "</Schema>"
    )


def edmx(*schemas: str, edmx_ns: str = V4_EDMX, references: str = "") -> str:
    version = "4.0" if edmx_ns == V4_EDMX else "1.0"
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<edmx:Edmx Version="{version}" xmlns:edmx="{edmx_ns}">\n'
        f"{references}<edmx:DataServices>\n" + "\n".join(schemas) + "\n</edmx:DataServices>\n</edmx:Edmx>\n"
    )


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def fields(package: Package, qname: str) -> dict[str, Field]:
    return {item.name: item for item in package.index.models[qname].fields}


def bindings(package: Package, entity_set: str) -> set[tuple[tuple[str, ...], str]]:
    (service,) = package.services
    assert service.odata is not None
    (found,) = [item for item in service.odata.entity_sets if item.name == entity_set]
    return {(tuple(segment.name for segment in binding.path), binding.target) for binding in found.bindings}


def test_the_namespaces_are_exported() -> None:
    assert V4_EDM in EDM_NAMESPACES and V4_EDMX in EDMX_NAMESPACES
    assert {edm for edm, _ in LEGACY} <= set(EDM_NAMESPACES)
    assert {edmx_ns for _, edmx_ns in LEGACY} <= set(EDMX_NAMESPACES)


@pytest.mark.parametrize("root", ["edmx", "schema"])
@pytest.mark.parametrize(("edm", "edmx_ns"), LEGACY, ids=[edm.split("ado/")[1] for edm, _ in LEGACY])
def test_csdl_1_to_3_map_onto_the_ir_of_csdl_4(tmp_path: Path, edm: str, edmx_ns: str, root: str) -> None:
    body = schema(SHOP, edm=edm)
    text = edmx(body, edmx_ns=edmx_ns) if root == "edmx" else '<?xml version="1.0"?>\n' + body
    package = read_csdl(write(tmp_path, "shop.csdl", text), package="shop")
    customer = fields(package, "Shop.Customer")
    assert customer["Id"].type.wire == "Edm.Int32" and customer["Id"].required
    assert customer["Name"].type.primitive is Primitive.STRING and customer["Name"].facets.max_length == 40
    assert customer["Since"].type.wire == "Edm.DateTimeOffset"  # Edm.DateTime, as CSDL 4 has it
    assert customer["Wait"].type.primitive is Primitive.DURATION  # Edm.Time: a span of time
    assert customer["Nicknames"].collection and customer["Nicknames"].type.wire == "Edm.String"
    assert package.index.models["Shop.Customer"].doc == "Who buys.\n\nA person or a company."
    assert package.index.models["Shop.Customer"].odata.keys == ("Id",)  # type: ignore[union-attr]
    (service,) = package.services
    assert service.name == "ShopContext" and service.odata is not None
    assert [item.name for item in service.odata.entity_sets] == ["Customers", "Orders", "Employees", "Tags"]


def test_associations_give_navigation_properties_both_ways(tmp_path: Path) -> None:
    package = read_csdl(write(tmp_path, "shop.csdl", edmx(schema(SHOP))), package="shop")
    orders = fields(package, "Shop.Customer")["Orders"]  # to the * end: a collection
    assert orders.odata is not None and orders.odata.navigation and not orders.odata.contains_target
    assert orders.collection and orders.type.kind is TypeKind.MODEL and orders.type.name == "Shop.Order"
    assert not orders.required
    customer = fields(package, "Shop.Order")["Customer"]  # to the 1 end: never null, absent unless expanded
    assert not customer.collection and customer.type.name == "Shop.Customer"
    assert not customer.nullable and not customer.required
    employee = fields(package, "Shop.Employee")  # a self-association: the roles tell the ends apart
    assert not employee["Manager"].collection and employee["Manager"].nullable  # 0..1
    assert employee["Reports"].collection and employee["Reports"].type.name == "Shop.Employee"
    tags, tagged = fields(package, "Shop.Order")["Tags"], fields(package, "Shop.Tag")["Orders"]
    assert tags.collection and tags.type.name == "Shop.Tag"  # many-to-many
    assert tagged.collection and tagged.type.name == "Shop.Order"


def test_association_sets_give_navigation_bindings(tmp_path: Path) -> None:
    package = read_csdl(write(tmp_path, "shop.csdl", edmx(schema(SHOP))), package="shop")
    assert bindings(package, "Customers") == {(("Orders",), "Orders")}
    assert bindings(package, "Orders") == {(("Customer",), "Customers"), (("Tags",), "Tags")}
    assert bindings(package, "Employees") == {(("Manager",), "Employees"), (("Reports",), "Employees")}
    assert bindings(package, "Tags") == {(("Orders",), "Orders")}


def test_navigation_on_a_derived_type_binds_through_a_type_cast(tmp_path: Path) -> None:
    body = """
      <EntityContainer Name="C">
        <EntitySet Name="People" EntityType="Self.Person" />
        <EntitySet Name="Cars" EntityType="Self.Car" />
        <AssociationSet Name="Drives" Association="Self.Drives">
          <End Role="Driver" EntitySet="People" /><End Role="Car" EntitySet="Cars" />
        </AssociationSet>
      </EntityContainer>
      <EntityType Name="Person"><Key><PropertyRef Name="Id" /></Key>
        <Property Name="Id" Type="Int32" Nullable="false" /></EntityType>
      <EntityType Name="Driver" BaseType="Self.Person">
        <NavigationProperty Name="Car" Relationship="Self.Drives" FromRole="Driver" ToRole="Car" />
      </EntityType>
      <EntityType Name="Car"><Key><PropertyRef Name="Id" /></Key>
        <Property Name="Id" Type="Int32" Nullable="false" /></EntityType>
      <Association Name="Drives">
        <End Role="Driver" Type="Self.Driver" Multiplicity="0..1" />
        <End Role="Car" Type="Self.Car" Multiplicity="0..1" />
      </Association>
    """
    package = read_csdl(write(tmp_path, "cars.csdl", edmx(schema(body))), package="cars")
    (service,) = package.services
    assert service.odata is not None
    people = service.odata.entity_sets[0]
    assert people.bindings == (
        NavigationBinding((PathSegment("Shop.Driver", type_cast=True), PathSegment("Car")), "Cars"),
    )


def test_function_imports_are_functions_for_get_and_actions_otherwise(tmp_path: Path) -> None:
    package = read_csdl(write(tmp_path, "shop.csdl", edmx(schema(SHOP))), package="shop")
    (service,) = package.services
    operations = {operation.qname: operation for operation in service.operations}
    assert sorted(operations) == ["Shop.Ping", "Shop.Reindex", "Shop.TopCustomers", "Shop.Total"]
    top = operations["Shop.TopCustomers"]
    assert top.odata is not None and top.odata.kind is OperationKind.FUNCTION and top.odata.bound_to is None
    assert top.odata.returns_collection and top.odata.returns is not None
    assert top.odata.returns.name == "Shop.Customer"
    assert top.input is not None
    assert [item.name for item in package.index.models[top.input].fields] == ["count"]
    ping = operations["Shop.Ping"]
    assert ping.odata is not None and ping.odata.kind is OperationKind.ACTION
    assert ping.output == "Shop.Ping/Response" and ping.input is None
    reindex = operations["Shop.Reindex"]  # no HTTP method: side-effecting by default, an action
    assert reindex.odata is not None and reindex.odata.kind is OperationKind.ACTION and reindex.output is None
    total = operations["Shop.Total"]  # IsSideEffecting="false": a function; the Out parameter is no input
    assert total.odata is not None and total.odata.kind is OperationKind.FUNCTION
    assert total.input is not None
    assert [(item.name, item.type.wire) for item in package.index.models[total.input].fields] == [
        ("since", "Edm.DateTimeOffset")
    ]


def test_an_http_method_in_any_namespace_is_read(tmp_path: Path) -> None:
    body = """
      <EntityContainer Name="C" xmlns:d="http://docs.oasis-open.org/odata/ns/data">
        <FunctionImport Name="Get" ReturnType="Edm.Int32" d:HttpMethod="GET" />
        <FunctionImport Name="Post" ReturnType="Edm.Int32" HttpMethod="post" />
      </EntityContainer>
    """
    package = read_csdl(write(tmp_path, "ops.xml", edmx(schema(body))), package="ops")
    kinds = {op.name: op.odata.kind for op in package.services[0].operations if op.odata is not None}
    assert kinds == {"Get": OperationKind.FUNCTION, "Post": OperationKind.ACTION}


def test_a_bindable_function_import_is_bound(tmp_path: Path) -> None:
    body = """
      <EntityContainer Name="C">
        <EntitySet Name="Things" EntityType="Self.Thing" />
        <FunctionImport Name="Rate" IsBindable="true" IsSideEffecting="true">
          <Parameter Name="thing" Type="Self.Thing" /><Parameter Name="stars" Type="Edm.Int32" />
        </FunctionImport>
      </EntityContainer>
      <EntityType Name="Thing"><Key><PropertyRef Name="Id" /></Key>
        <Property Name="Id" Type="Edm.Int32" Nullable="false" /></EntityType>
    """
    path = write(tmp_path, "rate.xml", edmx(schema(body, edm=LEGACY[-1][0]), edmx_ns=LEGACY[-1][1]))
    (rate,) = read_csdl(path, package="rate").services[0].operations
    assert rate.qname == "Shop.Rate(Shop.Thing)" and rate.odata is not None
    assert rate.odata.kind is OperationKind.ACTION and rate.odata.bound_to == "Shop.Thing"


def test_a_schema_root_of_csdl_4(tmp_path: Path) -> None:
    body = """
      <EntityType Name="Item"><Key><PropertyRef Name="Id" /></Key>
        <Property Name="Id" Type="Edm.String" Nullable="false" /></EntityType>
      <EntityContainer Name="C"><EntitySet Name="Items" EntityType="Self.Item" /></EntityContainer>
    """
    path = write(tmp_path, "items.xml", '<?xml version="1.0"?>\n' + schema(body))
    package = read_csdl(path, package="items")
    assert set(package.index.models) == {"Shop.Item"} and package.namespace == "Shop"


def test_not_a_csdl_document(tmp_path: Path) -> None:
    path = write(tmp_path, "x.xml", "<?xml version='1.0'?>\n<root xmlns='urn:x' />")
    with pytest.raises(SchemaError, match=r"x\.xml:2: not a CSDL document \(root element \{urn:x\}root\)"):
        read_csdl(path, package="x")


def test_an_empty_data_services_is_an_empty_package(tmp_path: Path) -> None:
    path = write(tmp_path, "empty.xml", edmx())
    package = read_csdl(path, package="empty")
    assert package.models == () and package.enums == () and package.services == ()
    package = run_passes(package, PackageConfig(name="empty", spec=(path,)))
    files = render_package(package, make_environment(None))
    assert "empty/__init__.py" in files
    assert "declares no schema" in files["empty/__init__.py"]


def test_several_documents_are_one_package(tmp_path: Path) -> None:
    # Both documents call their own schema `Self`: an alias holds in its own document.
    address = '<ComplexType Name="Address"><Property Name="City" Type="Edm.String" /></ComplexType>'
    types = write(tmp_path, "types.xml", edmx(schema(address, namespace="Shop.Types")))
    body = """
      <EntityType Name="Customer"><Key><PropertyRef Name="Id" /></Key>
        <Property Name="Id" Type="Edm.Int32" Nullable="false" />
        <Property Name="Home" Type="Shop.Types.Address" />
      </EntityType>
      <EntityContainer Name="C"><EntitySet Name="Customers" EntityType="Self.Customer" /></EntityContainer>
    """
    service = write(tmp_path, "service.xml", edmx(schema(body)))
    package = read_csdl([types, service], package="shop")
    assert set(package.index.models) == {"Shop.Types.Address", "Shop.Customer"}
    assert fields(package, "Shop.Customer")["Home"].type.name == "Shop.Types.Address"
    assert package.namespace == "Shop" and package.services[0].name == "C"
    broken = '<ComplexType Name="A"><Property Name="B" Type="Self.Nothing" /></ComplexType>'
    error = write(tmp_path, "broken.xml", edmx(schema(broken, namespace="X")))
    with pytest.raises(SchemaError, match=r"broken\.xml:\d+: unknown type 'Self\.Nothing'"):
        read_csdl([types, error], package="shop")


def test_several_containers_are_one_default_container(tmp_path: Path) -> None:
    body = """
      <EntityType Name="Item"><Key><PropertyRef Name="Id" /></Key>
        <Property Name="Id" Type="Edm.Int32" Nullable="false" /></EntityType>
      <EntityContainer Name="Other"><EntitySet Name="Extra" EntityType="Self.Item" />
        <EntitySet Name="Items" EntityType="Self.Item" /></EntityContainer>
      <EntityContainer Name="Main" m:IsDefaultEntityContainer="true">
        <EntitySet Name="Items" EntityType="Self.Item" /></EntityContainer>
    """
    path = write(tmp_path, "two.xml", edmx(schema(body, edm=LEGACY[0][0]), edmx_ns=LEGACY[0][1]))
    with pytest.warns(CsdlWarning, match=r"two\.xml:\d+: entity set 'Items' of Shop\.Other left out"):
        package = read_csdl(path, package="two")
    (service,) = package.services
    assert service.name == "Main" and service.odata is not None
    assert [item.name for item in service.odata.entity_sets] == ["Items", "Extra"]


REFERENCED = '<ComplexType Name="Money"><Property Name="Amount" Type="Edm.Decimal" /></ComplexType>'
USES_MONEY = """
  <ComplexType Name="Price"><Property Name="Value" Type="money.Money" /></ComplexType>
"""


def _referencing(uri: str, namespace: str = "Shop.Money") -> str:
    references = (
        f'<edmx:Reference Uri="{uri}">'
        f'<edmx:Include Namespace="{namespace}" Alias="money" /></edmx:Reference>\n'
        '<edmx:Reference Uri="https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.xml">'
        '<edmx:Include Namespace="Org.OData.Core.V1" Alias="Core" /></edmx:Reference>\n'
        '<edmx:Reference Uri="http://docs.oasis-open.org/odata/odata/v4.0/os/vocabularies/Org.OData.Measures.V1.xml">'
        '<edmx:IncludeAnnotations TermNamespace="Org.OData.Measures.V1" /></edmx:Reference>\n'
    )
    return edmx(schema(USES_MONEY), references=references)


def test_a_local_reference_is_read_relative_to_the_referencing_file(tmp_path: Path) -> None:
    write(tmp_path, "common/money.xml", edmx(schema(REFERENCED, namespace="Shop.Money")))
    path = write(tmp_path, "api/shop.xml", _referencing("../common/money.xml"))
    package = read_csdl(path, package="shop")
    assert set(package.index.models) == {"Shop.Price", "Shop.Money.Money"}
    assert fields(package, "Shop.Price")["Value"].type.name == "Shop.Money.Money"
    by_uri = write(tmp_path, "api/by_uri.xml", _referencing((tmp_path / "common" / "money.xml").as_uri()))
    assert set(read_csdl(by_uri, package="shop").index.models) == {"Shop.Price", "Shop.Money.Money"}
    # Given twice (as a spec file and as a reference): read once.
    again = read_csdl([tmp_path / "common" / "money.xml", path], package="shop")
    assert set(again.index.models) == {"Shop.Price", "Shop.Money.Money"}


def test_a_missing_local_reference_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "shop.xml", _referencing("money.xml"))
    with pytest.raises(SchemaError, match=r"shop\.xml:3: the referenced document 'money\.xml' is not a file"):
        read_csdl(path, package="shop")


def test_a_remote_reference_is_reported_never_fetched(tmp_path: Path) -> None:
    path = write(tmp_path, "shop.xml", _referencing("https://example.com/money.xml"))
    with pytest.raises(SchemaError) as caught:
        read_csdl(path, package="shop")
    assert str(caught.value).startswith(f"{path}:3: 'https://example.com/money.xml' is not a local file")
    assert "never fetches" in caught.value.message and "Shop.Money" in caught.value.message


def test_a_remote_reference_the_spec_itself_provides_is_no_error(tmp_path: Path) -> None:
    money = write(tmp_path, "money.xml", edmx(schema(REFERENCED, namespace="Shop.Money")))
    path = write(tmp_path, "shop.xml", _referencing("https://example.com/money.xml"))
    package = read_csdl([path, money], package="shop")
    assert fields(package, "Shop.Price")["Value"].type.name == "Shop.Money.Money"


def test_standard_vocabularies_are_skipped_wherever_they_are(tmp_path: Path) -> None:
    references = (
        '<edmx:Reference Uri="Org.OData.Capabilities.V1.xml">'  # local, absent: not needed either
        '<edmx:Include Namespace="Org.OData.Capabilities.V1" Alias="Capabilities" /></edmx:Reference>\n'
    )
    body = '<ComplexType Name="A"><Annotation Term="Capabilities.Whatever" Bool="true" /></ComplexType>'
    path = write(tmp_path, "a.xml", edmx(schema(body), references=references))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert set(read_csdl(path, package="a").index.models) == {"Shop.A"}


def test_duplicate_and_unused_terms_never_stop_generation(tmp_path: Path) -> None:
    vocabulary = """
      <Term Name="Tag" Type="Edm.Boolean" />
      <Term Name="Tag" Type="Edm.Boolean" DefaultValue="true" />
      <Term Name="Fancy" Type="Vendor.Unknown.Type" AppliesTo="Property" />
      <ComplexType Name="Tag"><Property Name="Value" Type="Edm.String" /></ComplexType>
      <ComplexType Name="Thing">
        <Annotation Term="Self.Fancy"><Record><PropertyValue Property="x" String="y" /></Record></Annotation>
        <Annotation Term="Nobody.Knows.This" />
        <Property Name="Name" Type="Edm.String"><Annotation Term="Self.Tag" /></Property>
      </ComplexType>
    """
    other = write(
        tmp_path, "again.xml", '<?xml version="1.0"?>\n' + schema('<Term Name="Tag" Type="Edm.String" />')
    )
    path = write(tmp_path, "vocabulary.xml", edmx(schema(vocabulary)))
    package = read_csdl([path, other], package="vocabulary")
    assert set(package.index.models) == {"Shop.Tag", "Shop.Thing"}


@pytest.mark.parametrize(
    ("type_name", "default", "kept"),
    [
        ("Edm.Int32", "12", "12"),
        ("Edm.Int32", "twelve", None),
        ("Edm.Boolean", "True", "true"),
        ("Edm.Boolean", "yes", None),
        ("Edm.Decimal", "1.50", "1.50"),
        ("Edm.Decimal", "1,50", None),
        ("Edm.DateTimeOffset", "2024-05-01T08:00:00Z", "2024-05-01T08:00:00Z"),
        ("Edm.DateTimeOffset", "yesterday", None),
        ("Edm.Guid", "not-a-guid", None),
        ("Edm.Duration", "PT5M", "PT5M"),
        ("Edm.Duration", "5 minutes", None),
        ("Edm.String", "anything at all", "anything at all"),
    ],
)
def test_an_invalid_default_value_is_a_warning_and_no_default(
    tmp_path: Path, type_name: str, default: str, kept: str | None
) -> None:
    body = f"""<ComplexType Name="A">
      <Property Name="p" Type="{type_name}" DefaultValue="{default}" />
    </ComplexType>"""
    path = write(tmp_path, "a.xml", edmx(schema(body)))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        package = read_csdl(path, package="a")
    assert fields(package, "Shop.A")["p"].default == kept
    messages = [str(item.message) for item in caught if issubclass(item.category, CsdlWarning)]
    if kept is None:
        (message,) = messages
        assert message.startswith(
            f"{path}:6: DefaultValue ignored: default '{default}' is not a valid {type_name}"
        )
    else:
        assert messages == []


def test_a_bad_default_still_generates(tmp_path: Path) -> None:
    body = '<ComplexType Name="A"><Property Name="n" Type="Edm.Int32" DefaultValue="x" Nullable="false" />'
    body += "</ComplexType>"
    path = write(tmp_path, "a.xml", edmx(schema(body)))
    with pytest.warns(CsdlWarning):
        package = read_csdl(path, package="a")
    package = run_passes(package, PackageConfig(name="a", spec=(path,)))
    models = render_package(package, make_environment(None))["a/models.py"]
    assert "n: int\n" in models


def test_a_single_navigation_property_is_never_required(tmp_path: Path) -> None:
    body = """
      <EntityType Name="Node"><Key><PropertyRef Name="Id" /></Key>
        <Property Name="Id" Type="Edm.Int32" Nullable="false" />
        <NavigationProperty Name="Parent" Type="Self.Node" Nullable="false" />
      </EntityType>
    """
    package = read_csdl(write(tmp_path, "n.xml", edmx(schema(body))), package="n")
    parent = fields(package, "Shop.Node")["Parent"]
    assert not parent.required and not parent.nullable


def test_an_entity_framework_edmx_reads_its_conceptual_model_only(tmp_path: Path) -> None:
    text = """<?xml version="1.0" encoding="utf-8"?>
<edmx:Edmx Version="3.0" xmlns:edmx="http://schemas.microsoft.com/ado/2009/11/edmx">
  <edmx:Runtime>
    <edmx:StorageModels>
      <Schema Namespace="Blog.Store" Alias="Self" xmlns="http://schemas.microsoft.com/ado/2009/11/edm/ssdl">
        <EntityType Name="Blogs"><Key><PropertyRef Name="Id" /></Key>
          <Property Name="Id" Type="int" Nullable="false" /></EntityType>
      </Schema>
    </edmx:StorageModels>
    <edmx:ConceptualModels>
      <Schema Namespace="Blog" Alias="Self" xmlns="http://schemas.microsoft.com/ado/2009/11/edm">
        <EntityContainer Name="BlogContext">
          <EntitySet Name="Blogs" EntityType="Self.Blog" />
        </EntityContainer>
        <EntityType Name="Blog"><Key><PropertyRef Name="Id" /></Key>
          <Property Name="Id" Type="Int32" Nullable="false" />
          <Property Name="Kind" Type="Self.Kind" Nullable="false" DefaultValue="Personal" />
        </EntityType>
        <EnumType Name="Kind" UnderlyingType="Int32">
          <Member Name="Personal" /><Member Name="Company" />
        </EnumType>
      </Schema>
    </edmx:ConceptualModels>
    <edmx:Mappings>
      <Mapping Space="C-S" xmlns="http://schemas.microsoft.com/ado/2009/11/mapping/cs" />
    </edmx:Mappings>
  </edmx:Runtime>
</edmx:Edmx>
"""
    package = read_csdl(write(tmp_path, "Blog.edmx", text), package="blog")
    assert set(package.index.models) == {"Blog.Blog"} and set(package.index.enums) == {"Blog.Kind"}
    assert fields(package, "Blog.Blog")["Kind"].default == "Personal"
    assert package.services[0].name == "BlogContext"


def test_annotations_without_a_target_are_a_warning(tmp_path: Path) -> None:
    body = '<ComplexType Name="A" />\n<Annotations><Annotation Term="Core.Description" /></Annotations>'
    path = write(tmp_path, "a.xml", edmx(schema(body)))
    with pytest.warns(CsdlWarning, match=r"a\.xml:\d+: <Annotations> without a Target ignored"):
        assert set(read_csdl(path, package="a").index.models) == {"Shop.A"}


def test_a_relative_reference_may_carry_a_fragment_and_escapes(tmp_path: Path) -> None:
    write(tmp_path, "my types/money.xml", edmx(schema(REFERENCED, namespace="Shop.Money")))
    path = write(tmp_path, "shop.xml", _referencing("my%20types/money.xml#top"))
    assert "Shop.Money.Money" in read_csdl(path, package="shop").index.models


def test_a_remote_reference_giving_only_annotation_terms_is_skipped(tmp_path: Path) -> None:
    """SAP's services reference their vocabularies on the SAP system itself (`.../Vocabularies(...)/$value`):
    their terms annotate, no type comes from them, and nothing needs fetching."""
    references = (
        "<edmx:Reference Uri=\"https://sap.example/sap/opu/odata/IWFND/CATALOGSERVICE;v=2/Vocabularies("
        "TechnicalName='%2FIWBEP%2FVOC_COMMON',Version='0001')/$value\">"
        '<edmx:Include Namespace="com.sap.vocabularies.Common.v1" Alias="Common" /></edmx:Reference>\n'
    )
    body = (
        '<ComplexType Name="A"><Property Name="B" Type="Edm.String">'
        '<Annotation Term="Common.Label" String="Bee" />'
        '<Annotation Term="Common.ValueList"><Record Type="Common.ValueListType">'
        '<PropertyValue Property="CollectionPath" String="Bees" /></Record></Annotation>'
        "</Property></ComplexType>"
    )
    path = write(tmp_path, "a.xml", edmx(schema(body), references=references))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert set(read_csdl(path, package="a").index.models) == {"Shop.A"}
    # A type of it used, by alias or by namespace, still needs the document.
    for used in ("Common.Text", "com.sap.vocabularies.Common.v1.Text", "Collection(Common.Text)"):
        document = edmx(schema(body.replace("Edm.String", used)), references=references)
        path.write_text(document, encoding="utf-8")
        with pytest.raises(SchemaError, match=r"never fetches.*com\.sap\.vocabularies\.Common\.v1"):
            read_csdl(path, package="a")
