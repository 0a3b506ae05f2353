"""Real schemas generate lint-clean, mypy-strict packages, codecs included: the newest Exchange WSDL and a
large slice of the Graph v1.0 metadata (users, groups, drive items, events, messages, presence).

The two older Exchange WSDLs run only with `SODAGEN_ALL_REAL_SCHEMAS=1`, to keep the suite within CI's
time; the whole Graph metadata is `test_full_graph.py`'s.
Reads ../shared/reference (third-party files, never copied into the project); skips when it is absent.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.config import config_from_options
from generator.output.write import apply, compare
from generator.pipeline import generate_files
from tests import linting
from tests.paths import SHARED

ALL = os.environ.get("SODAGEN_ALL_REAL_SCHEMAS") == "1"
ALL_REASON = "long check: set SODAGEN_ALL_REAL_SCHEMAS=1"
EWS_WSDLS = sorted((SHARED / "reference" / "ews").glob("*/[sS]ervices.wsdl"))
NEWEST_EWS = "exchange-online-V2018_01_08"
GRAPH_ROOTS = (
    "microsoft.graph.user",
    "microsoft.graph.group",
    "microsoft.graph.driveItem",
    "microsoft.graph.event",
    "microsoft.graph.message",
    "microsoft.graph.presence",
)
GRAPH_CSDL = SHARED / "reference" / "graph" / "cleanMetadata-v1.0.xml"


def _generate_and_lint(spec: Path, out: Path, roots: tuple[str, ...] = ()) -> Path:
    """Generate package `real` from `spec`; assert ruff and mypy --strict pass on it; return its folder."""
    config = config_from_options([spec], "real", out, roots, None)
    for folder, files in generate_files(config).items():
        apply(folder, files, compare(folder, files))
    package = out / "real" / "real"
    lint = linting.ruff(package)
    assert lint.returncode == 0, lint.stdout
    typing = linting.mypy(package)
    assert typing.returncode == 0, typing.stdout
    assert linting.byte_compiles(package)
    return package


@pytest.mark.skipif(not EWS_WSDLS, reason="../shared/reference/ews is absent (fresh clone): no real EWS WSDL")
@pytest.mark.parametrize(
    "wsdl",
    [
        pytest.param(
            path,
            id=path.parent.name,
            marks=[] if ALL or path.parent.name == NEWEST_EWS else [pytest.mark.skip(reason=ALL_REASON)],
        )
        for path in EWS_WSDLS
    ],
)
def test_a_real_exchange_wsdl_generates_a_strictly_typed_package(wsdl: Path, tmp_path: Path) -> None:
    package = _generate_and_lint(wsdl, tmp_path)
    messages, models = _module(package, "messages"), _module(package, "models")
    assert "class ResolveNames(" in messages
    assert "class GetUserOofSettingsRequest(" in messages + models
    # 1,289 models: more than one module holds, so they come in parts that `models.py` re-exports.
    assert '": "._models_1",' in (package / "models.py").read_text(encoding="utf-8")


def _module(package: Path, name: str) -> str:
    """A module's text, with that of its parts when it is split (`_models_1.py`, ...)."""
    paths = [package / f"{name}.py", *sorted(package.glob(f"_{name}_*.py"))]
    return "".join(path.read_text(encoding="utf-8") for path in paths if path.is_file())


@pytest.mark.skipif(not GRAPH_CSDL.is_file(), reason="../shared/reference/graph is absent (fresh clone)")
def test_a_large_slice_of_the_graph_metadata_generates_a_strictly_typed_package(tmp_path: Path) -> None:
    package = _generate_and_lint(GRAPH_CSDL, tmp_path, GRAPH_ROOTS)
    models = _module(package, "models")
    assert "class User(DirectoryObject):" in models and "class Presence(Entity):" in models
    codec = (package / "codec.py").read_text(encoding="utf-8")
    # Polymorphic reads go through @odata.type.
    assert "def _read_any_DirectoryObject(data: object, path: _j.Path) -> DirectoryObject:" in codec

