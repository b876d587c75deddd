"""A non-editable install finds the instrument inside the wheel; a checkout ignores what running
the tool in it leaves behind."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


def test_wheel_ships_the_instrument(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("nextgen_tui-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "nextgen_tui/data/framework.toml" in names
        assert "nextgen_tui/data/instruments/benchmark-profile.toml" in names
        assert (
            archive.read("nextgen_tui/data/framework.toml")
            == (ROOT / "framework.toml").read_bytes()
        )
        archive.extractall(tmp_path / "site")
    code = (
        "from nextgen_tui.core.instrument import builtin_instrument, default_instrument_path,"
        " load_instrument;"
        "p = default_instrument_path(); f = load_instrument();"
        "print(p); print(f.statement_count);"
        "print(builtin_instrument('benchmark-profile'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
    )
    path, count, profile = out.stdout.split()
    data = tmp_path / "site" / "nextgen_tui" / "data"
    assert path == str(data / "framework.toml")
    assert count == "20"
    assert profile == str(data / "instruments" / "benchmark-profile.toml")


@pytest.mark.parametrize(
    "name",
    [
        "nextgen-assessment.toml",
        "nextgen-assessment-report.md",
        "answers-report.csv",
        "answers-report.json",
        "nextgen-tui-recovered-20261125-101500.toml",
        "answers.toml~",
        ".answers.toml.lock",
    ],
)
def test_what_running_it_in_a_checkout_leaves_is_not_committed(name: str) -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    ignored = subprocess.run(["git", "check-ignore", "-q", name], cwd=ROOT, check=False)
    assert ignored.returncode == 0, name


def test_the_instrument_and_docs_are_not_ignored() -> None:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    for name in ("framework.toml", "README.md", "docs/SECURITY.md"):
        ignored = subprocess.run(["git", "check-ignore", "-q", name], cwd=ROOT, check=False)
        assert ignored.returncode == 1, name
