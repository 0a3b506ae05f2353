"""The files of an XSD/WSDL spec: each parsed once and safely, with the line of every named declaration.

xsdata's parser keeps no line numbers, so errors and IR locations come from this index. Loading also
guards the rest of the front end: a malformed file, an entity reference (entities are never expanded and
DTDs never loaded; a DOCTYPE nothing uses is fine) or a remote import xsdata would fetch over the network
stops here with a `SchemaError` at `path:line`.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree
from xsdata.models.enums import Namespace

from generator.errors import SchemaError
from generator.frontends.entities import refuse_entities
from generator.ir import Location

XS = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"

_DECLARATIONS = {
    f"{{{XS}}}element": "element",
    f"{{{XS}}}attribute": "attribute",
    f"{{{XS}}}complexType": "type",
    f"{{{XS}}}simpleType": "type",
    f"{{{XS}}}group": "group",
    f"{{{XS}}}attributeGroup": "attributeGroup",
}
_SCHEMA_REFERENCES = {f"{{{XS}}}import", f"{{{XS}}}include", f"{{{XS}}}redefine", f"{{{XS}}}override"}
_WSDL_NAMED = {
    f"{{{WSDL}}}message": "message",
    f"{{{WSDL}}}portType": "portType",
    f"{{{WSDL}}}binding": "binding",
}

LineKey = tuple[str, ...]
REMOTE_SCHEMES = ("http", "https", "ftp")
"""URL schemes sodagen never opens (nor lets xsdata open: see `LocalOnly`)."""


@dataclass(frozen=True, slots=True)
class RemoteImport:
    """An `xs:import` of a remote schema, or of a local file that does not exist (`missing`: its path)."""

    location: Location
    uri: str
    namespace: str
    missing: str | None = None


@dataclass(slots=True)
class SchemaFiles:
    """Every file the spec reaches, by URI, with the path errors show and the declarations' lines."""

    mains: tuple[str, ...]
    """The URIs of the files the spec names, in order (the others are reached by imports and includes)."""
    wsdls: tuple[str, ...] = ()
    """Which of `mains` are WSDL definitions."""
    dtds: tuple[str, ...] = ()
    """Which of `mains` are DTDs (read by xsdata's DTD front end, never as XML)."""
    dtd_parts: tuple[str, ...] = ()
    """The files the DTDs bring in by external parameter entities (`<!ENTITY % x SYSTEM "x.mod"> %x;`),
    which xsdata's DTD front end (libxml2) reads: files of the spec too."""
    display: dict[str, str] = field(default_factory=dict)
    lines: dict[LineKey, Location] = field(default_factory=dict)
    declared_in: dict[tuple[str, str, str, str], list[Location]] = field(default_factory=dict)
    """The lines of each global declaration by (uri, namespace, kind, name), in the file's order: `lines`
    keeps only the first when a name is declared more than once."""
    remote_imports: list[RemoteImport] = field(default_factory=list)
    """The `xs:import`s of remote schemas (never fetched), in the order met."""
    roots: dict[str, etree._Element] = field(default_factory=dict)
    """The parsed document of each file, by URI."""

    @property
    def main_uri(self) -> str:
        return self.mains[0]

    def location(self, *key: str) -> Location | None:
        return self.lines.get(key)

    def file_location(self, uri: str | None) -> Location:
        return Location(self.display.get(uri or "", self.display[self.main_uri]), 1)


def load_files(paths: list[Path]) -> SchemaFiles:
    """Parse `paths` and every local file they import or include; each path is shown exactly as given."""
    mains = tuple(dict.fromkeys(path.resolve().as_uri() for path in paths))
    dtds = tuple(uri for uri, path in zip(mains, paths, strict=True) if path.suffix.lower() == ".dtd")
    files = SchemaFiles(mains, dtds=dtds)
    for uri, path in zip(mains, paths, strict=True):
        files.display[uri] = str(path)
    pending = [(uri, str(path)) for uri, path in zip(mains, paths, strict=True) if uri not in dtds]
    pending.reverse()
    seen: set[str] = set()
    wsdls: list[str] = []
    while pending:
        uri, shown = pending.pop()
        if uri in seen:
            continue
        seen.add(uri)
        root = _parse(uri_path(uri), shown)
        if uri in mains and root.tag == f"{{{WSDL}}}definitions":
            wsdls.append(uri)
        files.display.setdefault(uri, shown)
        files.roots[uri] = root
        pending.extend(_index(root, uri, shown, files))
    files.wsdls = tuple(uri for uri in mains if uri in wsdls)
    files.dtd_parts = _dtd_parts(dtds)
    check_remote_imports(files)
    return files


_PARAMETER_ENTITY = re.compile(
    r"""<!ENTITY\s+%\s+[^\s]+\s+(?:SYSTEM|PUBLIC\s+(?:"[^"]*"|'[^']*'))\s+(?:"([^"]*)"|'([^']*)')"""
)


