"""Every key of the questionnaire, asserted on the app's state and on the saved file."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from nextgen_tui.core import storage
from nextgen_tui.core.errors import SaveError
from nextgen_tui.core.instrument import Instrument
from nextgen_tui.tui.screens.details_form import DetailsForm
from nextgen_tui.tui.screens.help import HelpScreen
from nextgen_tui.tui.screens.note_editor import NoteEditor
from nextgen_tui.tui.screens.questionnaire import QuestionnaireScreen
from nextgen_tui.tui.screens.results import ResultsScreen
from nextgen_tui.tui.widgets.answer_bar import AnswerBar
from nextgen_tui.tui.widgets.maturity_sidebar import MaturitySidebar
from nextgen_tui.tui.widgets.statement_list import StatementList
from nextgen_tui.tui.widgets.statement_view import StatementView
from nextgen_tui.tui.widgets.status_line import StatusLine
from nextgen_tui.tui.widgets.title_bar import TitleBar

from .conftest import (
    PART_ANSWERED,
    click_note,
    make_app,
    palette_titles,
    run_command,
    saved,
    write_answers,
)


def screen_of(app) -> QuestionnaireScreen:
    return app.questionnaire


def plain(widget: Static) -> str:
    return str(widget.render())


def statement_shown(app) -> str:
    return app.screen.query_one(StatementView).text


@pytest.fixture
def part_answered(instrument: Instrument) -> Path:
    path = Path("answers.toml")
    write_answers(instrument, path, PART_ANSWERED)
    return path


async def test_new_file_asks_for_details_then_saves_on_first_answer() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, DetailsForm)
        await pilot.press(*"Ohio", "enter")
        await pilot.press(*"Jo Smith", "enter")
        await pilot.press(*"Workforce", "enter")
        assert isinstance(app.screen, QuestionnaireScreen)
        assert saved().details.state == "Ohio"
        assert saved().details.agency == "Workforce"
        assert saved().details.respondent == "Jo Smith"
        assert saved().answers == {}  # the details are saved; no answer yet
        await pilot.press("p")  # the first answer is saved with them
        await pilot.pause()
        first = saved()
        assert first.answer("shared-vision", "common-vision") == "partially"
        assert first.details.state == "Ohio"


async def test_skipping_details_writes_nothing_until_the_first_answer() -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("escape")
        assert not Path("answers.toml").exists()
        assert "New file answers.toml" in plain(app.screen.query_one(StatusLine))
        await pilot.press("y")
        assert saved().answer("shared-vision", "common-vision") == "yes"


async def test_answer_keys_save_and_move_on(part_answered: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        # opens on the first unanswered statement
        assert screen.cursor == (0, 3)
        await pilot.press("y")
        assert screen.cursor == (0, 4)
        await pilot.press("p")  # the role's last statement: on to the next role
        assert screen.cursor == (1, 0)
        await pilot.press("n")
        document = saved()
        assert document.answer("shared-vision", "sector-emphasis") == "yes"
        assert document.answer("shared-vision", "cross-system-commitment") == "partially"
        assert document.answer("joint-communications", "shared-definition") == "no"
        assert document.answer("shared-vision", "common-vision") == "yes"  # kept


async def test_u_clears_the_answer(part_answered: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "up", "up", "up")
        assert screen_of(app).cursor == (0, 0)
        await pilot.press("u")
        assert saved().answer("shared-vision", "common-vision") is None
        assert screen_of(app).cursor == (0, 0)


async def test_moving_between_statements_and_roles(part_answered: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        await pilot.press("down")
        assert screen.cursor == (0, 4)
        await pilot.press("j")  # past the role's end: the next role's first statement
        assert screen.cursor == (1, 0)
        await pilot.press("k", "up")
        assert screen.cursor == (0, 3)
        await pilot.press("right")  # next role: its first unanswered statement
        assert screen.cursor == (1, 1)
        await pilot.press("tab")
        assert screen.cursor == (2, 0)  # every statement answered: the first
        await pilot.press("shift+tab", "left")
        assert screen.cursor == (0, 3)
        await pilot.press("7")
        assert screen.cursor == (6, 0)
        await pilot.press("3")
        assert screen.cursor == (2, 0)
        await pilot.press("left")
        assert screen.cursor == (1, 1)


async def test_next_open_wraps_around(part_answered: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = screen_of(app)
        await pilot.press("right_square_bracket")
        assert screen.cursor == (0, 4)
        await pilot.press("right_square_bracket")
        assert screen.cursor == (1, 1)
        await pilot.press("7", "down", "down")
        await pilot.press("right_square_bracket")
        assert screen.cursor == (0, 3)


async def test_e_edits_the_note(part_answered: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        assert isinstance(app.screen, NoteEditor)
        await pilot.press(*"Two agencies", "enter", *"[b]so far[/b]", "escape")
        assert isinstance(app.screen, QuestionnaireScreen)
        assert (
            saved().entry("shared-vision", "sector-emphasis").note == "Two agencies\n[b]so far[/b]"
        )
        shown = statement_shown(app)
        assert "✎ Note: Two agencies\n[b]so far[/b]" in shown  # markup shown as typed
        await pilot.press("e")
        area = app.screen.query_one(TextArea)
        area.text = "Replaced"
        await pilot.press("ctrl+s")
        assert saved().entry("shared-vision", "sector-emphasis").note == "Replaced"


async def test_a_note_too_long_to_keep_stays_in_the_editor_and_is_said(
    part_answered: Path,
) -> None:
    from nextgen_tui.core.session import TEXT_LIMIT

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        area = app.screen.query_one(TextArea)
        area.text = "x" * (TEXT_LIMIT + 1)  # (a paste of a megabyte comes to the same)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)  # still open, the text there to shorten
        said = [n.message for n in app._notifications]
        assert any("A text may hold 10,000 characters; this one has 10,001" in m for m in said)
        assert saved().entry("shared-vision", "sector-emphasis") is None
        area.text = "x" * TEXT_LIMIT
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
        assert len(saved().entry("shared-vision", "sector-emphasis").note) == TEXT_LIMIT


async def test_f_toggles_the_flag(part_answered: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f")
        assert saved().entry("shared-vision", "sector-emphasis").flagged
        assert statement_shown(app).startswith("Statement 4 of 5  ⚑ Flagged for follow-up")
        await pilot.press("f")
        assert saved().entry("shared-vision", "sector-emphasis") is None


async def test_x_shows_and_hides_examples(part_answered: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")  # Strategic use of funding: every statement has examples
        assert "▼ For example" in statement_shown(app)
        assert "  • Using existing dollars" in statement_shown(app)
        await pilot.press("x")
        assert "▶ For example" in statement_shown(app)
        assert "•" not in statement_shown(app)
        await pilot.press("down")
        assert "•" not in statement_shown(app)  # stays hidden from one statement to the next
        await pilot.press("x")
        assert "  • Provide grants" in statement_shown(app)


async def test_r_shows_results_with_scores_and_gaps(part_answered: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        assert isinstance(app.screen, ResultsScreen)
        scores = plain(app.screen.query_one("#results-scores", Static))
        assert "Shared Vision & Strategy" in scores and " 30%  Developing" in scores
        assert "Policy Alignment" in scores and "100%  Leading" in scores
        found = plain(app.screen.query_one("#results-gaps", Static))
        assert "½ Partially" in found and "✗ No" in found and "· Unanswered" in found
        assert "Our state has a common vision" not in found  # answered Yes: no gap
        await pilot.press("escape")
        assert isinstance(app.screen, QuestionnaireScreen)


async def test_help_lists_every_key(part_answered: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = plain(app.screen.query_one("#help-keys", Static))
        for key in [
            "y ",
            "p ",
            "n ",
            "u ",
            "e ",
            "f ",
            "x ",
            "] ",
            "r ",
            "? ",
            "q ",
            "1–7",
            "↓ / j",
            "↑ / k",
            "→ / tab",
            "← / shift+tab",
            "ctrl+p",
        ]:
            assert key in text, key
        await pilot.press("escape")
        assert isinstance(app.screen, QuestionnaireScreen)


@pytest.mark.parametrize("key", ["q", "ctrl+c"])
async def test_quit_keys_leave_every_answer_saved(part_answered: Path, key: str) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("y", key)
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running
    assert saved().answer("shared-vision", "sector-emphasis") == "yes"


async def test_reopening_restores_everything(instrument: Instrument) -> None:
    write_answers(
        instrument,
        Path("answers.toml"),
        PART_ANSWERED,
        notes={("shared-vision", "common-vision"): "Adopted in May"},
        flags={("shared-vision", "multi-agency-team")},
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        rows = app.screen.query_one(StatementList).text.splitlines()
        assert rows[0].startswith("  1 ✓ Our state") and rows[0].endswith("✎")
        assert rows[1].startswith("  2 ½ This vision") and rows[1].endswith("⚑")
        assert rows[2].startswith("  3 ✗ ")
        assert rows[3].startswith("▸ 4 · ")
        sidebar = app.screen.query_one(MaturitySidebar).text.splitlines()
        assert sidebar[1].startswith("▶1 Shared Vision & Strategy") and sidebar[1].endswith("3/5")
        assert sidebar[2].endswith("30% Developing")
        await pilot.press("up", "up", "up")
        assert "✎ Note: Adopted in May" in statement_shown(app)


async def test_sidebar_updates_on_every_answer_and_clicks_jump(part_answered: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        sidebar = app.screen.query_one(MaturitySidebar)
        lines = sidebar.text.splitlines()
        assert lines[2].endswith("30% Developing")
        await pilot.press("y", "y")
        lines = sidebar.text.splitlines()
        assert lines[1].endswith("5/5") and lines[2].endswith("70% Established")
        assert lines[1].startswith(" 1") and lines[3].startswith("▶2")  # moved on to role 2
        assert "Overall" in lines[-2] and lines[-2].endswith("9/20 answered")
        role_6 = next(n for n, line in enumerate(lines) if line.startswith(" 6 Feedback Loop"))
        await pilot.click(sidebar, offset=(3, role_6 + 1))  # its bar line
        assert screen_of(app).cursor == (5, 1)
        bar = app.screen.query_one(AnswerBar)
        line, start, _end, _value = bar.spans[-1]
        await pilot.click(bar, offset=(start + 2, line))  # No
        assert saved().answer("feedback-loop", "state-regional-feedback") == "no"


async def test_read_only_changes_nothing(part_answered: Path) -> None:
    before = part_answered.read_bytes()
    app = make_app(read_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("y", "u", "f", "e")
        assert isinstance(app.screen, QuestionnaireScreen)
        assert "Read-only" in plain(app.screen.query_one(StatusLine))
    assert part_answered.read_bytes() == before


async def test_a_failed_save_keeps_answers_and_offers_save_as(
    part_answered: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = part_answered.read_bytes()
    real_write = storage.atomic_write

    def full_disk(path: Path, data: bytes, **kwargs: object) -> None:
        if path.name == "answers.toml":
            raise SaveError(path, "no space left on the device")
        real_write(path, data, **kwargs)

    monkeypatch.setattr("nextgen_tui.core.session.atomic_write", full_disk)
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("y")
        status = plain(app.screen.query_one(StatusLine))
        assert "NOT SAVED" in status and "no space left" in status
        assert app.session.assessment.answer("shared-vision", "sector-emphasis") == "yes"
        assert part_answered.read_bytes() == before
        await pilot.press("ctrl+s")
        field = app.screen.query_one("#path")
        field.value = "elsewhere.toml"
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionnaireScreen)
        assert "Saved" in plain(app.screen.query_one(StatusLine))
        assert saved("elsewhere.toml").answer("shared-vision", "sector-emphasis") == "yes"
        await pilot.press("y")  # later answers go to the new file
        assert saved("elsewhere.toml").answer("shared-vision", "cross-system-commitment") == "yes"
    assert part_answered.read_bytes() == before


async def test_command_palette_reaches_results_and_details(part_answered: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, app, "results", "Results")
        assert isinstance(app.screen, ResultsScreen)
        await pilot.press("question_mark")  # the questionnaire's help, over the results
        assert isinstance(app.screen, HelpScreen) and len(app.screen_stack) == 3
        await pilot.press("escape")
        # a command that moves the cursor goes back to the questionnaire first
        await run_command(pilot, app, "jump to role 6", "Jump to role 6")
        assert app.screen is screen_of(app) and screen_of(app).cursor == (5, 1)
        await run_command(pilot, app, "next open", "Next open statement")
        assert screen_of(app).cursor == (6, 0)  # the next open one after it
        await run_command(pilot, app, "edit state", "Edit state and team")
        assert isinstance(app.screen, DetailsForm)


async def test_markup_and_escape_codes_in_files_are_inert(instrument: Instrument) -> None:
    hostile = "[@click=app.quit]click me[/] [b]bold[/b] \x1b[31mred\x07"
    write_answers(
        instrument,
        Path("answers.toml"),
        {},
        notes={("shared-vision", "common-vision"): hostile},
        state="[red]Ohio",
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        text = await click_note(pilot, app)
        assert "[@click=app.quit]click me[/] [b]bold[/b] [31mred" in text
        assert "\x1b" not in text and "\x07" not in text
        assert app.is_running
        assert app.screen.sub_title == "[red]Ohio · Workforce team"
        title = app.screen.query_one(TitleBar)
        assert "[red]Ohio · Workforce team" in str(title.title)


async def test_export_from_the_command_palette(part_answered: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, app, "export report as markdown", "Export report as Markdown")
    report = Path("answers-report.md").read_text()
    assert report.startswith("# State Strategy Framework & Self Assessment — review")
    assert "| Shared Vision & Strategy | 30% | Developing | 3/5 |" in report


async def test_export_the_plan_as_html_from_the_palette(part_answered: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await run_command(pilot, app, "export the plan as html", "Export the plan as HTML")
    page = Path("answers-plan.html").read_text()
    assert page.startswith("<!doctype html>") and "No actions" not in page
    assert "<h2>Actions</h2>" in page


async def test_the_statement_list_takes_the_height_of_each_role(part_answered: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        statements = app.screen.query_one(StatementList)
        assert statements.size.height == 5
        await pilot.press("3")  # Policy Alignment: two statements, no blank lines after them
        assert statements.size.height == 2 and statements.size.height == 2
        await pilot.press("1")  # and back to five, none of them cut off
        assert statements.size.height == 5 and statements.size.height == 5


async def test_running_the_app_freezes_nothing_for_good(part_answered: Path) -> None:
    """gc.freeze() is the command's, once: an app run in a process that runs others (the tests,
    a server) leaves no objects frozen out of the garbage collector's reach."""
    import gc

    before = gc.get_freeze_count()
    for _ in range(2):
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("y")
    assert gc.get_freeze_count() == before


