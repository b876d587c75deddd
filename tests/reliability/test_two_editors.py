"""Two editors, one file: a second nextgen-tui opens read-only; an edit behind the app's back is
never overwritten, and the app offers to reload or save elsewhere."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from textual.widgets import Input

from nextgen_tui.core import answers_file
from nextgen_tui.core.session import open_session
from nextgen_tui.tui.screens.conflict import ConflictScreen
from nextgen_tui.tui.screens.questionnaire import QuestionnaireScreen
from nextgen_tui.tui.screens.save_as import SaveAsScreen
from nextgen_tui.tui.widgets.status_line import StatusLine
from tests.tmux import Terminal, have_tmux
from tests.ui.conftest import make_app, saved

COMMAND = str(Path(sys.executable).with_name("nextgen-tui"))


def test_second_session_opens_read_only_until_the_first_closes(answers: Path) -> None:
    first = open_session(answers)
    second = open_session(answers)
    try:
        assert not first.read_only
        assert second.read_only and "open in another nextgen-tui" in (second.read_only_reason or "")
        assert first.set_answer("shared-vision", "sector-emphasis", "yes")
    finally:
        first.close()
        second.close()
    third = open_session(answers)
    try:
        assert not third.read_only
    finally:
        third.close()


def test_a_crashed_holder_leaves_no_stale_lock(answers: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                """
                import sys, time
                from pathlib import Path
                from nextgen_tui.core.session import open_session
                session = open_session(Path("answers.toml"))
                print("locked", flush=True)
                time.sleep(60)
                """
            ),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    blocked = open_session(answers)
    assert blocked.read_only
    blocked.close()
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    after = open_session(answers)
    try:
        assert not after.read_only  # the lock went with the process
    finally:
        after.close()


def test_a_new_file_being_created_elsewhere_is_refused(tmp_path: Path) -> None:
    first = open_session(Path("new.toml"))
    try:
        with pytest.raises(Exception, match="being created in another nextgen-tui"):
            open_session(Path("new.toml"))
    finally:
        first.close()


async def test_read_only_second_app_says_why(answers: Path) -> None:
    first = open_session(answers)
    try:
        app = make_app()
        async with app.run_test(size=(80, 24)) as pilot:
            status = str(app.screen.query_one(StatusLine).render())
            assert "Read-only" in status and "open in another nextgen-tui" in status
            await pilot.press("y")
            assert app.session.assessment.answer("shared-vision", "sector-emphasis") is None
    finally:
        first.close()


def edit_behind_its_back(path: Path) -> bytes:
    document = answers_file.load(path)
    document.set_answer("training-assistance", "coaching", "yes")
    document.set_note("shared-vision", "common-vision", "edited by hand")
    answers_file.save(path, document)
    return path.read_bytes()


async def test_changed_on_disk_is_not_overwritten_and_can_be_reloaded(answers: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        theirs = edit_behind_its_back(answers)
        await pilot.press("y")
        assert isinstance(app.screen, ConflictScreen)
        assert answers.read_bytes() == theirs  # not overwritten
        await pilot.press("l")  # reload
        assert isinstance(app.screen, QuestionnaireScreen)
        assert app.session.assessment.answer("training-assistance", "coaching") == "yes"
        assert app.session.assessment.answer("shared-vision", "sector-emphasis") is None
        await pilot.press("p")  # saving works again, on top of their edit
    document = saved()
    assert document.answer("training-assistance", "coaching") == "yes"
    assert document.entry("shared-vision", "common-vision").note == "edited by hand"
    assert document.answer("shared-vision", "sector-emphasis") == "partially"


async def test_changed_on_disk_can_be_saved_elsewhere(answers: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        theirs = edit_behind_its_back(answers)
        await pilot.press("y")
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("s")
        assert isinstance(app.screen, SaveAsScreen)
        app.screen.query_one(Input).value = "mine.toml"
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionnaireScreen)
    assert answers.read_bytes() == theirs
    mine = saved("mine.toml")
    assert mine.answer("shared-vision", "sector-emphasis") == "yes"
    assert mine.answer("training-assistance", "coaching") is None


async def test_escape_keeps_working_without_saving(answers: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        theirs = edit_behind_its_back(answers)
        await pilot.press("y", "escape")
        assert isinstance(app.screen, QuestionnaireScreen)
        assert "NOT SAVED" in str(app.screen.query_one(StatusLine).render())
        await pilot.press("y")  # still refuses, asks again
        assert isinstance(app.screen, ConflictScreen)
    assert answers.read_bytes() == theirs


@pytest.mark.skipif(not have_tmux(), reason="tmux is not installed (.ci/run installs it)")
def test_two_real_processes(answers: Path) -> None:
    first, second = Terminal(80, 24), Terminal(80, 24)
    try:
        first.start(f"{COMMAND} answers.toml", Path.cwd(), {"TZ": "UTC"})
        first.wait_for("Opened")
        second.start(f"{COMMAND} answers.toml", Path.cwd(), {"TZ": "UTC"})
        screen = second.wait_for("Read-only")
        assert "open in another nextgen-tui" in screen
        first.press_until("y", "8/20 answered")
        second.send("q")
        second.wait_for("EXITED 0")
        first.send("q")
        first.wait_for("EXITED 0")
    finally:
        first.close()
        second.close()
    assert saved().answer("shared-vision", "sector-emphasis") == "yes"
    assert sorted(p.name for p in Path.cwd().iterdir()) == ["answers.toml"]
