"""Targets in the questionnaire: t on a role, marked on the sidebar's bar, listed in results."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from nextgen_tui.framework import Framework
from nextgen_tui.screens.results import ResultsScreen
from nextgen_tui.screens.target_dialog import TargetDialog
from nextgen_tui.widgets.maturity_sidebar import MaturitySidebar

from .conftest import PART_ANSWERED, make_app, saved, write_answers


async def test_t_sets_a_target_the_sidebar_marks_it_and_results_list_it(
    framework: Framework,
) -> None:
    write_answers(framework, Path("answers.toml"), PART_ANSWERED)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("t")
        assert isinstance(app.screen, TargetDialog)
        await pilot.press(*"excellent", "enter")  # not a level: said, and the dialog stays
        error = str(app.screen.query_one("#target-error", Static).render())
        assert "'excellent' is not a level or a percentage" in error
        app.screen.query_one(Input).value = "lead"  # the start of a level's name will do
        await pilot.press("enter")
        await pilot.pause()
        assert saved().targets == {"shared-vision": "Leading"}
        bar = app.screen.query_one(MaturitySidebar).text.splitlines()[2]
        assert "┃" in bar  # the target, on role 1's bar
        await pilot.press("r")
        assert isinstance(app.screen, ResultsScreen)
        scores = str(app.screen.query_one("#results-scores", Static).render())
        assert "Targets" in scores and "30% → Leading" in scores and "45 below" in scores
        await pilot.press("escape", "t")
        app.screen.query_one(Input).value = ""  # empty: no target
        await pilot.press("enter")
        await pilot.pause()
    assert saved().targets == {}
