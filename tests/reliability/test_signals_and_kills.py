"""The process killed, hung up on or terminated at any moment: no answer given is lost, and the
file on disk is always whole — the state before the last change or after it."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from functools import partial
from pathlib import Path

import pytest

from nextgen_tui.core import answers_file
from nextgen_tui.core.instrument import Instrument
from tests.conftest import ROOT, saved_answers
from tests.tmux import Terminal, have_tmux, processes_gone, wait_until

COMMAND = str(Path(sys.executable).with_name("nextgen-tui"))
needs_tmux = pytest.mark.skipif(
    not have_tmux(), reason="tmux is not installed (.ci/run installs it)"
)

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from nextgen_tui.core.session import open_session

    session = open_session(Path(sys.argv[1]))
    statements = [(r.id, s.id) for r, s in session.instrument.statements()]
    values = ["no", "partially", "yes"]
    step = 0
    progress = open(sys.argv[2], "a", buffering=1)
    while True:
        role_id, statement_id = statements[step % len(statements)]
        assert session.set_answer(role_id, statement_id, values[(step // len(statements)) % 3])
        step += 1
        progress.write(f"{step}\\n")
    """
)


def expected_after(instrument: Instrument, steps: int) -> list[str]:
    """The answers after ``steps`` changes of the child above (starting from all "yes")."""
    statements = list(instrument.statements())
    answers = ["yes"] * len(statements)
    values = ["no", "partially", "yes"]
    for step in range(steps):
        answers[step % len(statements)] = values[(step // len(statements)) % 3]
    return answers


def test_sigkill_during_saves_never_leaves_a_broken_or_stale_file(
    instrument: Instrument, tmp_path: Path
) -> None:
    path = tmp_path / "answers.toml"
    document = answers_file.Assessment.new(instrument)
    for role, statement in instrument.statements():
        document.set_answer(role.id, statement.id, "yes")
    answers_file.save(path, document, instrument)
    rng = random.Random(20261123)
    for attempt in range(25):
        progress = tmp_path / f"progress-{attempt}"
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path), str(progress)])
        # somewhere in the saving loop: after a random number of acknowledged saves (a count,
        # not a time, so a slow start on a busy machine moves nothing)
        target = rng.randint(1, 40)
        assert wait_until(lambda p=progress, n=target: _saves(p) >= n, 60), attempt
        child.send_signal(signal.SIGKILL)
        child.wait()
        acknowledged = _saves(progress)
        assert acknowledged >= target
        loaded = answers_file.load(path, instrument)  # whole, valid TOML every time
        got = [loaded.answer(role.id, s.id) for role, s in instrument.statements()]
        # every acknowledged save is there; at most the one in flight went further
        assert got in (expected_after(instrument, acknowledged + k) for k in (0, 1)), attempt
        # the next run starts from what is on disk
        for role, statement in instrument.statements():
            document.set_answer(role.id, statement.id, "yes")
        answers_file.save(path, document, instrument)


def _saves(progress: Path) -> int:
    """How many saves the child has acknowledged so far."""
    lines = progress.read_text().split() if progress.exists() else []
    return int(lines[-1]) if lines else 0


def _app_pid(marker: str, folder: Path) -> int:
    """The questionnaire started with ``marker`` in ``folder`` (not the shell that started it,
    nor another test's)."""
    found = subprocess.run(["pgrep", "-f", marker], capture_output=True, text=True, check=False)
    pids = []
    for pid in found.stdout.split():
        try:
            if b"EXITED" in Path(f"/proc/{pid}/cmdline").read_bytes():
                continue
            if Path(f"/proc/{pid}/cwd").resolve() == folder.resolve():
                pids.append(int(pid))
        except OSError:
            continue
    assert len(pids) == 1, pids
    return pids[0]


def _answered_is(path: Path, instrument: Instrument, count: int) -> bool:
    return sum(answer is not None for answer in saved_answers(path, instrument)) == count


@needs_tmux
def test_sigkill_the_app_at_many_points(instrument: Instrument, tmp_path: Path) -> None:
    """Kill the real app with SIGKILL right after an answer key, at several points."""
    path = tmp_path / "answers.toml"
    answers_file.save(path, answers_file.Assessment.new(instrument), instrument)
    marker = f"answers.toml --instrument {ROOT / 'framework.toml'}"
    rng = random.Random(7)
    given = 0
    for round_ in range(5):
        term = Terminal(80, 24)
        try:
            term.start(f"{COMMAND} {marker}", tmp_path, {"TZ": "UTC"})
            term.wait_for(f"{given}/20 answered")
            term.press_until("y", f"{given + 1}/20 answered")
            given += 1
            for _ in range(rng.randint(0, 2)):
                term.send("p")
                given += 1
                term.wait_for(f"{given}/20 answered")
            # an answer is saved a few milliseconds after the screen shows it: wait for that
            assert wait_until(partial(_answered_is, path, instrument, given), timeout=10)
            pid = _app_pid(marker, tmp_path)
            term.send("n")  # in flight: may or may not be saved
            time.sleep(rng.random() * 0.05)
            os.kill(pid, signal.SIGKILL)
            term.wait_for("EXITED")
        finally:
            term.close()
        answered = saved_answers(path, instrument)
        count = sum(answer is not None for answer in answered)
        assert count in (given, given + 1), (round_, given, answered)
        assert all(a is not None for a in answered[:given])
        given = count


@needs_tmux
@pytest.mark.parametrize("how", ["close the terminal", "SIGTERM"])
def test_closing_the_terminal_or_terminating_keeps_every_answer(
    terminal: Terminal, tmp_path: Path, instrument: Instrument, how: str
) -> None:
    answers_file.save(
        tmp_path / "answers.toml", answers_file.Assessment.new(instrument), instrument
    )
    marker = f"answers.toml --instrument {ROOT / 'framework.toml'}"  # finds this test's process
    terminal.start(f"{COMMAND} {marker}", tmp_path, {"TZ": "UTC"})
    terminal.wait_for("Role 1 of 7")
    terminal.press_until("y", "1/20 answered")
    terminal.send("p", "n")
    terminal.wait_for("3/20 answered")
    pids = [_app_pid(marker, tmp_path)]
    if how == "SIGTERM":
        for pid in pids:
            os.kill(pid, signal.SIGTERM)
        terminal.wait_for("EXITED 0")
    else:
        terminal.close()  # the pseudo-terminal goes away: the app gets SIGHUP
        assert processes_gone(pids), "the app outlived its terminal"
    assert saved_answers(tmp_path / "answers.toml", instrument)[:4] == [
        "yes",
        "partially",
        "no",
        None,
    ]
