"""Targets in the questionnaire: t on a role, marked on the sidebar's bar, listed in results."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from nextgen_tui.core.instrument import Instrument
from nextgen_tui.tui.screens.results import ResultsScreen
from nextgen_tui.tui.screens.target_dialog import TargetDialog
from nextgen_tui.tui.widgets.maturity_sidebar import MaturitySidebar

from .conftest import PART_ANSWERED, make_app, saved, write_answers


async def test_t_sets_a_target_the_sidebar_marks_it_and_results_list_it(
    instrument: Instrument,
) -> None:
    write_answers(instrument, Path("answers.toml"), PART_ANSWERED)
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


async def test_results_show_the_change_since_last_cycle(instrument: Instrument) -> None:
    from nextgen_tui.core import answers_file
    from nextgen_tui.core.combine import next_cycle

    write_answers(instrument, Path("answers.toml"), PART_ANSWERED)
    following = next_cycle(instrument, answers_file.load(Path("answers.toml"), instrument))
    answers_file.save(Path("next.toml"), following, instrument)
    app = make_app("next.toml")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("y")  # 1.1 confirmed Yes (it was Yes): no change
        await pilot.press("y")  # 1.2 was Partially: now Yes, +10 for the role
        await pilot.press("r")
        scores = str(app.screen.query_one("#results-scores", Static).render())
        vision = next(line for line in scores.splitlines() if "Shared Vision" in line)
        assert vision.rstrip().endswith("+10 since last cycle")
        funding = next(line for line in scores.splitlines() if "Strategic Use" in line)
        assert funding.rstrip().endswith("= last cycle")
