"""`read_permissions`: the project's real permissions file, and every malformed form of one, each a
`SchemaError` whose message starts with the file as messages name it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.config.permissions import Permissions, read_permissions
from generator.errors import SchemaError
from generator.ir import Location
from tests.paths import ROOT

REAL = ROOT / "specs" / "graph" / "permissions.toml"


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, text: str, name: str = "permissions.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# -- the real file ------------------------------------------------------------------------------------


@pytest.fixture
def real(monkeypatch: pytest.MonkeyPatch) -> Permissions:
    monkeypatch.chdir(ROOT)
    return read_permissions(REAL)


def test_real_file_is_named_relative_to_the_working_folder(real: Permissions) -> None:
    assert real.path == "specs/graph/permissions.toml"
    assert real.location == Location("specs/graph/permissions.toml", 0)


def test_real_file_reads(real: Permissions) -> None:
    assert dict(real.reads) == {"microsoft.graph.presence": ("Presence.Read", "Presence.Read.All")}
    # delegated first, then application
    assert real.operations["microsoft.graph.clearPresence"] == (
        "Presence.ReadWrite",
        "Presence.ReadWrite.All",
    )
    # `delegated = []`: only the application permission
    assert real.operations["microsoft.graph.setPresence"] == ("Presence.ReadWrite.All",)
    # `application = []` and no status
    assert real.operations["microsoft.graph.getPresencesByUserId"] == ("Presence.Read.All",)
    assert "microsoft.graph.getPresencesByUserId" not in real.statuses
    assert real.statuses["microsoft.graph.setStatusMessage"] == 200
    assert real.statuses["microsoft.graph.setManualLocation"] == 204


def test_real_file_every_operation_line_is_read(real: Permissions) -> None:
    text = REAL.read_text(encoding="utf-8")
    operations = text.partition("\n[operations]\n")[2]
    names = re.findall(r'^"([\w.]+)" = \{', operations, flags=re.MULTILINE)
    statuses = dict(re.findall(r'^"([\w.]+)" = \{.*status = (\d+)', operations, flags=re.MULTILINE))
    assert len(names) == 10
    assert sorted(real.operations) == sorted(names)
    assert dict(real.statuses) == {name: int(status) for name, status in statuses.items()}
    assert set(real.statuses.values()) == {200, 204}


# -- well-formed files --------------------------------------------------------------------------------


def test_empty_file_is_no_permissions(in_tmp: Path) -> None:
    permissions = read_permissions(write(in_tmp, ""))
    assert (dict(permissions.reads), dict(permissions.operations), dict(permissions.statuses)) == ({}, {}, {})


@pytest.mark.parametrize("status", [200, 202, 204])
def test_documented_statuses(in_tmp: Path, status: int) -> None:
    path = write(in_tmp, f'[operations]\n"t.act" = {{ delegated = ["A"], status = {status} }}\n')
    permissions = read_permissions(path)
    assert permissions.statuses == {"t.act": status}
    assert permissions.operations == {"t.act": ("A",)}


def test_a_permission_listed_twice_is_listed_once(in_tmp: Path) -> None:
    path = write(in_tmp, '[read]\n"t.x" = { delegated = ["B", "A", "B"], application = ["A", "C"] }\n')
    assert read_permissions(path).reads == {"t.x": ("B", "A", "C")}


def test_missing_lists_are_empty(in_tmp: Path) -> None:
    path = write(in_tmp, '[operations]\n"t.act" = { status = 204 }\n"t.f" = {}\n')
    permissions = read_permissions(path)
    assert permissions.operations == {"t.act": (), "t.f": ()}
    assert permissions.statuses == {"t.act": 204}


# -- malformed files ----------------------------------------------------------------------------------

MALFORMED = {
    "bad TOML": ("[read\n", "cannot read"),
    "unknown table": ('[writes]\n"t.x" = { delegated = ["A"] }\n', "unknown table"),
    "read not a table": ("read = 5\n", "[read] must be a table"),
    "operations not a table": ('operations = ["t.act"]\n', "[operations] must be a table"),
    "entry not a table": ('[operations]\n"t.act" = ["A"]\n', "'t.act' must be"),
    "read entry not a table": ('[read]\n"t.x" = "A"\n', "'t.x' must be"),
    "unknown key": ('[operations]\n"t.act" = { delegated = ["A"], scopes = ["B"] }\n', "'t.act' must be"),
    "status 201": ('[operations]\n"t.act" = { status = 201 }\n', "status must be 200, 202 or 204"),
    "status 404": ('[operations]\n"t.act" = { status = 404 }\n', "status must be 200, 202 or 204"),
    "status true": ('[operations]\n"t.act" = { status = true }\n', "status must be 200, 202 or 204"),
    "status text": ('[operations]\n"t.act" = { status = "200" }\n', "status must be 200, 202 or 204"),
    "status float": ('[operations]\n"t.act" = { status = 200.0 }\n', "status must be 200, 202 or 204"),
    "list not a list": ('[operations]\n"t.act" = { delegated = "A" }\n', "'delegated' must be a list"),
    "list of numbers": ('[operations]\n"t.act" = { application = [1] }\n', "'application' must be a list"),
    "list of tables": ('[read]\n"t.x" = { delegated = [{ a = "A" }] }\n', "'delegated' must be a list"),
    "empty name": ('[read]\n"t.x" = { application = ["A", ""] }\n', "'application' must be a list"),
}


@pytest.mark.parametrize(("text", "says"), MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_file_is_an_error_naming_it(in_tmp: Path, text: str, says: str) -> None:
    path = write(in_tmp, text)
    with pytest.raises(SchemaError) as caught:
        read_permissions(path)
    assert str(caught.value).startswith("permissions.toml:")
    assert says in caught.value.message


def test_a_file_outside_the_working_folder_is_named_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    path = write(tmp_path, "[nope]\n", "elsewhere.toml")
    with pytest.raises(SchemaError) as caught:
        read_permissions(path)
    assert str(caught.value).startswith(f"{path}:")


def test_a_missing_file_is_an_error_naming_it(in_tmp: Path) -> None:
    with pytest.raises(SchemaError) as caught:
        read_permissions(in_tmp / "absent.toml")
    assert str(caught.value).startswith("absent.toml:")
