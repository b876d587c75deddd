"""`serve --ssh` against one authorised but untrusted person, round two (docs/SECURITY.md): a
person can neither starve the server nor their colleagues, nor grow a session without bound,
nor break their own session with bytes a terminal never sends."""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import time
from pathlib import Path

import asyncssh
import pytest

from nextgen_tui.core import answers_file
from nextgen_tui.core.instrument import Instrument
from tests.tmux import wait_until

from .served import Server, _terminal, read_until, shown
from .sshd import CLIENT_OPTIONS


@pytest.fixture
def server(tmp_path: Path) -> Server:
    running = Server(tmp_path, people=["ana", "ben", "cara"])
    yield running
    running.stop()


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


async def log_in(server: Server, name: str) -> None:
    """``name`` logs in and sees the questionnaire's first screen (how fast is the soak's to
    measure, bench/soak.py: a test on a busy machine would measure the machine)."""
    async with server.connect(name) as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
        await read_until(process, "About this assessment", 30, or_="Role 1 of 7")
        process.close()


# -- requests: a rate per connection and per person --------------------------------------------


async def test_a_window_change_flood_closes_that_connection_and_nobody_waits(
    server: Server,
) -> None:
    async with server.connect("ana") as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
        await read_until(process, "About this assessment", 30)
        for step in range(20_000):  # as fast as the client can send them
            big = step % 2 == 0
            process.change_terminal_size(500 if big else 41, 200 if big else 15)
            if step % 500 == 0:
                await asyncio.sleep(0)
                if conn.is_closed():
                    break
        await asyncio.wait_for(conn.wait_closed(), 20)
    server.wait_log("closed the connection of ana from")
    assert "too many requests" in server.log_text()
    await log_in(server, "ben")  # a colleague gets in (before: "Connection lost" for 45 s)
    with pytest.raises((asyncssh.Error, OSError)):
        async with server.connect("ana") as again:  # ana waits a while before coming back
            await (await again.create_process()).wait_closed()
    assert "too many requests a moment ago" in server.log_text()


async def test_an_environment_flood_is_cut_off_not_kept(server: Server) -> None:
    before = server.memory_kb()
    async with server.connect("ana") as conn:
        with pytest.raises((asyncssh.Error, OSError)):
            await conn.create_session(
                asyncssh.SSHClientSession, env={f"V{n}": "x" * 30_000 for n in range(2_000)}
            )
        await asyncio.wait_for(conn.wait_closed(), 20)
    assert "too many requests" in server.log_text()
    assert server.memory_kb() - before < 30_000  # 60 MB were sent


async def test_a_burst_of_window_sizes_reaches_the_questionnaire_as_its_last(
    server: Server,
) -> None:
    async with server.connect("ana") as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
        await read_until(process, "About this assessment", 30)
        process.stdin.write("\x1b")  # the details skipped: the questionnaire, its keys at the foot
        await read_until(process, "Next open", 30)
        sizes = [(200 - n % 2 * 10, 60 - n % 2 * 5) for n in range(100)] + [(120, 40)]
        for columns, lines in sizes:
            process.change_terminal_size(columns, lines)
        received = 0
        while True:  # until the screen is drawn 40 lines high: its keys on the 40th
            chunk = await asyncio.wait_for(process.stdout.read(65536), 20)
            received += len(chunk.encode())
            _terminal(process).feed(chunk)
            rows = shown(process).splitlines()
            if len(rows) >= 40 and "Quit" in rows[39]:
                break
        # one whole frame at 200×60 is some 30 kB: a hundred of them would be 3 MB
        assert received < 400_000, f"{received} bytes for a burst of {len(sizes)} sizes"
        process.close()


# -- logging in: only a key, and only once it is proved ---------------------------------------