async def test_small_words_right(instrument: Instrument) -> None:
    """One Quit in the palette; the details form cancels when it edits; an opened file says
    "Opened" until something is saved; the note editor starts at the end of the note."""
    from textual.widgets import Button, TextArea

    write_answers(
        instrument,
        Path("answers.toml"),
        {("shared-vision", "common-vision"): "yes"},
        notes={("shared-vision", "multi-agency-team"): "Two agencies so far"},
    )
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        titles = palette_titles(app)
        assert titles.count("Quit") == 1
        status = plain(app.screen.query_one(StatusLine))
        assert status.startswith("Opened answers.toml · last saved")
        await pilot.press("m")
        assert str(app.screen.query_one("#skip", Button).label) == "Cancel"
        await pilot.press("escape")
        await pilot.press("e")  # the second statement, with its note
        area = app.screen.query_one(TextArea)
        assert area.cursor_location == area.document.end
        await pilot.press("escape", "y")
        assert plain(app.screen.query_one(StatusLine)).startswith("Saved ")


def record_notifications(app) -> list[tuple[str, bool]]:
    """Every notification the app is asked to show: (message, whether read as markup)."""
    said: list[tuple[str, bool]] = []
    original = app.notify

    def notify(message: str, **options) -> None:
        said.append((message, options.get("markup", True)))
        original(message, **options)

    app.notify = notify
    return said


