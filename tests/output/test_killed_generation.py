"""Generation is atomic for the whole package (issue 14 item 2): the generator is killed (SIGKILL, by the
write step's own test hook, `SODAGEN_TEST_KILL_AFTER=N`) before each of its file operations in turn, on a
project whose output changes (files changed, added and removed). After every kill the package folder holds
exactly the old output or exactly the new one, and imports; the next `sodagen generate` repairs what the
killed one left beside it, and `sodagen check` then passes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.output import lock
from generator.output.format_cache import CACHE_ENVIRONMENT
from generator.output.write import is_artifact
from tests.paths import ROOT

PACKAGE = "um_service"
PYPROJECT = '[tool.sodagen]\nout = "out"\n\n[[tool.sodagen.packages]]\nname = "{name}"\nspec = "{spec}"\n'


def _sodagen(project: Path, command: str, environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", command],
        cwd=project,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def _tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` but build artifacts, with its bytes."""
    found: dict[str, bytes] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not any(is_artifact(part) for part in relative.parts):
            found[relative.as_posix()] = path.read_bytes()
    return found


def _project(folder: Path, spec: str) -> None:
    (folder / "schemas").mkdir(parents=True, exist_ok=True)
    for name in ("um.wsdl", "um.xsd"):
        shutil.copy(ROOT / "specs" / "um" / name, folder / "schemas" / name)
    (folder / "pyproject.toml").write_text(PYPROJECT.format(name=PACKAGE, spec=spec), encoding="utf-8")


def _imports(out: Path, environment: dict[str, str]) -> bool:
    code = f"import {PACKAGE}.codec, {PACKAGE}.server\n"
    code += f"{PACKAGE}.codec.encode({PACKAGE}.SetOofStatus(status=True))"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=out / PACKAGE, env=environment, capture_output=True, check=False
    )
    return done.returncode == 0


@pytest.fixture(scope="module")
def outputs(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[dict[str, bytes], dict[str, bytes], dict[str, str]]:
    """The old and the new output of the project, and the environment the runs share (one format cache)."""
    work = tmp_path_factory.mktemp("killed")
    environment = {**os.environ, CACHE_ENVIRONMENT: str(work / "cache"), "PYTHONPATH": str(ROOT)}
    environment.pop("SODAGEN_TEST_KILL_AFTER", None)
    old, new = work / "old", work / "new"
    _project(old, "schemas/um.wsdl")
    assert _sodagen(old, "generate", environment).returncode == 0
    # The new output: the service's documentation changes, a WSDL file is added beside it (the spec
    # becomes the folder), the served WSDL changes: files change, and the record's inputs change too.
    _project(new, "schemas")
    schema = new / "schemas" / "um.xsd"
    text = schema.read_text(encoding="utf-8")
    schema.write_text(text.replace("<xs:documentation>", "<xs:documentation>Changed. ", 3), encoding="utf-8")
    assert _sodagen(new, "generate", environment).returncode == 0
    before, after = _tree(old / "out" / PACKAGE), _tree(new / "out" / PACKAGE)
    assert before != after and set(before) & set(after)
    return before, after, environment


def test_a_generator_killed_before_any_file_operation_leaves_old_or_new(
    outputs: tuple[dict[str, bytes], dict[str, bytes], dict[str, str]], tmp_path: Path
) -> None:
    before, after, environment = outputs
    seen = {"old": 0, "new": 0}
    for point in range(200):
        project = tmp_path / f"run{point}"
        _project(project, "schemas")
        schema = project / "schemas" / "um.xsd"
        text = schema.read_text(encoding="utf-8")
        changed = text.replace("<xs:documentation>", "<xs:documentation>Changed. ", 3)
        # The old output in place, then the new one generated over it, killed before operation `point`.
        for path, data in before.items():
            target = project / "out" / PACKAGE / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        schema.write_text(changed, encoding="utf-8")
        killed = _sodagen(project, "generate", {**environment, "SODAGEN_TEST_KILL_AFTER": str(point)})
        folder = project / "out" / PACKAGE
        state = _tree(folder)
        assert state in (before, after), f"killed before operation {point}: a mixed package folder"
        seen["old" if state == before else "new"] += 1
        assert _imports(project / "out", environment), f"killed before operation {point}: does not import"
        repaired = _sodagen(project, "generate", environment)
        assert repaired.returncode == 0, repaired.stderr
        assert _tree(folder) == after
        assert sorted(path.name for path in (project / "out").iterdir()) == [PACKAGE]  # nothing left beside
        checked = _sodagen(project, "check", environment)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        shutil.rmtree(project)
        if killed.returncode == 0:
            break  # the run got through every operation: all points were tried
        assert killed.returncode == -9, killed.stderr
    else:
        pytest.fail("the generator was still killed after 200 operations")
    # Killed early, the folder was the old one; killed after the exchange, the new one.
    assert seen["old"] > 5 and seen["new"] >= 2, seen


def test_a_second_run_waits_for_the_first(
    outputs: tuple[dict[str, bytes], dict[str, bytes], dict[str, str]], tmp_path: Path
) -> None:
    """Two runs at once on one output shared the work folders beside its package: one's repair removed
    the other's half-built package, which that run then finished from what was left and put in place.
    A run now waits while another holds the output's lock (taken here as a run would)."""
    _, after, environment = outputs
    _project(tmp_path, "schemas")
    schema = tmp_path / "schemas" / "um.xsd"
    text = schema.read_text(encoding="utf-8")
    schema.write_text(text.replace("<xs:documentation>", "<xs:documentation>Changed. ", 3), encoding="utf-8")
    out = tmp_path / "out"
    with lock.exclusive(out):
        waiting = subprocess.Popen(
            [sys.executable, "-m", "generator", "generate"],
            cwd=tmp_path,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        # Unlocked, the run writes `out` within a second or two (the format cache is warm): it waits.
        with pytest.raises(subprocess.TimeoutExpired):
            waiting.wait(timeout=8)
        assert not out.exists()
    assert waiting.wait(timeout=120) == 0
    assert _tree(out / PACKAGE) == after
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out", "pyproject.toml", "schemas"]