def check_remote_imports(files: SchemaFiles) -> None:
    """A remote import, or one of a missing file, is an error when something uses its namespace and no file
    of the spec declares it (xsdata would fetch it, or warn and read its types as strings); otherwise
    nothing of it is needed."""
    if not files.remote_imports:
        return
    schemas = (schema for root in files.roots.values() for schema in root.iter(f"{{{XS}}}schema"))
    declared = {schema.get("targetNamespace", "") for schema in schemas}
    used = _used_namespaces(files)
    for item in files.remote_imports:
        if item.namespace not in declared and item.namespace in used:
            what = (
                f"'{item.uri}' is not a file ({item.missing})"
                if item.missing is not None
                else f"'{item.uri}' is remote: sodagen never fetches schemas, save it beside the spec"
            )
            raise SchemaError(item.location, f"{what} (its namespace {item.namespace or '(none)'} is used)")


_QNAME_ATTRIBUTES = ("type", "base", "ref", "itemType", "substitutionGroup", "element", "refer")


def _used_namespaces(files: SchemaFiles) -> set[str]:
    """The namespaces of every qualified name a schema or WSDL refers to."""
    used: set[str] = set()
    for root in files.roots.values():
        for element in root.iter(etree.Element):
            names = [element.get(attribute) for attribute in _QNAME_ATTRIBUTES]
            names += (element.get("memberTypes") or "").split()
            for name in names:
                if name:
                    prefix = name.rpartition(":")[0] if ":" in name else None
                    used.add(element.nsmap.get(prefix) or "")
    return used


def _dtd_parts(dtds: tuple[str, ...]) -> tuple[str, ...]:
    """The local files the DTDs at `dtds` reach by external parameter entities, and those they reach."""
    found: list[str] = []
    pending = list(dtds)
    while pending:
        uri = pending.pop()
        path = uri_path(uri)
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue  # what xsdata cannot read, it says
        for match in _PARAMETER_ENTITY.finditer(text):
            target = match.group(1) if match.group(1) is not None else match.group(2)
            if urlsplit(target).scheme in REMOTE_SCHEMES:
                continue
            part = (path.parent / unquote(target)).resolve().as_uri()
            if part not in found and part not in dtds:
                found.append(part)
                pending.append(part)
    return tuple(found)


def _parse(path: Path, shown: str) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        tree = etree.parse(str(path), parser)
    except OSError:
        raise SchemaError(Location(shown, 0), "cannot read the file") from None
    except etree.XMLSyntaxError as exc:
        raise SchemaError(Location(shown, exc.lineno or 0), f"malformed XML: {exc.msg}") from None
    refuse_entities(tree, path, shown)
    return tree.getroot()


def _index(root: etree._Element, uri: str, shown: str, files: SchemaFiles) -> list[tuple[str, str]]:
    """Record the lines of `root`'s declarations; return the (uri, shown path) of the files it references."""
    referenced: list[tuple[str, str]] = []
    for element in root.iter(etree.Element):
        tag = element.tag
        line = element.sourceline if isinstance(element.sourceline, int) else 0
        here = Location(shown, line)
        name = element.get("name") or _ref_name(element)
        _check_occurs(element, here)
        _check_text(element, here)
        if tag in _DECLARATIONS and name:
            _index_declaration(element, _DECLARATIONS[str(tag)], name, here, files, uri)
        elif tag in _WSDL_NAMED and name:
            files.lines.setdefault((_WSDL_NAMED[str(tag)], name), here)
        elif tag in (f"{{{WSDL}}}operation", f"{{{WSDL}}}part") and name:
            parent = element.getparent()
            owner = parent.get("name", "") if parent is not None else ""
            kind = "operation" if tag == f"{{{WSDL}}}operation" else "part"
            files.lines.setdefault((kind, owner, name), here)
        if tag in _SCHEMA_REFERENCES or tag == f"{{{WSDL}}}import":
            target = element.get("schemaLocation") or element.get("location")
            if target and urlsplit(target).scheme in REMOTE_SCHEMES:
                _remote(element, target, here, files)
            elif target:
                local = _resolve(target, uri, shown)
                if uri_path(local[0]).is_file():
                    referenced.append(local)
                elif tag == f"{{{XS}}}import":  # an error only if its namespace is needed
                    namespace = element.get("namespace") or ""
                    files.remote_imports.append(RemoteImport(here, target, namespace, missing=local[1]))
                else:
                    raise SchemaError(here, f"'{target}' is not a file ({local[1]})")
    return referenced


_MIXED = frozenset({f"{{{XS}}}documentation", f"{{{XS}}}appinfo", f"{{{WSDL}}}documentation"})
"""The schema and WSDL elements that may hold text among their elements."""


def _check_text(element: etree._Element, here: Location) -> None:
    """No text after an element where XSD and WSDL take only elements: xsdata's parser fails on it with an
    `AttributeError` (text before the first one it ignores, and so does sodagen)."""
    tag = element.tag
    if not isinstance(tag, str) or not tag.startswith((f"{{{XS}}}", f"{{{WSDL}}}")) or tag in _MIXED:
        return
    for child in element:
        text = child.tail
        if text and text.strip() and not any(ancestor.tag in _MIXED for ancestor in element.iterancestors()):
            shown = text.strip() if len(text.strip()) <= 30 else f"{text.strip()[:30]}..."
            line = child.sourceline if isinstance(child.sourceline, int) else here.line
            what = f"text '{shown}' in {etree.QName(tag).localname}, which takes only elements"
            raise SchemaError(Location(here.path, line), what)


