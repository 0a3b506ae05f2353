"""The intermediate representation: what every front end produces, every pass rewrites and every target reads.

Plain frozen dataclasses (`refs`, `types`, `package`), protocol details in per-protocol bindings (`xml` for
XSD/WSDL/SOAP, `odata` for CSDL/OData), and one index (`package.index`). Nothing after the front ends knows
which kind of schema a type came from except through those bindings.
"""

from generator.ir.index import PackageIndex
from generator.ir.odata import (
    EntitySet,
    NavigationBinding,
    ODataContainer,
    ODataOperation,
    ODataProperty,
    ODataType,
    OperationKind,
    PathSegment,
)
from generator.ir.package import Import, Module, Operation, Package, Service
from generator.ir.refs import Location, Primitive, TypeKind, TypeRef
from generator.ir.types import (
    EnumMember,
    EnumType,
    Facets,
    Field,
    MessageKind,
    MessageOrigin,
    Model,
    ModelRole,
)
from generator.ir.xml import SoapFaultBinding, SoapOperation, SoapService, XmlField, XmlNode, XmlType

__all__ = [
    "EntitySet",
    "EnumMember",
    "EnumType",
    "Facets",
    "Field",
    "Import",
    "Location",
    "MessageKind",
    "MessageOrigin",
    "Model",
    "ModelRole",
    "Module",
    "NavigationBinding",
    "ODataContainer",
    "ODataOperation",
    "ODataProperty",
    "ODataType",
    "Operation",
    "OperationKind",
    "Package",
    "PackageIndex",
    "PathSegment",
    "Primitive",
    "Service",
    "SoapFaultBinding",
    "SoapOperation",
    "SoapService",
    "TypeKind",
    "TypeRef",
    "XmlField",
    "XmlNode",
    "XmlType",
]
