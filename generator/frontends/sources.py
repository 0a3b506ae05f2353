"""What a spec names, as files: a file, several files, a folder (searched recursively) or a glob, as xsdata
takes them. Each file is sniffed by its root element (or `.dtd` suffix), so a folder may also hold instance
documents or notes: only schema documents are read from folders and globs. A file named on its own must be
one; a folder or glob with none is an error that says so."""

from __future__ import annotations

import glob
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from lxml import etree

from generator.errors import SchemaError, shown_path
from generator.frontends.csdl.xml import EDM_NAMESPACES, EDMX_NAMESPACES
from generator.ir import Location

SEARCHED_SUFFIXES = (".wsdl", ".xsd", ".dtd", ".xml", ".csdl", ".edmx")
"""The suffixes a folder is searched for; other files in it are never opened."""

_XSD_ROOTS = {
    "{http://schemas.xmlsoap.org/wsdl/}definitions": "wsdl",
    "{http://www.w3.org/2001/XMLSchema}schema": "xsd",
}
_GLOB_CHARACTERS = frozenset("*?[")


class SourceKind(Enum):
    XSD = "XSD"
    WSDL = "WSDL"
    DTD = "DTD"
    CSDL = "CSDL"

    @property
    def family(self) -> str:
        """Files of one family make one package: XML Schema (XSD, WSDL, DTD) or OData (CSDL)."""
        return "OData" if self is SourceKind.CSDL else "XML Schema"


@dataclass(frozen=True, slots=True)
class SourceFile:
    path: Path
    """As errors show it: relative to the working folder when below it."""
    kind: SourceKind


def spec_files(entries: Sequence[Path], skipped: Sequence[Path] = ()) -> tuple[SourceFile, ...]:
    """The schema documents `entries` name, in a stable order, each once; one family only. Folders and
    globs leave out what lies in the `skipped` folders."""
    found: dict[Path, SourceFile] = {}
    left_out = tuple(folder.resolve() for folder in skipped)
    for entry in entries:
        for source in _entry_files(entry, left_out):
            found.setdefault(source.path.resolve(), source)
    files = tuple(found.values())
    families = {source.kind.family for source in files}
    if len(families) > 1:
        first = next(source for source in files if source.kind.family != files[0].kind.family)
        raise SchemaError(
            Location(str(first.path), 1),
            f"is {first.kind.value} but {files[0].path} is {files[0].kind.value}: "
            "one package comes from XML Schema (WSDL, XSD, DTD) or from OData CSDL, not both",
        )
    return files


def _entry_files(entry: Path, skipped: tuple[Path, ...]) -> list[SourceFile]:
    text = str(entry)
    if _GLOB_CHARACTERS & set(text) and not entry.exists():  # `a[1].xsd` may be a file's own name
        matches = sorted(Path(match) for match in glob.glob(text, recursive=True))
        return _searched(entry, _outside(_expand(matches), skipped), "glob matches")
    if entry.is_dir():
        return _searched(entry, _outside(_expand([entry]), skipped), "folder has")
    shown = shown_path(entry)
    if not entry.exists():
        raise SchemaError(Location(str(shown), 0), "no such file or folder")
    if entry.suffix.lower() == ".dtd":
        return [SourceFile(shown, SourceKind.DTD)]
    tag = _root_tag(entry)
    kind = kind_of_root(tag)
    if kind is None:
        raise SchemaError(
            Location(str(shown), 1), f"not a WSDL, XSD, DTD or CSDL document (root element {tag})"
        )
    return [SourceFile(shown, kind)]


def _expand(paths: Iterable[Path]) -> list[Path]:
    """Files as they are; folders by every file below them with a searched suffix, sorted."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            below = (item for item in path.rglob("*") if item.suffix.lower() in SEARCHED_SUFFIXES)
            files.extend(sorted((item for item in below if item.is_file()), key=lambda item: item.as_posix()))
        elif path.is_file():
            files.append(path)
    return files


def _outside(paths: list[Path], folders: tuple[Path, ...]) -> list[Path]:
    if not folders:
        return paths
    return [path for path in paths if not any(path.resolve().is_relative_to(folder) for folder in folders)]


def _searched(entry: Path, paths: list[Path], what: str) -> list[SourceFile]:
    sources = [
        SourceFile(shown_path(path), kind) for path in paths if (kind := source_kind(path)) is not None
    ]
    if not sources:
        raise SchemaError(
            Location(str(shown_path(entry)), 0),
            f"{what} no WSDL, XSD, DTD or CSDL document "
            f"(searched for {', '.join(SEARCHED_SUFFIXES)} files; instance documents are skipped)",
        )
    return sources


def source_kind(path: Path) -> SourceKind | None:
    """What schema document `path` is, from its root element; None when it is none (or unreadable XML)."""
    if path.suffix.lower() == ".dtd":
        return SourceKind.DTD
    try:
        tag = _root_tag(path)
    except SchemaError:
        return None
    return kind_of_root(tag)


def kind_of_root(tag: str) -> SourceKind | None:
    """The schema kind a document with root element `tag` (a Clark name) is; None when none."""
    if tag in _XSD_ROOTS:
        return SourceKind.WSDL if _XSD_ROOTS[tag] == "wsdl" else SourceKind.XSD
    namespace, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    if local == "Edmx" and namespace in EDMX_NAMESPACES:
        return SourceKind.CSDL
    if local == "Schema" and namespace in EDM_NAMESPACES:
        return SourceKind.CSDL
    return None


def _root_tag(path: Path) -> str:
    """The root element's name, read without parsing the whole document."""
    try:
        for _event, element in etree.iterparse(
            str(path), events=("start",), resolve_entities=False, no_network=True, load_dtd=False
        ):
            return str(element.tag)
    except OSError:
        raise SchemaError(Location(str(shown_path(path)), 0), "cannot read the file") from None
    except etree.XMLSyntaxError as exc:
        raise SchemaError(
            Location(str(shown_path(path)), exc.lineno or 0), f"malformed XML: {exc.msg}"
        ) from None
    raise SchemaError(Location(str(shown_path(path)), 1), "empty document")
