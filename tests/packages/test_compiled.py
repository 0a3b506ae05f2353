"""The compiled build of each committed package (`pip wheel -C compile=1`: mypyc compiles the codec and its
runtime modules) passes the same codec and server tests as the pure-Python build, run again in a process
that imports the compiled packages instead of generated/'s (`SODAGEN_TEST_PACKAGES`, see conftest.py). The
pure build stays a pure wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

from tests.compiled_build import PACKAGES, wheel
from tests.paths import ROOT

SUITES = [
    "tests/codecs/test_examples.py",
    "tests/codecs/test_properties.py",
    "tests/servers/test_soap_server.py",
    "tests/servers/test_graph_server.py",
    "tests/servers/test_hostile_inputs.py",
    "tests/servers/test_msgraph_durations.py",
]
"""The tests that use the committed packages in this process (the example's tests start servers that
import generated/'s)."""


def test_the_compiled_build_compiles_the_codec_modules_and_only_them(compiled_packages: Path) -> None:
    for package, modules in PACKAGES.items():
        folder = compiled_packages / package / package
        extensions = {path.name.split(".")[0] for path in folder.glob("*.so")}
        assert extensions == set(modules), package
        assert all((folder / f"{module}.py").exists() for module in modules)  # the source stays beside
        probe = (
            f"import {package}.codec as codec, {package}.models as models; "
            "print(codec.__file__.rsplit('.', 1)[1], models.__file__.rsplit('.', 1)[1])"
        )
        done = subprocess.run(
            [sys.executable, "-c", probe],
            env={**os.environ, "PYTHONPATH": str(compiled_packages / package)},
            capture_output=True,
            text=True,
            check=True,
        )
        assert done.stdout.split() == ["so", "py"], package


def test_the_compiled_build_passes_the_codec_and_server_tests(compiled_packages: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *SUITES],
        cwd=ROOT,
        env={**os.environ, "SODAGEN_TEST_PACKAGES": str(compiled_packages)},
        capture_output=True,
        text=True,
        check=False,
    )
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert " passed" in summary and "skipped" not in summary, summary


def test_the_default_build_is_a_pure_wheel(tmp_path: Path) -> None:
    built = wheel("graph_presence", tmp_path)
    assert built.name.endswith("-py3-none-any.whl")
    with zipfile.ZipFile(built) as archive:
        assert not [name for name in archive.namelist() if name.endswith(".so")]


def test_a_wheel_builds_from_the_sdist(tmp_path: Path) -> None:
    """The sdist carries the build backend it names (MANIFEST.in), so pip can build from it."""
    project = shutil.copytree(ROOT / "generated" / "um_service", tmp_path / "project")
    sdist = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import build_backend; print(build_backend.build_sdist({str(tmp_path / 'dist')!r}))",
        ],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    )
    archive = tmp_path / "dist" / sdist.stdout.strip().splitlines()[-1]  # setuptools talks before
    with tarfile.open(archive) as opened:
        assert "um_service-0.1.0/build_backend.py" in opened.getnames()
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation"]
    built = subprocess.run(
        [*command, "--wheel-dir", str(tmp_path / "wheels"), str(archive)], capture_output=True, text=True
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert [path.name for path in (tmp_path / "wheels").glob("*.whl")] == [
        "um_service-0.1.0-py3-none-any.whl"
    ]
