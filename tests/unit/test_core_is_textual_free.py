"""Only the Textual UI imports Textual: the core, the reports, plain mode, the servers and the
command line start without it, so `review`, plain mode and scripts start fast.

(The import contract in pyproject.toml, run by `lint-imports` in .ci/run, says the same of the
import graph; this asks the interpreter, module by module.)
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import pytest

import nextgen_tui

#: The Textual UI: these may import Textual (all of tui/ but the screen diff, which is pure).
UI_PACKAGES = ("nextgen_tui.tui.",)
PURE_IN_UI = ("nextgen_tui.tui.screen_diff",)
#: Not checked: running it runs the command; textual-serve (the web server) imports Textual.
OTHERS = ("nextgen_tui.__main__", "nextgen_tui.serve.web")


def _modules_without_textual() -> list[str]:
    found = [
        info.name
        for info in pkgutil.walk_packages(nextgen_tui.__path__, "nextgen_tui.")
        if info.name not in OTHERS
        and (not info.name.startswith(UI_PACKAGES) or info.name in PURE_IN_UI)
    ]
    return sorted(["nextgen_tui", *found])


MODULES = _modules_without_textual()


def test_every_part_but_the_ui_is_checked() -> None:
    for expected in (
        "nextgen_tui.core.session",
        "nextgen_tui.report.as_text",
        "nextgen_tui.plain.questionnaire",
    ):
        assert expected in MODULES
    assert "nextgen_tui.serve.ssh" in MODULES and "nextgen_tui.cli" in MODULES
    assert not any(name.startswith(UI_PACKAGES) for name in MODULES if name not in PURE_IN_UI)


@pytest.mark.parametrize("module", MODULES)
def test_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print(sorted(m for m in sys.modules if m.startswith('textual')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
