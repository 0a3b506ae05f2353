"""Every package of the per-feature codec suites — each field kind of both codec templates — passes ruff and
`mypy --strict`, as the generated packages promise; the schemas are the suites' own."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

from tests.codecs.features import Features
from tests.linting import RUFF_RULES

SUITES = ("tests.codecs.test_xml_features", "tests.codecs.test_json_features")


def _schemas() -> dict[str, str]:
    """Each schema document the suites define at module level, by a package name of its own."""
    found: dict[str, str] = {}
    for suite in SUITES:
        try:
            module = importlib.import_module(suite)
        except ModuleNotFoundError:
            continue
        for name, value in sorted(vars(module).items()):
            if isinstance(value, str) and value.startswith("<?xml"):
                found[f"typed_{suite.rpartition('_')[0].rpartition('.')[2]}_{name.lower()}"] = value
    return found


def test_every_feature_package_is_lint_clean_and_strictly_typed(tmp_path: Path) -> None:
    features = Features(tmp_path / "sodagen_features")
    schemas = _schemas()
    assert len(schemas) >= 7
    for name, document in schemas.items():
        features.files(name, document)
    packages = [features.folder / name / name for name in schemas]
    lint = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *RUFF_RULES, *map(str, packages)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert lint.returncode == 0, lint.stdout
    environment = {**os.environ, "MYPYPATH": os.pathsep.join(str(features.folder / name) for name in schemas)}
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file", os.devnull]
    for name in schemas:
        command.extend(["-p", name])
    typing = subprocess.run(
        command, capture_output=True, text=True, check=False, cwd=tmp_path, env=environment
    )
    assert typing.returncode == 0, typing.stdout
