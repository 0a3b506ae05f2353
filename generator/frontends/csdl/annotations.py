"""The annotation terms the generator understands: descriptions (doc text) and read-only markers; and CSDL
1.0-3.0's `<Documentation>` (`Summary`, `LongDescription`). Every other term is ignored."""

from __future__ import annotations

from dataclasses import dataclass

from generator.frontends.csdl.index import CsdlIndex
from generator.frontends.csdl.xml import Element, child, children

CORE = "Org.OData.Core.V1"
DESCRIPTION = f"{CORE}.Description"
LONG_DESCRIPTION = f"{CORE}.LongDescription"
COMPUTED = f"{CORE}.Computed"
PERMISSIONS = f"{CORE}.Permissions"


@dataclass(frozen=True, slots=True)
class Notes:
    doc: str = ""
    read_only: bool = False


def read_notes(index: CsdlIndex, element: Element | None, *targets: str) -> Notes:
    """Notes of `element` (inline) and of `targets` (out-of-line annotations); unknown terms ignored."""
    annotations = list(children(element, "Annotation")) if element is not None else []
    annotations.extend(index.annotations_for(*targets))
    description = long_description = ""
    read_only = False
    for annotation in annotations:
        if annotation.get("Qualifier"):
            continue
        term = index.qualify(annotation.get("Term") or "", annotation)
        if term == DESCRIPTION and not description:
            description = _string(annotation)
        elif term == LONG_DESCRIPTION and not long_description:
            long_description = _string(annotation)
        elif term == COMPUTED:
            read_only = read_only or _bool(annotation)
        elif term == PERMISSIONS:
            read_only = read_only or _permissions(index, annotation) == {"Read"}
    documentation = child(element, "Documentation") if element is not None else None
    if documentation is not None:
        description = description or _text(child(documentation, "Summary"))
        long_description = long_description or _text(child(documentation, "LongDescription"))
    doc = "\n\n".join(text for text in (description, long_description) if text)
    return Notes(doc=doc, read_only=read_only)


def _text(element: Element | None) -> str:
    return (element.text or "").strip() if element is not None else ""


def _string(annotation: Element) -> str:
    value = annotation.get("String")
    if value is None:
        node = child(annotation, "String")
        value = node.text if node is not None else None
    return (value or "").strip()


def _bool(annotation: Element) -> bool:
    value = annotation.get("Bool")
    if value is None:
        node = child(annotation, "Bool")
        value = node.text if node is not None and node.text else "true"
    return value.strip().lower() == "true"


def _permissions(index: CsdlIndex, annotation: Element) -> set[str]:
    value = annotation.get("EnumMember")
    if value is None:
        node = child(annotation, "EnumMember")
        value = node.text if node is not None and node.text else ""
    members = value.split()
    return {index.qualify(member, annotation).rpartition("/")[2] for member in members}
