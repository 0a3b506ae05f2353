"""The real Exchange WSDLs and the whole Graph v1.0 metadata generate lint-clean, mypy-strict packages.

Reads ../shared/reference (third-party files, never copied into the project); skips when it is absent.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.config import config_from_options
from generator.pipeline import generate_files
from generator.write import apply, compare

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EWS_WSDLS = sorted((SHARED / "reference" / "ews").glob("*/[sS]ervices.wsdl"))
GRAPH_CSDL = SHARED / "reference" / "graph" / "cleanMetadata-v1.0.xml"
RUFF_RULES = ["--isolated", "--line-length", "110", "--select", "E,F,W,I,B,UP,SIM,RUF"]


def _generate_and_lint(spec: Path, out: Path) -> Path:
    """Generate package `real` from `spec`; assert ruff and mypy --strict pass on it; return its folder."""
    config = config_from_options(spec, "real", out, (), None)
    for folder, files in generate_files(config).items():
        apply(folder, files, compare(folder, files))
    package = out / "real" / "real"
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *RUFF_RULES, str(package)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout
    typing = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--config-file",
            "/dev/null",
            str(package),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=out,
    )
    assert typing.returncode == 0, typing.stdout
    return package


@pytest.mark.skipif(not EWS_WSDLS, reason="../shared/reference/ews is absent (fresh clone): no real EWS WSDL")
@pytest.mark.parametrize("wsdl", EWS_WSDLS, ids=[path.parent.name for path in EWS_WSDLS])
def test_a_real_exchange_wsdl_generates_a_strictly_typed_package(wsdl: Path, tmp_path: Path) -> None:
    package = _generate_and_lint(wsdl, tmp_path)
    messages = (package / "messages.py").read_text(encoding="utf-8")
    models = (package / "models.py").read_text(encoding="utf-8")
    assert "class ResolveNames(" in messages
    assert "class GetUserOofSettingsRequest(" in messages + models


@pytest.mark.skipif(not GRAPH_CSDL.is_file(), reason="../shared/reference/graph is absent (fresh clone)")
def test_the_whole_graph_metadata_generates_a_strictly_typed_package(tmp_path: Path) -> None:
    package = _generate_and_lint(GRAPH_CSDL, tmp_path)
    models = (package / "models.py").read_text(encoding="utf-8")
    assert "class Presence(Entity):" in models
    assert "class CallRecordsDeviceInfo" in models  # microsoft.graph.callRecords.deviceInfo beside DeviceInfo
