"""`nextgen-tui serve --ssh`: a real server on a free loopback port, reached with the OpenSSH
client and with asyncssh, using keys made for the test."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest

from nextgen_tui.core import answers_file
from nextgen_tui.core.instrument import Instrument
from tests.tmux import Terminal, have_tmux, wait_until

from .served import PEOPLE, Server, read_until


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("serve"))
    yield running
    running.stop()


@pytest.mark.skipif(not have_tmux() or not Path("/usr/bin/ssh").exists(), reason="needs ssh, tmux")
def test_openssh_client_answers_disconnects_and_resumes(
    server: Server, instrument: Instrument
) -> None:
    ssh = (
        f"ssh -tt -i {server.keys['ana']} -p {server.port} -o StrictHostKeyChecking=no "
        "-o UserKnownHostsFile=/dev/null -o LogLevel=ERROR whoever@127.0.0.1"
    )
    term = Terminal(80, 24)
    try:
        term.start(ssh, server.folder, {"TERM": "xterm-256color"})
        term.wait_for("About this assessment")
        term.press_until("O", "▊  O")
        term.send(*"hio", "Enter")
        term.wait_for("▊  ana ")  # the respondent offered: her name on the server
        term.send("Enter")
        term.wait_for("e.g. Workforce development")
        term.send("Enter")
        term.wait_for("Role 1 of 7 · 0 of 5 answered")
        assert "ana.toml" in term.screen()  # her own file
        for count, key in enumerate("ypn", start=1):
            term.send(key)
            term.wait_for(f"{count}/20 answered")
        term.send("q")
        term.wait_for("EXITED 0")
    finally:
        term.close()
    assert server.answers("ana", instrument)[:4] == ["yes", "partially", "no", None]
    again = Terminal(80, 24)
    try:
        again.start(ssh, server.folder, {"TERM": "xterm-256color"})
        screen = again.wait_for("3/20 answered")  # resumed, at the first unanswered
        assert "Role 1 of 7 · 3 of 5 answered" in screen and "▸ 4 ·" in screen
        assert "Ohio" in screen
        again.send("q")
        again.wait_for("EXITED 0")
    finally:
        again.close()


async def test_asyncssh_client_with_a_terminal(server: Server, instrument: Instrument) -> None:
    answers_file.save(server.data / "ben.toml", answers_file.Assessment.new(instrument), instrument)
    async with server.connect("ben") as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(100, 30))
        await read_until(process, "ben.toml · last saved")  # the first frame, whole: keys are read
        process.stdin.write("y")
        await read_until(process, "1/20 answered")
        process.change_terminal_size(120, 40)  # forwarded: the wide layout shows the group
        await read_until(process, "· State-level actions")  # the wide-only group line
        process.stdin.write("n")
        await read_until(process, "2/20 answered")
    # the connection dropped without quitting: the answers are kept
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if (server.data / "ben.toml").exists() and server.answers("ben", instrument)[1] == "no":
            break
        await asyncio.sleep(0.1)
    assert server.answers("ben", instrument)[:3] == ["yes", "no", None]
    async with server.connect("ben") as conn:
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
        await read_until(process, "2/20 answered")  # resumed


async def test_a_key_not_in_the_file_is_refused(server: Server) -> None:
    stranger = asyncssh.generate_private_key("ssh-ed25519")
    with pytest.raises(asyncssh.PermissionDenied):
        async with server.connect("ana", key=stranger):
            pass
    assert "refused key" in server.log.read_text()


async def test_exec_forwarding_and_sftp_are_refused(server: Server) -> None:
    async with server.connect("ana") as conn:
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.run("cat /etc/passwd")
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.open_connection("127.0.0.1", server.port)
        with pytest.raises(asyncssh.ChannelListenError):
            await conn.forward_remote_port("", 0, "127.0.0.1", server.port)
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.start_sftp_client()
    log = server.log.read_text()
    assert "refused exec for ana" in log and "refused port forwarding for ana" in log


async def test_twenty_concurrent_sessions_each_save_their_own(
    server: Server, instrument: Instrument
) -> None:
    members = [name for name in PEOPLE if name.startswith("member-")]
    values = {"y": "yes", "p": "partially", "n": "no"}

    def keys_for(index: int) -> str:
        return "".join("ypn"[(index + step) % 3] for step in range(5))

    async def one(index: int, name: str) -> str:
        async with server.connect(name) as conn:  # no terminal: the plain questionnaire
            process = await conn.create_process()
            for key in keys_for(index):
                process.stdin.write(key + "\n")
            process.stdin.write_eof()
            output = await asyncio.wait_for(process.stdout.read(), timeout=60)
            await process.wait()
            return output

    outputs = await asyncio.gather(*(one(i, name) for i, name in enumerate(members)))
    for index, (name, output) in enumerate(zip(members, outputs, strict=True)):
        assert "(5 of 5 answered)" in output, output[-300:]
        expected = [values[k] for k in keys_for(index)]
        assert server.answers(name, instrument)[:6] == [*expected, None], name
    assert sorted(p.name for p in server.data.glob("member-*.toml")) == [
        f"{m}.toml" for m in members
    ]


async def test_two_sessions_of_one_person_do_not_clobber(
    server: Server, instrument: Instrument
) -> None:
    if not (server.data / "ana.toml").exists():  # (another test of this module may have made it)
        answers_file.save(
            server.data / "ana.toml", answers_file.Assessment.new(instrument), instrument
        )
    async with server.connect("ana") as first:
        editing = await first.create_process(term_type="xterm-256color", term_size=(80, 24))
        await read_until(editing, "Role 1 of 7")
        async with server.connect("ana") as second:
            process = await second.create_process()
            process.stdin.write_eof()
            output = await asyncio.wait_for(process.stdout.read(), timeout=30)
        assert "open in another nextgen-tui" in output and "nothing can be changed" in output


def test_idle_sessions_are_closed_and_sessions_are_capped(tmp_path: Path) -> None:
    small = Server(tmp_path, "--idle-minutes", "0.02", "--max-sessions", "1")

    async def scenario() -> None:
        async with small.connect("ana") as conn:
            process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
            await read_until(process, "About this assessment")
            async with small.connect("ben") as other:
                with pytest.raises(asyncssh.ChannelOpenError):
                    await other.create_process()
            # idle: the app ends, then the person is told why, then the link closes
            await read_until(process, "Closed after 0.02 minutes without a key")
            await asyncio.wait_for(process.wait_closed(), timeout=20)

    try:
        asyncio.run(scenario())
        log = small.log.read_text()
        assert "refused session of ben: 1 already open" in log
        assert "closing idle session of ana" in log
    finally:
        small.stop()


def test_bad_authorized_keys_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from nextgen_tui.cli import main

    keys = tmp_path / "keys"
    keys.write_text("not a key at all\n")
    assert (
        main(["serve", "--ssh", "--data", str(tmp_path / "d"), "--authorized-keys", str(keys)]) == 2
    )
    assert "line 1" in capsys.readouterr().err
    assert main(["serve", "--ssh"]) == 2
    assert "needs --data DIR and --authorized-keys FILE" in capsys.readouterr().err


async def test_clients_killed_mid_session_leave_exact_files_and_nothing_behind(
    tmp_path: Path, instrument: Instrument
) -> None:
    """Twelve people answer at once, then every link drops without a word (the clients are
    gone): each file holds exactly what its person answered, and the server is left with no
    process and no descriptor of theirs."""
    members = [f"member-{n:02d}" for n in range(12)]
    server = Server(tmp_path, people=members)
    server.data.mkdir(exist_ok=True)
    for name in members:
        path = server.data / f"{name}.toml"
        answers_file.save(path, answers_file.Assessment.new(instrument), instrument)
    before = server.descriptors()
    keys = {name: "ypn"[index % 3] + "ypn"[(index + 1) % 3] for index, name in enumerate(members)}
    values = {"y": "yes", "p": "partially", "n": "no"}

    async def answer_and_vanish(name: str) -> None:
        conn = await server.connect(name)
        process = await conn.create_process(term_type="xterm-256color", term_size=(80, 24))
        await read_until(process, "Role 1 of 7", 60)
        for count, key in enumerate(keys[name], start=1):
            process.stdin.write(key)
            await read_until(process, f"{count}/20 answered", 60)
        conn.abort()  # no quit, no close: the client is simply gone

    try:
        await asyncio.gather(*(answer_and_vanish(name) for name in members))
        assert await asyncio.to_thread(wait_until, lambda: not server.children(), 30)
        assert await asyncio.to_thread(wait_until, lambda: server.descriptors() <= before, 15), (
            f"{server.descriptors()} descriptors, {before} before"
        )
        for name in members:
            expected = [values[k] for k in keys[name]]
            assert server.answers(name, instrument)[:3] == [*expected, None], name
        assert not list(server.data.glob(".*.lock"))
    finally:
        server.stop()
