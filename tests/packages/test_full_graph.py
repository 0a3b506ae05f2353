"""The whole Graph v1.0 metadata, no roots (issue 13 items 2, 3, 5 and 7): the package every module of which
compiles, passes ruff and `mypy --strict`, imports lazily, and whose server has one route per (method,
path). Formatted by black, the default (about 35 s for its 400,000 lines: `benchmarks/generate.py`)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import config_from_options
from generator.output.write import apply, compare
from generator.pipeline import generate_outputs
from tests import linting
from tests.paths import SHARED

GRAPH = SHARED / "reference" / "graph" / "cleanMetadata-v1.0.xml"

pytestmark = pytest.mark.skipif(not GRAPH.is_file(), reason=f"shared Graph metadata not found at {GRAPH}")


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("graph")
    config = config_from_options([GRAPH], "graph", out, (), None)
    for output in generate_outputs(config, reuse=False):
        assert output.files is not None
        apply(output.folder, output.files, compare(output.folder, output.files, diffs=False))
    return out / "graph"


def _python(package: Path, code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=package, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.strip()


def test_every_module_compiles_and_passes_ruff(package: Path) -> None:
    assert linting.byte_compiles(package / "graph")
    linted = linting.ruff(package / "graph")
    assert linted.returncode == 0, linted.stdout[-3000:]


def test_every_type_has_its_model(package: Path) -> None:
    parts = sorted((package / "graph").glob("_models_*.py"))
    models = "".join(path.read_text(encoding="utf-8") for path in parts)
    assert "class Presence(Entity):" in models
    assert "class CallRecordsDeviceInfo" in models  # microsoft.graph.callRecords.deviceInfo beside DeviceInfo


def test_the_package_is_strictly_typed(package: Path) -> None:
    checked = linting.mypy(package / "graph")
    assert checked.returncode == 0, checked.stdout[-3000:]


def test_one_model_imports_without_the_rest(package: Path) -> None:
    code = (
        "import sys\nfrom graph import User\n"
        "print(len([name for name in sys.modules if name.startswith('graph._models_')]),"
        " len([name for name in sys.modules if name.startswith('graph.')]))"
    )
    parts, loaded = (int(number) for number in _python(package, code).split())
    total = len(list((package / "graph").glob("_models_*.py")))
    assert total > 10 and parts <= 3 and loaded <= parts + 2


def test_the_server_imports_and_no_two_routes_share_a_method_and_path(package: Path) -> None:
    code = (
        "from graph import server\n"
        "routes = [(route.method, route.path) for route in server._ROUTES]\n"
        "print(len(routes), len(set(routes)))"
    )
    count, distinct = (int(number) for number in _python(package, code).split())
    assert count > 3000 and distinct == count
