"""The core imports nothing from Textual, so review and scripts start fast."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = [
    "nextgen_tui.framework",
    "nextgen_tui.assessment",
    "nextgen_tui.scoring",
    "nextgen_tui.storage",
    "nextgen_tui.session",
    "nextgen_tui.walk",
    "nextgen_tui.plain",
    "nextgen_tui.combine",
    "nextgen_tui.marks",
    "nextgen_tui.cli",
]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.startswith('textual')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
