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

import pytest

from tests.codecs.features import Features, csdl, xsd
from tests.compiled_build import PACKAGES, cannot_compile, project_wheel, wheel
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


NUMBERS = xsd(
    """<xs:element name="numbers"><xs:complexType><xs:sequence>
         <xs:element name="count" type="xs:int" maxOccurs="unbounded"/>
         <xs:element name="big" type="xs:integer"/>
         <xs:element name="ratio" type="xs:double" maxOccurs="unbounded"/>
         <xs:element name="single" type="xs:float"/>
       </xs:sequence><xs:attribute name="at" type="xs:short"/></xs:complexType></xs:element>"""
)
NUMBERS_DOCUMENT = (
    '<f:numbers xmlns:f="urn:features" at="+7"><f:count>007</f:count><f:count>+5</f:count>'
    "<f:count>5</f:count><f:big>-0012345678901234567890</f:big><f:ratio>50</f:ratio>"
    "<f:ratio>1.0E2</f:ratio><f:ratio>.5</f:ratio><f:ratio>2.5</f:ratio><f:single>1e0</f:single>"
    "</f:numbers>"
)
ROUND_TRIP = (
    "import sys, {name}.codec as codec; print(codec.__file__.rsplit('.', 1)[1]); "
    "sys.stdout.write(codec.encode(codec.decode(sys.argv[1].encode()), envelope=False).decode())"
)


def _written_by_both_builds(
    tmp_path: Path, name: str, schema: str, script: str, document: str
) -> dict[str, str]:
    """What `script` (run with `document` as its argument) writes with the pure and the compiled build of the
    package generated from `schema`, by build (`py`, `so`: the extension of the codec module it imported)."""
    reason = cannot_compile()
    if reason is not None:
        pytest.skip(reason)
    Features(tmp_path / "features").files(name, schema)
    built = project_wheel(tmp_path / "features" / name, tmp_path / "wheel", "--config-settings", "compile=1")
    with zipfile.ZipFile(built) as archive:
        archive.extractall(tmp_path / "compiled")
    written = {}
    for build, folder in (("py", tmp_path / "features" / name), ("so", tmp_path / "compiled")):
        done = subprocess.run(
            [sys.executable, "-c", script.format(name=name), document],
            env={**os.environ, "PYTHONPATH": str(folder)},
            capture_output=True,
            text=True,
            check=True,
        )
        extension, _, written[build] = done.stdout.partition("\n")
        assert extension == build
    return written


def test_the_compiled_build_writes_numbers_back_as_they_were_written(tmp_path: Path) -> None:
    """xs:int and xs:double values keep the text Python would write differently (`007`, `50`) in both
    builds: mypyc keeps a value typed `int` or `float` unboxed, which would drop the subclass remembering
    it (the runtime types those values `IntOrExact` and `FloatOrExact`, that is Any)."""
    written = _written_by_both_builds(tmp_path, "exact_numbers", NUMBERS, ROUND_TRIP, NUMBERS_DOCUMENT)
    assert written["so"] == written["py"]
    for text in (
        'at="+7"',
        ">007<",
        ">+5<",
        ">5<",
        ">-0012345678901234567890<",
        ">50<",
        ">1.0E2<",
        ">.5<",
        ">2.5<",
        ">1e0<",
    ):
        assert text in written["so"], text


JSON_NUMBERS = csdl(
    """<ComplexType Name="Numbers">
         <Property Name="amount" Type="Edm.Decimal" Precision="38" Scale="variable"/>
         <Property Name="ratio" Type="Edm.Double"/>
         <Property Name="anything" Type="Edm.Untyped"/>
       </ComplexType>"""
)
JSON_NUMBERS_DOCUMENT = (
    '{"amount":0.1234567890123456789012345,"ratio":0.1234567890123456789,'
    '"anything":[123456789012345678901234567890,1.5,1e400],"later":-2.5E-400}'
)
JSON_ROUND_TRIP = (
    "import sys, {name}.codec as codec, {name}.models as models; print(codec.__file__.rsplit('.', 1)[1]); "
    "sys.stdout.write(codec.encode(codec.decode(sys.argv[1].encode(), models.Numbers)).decode())"
)


def test_the_compiled_build_keeps_every_digit_of_json_numbers(tmp_path: Path) -> None:
    """A JSON number a double does not hold, where every digit is kept (an Edm.Decimal, a value kept as
    read), is read again exactly and written back whole by both builds (`_json.every_digit`)."""
    written = _written_by_both_builds(
        tmp_path, "json_numbers", JSON_NUMBERS, JSON_ROUND_TRIP, JSON_NUMBERS_DOCUMENT
    )
    # The double is rounded, as a double is; every other number is as it was written.
    expected = JSON_NUMBERS_DOCUMENT.replace("0.1234567890123456789,", "0.12345678901234568,")
    assert written == {"py": expected, "so": expected}


def test_a_module_too_large_to_compile_is_refused_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """mypyc's memory grows with the square of a module's module-level statements: a codec with more than
    the machine can take (here a limit of 25) fails its build at once, saying why, instead of having the
    compiler killed for want of memory a minute later."""
    monkeypatch.setenv("SODAGEN_COMPILE_LIMIT", "25")  # above the runtime modules (23 at most)
    with pytest.raises(RuntimeError) as failed:
        wheel("graph_presence", tmp_path, "--config-settings", "compile=1")
    message = " ".join(str(failed.value).split())  # pip wraps the build's output
    assert "graph_presence/codec.py has 29 module-level statements" in message
    assert "SODAGEN_COMPILE_LIMIT" in message


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
