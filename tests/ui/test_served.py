"""A questionnaire opened for a served person (`--served`, as `serve --ssh` and `serve --web`
start it) writes their own answers file and nothing else, and names it without its folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.widgets import TextArea

from nextgen_tui.core.instrument import Instrument
from nextgen_tui.tui.screens.conflict import ConflictScreen
from nextgen_tui.tui.screens.questionnaire import QuestionnaireScreen
from nextgen_tui.tui.widgets.status_line import StatusLine

from .conftest import PART_ANSWERED, make_app, palette_titles, saved, write_answers


@pytest.fixture
def served_file(instrument: Instrument, tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "ana.toml"
    write_answers(instrument, path, PART_ANSWERED)
    return path


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if not p.name.startswith("."))


async def test_no_save_as_no_screenshot_and_only_the_file_name(
    served_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    before = files_in(tmp_path)
    app = make_app(served_file, served=True)
    async with app.run_test(size=(100, 30)) as pilot:
        status = str(app.screen.query_one(StatusLine).render())
        assert "ana.toml" in status and str(served_file.parent) not in status
        titles = palette_titles(app)
        assert "Save as…" not in titles and "Screenshot" not in titles
        assert "Export report as Markdown" in titles and "Quit" in titles
        # a PDF is printed by another program: a served person starts none
        assert "Export report as PDF" not in titles and "Export the plan as PDF" not in titles
        await pilot.press("ctrl+s")  # nothing to type a path into
        assert isinstance(app.screen, QuestionnaireScreen)
        app.action_screenshot("shot.svg", str(tmp_path))
        assert app.deliver_screenshot("shot.svg", str(tmp_path)) is None
        with pytest.raises(PermissionError):
            app.save_screenshot("shot.svg", str(tmp_path))
        with pytest.raises(PermissionError):
            app.session.save_as(tmp_path / "elsewhere.toml")
        app.screen.action_save_as()
        assert isinstance(app.screen, QuestionnaireScreen)
        app.screen.action_export("pdf")  # (not offered, and refused if asked for)
        app.screen.action_export("markdown")  # beside the file, under its fixed name
        await pilot.press("y")
    assert files_in(tmp_path) == sorted([*before, "ana-report.md"])
    assert saved(served_file).answer("shared-vision", "sector-emphasis") == "yes"


async def test_the_conflict_dialog_offers_no_save_as(served_file: Path) -> None:
    app = make_app(served_file, served=True)
    async with app.run_test(size=(80, 24)) as pilot:
        served_file.write_text(served_file.read_text() + "\n# changed behind its back\n")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, ConflictScreen)
        assert not app.screen.query("#save-as")
        await pilot.press("s")  # the local dialog's save-as key does nothing here
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("l")
        assert isinstance(app.screen, QuestionnaireScreen)


async def test_locally_save_as_and_screenshots_stay(served_file: Path) -> None:
    app = make_app(served_file)
    async with app.run_test(size=(80, 24)):
        titles = palette_titles(app)
        assert "Save as…" in titles and "Screenshot" in titles


async def test_a_paste_and_the_key_after_it_arrive_together(served_file: Path) -> None:
    """Over a slow link a paste and the key that keeps the note come in one piece."""
    app = make_app(served_file, served=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("e")
        assert app.screen.query_one(TextArea).has_focus
        # as the terminal driver hands them to the app: one after the other, no wait between
        app.post_message(events.Paste("pasted words"))
        app.post_message(events.Key("ctrl+s", None))
        await pilot.pause()
        assert isinstance(app.screen, QuestionnaireScreen)
    entry = saved(served_file).entry("shared-vision", "sector-emphasis")
    assert entry is not None and entry.note.endswith("pasted words")


async def test_a_served_person_is_offered_their_name_and_told_what_they_can_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 27, item 11: the first-time form offers the name the server knows; "all answered"
    names what a served person can do, never a command they cannot run."""
    from textual.widgets import Input

    from nextgen_tui.core.session import open_session
    from nextgen_tui.tui.app import NextGenApp

    monkeypatch.chdir(tmp_path)
    session = open_session(Path("ana.toml"), served=True, person="Ana Ruiz")
    app = NextGenApp(session)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#respondent", Input).value == "Ana Ruiz"
        await pilot.press("enter", "enter", "enter")  # kept as offered
        await pilot.pause()
        await pilot.press(*"y" * 20)
        await pilot.pause()
        said = " ".join(n.message for n in app._notifications)
    assert "Every statement is answered" in said
    assert "Export report" in said and "nextgen-tui review" not in said
    assert saved(tmp_path / "ana.toml").details.respondent == "Ana Ruiz"