def _check_occurs(element: etree._Element, here: Location) -> None:
    """`minOccurs` and `maxOccurs` are counts (xsdata fails on another value, with no line)."""
    for attribute in ("minOccurs", "maxOccurs"):
        value = element.get(attribute)
        if value is None or value.strip().isdigit():
            continue
        if attribute == "maxOccurs" and value.strip() == "unbounded":
            continue
        expected = "a count or 'unbounded'" if attribute == "maxOccurs" else "a count"
        raise SchemaError(here, f'{attribute}="{value}" is not {expected}')


def _index_declaration(
    element: etree._Element, kind: str, name: str, here: Location, files: SchemaFiles, uri: str
) -> None:
    """Global declarations by (namespace, kind, name); local ones by the names of the declarations
    they sit in, outermost first: (namespace, kind of the global one, its name, ..., name)."""
    owners = _owners(element)
    namespace = _target_namespace(element)
    if not owners:
        files.lines.setdefault((namespace, kind, name), here)
        files.declared_in.setdefault((uri, namespace, kind, name), []).append(here)
        return
    owner_kind = _DECLARATIONS[str(owners[0].tag)]
    names = (_declared_name(owner) for owner in owners)
    files.lines.setdefault((namespace, owner_kind, *names, name), here)


def _owners(element: etree._Element) -> list[etree._Element]:
    """The named declarations `element` sits in, outermost first; none when it is top-level itself."""
    owners: list[etree._Element] = []
    parent = element.getparent()
    while parent is not None and parent.tag != f"{{{XS}}}schema":
        if parent.tag in _DECLARATIONS and _declared_name(parent):
            owners.insert(0, parent)
        parent = parent.getparent()
    return owners if parent is not None else []


def _declared_name(element: etree._Element) -> str:
    return element.get("name") or _ref_name(element) or ""


def _ref_name(element: etree._Element) -> str | None:
    """A local `<element ref="t:X"/>` or `<attribute ref="t:X"/>` declares the field X of its type."""
    if element.tag not in (f"{{{XS}}}element", f"{{{XS}}}attribute"):
        return None
    ref = element.get("ref")
    return ref.rpartition(":")[2] if ref else None


def _target_namespace(element: etree._Element) -> str:
    for ancestor in element.iterancestors(f"{{{XS}}}schema"):
        return ancestor.get("targetNamespace", "")
    return ""


def local_reference(element: etree._Element, uri: str) -> str | None:
    """The URI of the local file an import or include of the file at `uri` names; None when it names none
    (or a schema xsdata carries itself). `load_files` has checked every reference already."""
    target = element.get("schemaLocation") or element.get("location")
    if not target or urlsplit(target).scheme in REMOTE_SCHEMES:
        return None
    local = _local_uri(target, uri)
    return local if uri_path(local).is_file() else None  # an import of a file that is not: nothing of it


def _remote(element: etree._Element, target: str, here: Location, files: SchemaFiles) -> None:
    """A remote reference is never fetched (nor by xsdata: see `LocalOnly`). A schema xsdata bundles is read
    from its copy; an `xs:import` is noted, for `remote_imports` to check once every file is read: the
    spec's own files may declare its namespace, or nothing may use it. Anything else is an error."""
    namespace = element.get("namespace")
    if namespace and Namespace.get_enum(namespace) is not None:
        return
    if element.tag == f"{{{XS}}}import":
        files.remote_imports.append(RemoteImport(here, target, namespace or ""))
        return
    raise SchemaError(here, f"'{target}' is remote: sodagen never fetches schemas, save it beside the spec")


def _resolve(target: str, uri: str, shown: str) -> tuple[str, str]:
    """A local file a reference names, as (uri, shown path)."""
    path = _target_path(target)
    shown_local = posixpath.normpath(posixpath.join(posixpath.dirname(shown), path))
    return _local_uri(target, uri), shown_local


def _local_uri(target: str, uri: str) -> str:
    local = posixpath.join(posixpath.dirname(uri_path(uri).as_posix()), _target_path(target))
    return Path(posixpath.normpath(local)).as_uri()


def _target_path(target: str) -> str:
    """The path a local reference names, relative or absolute: a relative path, or a `file:` URI
    (`file:address.xsd`, as the XML Schema Primer's `ipo.xsd` writes it, or `file:///abs/a.xsd`)."""
    parts = urlsplit(target)
    return unquote(parts.path if parts.scheme == "file" else target)


def uri_path(uri: str) -> Path:
    """The local path of a `file:` URI (`as_uri` quotes a space as `%20`, `ù` as `%C3%B9`)."""
    return Path(unquote(urlsplit(uri).path))
