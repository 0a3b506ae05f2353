"""Build-time use (issue 5 item 4): the watch loop, the progress display (never in logs or pipes), and the
pre-commit hook definition."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import yaml  # type: ignore[import-untyped]
from click.testing import CliRunner

from generator.cli import main
from generator.cli.progress import ProgressDisplay
from generator.cli.watch import watch, watched_paths
from generator.config import config_from_options
from tests.paths import ROOT


def test_watch_regenerates_after_a_change_and_ignores_the_output(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    shutil.copytree(ROOT / "specs" / "um", specs)
    out = specs / "out"  # output inside a watched folder must not retrigger the loop
    out.mkdir()
    config = config_from_options([specs / "um.wsdl"], "um", out, (), None)
    assert watched_paths(config, None) == [specs.resolve()]
    runs: list[float] = []
    stop = threading.Event()

    def regenerate() -> None:
        runs.append(time.monotonic())
        (out / "touched.txt").write_text(str(len(runs)))

    thread = threading.Thread(target=watch, args=([specs], regenerate), kwargs={"ignore": out, "stop": stop})
    thread.start()
    try:
        time.sleep(0.5)
        (specs / "um.xsd").write_text((specs / "um.xsd").read_text() + "\n")
        deadline = time.monotonic() + 10
        while not runs and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(runs) == 1
        time.sleep(1.0)
        assert len(runs) == 1  # writing into the output did not trigger another run
    finally:
        stop.set()
        thread.join(timeout=10)


def test_no_progress_display_when_stdout_is_not_a_terminal(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "generate",
            "--spec",
            str(ROOT / "specs" / "um" / "um.wsdl"),
            "--package",
            "um",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0
    written = sum(1 for path in (tmp_path / "um").rglob("*") if path.is_file())
    # One summary line and nothing else: no progress display, no control characters.
    assert result.output == f"{tmp_path / 'um'}: {written} files, {written} written or removed\n"
    display = ProgressDisplay()
    display("step")
    assert display.progress is None  # pytest's stdout is not a terminal


def test_the_progress_display_appears_only_after_its_delay() -> None:
    with ProgressDisplay(enabled=True, delay=60) as quick:
        quick("reading")
        assert quick.progress is None
    with ProgressDisplay(enabled=True, delay=0) as slow:
        slow("reading")
        slow("formatting models.py")
        assert slow.progress is not None and slow.task is not None
        assert slow.progress.tasks[0].description == "formatting models.py"


def test_the_pre_commit_hooks_run_sodagen() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    by_id = {hook["id"]: hook for hook in hooks}
    assert by_id["sodagen-check"]["entry"] == "sodagen check"
    assert by_id["sodagen-check"]["pass_filenames"] is False
    assert by_id["sodagen-generate"]["entry"] == "sodagen generate"
