"""The installed nextgen-tui over a real SSH link: answer, read the screen, quit, check the file;
drop the link; resize the terminal."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nextgen_tui.core import answers_file
from nextgen_tui.core.instrument import Instrument
from tests.conftest import saved_answers
from tests.tmux import Terminal, processes_gone

from .sshd import SSHServer, missing_tools

pytestmark = pytest.mark.skipif(missing_tools() is not None, reason=str(missing_tools()))

COMMAND = str(Path(sys.executable).with_name("nextgen-tui"))
KEYS = "ypnypnyy"
VALUES = {"y": "yes", "p": "partially", "n": "no"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SSHServer]:
    ssh = SSHServer(tmp_path_factory.mktemp("sshd"))
    ssh.start()
    yield ssh
    ssh.stop()


def connect(
    terminal: Terminal, server: SSHServer, folder: Path, term: str, extra: str = ""
) -> None:
    remote = f"cd {folder} && env TZ=UTC {extra} {COMMAND} answers.toml"
    terminal.start(server.ssh_command(remote), folder, {"TERM": term})


def fill_details(terminal: Terminal) -> None:
    terminal.wait_for("About this assessment")
    terminal.press_until("O", "▊  O")
    terminal.send(*"hio", "Enter")
    terminal.wait_for("e.g. Workforce team")
    terminal.send(*"Remote team", "Enter")
    terminal.wait_for("e.g. Workforce development")
    terminal.send("Enter")
    terminal.wait_for("Role 1 of 7 · 0 of 5 answered")


@pytest.mark.parametrize(
    ("term", "extra"),
    [("xterm-256color", ""), ("linux", ""), ("xterm-256color", "NO_COLOR=1")],
    ids=["xterm-256color", "linux-16-colours", "NO_COLOR"],
)
def test_answer_over_ssh(
    server: SSHServer,
    terminal: Terminal,
    tmp_path: Path,
    instrument: Instrument,
    term: str,
    extra: str,
) -> None:
    connect(terminal, server, tmp_path, term, extra)
    fill_details(terminal)
    for count, key in enumerate(KEYS, start=1):
        terminal.send(key)
        terminal.wait_for(f"{count}/20 answered")
    terminal.wait_for("Role 3 of 7 · 0 of 2 answered")
    terminal.send("2")
    screen = terminal.wait_for("Role 2 of 7 · 3 of 3 answered")
    lines = screen.splitlines()
    assert "Ohio · Remote te" in lines[0]  # the title line, cut to 80 columns
    assert any("1 ✗ The state has agreed" in line for line in lines)
    assert any("3 ✓ The state is pursuing" in line for line in lines)
    assert any("▶2 Joint Communications" in line and "3/3" in line for line in lines)
    assert any("67% Established" in line for line in lines)  # joint communications
    assert "Saved " in screen and "answers.toml" in screen
    assert "y Yes" in lines[-1] and "q Quit" in lines[-1]
    terminal.send("q")
    terminal.wait_for("EXITED 0")
    assert saved_answers(tmp_path / "answers.toml", instrument)[: len(KEYS)] == [
        VALUES[key] for key in KEYS
    ]
    document = answers_file.load(tmp_path / "answers.toml", instrument)
    assert document.details.respondent == "Remote team"


def test_dropped_link_keeps_every_answer(
    server: SSHServer, terminal: Terminal, tmp_path: Path, instrument: Instrument
) -> None:
    answers_file.save(
        tmp_path / "answers.toml", answers_file.Assessment.new(instrument), instrument
    )
    connect(terminal, server, tmp_path, "xterm-256color")
    terminal.wait_for("Role 1 of 7")
    terminal.press_until("y", "1/20 answered")
    terminal.send("p", "n")
    terminal.wait_for("3/20 answered")
    app = subprocess.run(
        ["pgrep", "-f", f"{COMMAND} answers.toml"], capture_output=True, text=True, check=False
    ).stdout.split()
    app = [  # the questionnaire itself (not the shell that started it), in this test's folder
        pid
        for pid in app
        if b"cd " not in Path(f"/proc/{pid}/cmdline").read_bytes()
        and Path(f"/proc/{pid}/cwd").resolve() == tmp_path.resolve()
    ]
    assert app, "the app is not running on the server side"
    client = subprocess.run(
        ["pgrep", "-f", "--", f"-p {server.port} .*{tmp_path}"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.split()
    assert client
    subprocess.run(["kill", "-9", *client], check=True)  # the link drops
    assert processes_gone(app), "the app outlived its link"
    assert saved_answers(tmp_path / "answers.toml", instrument)[:4] == [
        "yes",
        "partially",
        "no",
        None,
    ]


def test_resize_follows_without_garbage(
    server: SSHServer, terminal: Terminal, tmp_path: Path, instrument: Instrument
) -> None:
    answers_file.save(
        tmp_path / "answers.toml", answers_file.Assessment.new(instrument), instrument
    )
    connect(terminal, server, tmp_path, "xterm-256color")
    terminal.wait_for("Role 1 of 7")
    terminal.press_until("y", "1/20 answered")
    terminal.resize(120, 40)
    wide = terminal.wait_for("Role 1 of 7 · 1 of 5 answered · State-level actions")
    assert len(wide.splitlines()) == 40
    assert "Overall" in wide and "1/20 answered" in wide
    terminal.resize(80, 24)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        narrow = terminal.screen()
        role_line = narrow.splitlines()[1] if narrow.count("\n") > 1 else ""
        if "Role 1 of 7 · 1 of 5 answered" in role_line and "· State-level" not in role_line:
            break
        time.sleep(0.1)
    lines = narrow.splitlines()
    assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
    assert lines[1].startswith(" Role 1 of 7 · 1 of 5 answered ")
    assert "· State-level actions" not in lines[1]  # the wide-only part is gone
    assert lines[-2].lstrip().startswith("Saved ")  # the status line is in its place
    assert "y Yes" in lines[-1]
    terminal.send("p")
    terminal.wait_for("2/20 answered")
    terminal.send("q")
    terminal.wait_for("EXITED 0")
