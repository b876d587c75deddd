"""The installed `nextgen-tui` in a real terminal (tmux, 80×24): answer all twenty, quit, reopen."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from nextgen_tui.core import answers_file
from nextgen_tui.core.instrument import Instrument
from tests.tmux import Terminal, wait_until

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (.ci/run installs it)"
)

COMMAND = str(Path(sys.executable).with_name("nextgen-tui"))
KEYS = "ypnypnyyppynynnypypn"  # 5, 3, 2, 3, 2, 2, 3
ANSWER = {"y": "yes", "p": "partially", "n": "no"}
#: A file with its details given and nothing answered yet: the questionnaire opens on the first
#: statement (a whole file: an old one's "framework_version is missing" note would come and go).
DETAILS_GIVEN = (
    'framework = "nextgen-state-strategy"\nframework_version = "2020.1"\n\n'
    '[metadata]\nstate = "Ohio"\nrespondent = "Team A"\n'
)


def test_answer_all_twenty_quit_and_reopen(
    terminal: Terminal, tmp_path: Path, instrument: Instrument
) -> None:
    env = {"TERM": "xterm-256color", "TZ": "UTC"}
    terminal.start(f"{COMMAND} answers.toml", tmp_path, env)
    terminal.wait_for("About this assessment")
    # Type into the form until the app shows it is reading keys, then fill it in and save.
    terminal.press_until("O", "▊  O")
    terminal.send(*"hio", "Enter")
    terminal.wait_for("e.g. Workforce team")
    terminal.send(*"Team A", "Enter")
    terminal.wait_for("e.g. Workforce development")
    terminal.send(*"Workforce", "Enter")
    terminal.wait_for("Role 1 of 7 · 0 of 5 answered")
    for count, key in enumerate(KEYS, start=1):
        terminal.send(key)
        terminal.wait_for(f"{count}/20 answered")
    screen = terminal.wait_for("20/20 answered")
    assert "Saved " in screen and "answers.toml" in screen
    terminal.send("q")
    terminal.wait_for("EXITED 0")

    document = answers_file.load(tmp_path / "answers.toml", instrument)
    expected = [ANSWER[key] for key in KEYS]
    assert [document.answer(role.id, s.id) for role, s in instrument.statements()] == expected
    assert (document.details.state, document.details.respondent) == ("Ohio", "Team A")

    terminal.close()
    again = Terminal(80, 24)
    try:
        again.start(f"{COMMAND} answers.toml", tmp_path, env)
        screen = again.wait_for("20/20 answered")
        assert "Ohio · Team A" in screen
        # all answered: it opens on the first statement, each answer shown by its symbol
        assert "Role 1 of 7 · 5 of 5 answered" in screen
        for number, key in enumerate(KEYS[:5], start=1):
            symbol = instrument.option(ANSWER[key]).symbol
            assert f"{number} {symbol} " in screen, (number, screen)
        assert "▸ 1 ✓ Our state has a common vision" in screen
        assert "60% Established" in screen  # shared vision: 1 + .5 + 0 + 1 + .5 of 5
        again.send("q")
        again.wait_for("EXITED 0")
    finally:
        again.close()


def test_a_team_settles_a_dispute_by_keys(
    terminal: Terminal, tmp_path: Path, instrument: Instrument
) -> None:
    """Members' files merged by the command, the team file opened, the widest dispute settled
    in the consensus view with a reason, as a person would over a terminal."""
    from tests.team import member_files

    names = [path.name for path in member_files(instrument, tmp_path)]
    env = {"TERM": "xterm-256color", "TZ": "UTC"}
    terminal.start(f"{COMMAND} merge {' '.join(names)} -o team.toml", tmp_path, env)
    terminal.wait_for("3 disputed")
    terminal.wait_for("EXITED 0")
    terminal.close()

    team = Terminal(80, 24)
    try:
        team.start(f"{COMMAND} team.toml", tmp_path, env)
        team.wait_for("Disputes to settle")  # said once the questionnaire is up and reading keys
        team.send("c")  # (once: c also closes the view)
        team.wait_for("0 of 3 disputes settled")
        screen = team.wait_for("Only workforce is at the table")  # notes beside the answers
        assert "Economic develo" in screen and "· Unanswered" in screen
        team.send("e")
        team.wait_for("Why the team agreed")
        team.send(*"Two of four agencies", "Escape")
        team.wait_for("1–4 takes a member's")
        team.send("2")  # Ben's answer: No
        team.wait_for("1 of 3 disputes settled")
        team.send("q")
        team.wait_for("EXITED 0")
    finally:
        team.close()

    def agreed() -> bool:
        entry = answers_file.load(tmp_path / "team.toml", instrument).entry(
            "shared-vision", "multi-agency-team"
        )
        return entry is not None and entry.answer == "no"

    assert wait_until(agreed)
    entry = answers_file.load(tmp_path / "team.toml", instrument).entry(
        "shared-vision", "multi-agency-team"
    )
    assert entry.rationale == "Two of four agencies" and len(entry.members) == 3


def test_ctrl_l_redraws_a_screen_another_program_wrote_over(
    terminal: Terminal, tmp_path: Path
) -> None:
    """Only the cells that change are sent (nextgen_tui.tui.screen_diff), so what another program
    writes to the terminal (a `wall` message on a shared server, line noise) stays until ctrl+l."""
    (tmp_path / "answers.toml").write_text(DETAILS_GIVEN, encoding="utf-8")
    terminal.start(f"{COMMAND} answers.toml", tmp_path, {"TERM": "xterm-256color"})
    terminal.wait_for("0/20 answered")
    terminal.send("y")
    # the frame that shows the answer, then the one that says it is saved: after that the
    # screen holds still (anything captured earlier may be a frame half drawn)
    saved = re.compile(r"Saved [\d:]+ · answers\.toml")
    assert wait_until(lambda: saved.search(terminal.screen())), terminal.screen()
    before = terminal.screen()
    assert "1/20 answered" in before and "Note" not in before, before
    terminal.pane_tty().write_text("\x1b[2J\x1b[3;5HBroadcast message from root\n")
    terminal.wait_for("Broadcast message")
    terminal.send("C-l")
    assert wait_until(lambda: terminal.screen() == before), (before, terminal.screen())
    terminal.send("q")
    terminal.wait_for("EXITED 0")


@pytest.mark.skipif(shutil.which("screen") is None, reason="GNU screen is not installed")
def test_one_escape_closes_a_dialog_under_gnu_screen(terminal: Terminal, tmp_path: Path) -> None:
    """While a program has the mouse reported, GNU screen holds a lone Escape until the next key
    comes (then Esc q reads as alt+q): in screen the app does without the mouse, and one Esc
    does what it says."""
    (tmp_path / "answers.toml").write_text(DETAILS_GIVEN, encoding="utf-8")
    terminal.start(f"screen -q -c /dev/null {COMMAND} answers.toml", tmp_path, {"TERM": "xterm"})
    terminal.wait_for("0/20 answered")
    terminal.press_until("e", "Keep note")
    terminal.send("Escape")
    assert wait_until(lambda: "Keep note" not in terminal.screen()), terminal.screen()
    terminal.send("q")
    terminal.wait_for("EXITED 0")
