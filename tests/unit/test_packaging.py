"""A non-editable install finds the framework inside the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_ships_the_framework(tmp_path: Path) -> None:
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
        assert (
            archive.read("nextgen_tui/data/framework.toml")
            == (ROOT / "framework.toml").read_bytes()
        )
        archive.extractall(tmp_path / "site")
    code = (
        "from nextgen_tui.framework import default_framework_path, load_framework;"
        "p = default_framework_path(); f = load_framework();"
        "print(p); print(f.statement_count)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"},
    )
    path, count = out.stdout.split()
    assert path == str(tmp_path / "site" / "nextgen_tui" / "data" / "framework.toml")
    assert count == "20"
