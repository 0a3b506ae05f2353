"""A progress display for long generations: shown on a terminal once a run has taken a second, never in CI
logs or pipes (stdout not a terminal), gone when the run ends."""

from __future__ import annotations

import sys
import time
from types import TracebackType

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn

DELAY_SECONDS = 1.0


class ProgressDisplay:
    def __init__(self, *, enabled: bool | None = None, delay: float = DELAY_SECONDS) -> None:
        self.enabled = sys.stdout.isatty() if enabled is None else enabled
        self.delay = delay
        self.started = time.monotonic()
        self.progress: Progress | None = None
        self.task: TaskID | None = None

    def __call__(self, step: str) -> None:
        if not self.enabled:
            return
        if self.progress is None:
            if time.monotonic() - self.started < self.delay:
                return
            self.progress = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                TimeElapsedColumn(),
                transient=True,
                console=Console(),
            )
            self.progress.start()
            self.task = self.progress.add_task(step, total=None)
        assert self.task is not None
        self.progress.update(self.task, description=step)

    def __enter__(self) -> ProgressDisplay:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        if self.progress is not None:
            self.progress.stop()
