"""`nextgen-tui serve --ssh`: the questionnaire for people without shell accounts, over SSH.

Built on asyncssh (the protocol is its, not ours). The security model:

- public-key authentication only, against one authorized_keys file; the key names the person
  (its `name="…"` option, or its comment), whatever user name the client sends;
- no passwords, no shell, no exec, no subsystems (so no SFTP), no port forwarding of any kind:
  a session gets the questionnaire on that person's own file, `DIR/<name>.toml`, and nothing else;
- each session is its own process on its own pseudo-terminal (TERM and window size passed on,
  resizes forwarded), so one person's crash cannot touch another's session; when the link drops
  the process gets SIGHUP, and every answer it was given is already saved;
- the core's edit lock keeps two sessions of one person from clobbering each other's file;
- a cap on concurrent sessions and an idle timeout; one log line per connection and per refusal.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import os
import re
import signal
import struct
import subprocess
import sys
import termios
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import asyncssh

from .errors import LoadError
from .textsafe import printable

HOST_KEY_NAME = ".ssh_host_ed25519_key"
_NAME_CHARACTERS = re.compile(r"[^a-z0-9._-]+")
_KEY = re.compile(r"(?:^|\s)((?:ssh|ecdsa|sk)-\S+)\s+([A-Za-z0-9+/=]+)(?:\s+(.*))?$")


def log(message: str) -> None:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    print(f"{stamp} {printable(message)}", file=sys.stderr, flush=True)


def person_name(raw: str) -> str:
    """A file-safe name: lower case letters, digits, dot, dash and underscore (accents folded)."""
    folded = unicodedata.normalize("NFKD", raw).encode("ascii", "ignore").decode("ascii")
    name = _NAME_CHARACTERS.sub("-", folded.strip().lower()).strip(".-")
    return name[:64]


@dataclass
class Person:
    name: str
    keys: asyncssh.SSHAuthorizedKeys


def read_people(path: Path) -> list[Person]:
    """Each key of an authorized_keys file with the person it names: its `name="…"` option, or
    its comment up to any "@". Raise :class:`LoadError` for a file with no usable key."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise LoadError(path, f"cannot read the authorized keys: {error.strerror}") from None
    except UnicodeDecodeError:
        raise LoadError(path, "the authorized keys are not UTF-8 text") from None
    people = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            keys = asyncssh.import_authorized_keys(line)
        except (ValueError, asyncssh.KeyImportError) as error:
            raise LoadError(
                path, f"not a public key line: {error}", place=f"line {number}"
            ) from None
        found = _KEY.search(line)
        options = line[: found.start()] if found else ""
        comment = (found.group(3) or "") if found else ""
        named = re.search(r'(?:^|,)name="([^"]*)"', options.strip())
        raw = named.group(1) if named else comment.split("@", 1)[0]
        name = person_name(raw)
        if not name:
            raise LoadError(
                path,
                'this key names nobody: add name="…" before it or a comment after it',
                place=f"line {number}",
            )
        people.append(Person(name=name, keys=keys))
    if not people:
        raise LoadError(path, "no keys in the authorized keys file")
    return people


def host_key(folder: Path) -> asyncssh.SSHKey:
    """The server's host key, made on the first start and kept (0600) in the data folder."""
    path = folder / HOST_KEY_NAME
    if not path.exists():
        key = asyncssh.generate_private_key("ssh-ed25519", comment="nextgen-tui host key")
        key.write_private_key(str(path))
        path.chmod(0o600)
        log(f"made a new host key {path}")
    return asyncssh.read_private_key(str(path))


@dataclass
class ServerSettings:
    data: Path
    people: list[Person]
    framework: Path | None = None
    max_sessions: int = 50
    idle_seconds: float = 30 * 60
    sessions: set[QuestionnaireSession] = field(default_factory=set)