async def test_notifications_show_text_from_files_literally(instrument: Instrument) -> None:
    text = Path("answers.toml")
    write_answers(instrument, text, {})
    text.write_text(
        text.read_text().replace('framework_version = "2020.1"', 'framework_version = "[b]9[/b]"')
    )
    app = make_app()
    said = record_notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    assert any("[b]9[/b]" in message and not markup for message, markup in said), said


async def test_the_last_answer_says_all_are_answered(instrument: Instrument) -> None:
    answers = {(r.id, s.id): "yes" for r, s in instrument.statements()}
    del answers[("shared-vision", "senior-champions")]  # one left, in the middle
    write_answers(instrument, Path("answers.toml"), answers)
    app = make_app()
    said = record_notifications(app)
    async with app.run_test(size=(100, 30)) as pilot:
        assert screen_of(app).cursor == (0, 2)
        await pilot.press("p")
        await pilot.pause()
    assert any(
        "Every statement is answered" in message and "nextgen-tui review answers.toml" in message
        for message, _ in said
    ), said


async def test_a_statement_taller_than_its_room_says_pgdn(instrument: Instrument) -> None:
    write_answers(
        instrument,
        Path("answers.toml"),
        {},
        notes={("strategic-funding", "resource-mapping"): "A long note. " * 30},
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("4")  # Strategic Use of Funding: examples and a long note
        await pilot.pause()
        view = app.screen.query_one(StatementView)
        assert view.max_scroll_y > 0 and view.border_title == "▾ pgdn for more"
        for _ in range(10):
            await pilot.press("pagedown")
        await pilot.pause()
        assert view.border_title == ""
        await pilot.press("pageup")
        await pilot.pause()
        assert view.border_title == "▾ pgdn for more"


async def test_help_explains_the_marks_and_the_scores(part_answered: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        legend = plain(app.screen.query_one("#help-legend", Static))
        for mark, meaning in [
            ("✓", "Answered Yes"),
            ("½", "Answered Partially"),
            ("✗", "Answered No"),
            ("·", "Not answered yet"),
            ("⚑", "Flagged for follow-up"),
            ("✎", "Has a note"),
            ("▸", "The statement you are on"),
        ]:
            assert any(mark in line and meaning in line for line in legend.splitlines()), mark
        scoring = " ".join(plain(app.screen.query_one("#help-scoring", Static)).split())
        assert "Yes 1, Partially 0.5, No 0" in scoring
        assert "Developing from 25%" in scoring and "not part of Next Gen's" in scoring
        await pilot.press("escape", "r")
        scores = " ".join(plain(app.screen.query_one("#results-scores", Static)).split())
        assert "The levels are this tool's reading of the scores" in scores


async def test_results_wrap_under_their_own_start(instrument: Instrument) -> None:
    write_answers(
        instrument,
        Path("answers.toml"),
        {("shared-vision", "common-vision"): "partially"},
        notes={("shared-vision", "common-vision"): "A note long enough to wrap " * 6},
    )
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        gaps = app.screen.query_one("#results-gaps", Static)
        lines = str(gaps.render()).splitlines()
        titles = {role.title for role in instrument.roles} | {""}
        for line in lines[1:]:
            assert line.startswith("  ") or line in titles, line
            assert len(line) <= 74, line
        first = next(n for n, line in enumerate(lines) if "½ Partially" in line)
        assert lines[first + 1].startswith("     Our state has") and lines[first + 2].startswith(
            "     "
        )
        note = next(n for n, line in enumerate(lines) if "✎" in line)
        assert lines[note + 1].startswith("       ") and lines[note + 1].strip()


async def test_help_wraps_under_each_description(part_answered: Path) -> None:
    app = make_app()
    async with app.run_test(size=(50, 30)) as pilot:
        await pilot.press("question_mark")
        keys = str(app.screen.query_one("#help-keys", Static).render()).splitlines()
        column = keys[0].index("Answer Yes")
        wrapped = [line for line in keys if not line[:column].strip()]
        assert wrapped, keys  # some descriptions wrap at 50 columns...
        assert all(line[column] != " " for line in wrapped)  # ...under themselves


async def test_keys_typed_ahead_land_in_the_field_they_were_typed_for() -> None:
    """Over a slow link several keys arrive at once: all are read before the form has handled
    the first Enter, and each must still land in its own field."""
    from textual import events

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, DetailsForm)
        for key in [*"Ohio", "enter", *"Jo", "enter", *"Ed", "enter"]:
            character = key if len(key) == 1 else ("\r" if key == "enter" else None)
            app.post_message(events.Key(key, character))  # all queued before any is handled
        deadline = time.monotonic() + 10
        while not isinstance(app.screen, QuestionnaireScreen):
            assert time.monotonic() < deadline, "the form did not close"
            await pilot.pause()
    details = app.session.assessment.details
    assert (details.state, details.respondent, details.agency) == ("Ohio", "Jo", "Ed")


async def test_capital_c_confirms_the_roles_carried_answers(instrument: Instrument) -> None:
    """Issue 27, item 8: after a look, one key confirms a role's carried answers."""
    from nextgen_tui.cli import main

    from .conftest import write_answers

    every = {(role.id, s.id): "yes" for role, s in instrument.statements()}
    write_answers(instrument, Path("2026.toml"), every)
    assert main(["new", "--from", "2026.toml", "answers.toml"]) == 0
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("C")
        await pilot.pause()
    document = saved()
    first, second = instrument.roles[0], instrument.roles[1]
    assert not any(document.entry(first.id, s.id).to_confirm for s in first.statements)
    assert all(document.entry(second.id, s.id).to_confirm for s in second.statements)
    assert document.carried == 15
