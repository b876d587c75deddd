"""`serve --ssh --git`: the data folder kept in git. Three people answer over SSH, one commit a
session's end by its person, saying what changed; the facilitator's team build and agreement
are commits too; each commit is pushed to a bare repository; and a remote that cannot be
reached is retried and logged while sessions go on (issue #31)."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from nextgen_tui.core import answers_file
from nextgen_tui.core.instrument import Instrument
from tests.tmux import wait_until

from .served import Server, read_until

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True
    ).stdout


def log_of(data: Path, *paths: str) -> list[tuple[str, str]]:
    """(author, subject) of each commit, the oldest first; none while there is none."""
    try:
        out = git("log", "--reverse", "--format=%an|%s", "--", *paths, cwd=data)
    except subprocess.CalledProcessError:
        return []
    return [tuple(line.split("|", 1)) for line in out.splitlines()]  # type: ignore[misc]


@pytest.fixture(autouse=True)
def _no_personal_git_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")


@pytest.fixture(scope="module")
def remote(tmp_path_factory: pytest.TempPathFactory) -> Path:
    bare = tmp_path_factory.mktemp("remote") / "answers.git"
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    return bare


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, remote: Path) -> Iterator[Server]:
    running = Server(
        tmp_path_factory.mktemp("serve"),
        "--git-push",
        remote.as_uri(),
        people=["ana", "ben", "cy", "lead"],
        facilitators=("lead",),
    )
    yield running
    running.stop()


async def answer(server: Server, name: str, keys: str, *, new: bool) -> None:
    """A session of ``name``: the details skipped on a new file, ``keys`` typed, quit."""
    async with server.connect(name) as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
        if new:
            await read_until(process, "About this assessment")
            process.stdin.write("\x1b")
        await read_until(process, "Next open")
        for key in keys:
            process.stdin.write(key)
            await read_until(process, "Saved")
        process.stdin.write("q")
        await asyncio.wait_for(process.wait_closed(), 20)


async def test_each_session_end_is_a_commit_by_its_person_pushed_to_the_remote(
    server: Server, remote: Path, instrument: Instrument
) -> None:
    await answer(server, "ana", "y", new=True)
    await answer(server, "ben", "n", new=True)
    await answer(server, "cy", "p", new=True)
    data = server.data
    assert wait_until(lambda: len(log_of(data)) == 3), log_of(data)
    assert log_of(data) == [
        ("ana", "ana: first version of ana.toml: 1/20 answered"),
        ("ben", "ben: first version of ben.toml: 1/20 answered"),
        ("cy", "cy: first version of cy.toml: 1/20 answered"),
    ]
    await answer(server, "ana", "p", new=False)  # 1.2 now: a second session, a second commit
    assert wait_until(lambda: len(log_of(data, "ana.toml")) == 2)
    author, subject = log_of(data, "ana.toml")[-1]
    assert (author, subject) == ("ana", "ana: 1 answer: 1.2 · Unanswered → ½ Partially")
    body = git("log", "-1", "--format=%B", "--", "ana.toml", cwd=data)
    assert "1.2 answer: · Unanswered → ½ Partially" in body and "score Overall:" in body
    # only answers files: never the host key (outside the folder) nor anything else in it
    assert set(git("ls-files", cwd=data).split()) == {"ana.toml", "ben.toml", "cy.toml"}
    local = git("rev-parse", "HEAD", cwd=data).strip()
    assert wait_until(lambda: git("rev-parse", "HEAD", cwd=remote).strip() == local)


async def test_the_facilitators_build_and_agreement_are_commits(
    server: Server, instrument: Instrument
) -> None:
    data = server.data
    before = len(log_of(data, "team.toml"))  # (1.1: ana Yes, ben No, cy Partially)
    async with server.connect("lead") as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
        await read_until(process, "About this assessment")
        process.stdin.write("\x1b")
        process.stdin.write("\x10")  # ctrl+p: build the team file
        await read_until(process, "Search for commands")
        process.stdin.write("build the team")
        await read_until(process, "file and open it")
        process.stdin.write("\r")
        await read_until(process, "team.toml · last saved")
        assert wait_until(lambda: len(log_of(data, "team.toml")) == before + 1)
        process.stdin.write("c")
        await read_until(process, "disputes settled")
        process.stdin.write("2")  # the second member's answer, on the widest dispute

        def agreed() -> bool:
            return len(log_of(data, "team.toml")) == before + 2

        assert wait_until(agreed), log_of(data, "team.toml")
        process.stdin.write("q")
        await asyncio.wait_for(process.wait_closed(), 20)
    built, settled = log_of(data, "team.toml")[before:]
    assert built[0] == "lead" and built[1].startswith("lead: built the team file team.toml")
    assert settled[0] == "lead" and "1 answer" in settled[1] and "1 agreement" in settled[1]
    team = answers_file.load(data / "team.toml", instrument)
    assert team.is_team


def test_a_remote_that_cannot_be_reached_is_retried_while_sessions_go_on(
    tmp_path: Path, instrument: Instrument
) -> None:
    server = Server(tmp_path, "--git-push", "file:///nowhere/at/all.git", people=["ana"])
    try:

        async def session() -> None:
            await answer(server, "ana", "y", new=True)

        asyncio.run(session())
        assert wait_until(lambda: len(log_of(server.data)) == 1)
        server.wait_log("push to file:///nowhere/at/all.git failed")
        server.wait_log("trying again")
        asyncio.run(answer(server, "ana", "n", new=False))  # sessions go on; commits too
        assert wait_until(lambda: len(log_of(server.data)) == 2)
        assert server.answers("ana", instrument)[:2] == ["yes", "no"]
    finally:
        server.stop()
