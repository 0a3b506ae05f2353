"""A package with more models than one module holds (issue 13 item 5): its models come in parts that pass
ruff and `mypy --strict`, importing one model runs only its part and the parts of its bases, `pkg.models`
still has every model, and the codec reads and writes across parts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.linting import byte_compiles, mypy, ruff

TYPES = 900


def _schema() -> str:
    """`TYPES` complex types in trees of four (a root and three extensions of it, each one further), each
    extension with an element of a root type from the other half of the schema."""
    types = []
    for number in range(TYPES):
        if number % 4 == 0:
            body = f'<xs:sequence><xs:element name="f{number}" type="xs:string"/></xs:sequence>'
        else:
            other = (number + TYPES // 2) % TYPES // 4 * 4
            body = (
                f'<xs:complexContent><xs:extension base="t:T{number - 1}"><xs:sequence>'
                f'<xs:element name="f{number}" type="xs:string" minOccurs="0"/>'
                f'<xs:element name="r{number}" type="t:T{other}" minOccurs="0"/>'
                "</xs:sequence></xs:extension></xs:complexContent>"
            )
        types.append(f'<xs:complexType name="T{number}">{body}</xs:complexType>')
    return (
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:t="urn:t" targetNamespace="urn:t"'
        ' elementFormDefault="qualified">'
        + "".join(types)
        + f'<xs:element name="Root" type="t:T{TYPES - 1}"/>'
        "</xs:schema>"
    )


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("split")
    (folder / "split.xsd").write_text(_schema(), encoding="utf-8")
    arguments = ["generate", "--spec", str(folder / "split.xsd"), "--package", "split", "--out", str(folder)]
    arguments += [
        "--formatter",
        "ruff",
    ]  # what is tested is the layout; black formats the EWS parts elsewhere
    result = CliRunner().invoke(main, arguments, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder / "split"


def _python(package: Path, code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=package, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_models_come_in_parts_that_pass_every_check(package: Path) -> None:
    parts = sorted(path.name for path in (package / "split").glob("_models_*.py"))
    assert len(parts) == 5
    assert not (package / "split" / "_models_6.py").exists()
    assert byte_compiles(package / "split")
    linted = ruff(package / "split")
    assert linted.returncode == 0, linted.stdout
    typed = mypy(package / "split")
    assert typed.returncode == 0, typed.stdout


def test_one_model_runs_its_part_and_the_parts_of_its_bases_only(package: Path) -> None:
    loaded = _python(
        package,
        "import sys\nfrom split import T899\nprint(sorted(m for m in sys.modules if m.startswith('split.')))",
    )
    parts = [name for name in eval(loaded) if name.startswith("split._models_")]
    assert 1 <= len(parts) <= 2, loaded
    assert "split.codec" not in loaded


def test_the_whole_module_and_the_package_give_the_same_classes(package: Path) -> None:
    code = (
        "import split, split.models as whole\n"
        "assert len(whole.__all__) == 900 and set(whole.__all__) <= set(dir(whole))\n"
        "assert all(getattr(whole, name) is getattr(split, name) for name in whole.__all__)\n"
        "print(whole.T5.__mro__[1].__name__, whole.T5.__module__.startswith('split._models_'))"
    )
    assert _python(package, code) == "T4 True"


def test_the_codec_reads_and_writes_across_parts(package: Path) -> None:
    code = (
        "from split import Root, T444\n"
        "from split.codec import decode, encode\n"
        "value = Root(f896='a', f897='b', r897=T444(f444='c'), f899='d')\n"
        "data = encode(value, envelope=False)\n"
        "assert decode(data) == value, data\n"
        "from lxml import etree\n"
        "nodes = etree.fromstring(data).iter()\n"
        "print(' '.join(f'{etree.QName(node).localname}={node.text}' for node in nodes))"
    )
    # The schema's order: the base's elements first, then each extension's.
    assert _python(package, code) == "Root=None f896=a f897=b r897=None f444=c f899=d"
