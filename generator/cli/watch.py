"""`sodagen generate --watch`: regenerate whenever a spec, a template or the config changes (watchfiles)."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from pathlib import Path

from generator.config import Config


def watched_paths(config: Config, config_file: Path | None) -> list[Path]:
    """The folders of the specs (imported schemas live beside them), the template folder and the config."""
    paths = {_watched(entry) for spec in config.packages for entry in spec.spec}
    if config.templates is not None and config.templates.is_dir():
        paths.add(config.templates.resolve())
    if config_file is not None and config_file.is_file():
        paths.add(config_file.resolve())
    return sorted(paths)


def _watched(entry: Path) -> Path:
    """A folder as it is; a file by its folder (imported schemas live beside it); a glob by its fixed part."""
    fixed = Path(
        *[part for part in itertools.takewhile(lambda part: not set(part) & set("*?["), entry.parts)]
    )
    return (fixed if fixed.is_dir() else fixed.parent).resolve()


def watch(
    paths: list[Path],
    regenerate: Callable[[], None],
    *,
    ignore: Path | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Calls `regenerate` after each batch of changes under `paths` (not those under `ignore`, the output)."""
    import watchfiles  # only `--watch` needs it (importing it is a tenth of a short run)

    output = ignore.resolve() if ignore is not None else None

    def relevant(change: watchfiles.Change, path: str) -> bool:
        return output is None or not Path(path).resolve().is_relative_to(output)

    for _changes in watchfiles.watch(*paths, watch_filter=relevant, stop_event=stop, rust_timeout=500):
        regenerate()
