"""Planning in the questionnaire: an action on a statement (a), the action plan screen (A)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.widgets import DataTable, Input, Static

from nextgen_tui.core.instrument import Instrument
from nextgen_tui.tui.screens.action_editor import ActionEditor
from nextgen_tui.tui.screens.plan_screen import PlanScreen
from nextgen_tui.tui.screens.questionnaire import QuestionnaireScreen

from .conftest import PART_ANSWERED, make_app, saved, write_answers

FIRST = ("shared-vision", "common-vision")


async def _type_action(pilot, app, text: str, owner: str, due: str) -> None:
    await pilot.press("a")
    assert isinstance(app.screen, ActionEditor)
    await pilot.press(*text, "enter", *owner, "enter", *due, "enter")


async def test_a_plans_an_action_and_a_bad_date_is_refused_in_words(instrument: Instrument) -> None:
    write_answers(instrument, Path("answers.toml"), PART_ANSWERED)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "up", "up", "up")  # back to 1.1
        await _type_action(pilot, app, "Bring education in", "Ana", "2026-13-40")
        error = str(app.screen.query_one("#action-error", Static).render())
        assert "'2026-13-40' is not a date: write it as YYYY-MM-DD" in error
        due = app.screen.query_one("#action-due", Input)
        due.value = "2027-03-31"
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionnaireScreen)
        await pilot.pause()
        shown = " ".join(app.screen.query_one("#statement-view").text.split())
        assert "▪ Bring education in (open, Ana, due 2027-03-31)" in shown
    entry = saved().entry(*FIRST)
    assert [(a.text, a.owner, a.due) for a in entry.actions] == [
        ("Bring education in", "Ana", date(2027, 3, 31))
    ]


async def test_the_plan_screen_moves_an_action_on_and_goes_to_its_statement(
    instrument: Instrument,
) -> None:
    write_answers(instrument, Path("answers.toml"), PART_ANSWERED)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")  # a statement in role 4
        await _type_action(pilot, app, "Map the funds", "Ben", "")
        await pilot.press("A")
        assert isinstance(app.screen, PlanScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 1
        await pilot.press("s")  # open -> in progress
        await pilot.pause()
        assert saved().entry("strategic-funding", "resource-mapping").actions[0].status == (
            "in-progress"
        )
        await pilot.press("s")  # -> done
        await pilot.pause()
        await pilot.press("1")  # (a role key does nothing here)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
        assert app.screen.cursor == (3, 0)
    assert saved().entry("strategic-funding", "resource-mapping").actions[0].status == "done"


async def test_ticking_examples_in_place_and_planning_the_rest(instrument: Instrument) -> None:
    from textual.widgets import SelectionList

    from nextgen_tui.tui.screens.in_place_dialog import InPlaceDialog

    write_answers(instrument, Path("answers.toml"), PART_ANSWERED)
    statement = instrument.role("strategic-funding").statements[0]
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("4", "i")  # role 4's first statement has examples
        assert isinstance(app.screen, InPlaceDialog)
        app.screen.query_one(SelectionList).select(1)
        await pilot.click("#drafts")
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
        view = " ".join(app.screen.query_one("#statement-view").text.split())
        assert "✓ " + " ".join(statement.examples[0].split()) in view
    entry = saved().entry("strategic-funding", statement.id)
    assert entry.in_place == [1]
    assert [a.text for a in entry.actions] == statement.examples[1:]


async def test_a_hostile_action_text_is_inert_in_the_statement_and_the_plan(
    instrument: Instrument,
) -> None:
    from nextgen_tui.core import answers_file
    from nextgen_tui.core.assessment import Action

    hostile = "[bold]x[/bold] [@click=app.quit]quit[/] \x1b[31mred\x1b[0m \x07bell"
    write_answers(instrument, Path("answers.toml"), PART_ANSWERED)
    team = answers_file.load(Path("answers.toml"), instrument)
    team.set_actions(*FIRST, [Action(text=hostile, owner="[i]Ben[/i]")])
    answers_file.save(Path("answers.toml"), team, instrument)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("1", "up", "up", "up")
        view = app.screen.query_one("#statement-view").text
        assert "[bold]x[/bold] [@click=app.quit]quit[/]" in view and "\x1b" not in view
        await pilot.press("A")
        table = app.screen.query_one(DataTable)
        cells = [str(cell) for cell in table.get_row_at(0)]
        assert "[i]Ben[/i]" in cells and any("[@click=app.quit]quit[/]" in c for c in cells)
        assert not any("\x1b" in c or "\x07" in c for c in cells)
        assert app.is_running  # nothing was clicked into quitting