class QuestionnaireSession(asyncssh.SSHServerSession):  # type: ignore[type-arg]
    """One person's questionnaire in its own process, on its own pseudo-terminal if asked."""

    def __init__(self, settings: ServerSettings, person: str, peer: str) -> None:
        self.settings = settings
        self.person = person
        self.peer = peer
        self.channel: asyncssh.SSHServerChannel | None = None  # type: ignore[type-arg]
        self.term: str | None = None
        self.size = (80, 24)
        self.process: subprocess.Popen[bytes] | None = None
        self.master: int | None = None
        self.last_input = time.monotonic()

    @property
    def path(self) -> Path:
        return self.settings.data / f"{self.person}.toml"

    # -- requests: only a pseudo-terminal and the shell (which is the questionnaire) -----------

    def connection_made(self, channel) -> None:
        self.channel = channel

    def pty_requested(self, term_type: str, term_size: tuple[int, int, int, int], modes) -> bool:
        self.term = term_type or "xterm-256color"
        self.size = (term_size[0] or 80, term_size[1] or 24)
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        log(f"refused exec for {self.person} from {self.peer}: {command[:60]!r}")
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        log(f"refused subsystem {subsystem!r} for {self.person} from {self.peer}")
        return False

    # -- the process ------------------------------------------------------------------------

    def session_started(self) -> None:
        command = [sys.executable, "-m", "nextgen_tui", str(self.path)]
        if self.settings.framework is not None:
            command += ["--framework", str(self.settings.framework)]
        env = {
            key: value
            for key, value in os.environ.items()
            if key in ("PATH", "LANG", "LC_ALL", "TZ", "HOME", "PYTHONPATH")
        }
        loop = asyncio.get_running_loop()
        if self.term is not None:
            master, slave = os.openpty()
            self._set_size(master)
            env["TERM"] = self.term
            self.process = subprocess.Popen(
                [*command, *([] if self.term != "dumb" else ["--plain"])],
                stdin=slave,
                stdout=slave,
                stderr=slave,
                env=env,
                start_new_session=True,  # its own session, with the pty as controlling terminal
                preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
                close_fds=True,
            )
            os.close(slave)
            self.master = master
            os.set_blocking(master, False)
            loop.add_reader(master, self._output)
        else:  # no terminal asked for: the plain, line-by-line questionnaire over pipes
            self.process = subprocess.Popen(
                [*command, "--plain"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                env=env,
                start_new_session=True,
            )
            assert self.process.stdout is not None
            self.master = self.process.stdout.fileno()
            os.set_blocking(self.master, False)
            loop.add_reader(self.master, self._output)
        log(f"session for {self.person} from {self.peer}: {self.path} (pid {self.process.pid})")

    def _set_size(self, fd: int) -> None:
        columns, lines = self.size
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))

    def _output(self) -> None:
        assert self.master is not None
        try:
            data = os.read(self.master, 65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if data and self.channel is not None:
            self.channel.write(data)
            return
        self._finished()

    def _finished(self) -> None:
        """The questionnaire ended: pass its exit status on and close the channel."""
        loop = asyncio.get_running_loop()
        if self.master is not None:
            loop.remove_reader(self.master)
        code = self.process.wait() if self.process is not None else 0
        if self.channel is not None:
            self.channel.exit(code if code >= 0 else 1)
            self.channel = None

    def data_received(self, data: bytes, datatype) -> None:
        self.last_input = time.monotonic()
        if self.process is None:
            return
        with contextlib.suppress(OSError):
            if self.term is not None and self.master is not None:
                os.write(self.master, data)
            elif self.process.stdin is not None:
                self.process.stdin.write(data)
                self.process.stdin.flush()

    def eof_received(self) -> bool:
        if self.term is None and self.process is not None and self.process.stdin is not None:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        return True

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        self.size = (width or self.size[0], height or self.size[1])
        if self.master is not None and self.term is not None:
            with contextlib.suppress(OSError):
                self._set_size(self.master)  # the kernel tells the app with SIGWINCH

    def connection_lost(self, exc: Exception | None) -> None:
        """The link dropped (or the session ended): hang up on the questionnaire."""
        self.settings.sessions.discard(self)
        self.channel = None
        process = self.process
        if process is not None and process.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGHUP)
            asyncio.get_running_loop().run_in_executor(None, _reap, process)
        if self.master is not None:
            with contextlib.suppress(Exception):
                asyncio.get_running_loop().remove_reader(self.master)
            if self.term is not None:
                with contextlib.suppress(OSError):
                    os.close(self.master)
            self.master = None
        log(f"closed session of {self.person} from {self.peer}")


