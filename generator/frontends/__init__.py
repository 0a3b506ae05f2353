"""Front ends: each reads one family of schemas into the IR. `read_spec` finds the spec's files
(see `sources`) and picks the front end by what they are: XML Schema (WSDL, XSD, DTD) or OData CSDL."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.errors import SchemaError
from generator.frontends.sources import SourceKind, spec_files
from generator.ir import Location, Package


def read_spec(
    entries: Path | Sequence[Path],
    *,
    package: str,
    roots: Sequence[str] = (),
    skipped: Sequence[Path] = (),
) -> Package:
    """One package from every schema document `entries` name (files, folders, globs; those two leave out
    what lies in the `skipped` folders). `roots` (the package's) lets a front end leave out what they
    cannot reach; the select pass decides what is kept."""
    sources = spec_files([entries] if isinstance(entries, Path) else entries, skipped)
    paths = [source.path for source in sources]
    if sources[0].kind is SourceKind.CSDL:
        from generator.frontends.csdl import read_csdl

        read = read_csdl(paths, package=package, roots=roots)
    else:
        from generator.frontends.xsd import read_xsd

        read = read_xsd(paths, package=package)
    if not (read.models or read.enums or any(service.operations for service in read.services)):
        # A package of nothing: its modules would be empty (an empty `__all__` black refuses).
        where = Location(str(paths[0]), 1)
        raise SchemaError(where, "the schema declares no types, elements or operations: nothing to generate")
    return read
