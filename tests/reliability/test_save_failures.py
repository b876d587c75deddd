"""Saves that fail: a clear message in the UI and from the CLI, answers kept, save-as offered,
nothing overwritten. And saving through a symbolic link."""

from __future__ import annotations

import errno
import os
import tempfile
import time
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from nextgen_tui.cli import main
from nextgen_tui.core import storage
from nextgen_tui.core.instrument import Instrument
from nextgen_tui.core.session import open_session
from nextgen_tui.tui.screens.questionnaire import QuestionnaireScreen
from nextgen_tui.tui.screens.save_as import SaveAsScreen
from nextgen_tui.tui.widgets.status_line import StatusLine
from tests.ui.conftest import make_app, saved

FAILURES = {
    "read-only folder": ("mkstemp", errno.EROFS, "the file system is read-only"),
    "permission denied": ("mkstemp", errno.EACCES, "permission denied"),
    "disk full": ("fsync", errno.ENOSPC, "no space left on the device"),
}


def break_saving(monkeypatch: pytest.MonkeyPatch, where: str, code: int) -> None:
    """Make the next saves beside answers.toml fail as the system would."""
    real = {"mkstemp": tempfile.mkstemp, "fsync": storage.os.fsync}[where]

    def failing(*args, **kwargs):
        folder = kwargs.get("dir")
        if where == "mkstemp" and folder is not None and Path(folder).resolve() != Path.cwd():
            return real(*args, **kwargs)
        raise OSError(code, os.strerror(code))

    if where == "mkstemp":
        monkeypatch.setattr(tempfile, "mkstemp", failing)
    else:
        monkeypatch.setattr(storage.os, "fsync", failing)


@pytest.mark.parametrize("failure", list(FAILURES))
async def test_ui_says_so_keeps_answers_and_offers_save_as(
    answers: Path, monkeypatch: pytest.MonkeyPatch, failure: str
) -> None:
    where, code, message = FAILURES[failure]
    before = answers.read_bytes()
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        with monkeypatch.context() as patch:
            break_saving(patch, where, code)
            await pilot.press("y", "n")
            status = str(app.screen.query_one(StatusLine).render())
            assert message in status and "ctrl+s saves elsewhere" in status
            assert app.session.assessment.answer("shared-vision", "sector-emphasis") == "yes"
            assert app.session.assessment.answer("shared-vision", "cross-system-commitment") == "no"
            assert answers.read_bytes() == before  # nothing overwritten, nothing half-written
            assert [p.name for p in Path.cwd().iterdir() if p.suffix == ".tmp"] == []
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, SaveAsScreen)
        app.screen.query_one(Input).value = str(Path.cwd() / "rescued.toml")
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionnaireScreen)
    rescued = saved(Path.cwd() / "rescued.toml")
    assert rescued.answer("shared-vision", "cross-system-commitment") == "no"
    assert answers.read_bytes() == before


async def test_file_replaced_by_a_directory(answers: Path) -> None:
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        answers.unlink()
        answers.mkdir()
        await pilot.press("y")
        status = str(app.screen.query_one(StatusLine).render())
        assert "NOT SAVED" in status and "directory" in status
        assert app.session.assessment.answer("shared-vision", "sector-emphasis") == "yes"
    assert answers.is_dir()


async def test_save_as_refuses_an_existing_file(answers: Path, instrument: Instrument) -> None:
    other = Path("other.toml")
    other.write_text("precious\n")
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+s")
        app.screen.query_one(Input).value = "other.toml"
        await pilot.press("enter")
        assert isinstance(app.screen, SaveAsScreen)
        assert "already exists" in str(app.screen.query_one("#save-as-error", Static).render())
    assert other.read_text() == "precious\n"


@pytest.mark.parametrize("failure", list(FAILURES))
def test_cli_outputs_fail_clearly(
    answers: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], failure: str
) -> None:
    where, code, message = FAILURES[failure]
    team = Path("team.toml")
    other = Path("other.toml")
    other.write_text(answers.read_text().replace('respondent = "', 'respondent = "Not '))
    break_saving(monkeypatch, where, code)
    assert main(["merge", str(answers), str(other), "-o", str(team)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "team.toml: cannot" in err and message in err
    assert main(["new", "--from", str(answers), "next.toml"]) == 2
    assert message in capsys.readouterr().err
    assert main(["review", str(answers), "--format", "csv", "-o", "report.csv"]) == 2
    assert message in capsys.readouterr().err
    assert not team.exists() and not Path("next.toml").exists() and not Path("report.csv").exists()


def test_cli_output_path_is_a_directory(answers: Path, capsys: pytest.CaptureFixture[str]) -> None:
    Path("out").mkdir()
    assert main(["review", str(answers), "-o", "out"]) == 2
    assert "is a directory" in capsys.readouterr().err


async def test_a_symbolic_link_stays_a_link(answers: Path, instrument: Instrument) -> None:
    real = Path("shared") / "answers.toml"
    real.parent.mkdir()
    answers.rename(real)
    os.chmod(real, 0o640)
    Path("mine.toml").symlink_to(real)
    app = make_app("mine.toml")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("y")
    assert Path("mine.toml").is_symlink()
    assert saved(real).answer("shared-vision", "sector-emphasis") == "yes"
    assert oct(real.stat().st_mode & 0o777) == oct(0o640)
    assert [p.name for p in real.parent.iterdir()] == ["answers.toml"]  # no lock or temp left


def test_leftovers_of_a_killed_save_are_cleaned_up(answers: Path) -> None:
    leftover = Path(".answers.toml.abc123.tmp")
    leftover.write_text("half a fi")
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    fresh = Path(".answers.toml.def456.tmp")
    fresh.write_text("another process, now")
    session = open_session(answers)
    try:
        assert not leftover.exists() and fresh.exists()
    finally:
        session.close()
