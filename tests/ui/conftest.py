"""Helpers for driving the questionnaire: sessions on temporary files with a fixed clock."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from nextgen_tui.core import answers_file
from nextgen_tui.core.assessment import Assessment
from nextgen_tui.core.instrument import Instrument
from nextgen_tui.core.session import Session, open_session
from nextgen_tui.tui.app import NextGenApp

FIXED_NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _utc_and_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Times show in UTC, paths are relative and the terminal is a 256-colour one, so screens
    are the same on every machine (whatever TERM the suite was started with)."""
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("COLORTERM", raising=False)
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.chdir(tmp_path)


def write_answers(
    instrument: Instrument,
    path: Path,
    answers: dict[tuple[str, str], str],
    *,
    notes: dict[tuple[str, str], str] | None = None,
    flags: set[tuple[str, str]] | None = None,
    state: str = "Colorado",
    respondent: str = "Workforce team",
) -> None:
    document = Assessment.new(instrument)
    document.details.state = state
    document.details.respondent = respondent
    for (role_id, statement_id), value in answers.items():
        document.set_answer(role_id, statement_id, value)
    for (role_id, statement_id), note in (notes or {}).items():
        document.set_note(role_id, statement_id, note)
    for role_id, statement_id in flags or set():
        document.set_flag(role_id, statement_id, True)
    answers_file.save(path, document, instrument, now=FIXED_NOW)


def make_app(
    path: str | Path = "answers.toml",
    *,
    read_only: bool = False,
    served: bool = False,
    instrument_path: Path | None = None,
) -> NextGenApp:
    session: Session = open_session(
        Path(path), instrument_path=instrument_path, read_only=read_only, served=served
    )
    session.clock = lambda: FIXED_NOW
    return NextGenApp(session)


def saved(path: str | Path = "answers.toml") -> Assessment:
    return answers_file.load(Path(path))


PART_ANSWERED = {
    ("shared-vision", "common-vision"): "yes",
    ("shared-vision", "multi-agency-team"): "partially",
    ("shared-vision", "senior-champions"): "no",
    ("joint-communications", "shared-definition"): "yes",
    ("policy-alignment", "shared-policy-agenda"): "yes",
    ("policy-alignment", "coordinated-policy-changes"): "yes",
    ("feedback-loop", "partnership-network"): "partially",
}


async def click_note(pilot, app: NextGenApp) -> str:
    """Scroll the current statement's note into view, click it, and return what it shows (its
    lines joined by spaces, as they were before wrapping)."""
    from nextgen_tui.tui.widgets.statement_view import StatementView

    view = app.screen.query_one(StatementView)
    lines = view.text.splitlines()
    first = next(index for index, line in enumerate(lines) if line.startswith("✎ Note: "))
    view.scroll_to(y=first, animate=False)
    await pilot.pause()
    region = view.content_region
    await pilot.click(offset=(region.x + 10, region.y + first - round(view.scroll_y)))
    return " ".join(lines[first:])


async def run_command(pilot, app: NextGenApp, query: str, title: str) -> None:
    """Open the command palette, type ``query`` and run the command titled ``title`` once the
    palette lists it (its search runs in the background: wait for it, never for a time)."""
    from textual.command import CommandList

    await pilot.press("ctrl+p", *query)
    deadline = time.monotonic() + 10
    while True:
        commands = app.screen.query_one(CommandList)
        found = [
            index
            for index in range(commands.option_count)
            if str(commands.get_option_at_index(index).prompt).startswith(title)
        ]
        if found:
            break
        assert time.monotonic() < deadline, f"{title!r} not in the palette"
        await pilot.pause()
    commands.highlighted = found[0]
    await pilot.press("enter")
    await pilot.pause()


def palette_titles(app) -> list[str]:
    """Every command the palette offers: the questionnaire's and Textual's own."""
    from nextgen_tui.tui.commands import offered

    ours = [command.title for command in offered(app.session, team=app.team)]
    return ours + [command.title for command in app.get_system_commands(app.screen)]
