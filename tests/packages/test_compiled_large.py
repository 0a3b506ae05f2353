"""A codec of thousands of types builds compiled: xCBL's (2,214 models, 4,454 tables spread over 23 table
modules, see `generator/targets/compilable.py`) is generated, its wheel built with `compile=1`, and every
sample document decodes and encodes byte for byte as in the pure build. It takes about 8 minutes and 3 GB,
so it runs with the other long real-schema checks: `SODAGEN_ALL_REAL_SCHEMAS=1 pytest
tests/packages/test_compiled_large.py`."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.compiled_build import cannot_compile, project_wheel
from tests.corpus import SUITES, XSD_CORPUS, run_sodagen

SUITE = next(suite for suite in SUITES if suite.name == "xcbl")

pytestmark = [
    pytest.mark.skipif(
        os.environ.get("SODAGEN_ALL_REAL_SCHEMAS") != "1",
        reason="about 8 minutes: set SODAGEN_ALL_REAL_SCHEMAS=1 to run it",
    ),
    pytest.mark.skipif(not SUITE.folder.is_dir(), reason=f"{XSD_CORPUS} is absent (../shared)"),
    pytest.mark.skipif(cannot_compile() is not None, reason=str(cannot_compile())),
]

ROUND_TRIPS = """
import hashlib, sys
from corpus_xcbl import codec
print(codec.__file__.rsplit(".", 1)[1])
for path in sys.argv[1:]:
    try:
        value = codec.decode(open(path, "rb").read(), xsi_types="declared")
        written = bytes(codec.encode(value, envelope=False))
    except Exception as exc:
        written = repr(exc).encode()
    print(hashlib.sha256(written).hexdigest())
"""


def round_trips(folder: Path, documents: list[Path]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", ROUND_TRIPS, *map(str, documents)],
        env={**os.environ, "PYTHONPATH": str(folder)},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()


def test_a_codec_of_thousands_of_types_builds_compiled_and_writes_what_the_pure_build_does(
    tmp_path: Path,
) -> None:
    row = run_sodagen(SUITE, tmp_path, lint=False)
    assert row.generated == "yes", row.errors
    project = tmp_path / "corpus_xcbl"
    tables = sorted(path.stem for path in (project / "corpus_xcbl").glob("_codec_tables_*.py"))
    assert len(tables) > 10

    built = project_wheel(project, tmp_path / "wheels", "--config-settings", "compile=1")
    compiled = tmp_path / "compiled"
    with zipfile.ZipFile(built) as archive:
        archive.extractall(compiled)
    extensions = {path.name.split(".")[0] for path in (compiled / "corpus_xcbl").glob("*.so")}
    assert extensions == {"_xml", "_xml_fields", "codec", *tables}

    documents = SUITE.document_paths()
    pure, native = round_trips(project, documents), round_trips(compiled, documents)
    assert (pure[0], native[0]) == ("py", "so")
    assert native[1:] == pure[1:] and len(pure) == len(documents) + 1
