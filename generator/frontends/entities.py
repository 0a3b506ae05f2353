"""Both XML front ends parse with the DTD never loaded and entities never expanded (a schema is read
without fetching anything, and no entity can blow up in size). An entity in an attribute that the internal
subset declares is still expanded by libxml2; one in text is left as a node the readers would skip, losing
its text: such a document is refused, at the entity's line, as .NET's readers refuse a DTD."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from generator.errors import SchemaError
from generator.ir import Location


def refuse_entities(tree: etree._ElementTree, path: Path, shown: str) -> None:
    """A `SchemaError` at the first entity the text of `tree` (parsed from `path`) uses."""
    if not str(tree.docinfo.doctype):  # type: ignore[attr-defined]
        return
    for entity in tree.getroot().iter(etree.Entity):
        line = entity.sourceline if isinstance(entity.sourceline, int) else _doctype_line(path)
        raise SchemaError(
            Location(shown, line),
            f"uses the entity {entity.text} of its DTD: sodagen never expands entities, "
            "write the text it stands for instead",
        )


def _doctype_line(path: Path) -> int:
    """lxml keeps no line for the DOCTYPE: find it in the bytes (1 when the encoding hides it)."""
    data = path.read_bytes()
    index = data.find(b"<!DOCTYPE")
    return data.count(b"\n", 0, index) + 1 if index >= 0 else 1
