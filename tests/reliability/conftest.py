from __future__ import annotations

from pathlib import Path

import pytest

from nextgen_tui.core.instrument import Instrument
from tests.ui.conftest import (
    PART_ANSWERED,
    _utc_and_cwd,  # noqa: F401  (fixed clock and folder for UI tests)
    write_answers,
)


@pytest.fixture
def answers(instrument: Instrument, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A part-answered answers file, in the folder the test runs in."""
    monkeypatch.chdir(tmp_path)
    path = Path("answers.toml")
    write_answers(instrument, path, PART_ANSWERED)
    return path