def _reap(process: subprocess.Popen[bytes]) -> None:
    """Give the questionnaire time to save and leave; then make sure it is gone."""
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class QuestionnaireServer(asyncssh.SSHServer):
    """Authentication and what a connection may ask for."""

    def __init__(self, settings: ServerSettings) -> None:
        self.settings = settings
        self.person: str | None = None
        self.peer = "?"

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        host, port = conn.get_extra_info("peername")[:2]
        self.peer = f"{host}:{port}"

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        host = self.peer.rsplit(":", 1)[0]
        for person in self.settings.people:
            if person.keys.validate(key, host, host) is not None:
                self.person = person.name
                return True
        log(f"refused key {key.get_fingerprint()} from {self.peer}")
        return False

    def session_requested(self) -> QuestionnaireSession | bool:
        if self.person is None:
            return False
        if len(self.settings.sessions) >= self.settings.max_sessions:
            log(f"refused session of {self.person}: {self.settings.max_sessions} already open")
            return False
        log(f"connection of {self.person} from {self.peer}")
        session = QuestionnaireSession(self.settings, self.person, self.peer)
        self.settings.sessions.add(session)
        return session

    def connection_requested(
        self, dest_host: str, dest_port: int, orig_host: str, orig_port: int
    ) -> bool:
        log(f"refused port forwarding for {self.person} from {self.peer}")
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        log(f"refused remote port forwarding for {self.person} from {self.peer}")
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        return False


async def _close_idle(settings: ServerSettings) -> None:
    while True:
        await asyncio.sleep(min(settings.idle_seconds / 4, 30))
        now = time.monotonic()
        for session in list(settings.sessions):
            if now - session.last_input > settings.idle_seconds and session.channel is not None:
                log(f"closing idle session of {session.person} from {session.peer}")
                session.channel.close()


async def serve(
    host: str, port: int, settings: ServerSettings, ready: asyncio.Event | None = None
) -> None:
    settings.data.mkdir(parents=True, exist_ok=True)
    server = await asyncssh.create_server(
        lambda: QuestionnaireServer(settings),
        host,
        port,
        server_host_keys=[host_key(settings.data)],
        encoding=None,
        allow_scp=False,
        sftp_factory=None,
        agent_forwarding=False,
        x11_forwarding=False,
        login_timeout=60,
    )
    names = ", ".join(sorted({person.name for person in settings.people}))
    bound = server.sockets[0].getsockname()
    log(
        f"listening on {bound[0]}:{bound[1]}; answers in {settings.data}; "
        f"people: {names}; at most {settings.max_sessions} sessions, idle ones closed after "
        f"{settings.idle_seconds / 60:g} minutes"
    )
    if ready is not None:
        ready.set()
    idle = asyncio.create_task(_close_idle(settings))
    try:
        await server.wait_closed()
    finally:
        idle.cancel()


def run(
    host: str,
    port: int,
    data: Path,
    authorized_keys: Path,
    framework: Path | None,
    max_sessions: int,
    idle_minutes: float,
) -> int:
    settings = ServerSettings(
        data=data,
        people=read_people(authorized_keys),
        framework=framework,
        max_sessions=max_sessions,
        idle_seconds=idle_minutes * 60,
    )
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()

    async def main() -> None:
        task = asyncio.create_task(serve(host, port, settings))
        for number in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(number, stop.set)
        waiter = asyncio.create_task(stop.wait())
        await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
        if task.done():
            task.result()  # an error starting up
        log("stopping; hanging up on open sessions")
        for session in list(settings.sessions):
            if session.channel is not None:
                session.channel.close()
        await asyncio.sleep(0.5)
        task.cancel()

    try:
        loop.run_until_complete(main())
    except OSError as error:
        raise LoadError(f"{host}:{port}", f"cannot listen: {error.strerror}") from None
    finally:
        loop.close()
    return 0