@pytest.mark.skipif(shutil.which("ssh") is None, reason="needs the OpenSSH client")
def test_public_keys_are_the_only_way_in(server: Server) -> None:
    result = subprocess.run(
        [
            "ssh",
            *CLIENT_OPTIONS,
            "-v",
            "-o",
            "PubkeyAuthentication=no",
            "-p",
            str(server.port),
            "anyone@127.0.0.1",
            "true",
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0
    offered = [
        line for line in result.stderr.splitlines() if "Authentications that can continue" in line
    ]
    assert offered and all(line.endswith("continue: publickey") for line in offered), offered


def test_the_data_folder_is_the_servers_alone(server: Server) -> None:
    assert server.data.stat().st_mode & 0o777 == 0o700


# -- what one session may hold -----------------------------------------------------------------


async def test_a_line_without_end_in_plain_mode_holds_no_memory(
    server: Server, instrument: Instrument
) -> None:
    async with server.connect("ana") as conn:
        process = await conn.create_process()  # no terminal: the plain questionnaire
        await read_until(process, "[q]uit >", 30)
        (child,) = server.children()
        before = rss_kb(child)
        for _ in range(100):  # 100 MB, no newline
            process.stdin.write("x" * 1_000_000)
            await process.stdin.drain()
        grown = rss_kb(child) - before
        process.stdin.write("\ny\nq\n")
        await read_until(process, "nothing was taken from it", 60)
        await asyncio.wait_for(process.wait_closed(), 30)
    assert grown < 30_000, f"the session grew by {grown} kB"
    assert (
        answers_file.load(server.data / "ana.toml", instrument).answer(
            "shared-vision", "common-vision"
        )
        == "yes"
    )


async def test_an_unfinished_paste_holds_no_memory(server: Server) -> None:
    async with server.connect("ana") as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
        await read_until(process, "About this assessment", 30)
        (child,) = server.children()
        before = rss_kb(child)
        process.stdin.write("\x1b[200~")
        for _ in range(50):  # 50 MB of a paste that never ends
            process.stdin.write("y" * 1_000_000)
            await process.stdin.drain()
        # (drained: the server took all of it, and cut it on the way)
        cut = "a paste cut at 100,000 characters"
        assert await asyncio.to_thread(wait_until, lambda: cut in server.log_text(), 20)
        grown = rss_kb(child) - before
        process.stdin.write("\x1b[201~")
        process.close()
    assert grown < 100_000, f"the session grew by {grown} kB"


async def test_a_session_has_a_hard_memory_limit(server: Server) -> None:
    async with server.connect("ana") as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
        await read_until(process, "About this assessment", 30)
        (child,) = server.children()
        limits = Path(f"/proc/{child}/limits").read_text()
        process.close()
    line = next(line for line in limits.splitlines() if line.startswith("Max address space"))
    assert line.split()[3:5] == ["1073741824", "1073741824"], line


@pytest.mark.parametrize(
    "sent",
    [b"\x1b[1114112u", b"\x1b[999999999999999999u", b"\xff\xfe", b"Jos\xe9"],
    ids=["past Unicode", "past any integer", "not UTF-8", "Latin-1"],
)
async def test_bytes_no_terminal_sends_end_nothing(
    server: Server, instrument: Instrument, sent: bytes
) -> None:
    async with server.connect("ana") as conn:
        process = await conn.create_process(
            term_type="xterm-256color", term_size=(80, 24), encoding=None
        )
        await read_until_bytes(process, "About this assessment")
        process.stdin.write(b"\x1b")  # the details skipped
        await read_until_bytes(process, "Next open")
        process.stdin.write(sent)
        process.stdin.write(b"y")  # still answering
        assert await asyncio.to_thread(
            wait_until,
            lambda: (
                (server.data / "ana.toml").exists()
                and answers_file.load(server.data / "ana.toml", instrument).answer(
                    "shared-vision", "common-vision"
                )
                == "yes"
            ),
            20,
        )
        process.close()
    log = server.log_text()
    assert "Traceback" not in log
    assert "input of ana from" in log


async def read_until_bytes(process: asyncssh.SSHClientProcess, text: str) -> None:
    """As :func:`read_until`, for a process whose streams are bytes."""
    terminal = _terminal(process)
    deadline = time.monotonic() + 30
    while text not in shown(process):
        chunk = await asyncio.wait_for(process.stdout.read(65536), deadline - time.monotonic())
        assert chunk, shown(process)
        terminal.feed(chunk.decode("utf-8", "replace"))
