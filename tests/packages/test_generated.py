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
from tests.paths import ROOT

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
    """The package, and the project files beside it (setup.py, build_backend.py)."""
    targets = [str(PACKAGES[name] / name), *sorted(str(path) for path in PACKAGES[name].glob("*.py"))]
    result = _run(
        [sys.executable, "-m", "mypy", "--strict", "--config-file", "/dev/null", *targets], cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_clean() -> None:
    result = _run([sys.executable, "-m", "ruff", "check", "generated"], cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


IMPORT_CHECK = textwrap.dedent("""
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
    """)


def test_import_without_generator(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(str(path) for path in PACKAGES.values())}
    result = _run([sys.executable, "-c", IMPORT_CHECK], cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "ok"


CONSUMER = textwrap.dedent("""
    from importlib import resources

    from graph_presence import Presence, codec as graph_codec
    from um_service import SetOofStatus, codec as soap_codec
    from um_service.server import UMServiceBase, create_app
    from um_service.serving import HeaderDeadline

    presence: Presence = graph_codec.decode(b'{"id": "x", "availability": "Busy"}', Presence)
    request: SetOofStatus = soap_codec.decode(soap_codec.encode(SetOofStatus(status=True)), SetOofStatus)
    assert presence.availability == "Busy" and request.status is True
    app = create_app(UMServiceBase())
    assert [getattr(route, "path", None) for route in app.routes] == ["/EWS/UM2007Legacy.asmx"]
    # the server extra brings uvicorn and httptools, which the header deadline runs on
    class Quick(HeaderDeadline):
        seconds = 2.5
    assert Quick.seconds == 2.5
    # the data files the stubs serve are in the wheels
    assert "SetOofStatus" in resources.files("um_service").joinpath("service.wsdl").read_text()
    assert "/me/presence" in resources.files("graph_presence").joinpath("openapi.json").read_text()
    print("ok")
    """)


def test_wheels_install_into_a_fresh_venv_and_type_check(tmp_path: Path) -> None:
    """What a consumer does: build each package's wheel, install it (and only its declared dependencies)
    into a new virtual environment, import it, and type-check code that uses it against that environment."""
    wheels = tmp_path / "wheels"
    for name, folder in PACKAGES.items():
        source = tmp_path / "src" / name
        shutil.copytree(folder, source, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "build"))
        built = _run(
            [
                sys.executable,
                "-m",
                "pip",
                "wheel",
                "--no-deps",
                "--no-build-isolation",
                "-w",
                str(wheels),
                str(source),
            ],
            cwd=tmp_path,
        )
        assert built.returncode == 0, built.stdout + built.stderr
    venv = tmp_path / "venv"
    assert _run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path).returncode == 0
    python = venv / "bin" / "python"
    found = sorted(str(path) for path in wheels.glob("*.whl"))
    assert len(found) == 2
    extras = [f"{path}[server]" for path in found]
    install = _run([str(python), "-m", "pip", "install", "--quiet", *extras], cwd=tmp_path)
    assert install.returncode == 0, install.stdout + install.stderr
    consumer = tmp_path / "consumer.py"
    consumer.write_text(CONSUMER)
    ran = _run([str(python), str(consumer)], cwd=tmp_path)
    assert ran.returncode == 0 and ran.stdout.strip() == "ok", ran.stdout + ran.stderr
    typed = _run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "--python-executable",
            str(python),
            str(consumer),
        ],
        cwd=tmp_path,
    )
    assert typed.returncode == 0, typed.stdout + typed.stderr


_LOADED = """
import sys
{statement}
print(" ".join(sorted(name for name in sys.modules if name.startswith("{package}."))))
"""


def _loaded_after(package: str, statement: str) -> set[str]:
    """The package's modules a fresh interpreter has run after `statement`."""
    code = _LOADED.format(statement=statement, package=package)
    result = _run([sys.executable, "-c", code], cwd=PACKAGES[package])
    assert result.returncode == 0, result.stderr
    return {name.removeprefix(f"{package}.") for name in result.stdout.split()}


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_importing_the_package_one_model_or_the_codec_runs_only_what_it_needs(name: str) -> None:
    assert _loaded_after(name, f"import {name}") == set()
    model = "User" if name == "graph_presence" else "UMProperties"
    assert _loaded_after(name, f"from {name} import {model}") == {"models", "enums"}
    codec = _loaded_after(name, f"import {name}.codec")
    assert "codec" in codec and "models" in codec
    assert not codec & {"server", "_odata_server", "_soap_server", "_http"}


@pytest.mark.parametrize("name", sorted(PACKAGES))
def test_every_public_name_is_there_when_asked_for(name: str) -> None:
    code = f"""
import {name} as package
namespace = {{}}
exec("from {name} import *", namespace)
assert set(package.__all__) <= set(dir(package)), set(package.__all__) - set(dir(package))
missing = [item for item in package.__all__ if item not in namespace]
assert not missing, missing
try:
    package.NoSuchName
except AttributeError as exc:
    assert "NoSuchName" in str(exc)
else:
    raise AssertionError("no AttributeError")
"""
    result = _run([sys.executable, "-c", code], cwd=PACKAGES[name])
    assert result.returncode == 0, result.stderr
