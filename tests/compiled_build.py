"""The compiled build of the committed packages, for the tests and the codec benchmark: each package's wheel
built with `--config-settings compile=1` (mypyc compiles its codec modules; see the package's setup.py) in
this environment (setuptools and mypy are here: no build isolation), unpacked as `<folder>/<package>/`."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.paths import ROOT

PACKAGES = {
    "um_service": ("_xml", "_xml_fields", "codec"),
    "graph_presence": ("_json", "_json_fields", "codec"),
}
"""Each committed package and the modules its compiled build compiles."""


def cannot_compile() -> str | None:
    """Why no compiled build can be made here, or None."""
    compiler = str(sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler) is None:
        return f"no C compiler ({compiler}): the compiled build needs one"
    if not (Path(sysconfig.get_paths()["include"]) / "Python.h").exists():
        return "no Python headers (Python.h, in python3-dev): the compiled build needs them"
    return None


def wheel(package: str, folder: Path, *options: str) -> Path:
    """The wheel pip builds of the committed package (see `project_wheel`)."""
    return project_wheel(ROOT / "generated" / package, folder, *options)


def project_wheel(source: Path, folder: Path, *options: str) -> Path:
    """The wheel pip builds of the generated package project `source`, from a copy (setuptools leaves its
    build folders in the project it builds), into `folder`."""
    package = source.name
    project = shutil.copytree(source, folder / "project" / package)
    command = [
        sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
        *options, "--wheel-dir", str(folder), str(project),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"building {package} failed:\n{done.stdout}{done.stderr}")
    (built,) = folder.glob(f"{package}-*.whl")
    return built


def build_compiled(folder: Path) -> Path:
    """Both packages' compiled builds under `folder` (built in parallel); `folder` itself."""

    def build(package: str) -> None:
        built = wheel(package, folder / "wheels" / package, "--config-settings", "compile=1")
        with zipfile.ZipFile(built) as archive:
            archive.extractall(folder / package)

    with ThreadPoolExecutor(len(PACKAGES)) as pool:
        list(pool.map(build, PACKAGES))
    return folder
