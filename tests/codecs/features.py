"""The per-feature codec suite's harness: small inline schemas, generated through the whole pipeline into a
temporary folder (`sodagen_features/<package>/`), imported as packages of their own.

`xsd(...)` and `csdl(...)` wrap a schema body in its document; `Features.package(name, document)` generates
and imports it once per test session. The runtime modules of these packages are the verbatim copies of
`generator/runtime/`, so running these tests under coverage measures the runtime (see `[tool.coverage]`).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

from generator.config import config_from_options
from generator.output.write import apply, compare
from generator.pipeline import generate_files

XSD_NS = "urn:features"
CSDL_NS = "features"


def xsd(body: str, *, namespace: str = XSD_NS, qualified: bool = True, extra: str = "") -> str:
    """An XML Schema with target namespace `namespace` (prefix `f`) around `body`."""
    form = "qualified" if qualified else "unqualified"
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:f="{namespace}" {extra}\n'
        f'           targetNamespace="{namespace}" elementFormDefault="{form}">\n'
        f"{body}\n"
        "</xs:schema>\n"
    )


def csdl(body: str, *, namespace: str = CSDL_NS, container: str = "") -> str:
    """A CSDL 4.0 document with one schema `namespace` (alias `self`) around `body`, and an entity container
    holding `container` when it is given."""
    holder = f'<EntityContainer Name="Service">{container}</EntityContainer>' if container else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx">\n'
        "  <edmx:DataServices>\n"
        f'    <Schema Namespace="{namespace}" Alias="self" xmlns="http://docs.oasis-open.org/odata/ns/edm">\n'
        f"{body}\n{holder}\n"
        "    </Schema>\n"
        "  </edmx:DataServices>\n"
        "</edmx:Edmx>\n"
    )


class Features:
    """Generates and imports feature packages into one folder, each once."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.packages: dict[str, ModuleType] = {}

    def files(
        self,
        name: str,
        document: str,
        *,
        suffix: str | None = None,
        templates: Path | None = None,
        roots: tuple[str, ...] = (),
    ) -> dict[str, str]:
        """The generated files of package `name` (written to `<folder>/<name>`), by path."""
        suffix = suffix or (
            ".xml"
            if "edmx:Edmx" in document
            else ".wsdl" if "wsdl:definitions" in document else ".dtd" if "<!ELEMENT" in document else ".xsd"
        )
        spec = self.folder / "specs" / f"{name}{suffix}"
        spec.parent.mkdir(parents=True, exist_ok=True)
        spec.write_text(document, encoding="utf-8")
        config = config_from_options([spec], name, self.folder, roots, templates)
        outputs = generate_files(config)
        for out, files in outputs.items():
            apply(out, files, compare(out, files))
        return outputs[self.folder / name]

    def package(
        self, name: str, document: str, *, templates: Path | None = None, roots: tuple[str, ...] = ()
    ) -> ModuleType:
        """Package `name` generated from `document` and imported (with its `codec` and `server` modules)."""
        if name not in self.packages:
            self.files(name, document, templates=templates, roots=roots)
            folder = str(self.folder / name)
            if folder not in sys.path:
                sys.path.insert(0, folder)
            module = importlib.import_module(name)
            importlib.import_module(f"{name}.codec")
            if (self.folder / name / name / "server.py").is_file():
                importlib.import_module(f"{name}.server")
            self.packages[name] = module
        return self.packages[name]

    def codec(self, name: str, document: str) -> ModuleType:
        self.package(name, document)
        return importlib.import_module(f"{name}.codec")
