"""The runtime is copied into generated packages verbatim: byte for byte what `generator/runtime/` holds
(so black leaves it as it is), with its version stamp; each package gets the modules its targets need."""

from __future__ import annotations

import black
import pytest

from generator.output.formatters import black_mode
from generator.runtime import FOLDER, runtime_source
from tests.paths import ROOT

MODULES = sorted(path.name for path in FOLDER.glob("*.py") if path.name != "__init__.py")
COMMON = {"errors.py", "_datetime.py", "_exact.py", "_http.py", "_version.py", "serving.py"}
PACKAGES = {
    "um_service": {*COMMON, "_xml.py", "_xml_fields.py", "_soap_server.py"},
    "graph_presence": {*COMMON, "_json.py", "_json_fields.py", "_odata_server.py", "_routes.py"},
}


@pytest.mark.parametrize("name", MODULES)
def test_runtime_sources_are_already_formatted(name: str) -> None:
    source = runtime_source(name)
    assert black.format_str(source, mode=black_mode()) == source


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_generated_packages_carry_exact_copies_of_the_modules_they_need(package: str) -> None:
    folder = ROOT / "generated" / package / package
    copied = {path.name for path in folder.glob("*.py") if path.name in MODULES}
    assert copied == PACKAGES[package]
    for name in copied:
        assert (folder / name).read_bytes() == (FOLDER / name).read_bytes(), name


def test_the_runtime_is_stamped_with_its_version() -> None:
    namespace: dict[str, object] = {}
    exec(compile(runtime_source("_version.py"), "_version.py", "exec"), namespace)
    assert isinstance(namespace["RUNTIME"], str) and namespace["RUNTIME"]
    assert "Part of the sodagen runtime" in runtime_source("_version.py")
    for name in MODULES:
        assert "copied verbatim into generated packages" in runtime_source(name), name
