from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.output import write
from generator.output.write import Change, _diff, apply, compare, summary


def put(root: Path, path: str, text: str | bytes) -> Path:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")
    return target


def sync(root: Path, files: dict[str, str]) -> list[Change]:
    changes = compare(root, files)
    apply(root, files, changes)
    return changes


def test_fresh_root_is_created(tmp_path: Path) -> None:
    root = tmp_path / "out"
    files = {"pkg/__init__.py": "", "pkg/models.py": "x = 1\n"}
    changes = sync(root, files)
    assert changes == [Change("pkg/__init__.py", "added"), Change("pkg/models.py", "added")]
    assert (root / "pkg/models.py").read_text(encoding="utf-8") == "x = 1\n"
    assert compare(root, files) == []


def test_unchanged_file_keeps_mtime(tmp_path: Path) -> None:
    same = put(tmp_path, "a.py", "a = 1\n")
    other = put(tmp_path, "b.py", "b = 1\n")
    old = 1_000_000_000
    os.utime(same, (old, old))
    os.utime(other, (old, old))
    changes = sync(tmp_path, {"a.py": "a = 1\n", "b.py": "b = 2\n"})
    assert [(c.path, c.kind) for c in changes] == [("b.py", "changed")]
    assert same.stat().st_mtime == old
    assert other.stat().st_mtime != old
    assert other.read_text(encoding="utf-8") == "b = 2\n"


def test_changed_file_has_unified_diff(tmp_path: Path) -> None:
    put(tmp_path, "m.py", "a = 1\nb = 2\n")
    (change,) = compare(tmp_path, {"m.py": "a = 1\nb = 3\n"})
    assert change.kind == "changed"
    assert change.diff[0] == "--- m.py (on disk)"
    assert change.diff[1] == "+++ m.py (generated now)"
    assert "-b = 2" in change.diff
    assert "+b = 3" in change.diff


def test_undecodable_file_counts_as_changed(tmp_path: Path) -> None:
    put(tmp_path, "m.py", b"\xff\xfe\x00bad")
    (change,) = sync(tmp_path, {"m.py": "ok\n"})
    assert change.kind == "changed"
    assert (tmp_path / "m.py").read_text(encoding="utf-8") == "ok\n"


def test_stale_files_and_empty_folders_removed_artifacts_kept(tmp_path: Path) -> None:
    put(tmp_path, "pkg/__init__.py", "")
    put(tmp_path, "pkg/old/gone.py", "")
    put(tmp_path, "stale.txt", "x")
    artifacts = [
        "pkg/__pycache__/models.cpython-311.pyc",
        "build/lib/x.py",
        "dist/pkg.whl",
        "pkg.egg-info/PKG-INFO",
        ".mypy_cache/x.json",
        ".ruff_cache/x",
        ".pytest_cache/x",
    ]
    for artifact in artifacts:
        put(tmp_path, artifact, "artifact")
    changes = sync(tmp_path, {"pkg/__init__.py": ""})
    assert changes == [Change("pkg/old/gone.py", "removed"), Change("stale.txt", "removed")]
    assert not (tmp_path / "stale.txt").exists()
    assert not (tmp_path / "pkg/old").exists()
    assert (tmp_path / "pkg/__init__.py").exists()
    for artifact in artifacts:
        assert (tmp_path / artifact).read_text(encoding="utf-8") == "artifact"


def test_empty_artifact_folder_is_kept(tmp_path: Path) -> None:
    (tmp_path / "pkg/__pycache__").mkdir(parents=True)
    sync(tmp_path, {"pkg/a.py": ""})
    assert (tmp_path / "pkg/__pycache__").is_dir()


def test_no_temp_files_left(tmp_path: Path) -> None:
    sync(tmp_path, {"a/b.py": "b\n", "a/c.py": "c\n"})
    sync(tmp_path, {"a/b.py": "B\n", "a/c.py": "c\n"})
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["b.py", "c.py"]


def test_permissions_of_changed_file_kept(tmp_path: Path) -> None:
    target = put(tmp_path, "run.sh", "old\n")
    target.chmod(0o755)
    sync(tmp_path, {"run.sh": "new\n"})
    assert target.stat().st_mode & 0o777 == 0o755


