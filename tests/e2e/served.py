"""`nextgen-tui serve --ssh` as the tests run it: a real server on a free loopback port, with
keys made for the test, and what the tests read of it (its log, descriptors, children)."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import time
import weakref
from pathlib import Path

import asyncssh
import pyte

from nextgen_tui.core.instrument import Instrument
from tests.conftest import saved_answers
from tests.tmux import wait_until

from .sshd import free_port

COMMAND = str(Path(sys.executable).with_name("nextgen-tui"))
PEOPLE = ["ana", "ben"] + [f"member-{n:02d}" for n in range(20)]
#: The start of each line of a server's log (serve/log.py).
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \S")


def assert_stamped(log: str) -> None:
    """Every line a server wrote to its stderr is a line of its own log, stamped: no other
    package's warning, no traceback, nothing a person running it has to read past."""
    unstamped = [line for line in log.splitlines() if not STAMP.match(line)]
    assert not unstamped, "lines not from the server's log:\n" + "\n".join(unstamped[:20])


class Server:
    def __init__(
        self,
        folder: Path,
        *extra: str,
        people: list[str] | None = None,
        options: str = "",
        facilitators: tuple[str, ...] = (),
    ) -> None:
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.keys: dict[str, Path] = {}
        self.lines: dict[str, str] = {}
        for name in people or PEOPLE:
            key = asyncssh.generate_private_key("ssh-ed25519", comment=f"{name}@test")
            path = folder / f"{name}.key"
            key.write_private_key(str(path))
            path.chmod(0o600)
            self.keys[name] = path
            public = key.export_public_key().decode().strip()
            # ana is named by her key's comment, everyone else by a name="…" option
            more = options + (",facilitator" if name in facilitators else "")
            self.lines[name] = public if name == "ana" else f'name="{name}"{more} {public}'
        self.authorized_keys = folder / "authorized_keys"
        self.write_keys()
        self.log = folder / "server.log"
        self.process = subprocess.Popen(
            [
                COMMAND,
                "serve",
                "--ssh",
                "--port",
                str(self.port),
                "--data",
                str(self.data),
                "--authorized-keys",
                str(self.authorized_keys),
                "--host-key",
                str(folder / "host_key"),
                *extra,
            ],
            stderr=self.log.open("wb"),
        )
        self.wait_log("listening on", 20)

    def write_keys(self, names: list[str] | None = None) -> None:
        chosen = self.lines if names is None else {n: self.lines[n] for n in names}
        self.authorized_keys.write_text("\n".join(chosen.values()) + "\n")

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_log(self, text: str, timeout: float = 15) -> None:
        def seen() -> bool:
            assert self.process.poll() is None or text in self.log_text(), self.log_text()
            return text in self.log_text()

        assert wait_until(seen, timeout), f"{text!r} not in the log:\n{self.log_text()[-2000:]}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError("the server did not stop on SIGTERM") from None
        assert_stamped(self.log_text())

    def connect(
        self, name: str, key: asyncssh.SSHKey | None = None, source: str | None = None
    ) -> asyncssh.SSHClientConnection:
        return asyncssh.connect(
            "127.0.0.1",
            self.port,
            username="anyone",
            client_keys=[key or asyncssh.read_private_key(str(self.keys[name]))],
            known_hosts=None,
            local_addr=(source, 0) if source else None,
        )

    def answers(self, name: str, instrument: Instrument) -> list[str | None]:
        return saved_answers(self.data / f"{name}.toml", instrument)

    # -- the server process as the kernel sees it -------------------------------------------------

    def descriptors(self) -> int:
        return len(list(Path(f"/proc/{self.process.pid}/fd").iterdir()))

    def children(self) -> list[int]:
        """The sessions' processes: the server's children but the warm process, and the
        warm process's children (the sessions forked from it)."""
        found = []
        for pid in children_of(self.process.pid):
            if is_warm_process(pid):
                found += children_of(pid)
            else:
                found.append(pid)
        return found

    def memory_kb(self) -> int:
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")


def is_warm_process(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"nextgen_tui.warm_process" in command


def children_of(parent: int) -> list[int]:
    """The processes whose parent is ``parent`` (the questionnaires a server started)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == parent:
            found.append(int(stat.parent.name))
    return found


#: What each process's terminal shows: the questionnaire sends only the cells that change
#: (nextgen_tui.tui.screen_diff), so a text is read off the screen, as a person reads it,
#: not out of the bytes. (Larger than any terminal the tests ask for: a screen drawn for a
#: smaller one shows the same, from the top left.)
_TERMINALS: weakref.WeakKeyDictionary[asyncssh.SSHClientProcess, pyte.Stream] = (
    weakref.WeakKeyDictionary()
)


def _terminal(process: asyncssh.SSHClientProcess) -> pyte.Stream:
    if process not in _TERMINALS:
        _TERMINALS[process] = pyte.Stream(pyte.Screen(300, 100))
    return _TERMINALS[process]


def shown(process: asyncssh.SSHClientProcess) -> str:
    """What the process's terminal shows, line by line."""
    return "\n".join(line.rstrip() for line in _terminal(process).listener.display)


async def read_until(
    process: asyncssh.SSHClientProcess, text: str, timeout: float = 20, *, or_: str = ""
) -> str:
    """What the process wrote until ``text`` (or ``or_``, when given) shows on its terminal
    (or came in what it wrote: a message without a terminal)."""
    seen = ""
    terminal = _terminal(process)
    deadline = time.monotonic() + timeout

    def found(wanted: str) -> bool:
        return bool(wanted) and (wanted in seen or wanted in shown(process))

    while not found(text) and not found(or_):
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"{text!r} not seen in {seen[-400:]!r}:\n{shown(process)}"
        try:
            chunk = await asyncio.wait_for(process.stdout.read(65536), timeout=remaining)
        except TimeoutError:
            continue
        if not chunk and process.stdout.at_eof():
            raise AssertionError(f"{text!r} not seen before the end: {seen[-400:]!r}")
        seen += chunk
        terminal.feed(chunk)
    return seen
