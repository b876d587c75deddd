"""Sessions forked from the warm process, as the kernel sees them: each holds only its own
person's file, nothing of the warm process or of another session; one crashing touches no
other; without the warm process, sessions start from nothing as before."""

from __future__ import annotations

import asyncio
import os
import re
import signal
from pathlib import Path

import pytest

from nextgen_tui.core.instrument import Instrument
from tests.tmux import wait_until

from .served import Server, children_of, is_warm_process, read_until


@pytest.fixture
def server(tmp_path: Path) -> Server:
    running = Server(tmp_path, people=["ana", "ben"])
    yield running
    running.stop()


def _links(pid: int) -> list[str]:
    found = []
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            found.append(os.readlink(fd))
        except OSError:
            continue
    return found


def _socket_inodes(pid: int) -> set[str]:
    return {link for link in _links(pid) if link.startswith("socket:")}


async def test_each_forked_session_holds_only_its_own(
    server: Server, instrument: Instrument
) -> None:
    (warm,) = [pid for pid in children_of(server.process.pid) if is_warm_process(pid)]
    async with server.connect("ana") as ana, server.connect("ben") as ben:
        one = await ana.create_process(term_type="xterm-256color", term_size=(80, 24))
        two = await ben.create_process(term_type="xterm-256color", term_size=(80, 24))
        await read_until(one, "About this assessment")
        await read_until(two, "About this assessment")
        sessions = children_of(warm)
        assert len(sessions) == 2  # both forked from the warm process
        one.stdin.write("\x1b")  # skip the details, then an answer each: files and locks
        two.stdin.write("\x1b")
        await read_until(one, "Role 1 of 7")
        await read_until(two, "Role 1 of 7")
        one.stdin.write("y")
        two.stdin.write("n")
        await read_until(one, "1/20 answered")
        await read_until(two, "1/20 answered")
        warm_sockets = _socket_inodes(warm)
        held = {pid: _links(pid) for pid in sessions}
        for pid, links in held.items():
            assert not warm_sockets & set(links), "a session holds the warm process's socket"
            assert Path(f"/proc/{pid}/cwd").resolve() == server.data.resolve()
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            assert not any(entry.startswith(b"HOME=") for entry in environ)
        for links in held.values():  # each holds its own file (and lock) at most
            files = {Path(link).name for link in links if ".toml" in link}
            owners = {name for name in ("ana", "ben") if any(name in f for f in files)}
            assert len(owners) <= 1, files
        # ana's crashes: ben's goes on, answers and saves
        found = re.search(r"ana\.toml \(pid (\d+),", server.log_text())
        assert found is not None
        os.kill(int(found.group(1)), signal.SIGKILL)
        assert await asyncio.to_thread(wait_until, lambda: len(children_of(warm)) == 1, 15)
        two.stdin.write("p")
        await read_until(two, "2/20 answered")
        assert is_warm_process(warm) and warm in children_of(server.process.pid)


async def test_without_the_warm_process_sessions_start_from_nothing(server: Server) -> None:
    (warm,) = [pid for pid in children_of(server.process.pid) if is_warm_process(pid)]
    os.kill(warm, signal.SIGKILL)
    server.wait_log("the warm process ended: new sessions start from nothing")
    async with server.connect("ana") as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
        await read_until(process, "About this assessment")
        (child,) = server.children()
        command = Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")
        assert b"--served" in command and b"ana.toml" in command  # started from nothing