def test_summary() -> None:
    assert summary([]) == "no changes"
    changes = [
        Change("a.py", "added"),
        Change("b.py", "changed", tuple(f"+line {i}" for i in range(50))),
        Change("c.py", "removed"),
    ]
    lines = summary(changes).splitlines()
    assert lines[:3] == ["added    a.py", "changed  b.py", "removed  c.py"]
    assert "+line 39" in lines
    assert "+line 40" not in lines
    assert lines[-1] == "... 10 more diff lines"


def _patched(old: list[str], diff: tuple[str, ...]) -> list[str]:
    """`old` with the unified diff's hunks applied (checking every context and removed line)."""
    result: list[str] = []
    at = 0
    for line in diff[2:]:
        if line.startswith("@@"):
            start = int(line.split()[1].split(",")[0].lstrip("-"))
            count = line.split()[1].split(",")[1] if "," in line.split()[1] else "1"
            start = start if count != "0" else start + 1
            result.extend(old[at : start - 1])
            at = start - 1
        elif line.startswith("+"):
            result.append(line[1:])
        else:
            assert old[at] == line[1:], (at, line)
            if line.startswith(" "):
                result.append(line[1:])
            at += 1
    return result + old[at:]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from("abcde"), max_size=40),
    st.integers(0, 40),
    st.integers(0, 5),
    st.lists(st.sampled_from("abcxy"), max_size=5),
)
def test_a_diff_of_a_large_file_is_the_span_that_changed(
    lines: list[str], at: int, removed: int, added: list[str]
) -> None:
    at = min(at, len(lines))
    new = lines[:at] + added + lines[at + removed :]
    diff = _diff("f", "\n".join(lines), "\n".join(new))
    if new == lines:
        assert diff == ()
        return
    assert diff[:2] == ("--- f (on disk)", "+++ f (generated now)")
    assert _patched(lines, diff) == new


def test_a_one_line_change_in_a_large_file_is_one_short_hunk() -> None:
    old = [f"line {number}" for number in range(300_000)]
    new = [*old[:150_000], "changed", *old[150_001:]]
    diff = _diff("f", "\n".join(old), "\n".join(new))
    assert diff[2] == "@@ -149998,7 +149998,7 @@"
    assert [line for line in diff if line[0] in "+-"][2:] == ["-line 150000", "+changed"]


# Writing a package's folder in one step (issue 14 item 2); tests/output/test_killed_generation.py kills it.


def test_a_folder_is_written_whole_and_nothing_is_left_beside_it(tmp_path: Path) -> None:
    root = tmp_path / "out" / "pkg"
    sync(root, {"a.py": "a\n", "b.py": "b\n"})
    sync(root, {"a.py": "A\n", "c.py": "c\n"})
    assert sorted(path.name for path in root.iterdir()) == ["a.py", "c.py"]
    assert sorted(path.name for path in root.parent.iterdir()) == ["pkg"]


def test_without_an_atomic_exchange_two_renames_do_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "_rename_exchange", lambda first, second: False)
    root = tmp_path / "out" / "pkg"
    sync(root, {"a.py": "a\n"})
    sync(root, {"a.py": "A\n"})
    assert (root / "a.py").read_text(encoding="utf-8") == "A\n"
    assert sorted(path.name for path in root.parent.iterdir()) == ["pkg"]


def test_repair_finishes_or_undoes_two_renames_cut_in_the_middle(tmp_path: Path) -> None:
    root = tmp_path / "pkg"
    staging, old, ready = (tmp_path / f".pkg.sodagen-{role}" for role in ("new", "old", "ready"))
    put(staging, "a.py", "new\n")
    put(old, "a.py", "old\n")
    ready.touch()
    # Killed between the two renames, the new folder complete: it takes its place.
    write.repair(root)
    assert (root / "a.py").read_text(encoding="utf-8") == "new\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["pkg"]
    # Killed before the new folder was marked complete: the old one comes back.
    root.rename(old)
    put(old, "a.py", "previous\n")
    put(staging, "a.py", "half\n")
    write.repair(root)
    assert (root / "a.py").read_text(encoding="utf-8") == "previous\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["pkg"]
