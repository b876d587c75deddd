from __future__ import annotations

from pathlib import Path

import pytest

from nextgen_tui.framework import Framework, load_framework

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def framework() -> Framework:
    return load_framework(ROOT / "framework.toml")
