"""Front ends: each reads one family of schemas into the IR. `read_spec` finds the spec's files
(see `sources`) and picks the front end by what they are: XML Schema (WSDL, XSD, DTD) or OData CSDL."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from generator.frontends.sources import SourceKind, spec_files
from generator.ir import Package


def read_spec(entries: Path | Sequence[Path], *, package: str, roots: Sequence[str] = ()) -> Package:
    """One package from every schema document `entries` name (files, folders, globs). `roots` (the
    package's) lets a front end leave out what they cannot reach; the select pass decides what is kept."""
    sources = spec_files([entries] if isinstance(entries, Path) else entries)
    paths = [source.path for source in sources]
    if sources[0].kind is SourceKind.CSDL:
        from generator.frontends.csdl import read_csdl

        return read_csdl(paths, package=package, roots=roots)
    from generator.frontends.xsd import read_xsd

    return read_xsd(paths, package=package)
