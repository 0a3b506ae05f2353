"""What each package's last generation read and gave, kept beside the formatting cache, so `check` and
`generate` on an unchanged tree do not read the schemas again.

A record is found by a key over everything but the schemas that the output depends on: sodagen's own
code and templates, the versions of the libraries that shape the output, the formatter, the user's
template folder, the package's settings, the working folder and the files its spec names now (a glob or
folder that gained a file is another key). The record lists every file the front end read, with its
hash, and every file of the package, with its hash. When each file read hashes the same and the output
folder holds exactly the recorded files, the pipeline would give what is there; otherwise it runs, and
records again. The warnings the schemas gave are kept and shown again when a record stands in for a run.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from generator.config import Config, PackageConfig
from generator.errors import SchemaError
from generator.frontends.sources import spec_files
from generator.output.format_cache import cache_root, keep
from generator.output.formatters import identity
from generator.output.write import on_disk
from generator.render.environment import BUILTIN_TEMPLATES

_SODAGEN = Path(__file__).resolve().parents[1]
_LIBRARIES = ("xsdata", "lxml", "jinja2")
"""Besides the formatter (its identity names its version), the libraries whose version shapes the output."""


@dataclass(frozen=True, slots=True)
class Record:
    inputs: dict[str, str]
    """The hash of every file the front end read, by absolute path."""
    outputs: dict[str, str]
    """The hash of every file of the package, by path within its folder."""
    warnings: tuple[str, ...] = ()

    def holds(self, folder: Path) -> bool:
        """Whether `folder` holds exactly the recorded files, each with the recorded content."""
        present = on_disk(folder)
        if sorted(present) != sorted(self.outputs):
            return False
        return all(_file_hash(folder / path) == digest for path, digest in self.outputs.items())

    def unchanged(self) -> bool:
        return all(_file_hash(Path(path)) == digest for path, digest in self.inputs.items())


def recall(config: Config, spec: PackageConfig) -> Record | None:
    """The record of the last run with these settings, when no file it read has changed since."""
    path = _path(config, spec)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        record = Record(dict(data["inputs"]), dict(data["outputs"]), tuple(data["warnings"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return record if record.unchanged() else None


def remember(
    config: Config,
    spec: PackageConfig,
    sources: Iterable[str],
    files: dict[str, str],
    warnings: Iterable[str],
) -> None:
    """Keeps what this run read (`sources`, hashed now) and gave (`files`, before they are written)."""
    path = _path(config, spec)
    if path is None:
        return
    inputs = {source: _file_hash(Path(source)) for source in sorted(sources)}
    if None in inputs.values():
        return
    outputs = {name: _text_hash(text) for name, text in sorted(files.items())}
    record = {"inputs": inputs, "outputs": outputs, "warnings": list(warnings)}
    keep(path, json.dumps(record, indent=1, sort_keys=True))


def _path(config: Config, spec: PackageConfig) -> Path | None:
    root = cache_root()
    if root is None:
        return None
    try:
        key = record_key(config, spec)
    except SchemaError:
        return None  # a spec that names no file now: the pipeline says what is wrong
    return root / "runs" / key[:2] / f"{key}.json"


def record_key(config: Config, spec: PackageConfig) -> str:
    digest = hashlib.sha256()
    for part in _settings(config, spec):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    return digest.hexdigest()


def _settings(config: Config, spec: PackageConfig) -> list[str]:
    files = [str(source.path.resolve()) for source in spec_files(list(spec.spec), spec.skipped)]
    # The working folder too: warnings name files relative to it.
    settings = [_code_digest(), sys.version, identity(config.formatter), str(Path.cwd())]
    settings += [f"{library} {version(library)}" for library in _LIBRARIES]
    settings.append(_folder_digest(config.templates) if config.templates is not None else "no templates")
    settings += [spec.name, repr(spec.roots), spec.version, repr(spec.service), repr(spec.permissions)]
    return [*settings, *files]


@lru_cache(maxsize=1)
def _code_digest() -> str:
    """sodagen's own code and built-in templates: a changed or upgraded sodagen records anew."""
    return _folder_digest(_SODAGEN, "*.py") + _folder_digest(BUILTIN_TEMPLATES)


def _folder_digest(folder: Path, pattern: str = "*") -> str:
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(folder.rglob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(
                    path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
                )
    return digest.hexdigest()


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
