"""`serve --ssh --git`'s keeper (nextgen_tui.serve.keeper), with a real git: a commit a change by
its person, a message in words and nothing a file could smuggle into it, only answers files
ever added, and a push that fails retried and logged without a commit lost."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from nextgen_tui.core import answers_file
from nextgen_tui.core.assessment import Assessment
from nextgen_tui.core.instrument import Instrument
from nextgen_tui.serve.keeper import Keeper
from nextgen_tui.serve.log import Log
from tests.tmux import wait_until

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@pytest.fixture(autouse=True)
def _no_personal_git_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def answer(path: Path, instrument: Instrument, note: str = "") -> None:
    document = answers_file.load(path, instrument) if path.exists() else Assessment.new(instrument)
    document.set_answer("shared-vision", "common-vision", "yes")
    if note:
        document.set_note("shared-vision", "common-vision", note)
    answers_file.save(path, document, instrument)


def test_a_change_is_committed_by_its_person_in_words(
    tmp_path: Path, instrument: Instrument
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / "ssh_host_ed25519_key").write_text("PRIVATE")  # (never in a commit)
    stream = io.StringIO()
    keeper = Keeper(data, Log(stream))
    keeper.start()
    answer(data / "ana.toml", instrument)
    keeper.changed("ana.toml", "Ana Ruiz", "ana")
    assert wait_until(lambda: "committed ana.toml" in stream.getvalue())  # (git runs aside)
    answer(data / "ana.toml", instrument, note="Signed\x1b]0;owned\x07 in May\x1b[2J")
    keeper.changed("ana.toml", "Ana Ruiz", "ana")
    keeper.changed("ana.toml", "Ana Ruiz", "ana")  # (nothing changed since: no commit)
    keeper.stop()
    log = git("log", "--format=%an <%ae>|%cn|%B%x00", cwd=data).split("\x00")
    commits = [entry.strip() for entry in log if entry.strip()]
    assert len(commits) == 2
    second, first = commits
    assert first.startswith("Ana Ruiz <ana@nextgen-tui.invalid>|nextgen-tui|Ana Ruiz: first")
    assert "1/20 answered" in first
    assert second.startswith("Ana Ruiz <ana@nextgen-tui.invalid>|nextgen-tui|Ana Ruiz: 1 note")
    # (the file's control characters gone: what is left of its escape codes is only text)
    assert "1.1 note: — → “Signed]0;owned in May[2J”" in second
    assert "\x1b" not in "".join(commits) and "\x07" not in "".join(commits)
    assert git("ls-files", cwd=data).split() == ["ana.toml"]
    assert "committed ana.toml by Ana Ruiz" in stream.getvalue()


def test_a_failed_push_is_retried_and_logged_and_no_commit_is_lost(
    tmp_path: Path, instrument: Instrument
) -> None:
    data, remote = tmp_path / "data", tmp_path / "remote.git"
    data.mkdir()
    stream = io.StringIO()
    keeper = Keeper(data, Log(stream), remote=remote.as_uri(), retry=(0.05, 0.1))
    keeper.start()
    answer(data / "ben.toml", instrument)
    keeper.changed("ben.toml", "Ben Ode", "ben")
    assert wait_until(lambda: "trying again" in stream.getvalue())  # (no remote yet)
    assert "committed ben.toml" in stream.getvalue()  # (before the push was tried)
    answer(data / "ben.toml", instrument, note="More")
    keeper.changed("ben.toml", "Ben Ode", "ben")  # committed while the push still fails
    assert wait_until(lambda: len(git("log", "--format=%H", cwd=data).split()) == 2)
    git("init", "--quiet", "--bare", str(remote), cwd=tmp_path)  # the remote comes back
    assert wait_until(lambda: "pushed to" in stream.getvalue())
    keeper.stop()
    local = git("log", "--format=%H", cwd=data).split()
    assert git("log", "--format=%H", "HEAD", cwd=remote).split() == local
    assert "push to" in stream.getvalue() and "failed" in stream.getvalue()
