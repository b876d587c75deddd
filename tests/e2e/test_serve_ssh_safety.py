"""`serve --ssh` against what an authorised person, a stranger or a broken link can send: each
test is one finding of the safety review (docs/SECURITY.md lists them), driven through a real
server with real clients."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import asyncssh
import pytest

from nextgen_tui.core import answers_file
from nextgen_tui.core.instrument import Instrument
from tests.tmux import wait_until

from .served import COMMAND, Server, read_until
from .sshd import CLIENT_OPTIONS

needs_ssh = pytest.mark.skipif(shutil.which("ssh") is None, reason="needs the OpenSSH client")


def ssh_command(server: Server, name: str, *options: str) -> list[str]:
    return [
        "ssh",
        *CLIENT_OPTIONS,
        "-i",
        str(server.keys[name]),
        "-p",
        str(server.port),
        *options,
        "anyone@127.0.0.1",
    ]


@pytest.fixture
def server(tmp_path: Path) -> Server:
    running = Server(tmp_path, people=["ana", "ben", "cara"])
    yield running
    running.stop()


def new_file(server: Server, name: str, instrument: Instrument) -> Path:
    server.data.mkdir(exist_ok=True)
    path = server.data / f"{name}.toml"
    answers_file.save(path, answers_file.Assessment.new(instrument), instrument)
    return path


# -- a served person writes their own file and nothing else -----------------------------------


async def test_the_session_is_served_in_the_data_folder_and_ctrl_s_saves_nowhere_else(
    server: Server, instrument: Instrument
) -> None:
    new_file(server, "ana", instrument)
    async with server.connect("ana") as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(100, 30))
        screen = await read_until(process, "ana.toml")  # the status line names the file...
        assert str(server.data) not in screen  # ...not the server's folder
        (child,) = [pid for pid in server.children()]
        # forked from the warm process (its command line is that process's): the log names it
        assert f"ana.toml (pid {child}, 100×30 xterm-256color)" in server.log_text()
        assert Path(f"/proc/{child}/cwd").resolve() == server.data.resolve()
        assert not any(
            key.startswith(b"HOME=")
            for key in Path(f"/proc/{child}/environ").read_bytes().split(b"\0")
        )
        process.stdin.write("\x13")  # ctrl+s: no save-as dialog to type a path into...
        await asyncio.sleep(0)
        process.stdin.write("y")  # ...so this key answers
        seen = await read_until(process, "1/20 answered")
        assert "Save answers as" not in seen
    assert sorted(p.name for p in server.data.iterdir() if not p.name.startswith(".")) == [
        "ana.toml"
    ]


# -- the event loop never blocks, and input is never dropped ---------------------------------


@needs_ssh
def test_a_128k_pipe_finishes_and_the_server_keeps_serving(server: Server) -> None:
    piped = (b"hello\n" * 30_000)[:128_000]
    started = time.monotonic()
    result = subprocess.run(
        ssh_command(server, "ana", "-T"), input=piped, capture_output=True, timeout=120
    )
    assert result.stdout.count(b"Please type one of") > 1000, result.stdout[-500:]
    assert time.monotonic() - started < 100
    # the server still serves, and still stops on SIGTERM (the fixture checks that)
    again = subprocess.run(
        ssh_command(server, "ben", "-T"), input=b"y\nq\n", capture_output=True, timeout=60
    )
    assert b"Saved: Yes." in again.stdout


async def test_a_paste_as_long_as_a_note_may_be_arrives_whole(
    server: Server, instrument: Instrument
) -> None:
    from nextgen_tui.core.session import TEXT_LIMIT

    path = new_file(server, "ana", instrument)
    pasted = "".join(f"{n:05d} " for n in range(3334))[: TEXT_LIMIT - 1] + "!"

    def note() -> str:
        entry = answers_file.load(path, instrument).entry("shared-vision", "common-vision")
        return entry.note if entry is not None else ""

    async with server.connect("ana") as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
        await read_until(process, "Role 1 of 7")
        process.stdin.write("e")
        await read_until(process, "keeps it")  # the note editor is open
        # the paste and ctrl+s (keep the note) in one piece, as a slow link delivers them
        process.stdin.write(f"\x1b[200~{pasted}\x1b[201~\x13")
        reading = asyncio.ensure_future(read_until(process, "never shown", 60))  # as a terminal
        try:
            assert await asyncio.to_thread(wait_until, lambda: note() != "", 30)
            process.stdin.write("y")  # a key after the paste is not swallowed
            assert await asyncio.to_thread(
                wait_until,
                lambda: (
                    answers_file.load(path, instrument).answer("shared-vision", "common-vision")
                    == "yes"
                ),
                30,
            )
        finally:
            reading.cancel()
    assert note() == pasted


# -- what a client may ask of the terminal ---------------------------------------------------


async def test_bad_terminal_requests_leak_no_descriptor_and_are_logged(server: Server) -> None:
    before = server.descriptors()
    for term, size in [
        ("xterm\0evil", (80, 24)),
        ("xterm", (70_000, 24)),
        ("xterm", (80, 70_000)),
        ("x" * 300, (80, 24)),
    ]:
        async with server.connect("ana") as conn:
            try:
                process = await conn.create_process(term_type=term, term_size=size)
                await asyncio.wait_for(process.stdout.read(100), 20)
            except (asyncssh.ChannelOpenError, asyncssh.ProcessError):
                pass
    assert await asyncio.to_thread(wait_until, lambda: not server.children(), 15)
    assert await asyncio.to_thread(wait_until, lambda: server.descriptors() <= before, 15), (
        f"{server.descriptors()} descriptors, {before} before"
    )
    log = server.log_text()
    assert "refused terminal type" in log and "(pid" in log and "500×24 xterm" in log
    assert "Traceback" not in log


async def test_a_huge_window_is_clamped(server: Server) -> None:
    async with server.connect("ana") as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(10_000, 10_000))
        await read_until(process, "About this assessment", 30)
    assert "500×200 xterm-256color" in server.log_text()


async def test_a_client_that_stops_reading_while_resizing_does_not_grow_the_server(
    server: Server,
) -> None:
    async with server.connect("ana") as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
        await read_until(process, "About this assessment", 30)
        before = server.memory_kb()
        for step in range(400):  # each resize redraws a big frame that is never read
            big = step % 2 == 0
            process.change_terminal_size(500 if big else 480, 200 if big else 190)
            await asyncio.sleep(0.01)
        await asyncio.sleep(1)
        grown = server.memory_kb() - before
        assert grown < 30_000, f"the server grew by {grown} kB"
        process.close()


# -- floods and limits -------------------------------------------------------------------------


def _silent_connections(port: int, sources: list[str]) -> list[socket.socket]:
    held = []
    for source in sources:
        held_socket = socket.socket()
        held_socket.bind((source, 0))
        held_socket.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            held_socket.connect(("127.0.0.1", port))
        held.append(held_socket)
    return held


@pytest.mark.parametrize(
    "sources",
    [["127.0.0.2"] * 500, [f"127.0.1.{n % 50 + 1}" for n in range(500)]],
    ids=["one address", "fifty addresses"],
)
async def test_a_flood_of_silent_connections_locks_nobody_out(
    server: Server, sources: list[str]
) -> None:
    held = _silent_connections(server.port, sources)
    try:
        # the flood is in place once the server has turned some of it away
        flooded = ("refused connection", "too many waiting")
        assert await asyncio.to_thread(
            wait_until, lambda: any(said in server.log_text() for said in flooded), 20
        )
        started = time.monotonic()
        async with server.connect("ana") as conn:
            process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
            await read_until(process, "About this assessment", 30)
            logged_in = time.monotonic() - started
        assert logged_in < 5, f"the person waited {logged_in:.1f} s"
    finally:
        for held_socket in held:
            held_socket.close()
    log = server.log_text().splitlines()
    assert len(log) < 150, f"{len(log)} log lines for one flood"
    assert not any("Traceback" in line for line in log)


async def test_connections_that_never_log_in_or_never_open_a_session_are_closed(
    tmp_path: Path,
) -> None:
    server = Server(tmp_path, "--login-seconds", "1.5", people=["ana"])
    try:
        (silent,) = _silent_connections(server.port, ["127.0.0.1"])
        silent.setblocking(True)
        silent.settimeout(20)
        received = b""
        started = time.monotonic()
        while chunk := silent.recv(4096):  # the server's banner, then the close
            received += chunk
        assert received.startswith(b"SSH-2.0-") and time.monotonic() - started < 15
        silent.close()
        async with server.connect("ana") as conn:  # `ssh -N`: logged in, no session
            await asyncio.wait_for(conn.wait_closed(), timeout=15)
        assert "no session within 1.5 s" in server.log_text()
    finally:
        server.stop()


async def test_a_person_may_hold_only_a_few_connections_and_sessions(
    server: Server, instrument: Instrument
) -> None:
    new_file(server, "ana", instrument)
    connections = [await server.connect("ana").__aenter__() for _ in range(4)]
    try:
        async with server.connect("ana") as fifth:
            await asyncio.wait_for(fifth.wait_closed(), timeout=15)
        assert "4 connections of this person are open" in server.log_text()
        sessions = []
        for conn in connections[:2]:  # sessions on two of her connections (all but one read-only)
            for _ in range(2):
                process = await conn.create_process(term_type="xterm", term_size=(80, 24))
                await read_until(process, "Role 1 of 7")
                sessions.append(process)
        with pytest.raises(asyncssh.ChannelOpenError):
            await connections[2].create_process()
        assert "refused session of ana: 4 of theirs are open" in server.log_text()
    finally:
        for conn in connections:
            conn.close()


# -- who may log in, as the authorized_keys file says now --------------------------------------


async def test_a_removed_key_is_closed_and_refused_and_sighup_rereads(
    server: Server, instrument: Instrument
) -> None:
    async with server.connect("ana") as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
        await read_until(process, "About this assessment")
        server.write_keys(["ben", "cara"])  # ana is removed
        await read_until(process, "Your key was removed", 20)
        await asyncio.wait_for(process.wait_closed(), timeout=20)
    with pytest.raises(asyncssh.PermissionDenied):
        async with server.connect("ana"):
            pass
    server.write_keys()  # back, and SIGHUP says so without killing the server
    os.kill(server.process.pid, signal.SIGHUP)
    server.wait_log("read the authorized keys again: 3 keys")
    assert server.process.poll() is None
    async with server.connect("ana") as conn:
        process = await conn.create_process()
        process.stdin.write_eof()
        assert "plain mode" in await asyncio.wait_for(process.stdout.read(), 30)


async def test_key_options_are_honoured(tmp_path: Path) -> None:
    server = Server(tmp_path, people=["ben", "cara"], options=',no-pty,from="127.0.0.0/8"')
    try:
        async with server.connect("ben") as conn:
            with pytest.raises(asyncssh.ChannelOpenError, match="PTY request failed"):
                await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
            process = await conn.create_process()  # without one: line by line
            process.stdin.write_eof()
            assert "plain mode" in await asyncio.wait_for(process.stdout.read(), 30)
        assert "refused a terminal for ben" in server.log_text()
        server.lines["cara"] = server.lines["cara"].replace("127.0.0.0/8", "10.9.9.9")
        server.write_keys()
        await asyncio.to_thread(server.wait_log, "read the authorized keys again")
        with pytest.raises(asyncssh.PermissionDenied):
            async with server.connect("cara"):
                pass
    finally:
        server.stop()


def test_a_file_with_options_that_cannot_be_honoured_stops_the_server(tmp_path: Path) -> None:
    key = asyncssh.generate_private_key("ssh-ed25519").export_public_key().decode().strip()
    keys = tmp_path / "keys"
    keys.write_text(f'{key} ana\ncommand="/bin/sh" {key} ben\n')
    result = subprocess.run(
        [
            COMMAND,
            "serve",
            "--ssh",
            "--data",
            str(tmp_path / "d"),
            "--authorized-keys",
            str(keys),
            "--host-key",
            str(tmp_path / "hk"),
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "line 2" in result.stderr
    assert "'command' cannot be honoured" in result.stderr


# -- dead links --------------------------------------------------------------------------------


@needs_ssh
def test_a_hung_link_ends_its_session_and_a_new_login_takes_over(
    tmp_path: Path, instrument: Instrument
) -> None:
    server = Server(tmp_path, "--keepalive-seconds", "1", people=["ana"])
    client = subprocess.Popen(
        ssh_command(server, "ana", "-tt"),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        server.wait_log("session of ana")
        os.kill(client.pid, signal.SIGSTOP)  # the link hangs: no reply to anything
        started = time.monotonic()
        server.wait_log("closed session of ana", 30)
        assert time.monotonic() - started < 15
    finally:
        os.kill(client.pid, signal.SIGCONT)
        client.kill()
        client.wait()
        server.stop()

    again = tmp_path / "again"
    again.mkdir()
    server = Server(again, people=["ana"])  # the default keepalive: 15 s
    new_file(server, "ana", instrument)
    client = subprocess.Popen(
        ssh_command(server, "ana", "-tt"),
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    async def log_in_again() -> str:
        async with server.connect("ana") as conn:
            process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
            seen = await read_until(process, "Role 1 of 7", 30)
            process.stdin.write("y")
            return seen + await read_until(process, "1/20 answered", 30)

    try:
        server.wait_log("session of ana")
        os.kill(client.pid, signal.SIGSTOP)
        started = time.monotonic()
        seen = asyncio.run(log_in_again())
        assert "open in another nextgen-tui" not in seen and "Read-only" not in seen
        assert time.monotonic() - started < 20
        assert "took over the session of ana" in server.log_text()
    finally:
        os.kill(client.pid, signal.SIGCONT)
        client.kill()
        client.wait()
        server.stop()


# -- refusals are logged; clients of other kinds; stopping --------------------------------------


@needs_ssh
def test_every_refusal_is_one_log_line(server: Server) -> None:
    agent_socket = server.folder / "agent"
    agent = subprocess.Popen(
        ["ssh-agent", "-D", "-a", str(agent_socket)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    assert wait_until(agent_socket.exists)
    subprocess.run(
        ssh_command(
            server,
            "ana",
            "-T",
            "-X",
            "-A",
            "-o",
            "ForwardX11Trusted=yes",
            "-R",
            "0:127.0.0.1:22",
        ),
        input=b"q\n",
        capture_output=True,
        timeout=60,
        # the client asks for X11 and agent forwarding only when it has a display and an agent
        env={**os.environ, "DISPLAY": ":0", "SSH_AUTH_SOCK": str(agent_socket)},
    )
    agent.terminate()
    agent.wait()
    stranger = server.folder / "stranger.key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(stranger)], check=True)
    subprocess.run(
        [
            "ssh",
            *CLIENT_OPTIONS,
            "-i",
            str(stranger),
            "-p",
            str(server.port),
            "x@127.0.0.1",
            "true",
        ],
        capture_output=True,
        timeout=60,
    )
    server.wait_log("refused key")
    log = server.log_text()
    assert "X11 forwarding request denied" in log
    assert "Agent forwarding request denied" in log
    assert "refused remote port forwarding for ana" in log
    assert "disconnected ana from 127.0.0.1" in log and "denied by application" not in log
    assert all(line[:4].isdigit() for line in log.splitlines())  # one stamped line each


@pytest.mark.skipif(shutil.which("dbclient") is None, reason="needs Dropbear's client")
def test_dropbear_client(server: Server) -> None:
    key = server.folder / "ana.dropbear"
    subprocess.run(
        ["dropbearconvert", "openssh", "dropbear", str(server.keys["ana"]), str(key)],
        check=True,
        capture_output=True,
    )
    result = subprocess.run(
        ["dbclient", "-T", "-y", "-y", "-i", str(key), "-p", str(server.port), "x@127.0.0.1"],
        input=b"y\nq\n",
        capture_output=True,
        timeout=60,
    )
    assert b"Saved: Yes." in result.stdout, result.stderr[-400:]


async def test_stopping_hangs_up_cleanly_and_stale_locks_go(
    tmp_path: Path, instrument: Instrument
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / ".old.toml.lock").write_text("")  # left by a killed session
    server = Server(tmp_path, people=["ana", "ben"])
    assert not (data / ".old.toml.lock").exists()
    async with server.connect("ana") as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
        await read_until(process, "About this assessment")
        children = server.children()
        server.stop()
    assert wait_until(lambda: not any(Path(f"/proc/{pid}").exists() for pid in children), 15)
    log = server.log_text()
    assert "Task was destroyed" not in log and "Traceback" not in log
    assert not list(data.glob(".*.lock"))


def test_the_host_key_is_private_kept_out_of_the_data_and_shown(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / ".ssh_host_ed25519_key").write_bytes(
        asyncssh.generate_private_key("ssh-ed25519").export_private_key()
    )
    server = Server(tmp_path, people=["ana"])
    try:
        key = tmp_path / "host_key"
        assert key.stat().st_mode & 0o777 == 0o600
        assert not (data / ".ssh_host_ed25519_key").exists()  # moved out of the data
        fingerprint = asyncssh.read_private_key(str(key)).get_fingerprint()
        assert f"host key {fingerprint}" in server.log_text()
    finally:
        server.stop()
    for mode, content, says in [
        (0o644, key.read_bytes(), "can be read by others (mode 644): chmod 600 it"),
        (0o600, b"not a key", "not a usable host key"),
    ]:
        key.write_bytes(content)
        key.chmod(mode)
        result = subprocess.run(
            [
                COMMAND,
                "serve",
                "--ssh",
                "--data",
                str(data),
                "--authorized-keys",
                str(server.authorized_keys),
                "--host-key",
                str(key),
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
        assert result.returncode == 2 and says in result.stderr
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
