"""The committed generated/ packages: up to date, strictly typed, lint-clean, importable and installable."""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from generator.config import load_config
from generator.pipeline import generate_files

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "generated"
PACKAGES = {"um_service": GENERATED / "um_service", "graph_presence": GENERATED / "graph_presence"}


def _run(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)


def test_snapshot_matches_generator(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    outputs = generate_files(load_config(Path("pyproject.toml")))
    problems: list[str] = []
    for folder, files in outputs.items():
        committed = ROOT / folder
        on_disk = {str(p.relative_to(committed)) for p in committed.rglob("*") if p.is_file()}
        on_disk = {name for name in on_disk if "__pycache__" not in name and ".mypy_cache" not in name}
        for name in sorted(on_disk | set(files)):
            path = committed / name
            old = path.read_text(encoding="utf-8") if path.is_file() else ""
            new = files.get(name, "")
            (tmp_path / folder / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / folder / name).write_text(new, encoding="utf-8")
            if old != new:
                problems.extend(
                    difflib.unified_diff(
                        old.splitlines(keepends=True),
                        new.splitlines(keepends=True),
                        f"committed/{folder}/{name}",
                        f"generated-now/{folder}/{name}",
                    )
                )
    assert not problems, "generated/ is stale; run `sodagen generate`:\n" + "".join(problems)


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_mypy_strict(tmp_path: Path, name: str) -> None:
    target = PACKAGES[name] / name
    result = _run(
        [sys.executable, "-m", "mypy", "--strict", "--config-file", "/dev/null", str(target)], cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_clean() -> None:
    result = _run([sys.executable, "-m", "ruff", "check", "generated"], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


IMPORT_CHECK = textwrap.dedent(
    """
    import dataclasses
    import sys

    from graph_presence.models import Presence, PresenceStatusMessage
    from um_service.messages import SetOofStatus
    from um_service.models import UMProperties

    SetOofStatus(status=True)
    Presence(id="x", availability="Busy")
    assert "generator" not in sys.modules

    def names(cls: type) -> list[str]:
        return [field.name for field in dataclasses.fields(cls)]

    assert names(UMProperties) == [
        "oof_status",
        "missed_call_notification_enabled",
        "play_on_phone_dial_string",
        "telephone_access_numbers",
        "telephone_access_folder_email",
    ], names(UMProperties)
    assert sorted(names(Presence)) == [
        "activity",
        "additional_data",
        "availability",
        "explicit_nulls",
        "id",
        "out_of_office_settings",
        "sequence_number",
        "status_message",
        "work_location",
    ], names(Presence)
    assert sorted(names(PresenceStatusMessage)) == [
        "additional_data",
        "expiry_date_time",
        "explicit_nulls",
        "message",
        "published_date_time",
    ], names(PresenceStatusMessage)
    print("ok")
    """
)


def test_import_without_generator(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(path) for path in PACKAGES.values())}
    result = _run([sys.executable, "-c", IMPORT_CHECK], cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "ok"


def test_pip_install(tmp_path: Path) -> None:
    source = tmp_path / "um_service"
    shutil.copytree(
        PACKAGES["um_service"], source, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
    )
    target = tmp_path / "site"
    install = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "--no-build-isolation",
            "--target",
            str(target),
            str(source),
        ],
        cwd=tmp_path,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    env = {**os.environ, "PYTHONPATH": str(target)}
    imported = _run(
        [sys.executable, "-c", "import um_service.messages, um_service.models; print(um_service.__file__)"],
        cwd=tmp_path,
        env=env,
    )
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert imported.stdout.strip().startswith(str(target))
