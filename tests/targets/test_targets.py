"""Which targets a package gets, decided from the IR's bindings, and what the package target makes of what
the others declare (requirements, extras, data files, exports, runtime modules)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.errors import SchemaError
from generator.ir import Package, Service, SoapService
from generator.passes.imports import assign_imports
from generator.passes.modules import assign_modules
from generator.passes.naming import assign_names
from generator.pipeline import render_package
from generator.render.environment import Templates, make_environment
from generator.targets import TARGETS, build
from generator.targets.package import PackageTarget
from tests.irfactory import complex_type, element, entity, entity_set, model, odata_package, package, prop
from tests.paths import ROOT


def _ready(raw: Package) -> Package:
    return assign_imports(assign_modules(assign_names(raw)))


def _applying(raw: Package) -> list[str]:
    ready = _ready(raw)
    return [target.name for target in TARGETS if target.applies(ready)]


XML_PACKAGE = package(model("Item", element("name"), element_name="Item"))
SOAP = SoapService("urn:test", "Port", "Binding", "Service", "Soap", "https://example.test/soap")


def test_targets_follow_the_bindings_not_the_schema_kind() -> None:
    assert _applying(XML_PACKAGE) == ["models", "xml-codec", "package"]
    soap = replace(XML_PACKAGE, services=(Service("Service", (), soap=SOAP),))
    assert _applying(soap) == ["models", "xml-codec", "soap-server", "package"]
    thing = entity("t.thing", prop("id", required=True), keys=("id",))
    assert _applying(odata_package([thing])) == ["models", "json-codec", "package"]
    served = odata_package([thing], entity_sets=[entity_set("things", "t.thing")])
    assert _applying(served) == ["models", "json-codec", "odata-server", "package"]


def test_two_targets_writing_one_file_is_an_error() -> None:
    both = _ready(
        package(model("Item", element("name"), element_name="Item"), complex_type("t.other", prop("x")))
    )
    with pytest.raises(SchemaError, match=r"targets xml-codec and json-codec both write pkg/codec\.py"):
        render_package(both, make_environment(None))


def test_the_package_target_collects_what_the_others_declare() -> None:
    ready = _ready(replace(XML_PACKAGE, services=(Service("Service", (), soap=SOAP),)))
    templates = Templates(make_environment(None), ready)
    built = [build(target, ready, [], templates) for target in TARGETS[:-1] if target.applies(ready)]
    plan = PackageTarget().plan(ready, built)
    assert plan.requires == ("lxml>=5.2", "isodate>=0.7")
    assert plan.extras == (("server", ("starlette>=0.37", "uvicorn>=0.30", "httptools>=0.6")),)
    assert plan.data_files == ("py.typed", "service.wsdl")
    assert plan.runtime == (
        "_datetime.py",
        "_exact.py",
        "_http.py",
        "_soap_server.py",
        "_version.py",
        "_xml.py",
        "_xml_fields.py",
        "errors.py",
        "serving.py",
    )
    assert dict(plan.exports) == {
        "_xml": ("SoapFault",),
        "errors": ("DecodeError", "EncodeError"),
        "models": ("Item",),
    }
    assert plan.requirement_names == ["lxml", "isodate"]
    assert [section.splitlines()[0] for section in plan.sections] == ["### SOAP XML codec", "### Serving"]
    files = PackageTarget().files(plan, templates)
    assert 'dependencies = ["lxml>=5.2", "isodate>=0.7"]' in files["pyproject.toml"]
    assert '"pkg" = ["py.typed", "service.wsdl"]' in files["pyproject.toml"]
    assert "from .models import Item" in files["pkg/__init__.py"]
    assert plan.compiled == ("_xml.py", "_xml_fields.py", "codec.py")
    assert 'COMPILED = ["pkg/_xml.py", "pkg/_xml_fields.py", "pkg/codec.py"]' in files["setup.py"]
    assert 'build-backend = "build_backend"' in files["pyproject.toml"]
    assert "def build_wheel(" in files["build_backend.py"]
    assert files["MANIFEST.in"] == "include build_backend.py\n"


def test_nothing_after_the_front_ends_asks_which_kind_of_schema_a_package_came_from() -> None:
    later = [ROOT / "generator" / folder for folder in ("passes", "targets", "render", "output", "runtime")]
    later.append(ROOT / "templates")
    sources = [path for folder in later for path in folder.rglob("*") if path.suffix in (".py", ".jinja")]
    sources.append(ROOT / "generator" / "pipeline.py")
    assert len(sources) > 30
    for path in sources:
        text = Path(path).read_text(encoding="utf-8")
        for phrase in ("SourceKind", "package.source", ".source =="):
            assert phrase not in text, f"{path.relative_to(ROOT)} mentions {phrase}"
