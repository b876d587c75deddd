"""`nextgen-tui serve --ssh`: the questionnaire for people without shell accounts, over SSH.

asyncssh speaks the protocol; this module decides what a connection may do. A connection that
proves a key of the authorized_keys file gets one questionnaire, on that person's own file
(`DATA/<name>.toml`), in its own process and pseudo-terminal, and nothing else: no shell, exec,
subsystem (so no SFTP or scp), forwarding of any kind, or typed path. The limits (see `Settings`
and `gate.Limits`) keep a flood, a hung link or a huge window from hurting anyone else;
docs/SECURITY.md lists them with the tests that prove each.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import re
import resource
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncssh
from asyncssh.constants import MSG_CHANNEL_REQUEST, MSG_GLOBAL_REQUEST
from asyncssh.kex import get_default_kex_algs

from ..core.answers_file import TEAM_FILE_NAME
from ..core.errors import LoadError
from ..core.storage import remove_stale_lock
from . import host_key
from .allowance import Allowance
from .bridge import INPUT_HIGH, Bridge, wait_exit
from .child import child_environment, questionnaire_arguments
from .gate import Gate, Limits
from .input_guard import InputGuard
from .keeper import Keeper
from .log import Log
from .people import Person, read_people
from .warm import Started, WarmStarter

#: The largest window a session gets; a client asking for more gets this (a 10000×10000 window
#: would make one frame hundreds of megabytes).
MAX_COLUMNS, MAX_LINES = 500, 200
#: Sessions one connection may have open at once (OpenSSH's clients can share a connection).
SESSIONS_PER_CONNECTION = 4
#: How long a hung-up questionnaire has to leave before it is killed (every answer is saved
#: already; the operating system lets go of its lock).
HANG_UP_SECONDS = 5
_TERM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._+-]{0,63}")
#: Key exchange as asyncssh offers it, less `curve25519-sha256` (its twin under the older name,
#: `curve25519-sha256@libssh.org`, stays: the same algorithm). Dropbear's client guesses its
#: first choice, `curve25519-sha256`, and sends that exchange's first packet early; asyncssh
#: 2.24 then fails the connection ("Key exchange not in progress"). Without that name on our
#: side the guess is wrong, is ignored as the protocol says, and Dropbear connects.
_KEX_ALGS = [alg.decode() for alg in get_default_kex_algs() if alg != b"curve25519-sha256"]
#: Requests a connection may make (window changes, signals, environment, keepalives, opening
#: sessions...): so many at once, then so many a second; a person's connections share twice
#: that. Dragging a window's corner makes a few dozen a second; past the allowance the
#: connection is closed and its person waits `REQUEST_PAUSE_SECONDS` before logging in again.
REQUEST_BURST, REQUESTS_PER_SECOND = 300, 60
REQUEST_PAUSE_SECONDS = 30
#: The questionnaire is told a new window size at most this often: the last size of a burst
#: always, never each one (each makes it lay out and draw the whole screen).
RESIZE_SECONDS = 0.1
#: What asyncssh logs (at INFO) that the log must show: refusals and failed logins.
_LIBRARY_WORDS = ("denied", "not permitted", "failed")
#: ...less what repeats a refusal of ours that is logged already.
_LIBRARY_REPEATS = ("denied by application",)


@dataclass
class Settings:
    data: Path
    authorized_keys: Path
    instrument: Path | None = None
    max_sessions: int = 50
    idle_seconds: float = 30 * 60
    login_seconds: float = 20
    #: A logged-in connection that opens no session within this is closed (`ssh -N`).
    session_wait_seconds: float = 20
    #: A keepalive this often; a link that misses three in a row is dead.
    keepalive_seconds: float = 15
    #: How often the authorized_keys file is looked at for changes.
    reread_seconds: float = 2
    limits: Limits = field(default_factory=Limits)
    #: Sessions forked from a warm process (:mod:`.warm`); False: each from nothing.
    warm: bool = True
    #: Keep ``data`` a git repository, a commit at each session's end (:mod:`.keeper`).
    git: bool = False
    #: Push each commit to this remote (with ``git``).
    git_push: str | None = None


def clamp_size(columns: int, lines: int, default: tuple[int, int]) -> tuple[int, int]:
    """A window size within 1..500 × 1..200; 0 (unknown) means ``default``."""
    columns = min(columns, MAX_COLUMNS) if columns > 0 else default[0]
    lines = min(lines, MAX_LINES) if lines > 0 else default[1]
    return columns, lines


class Service:
    """The running server's state: who may log in, who is connected, what runs."""

    def __init__(
        self,
        settings: Settings,
        people: list[Person],
        log: Log,
        starter: WarmStarter | None = None,
        keeper: Keeper | None = None,
    ) -> None:
        self.settings = settings
        self.people = people
        self.log = log
        self.starter = starter
        self.keeper = keeper
        self.gate: Gate[Connection] = Gate(settings.limits)
        self.connections: set[Connection] = set()
        self.sessions: set[PersonLink] = set()
        self.tasks: set[asyncio.Task[Any]] = set()
        self._keys_seen = self._keys_stamp()
        #: Requests per person, over all their connections.
        self.requests = Allowance(REQUEST_BURST * 2, REQUESTS_PER_SECOND * 2, most_keys=10_000)
        #: A person whose connection was closed for too many requests: until when they wait.
        self.paused: dict[str, float] = {}

    def spawn(self, coroutine: Any) -> None:
        """Run ``coroutine`` as a task the server waits for (or cancels) when it stops."""
        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    def match(self, key: asyncssh.SSHKey, address: str) -> Person | None:
        now = datetime.now()
        return next((p for p in self.people if p.admits(key, address, address, now)), None)

    # -- the authorized_keys file changes ---------------------------------------------------------

    def _keys_stamp(self) -> tuple[int, int, int] | None:
        try:
            info = self.settings.authorized_keys.stat()
        except OSError:
            return None
        return (info.st_ino, info.st_size, info.st_mtime_ns)

    def reread_if_changed(self) -> None:
        stamp = self._keys_stamp()
        if stamp != self._keys_seen:
            self._keys_seen = stamp
            self.reread()

    def reread(self) -> None:
        """Read the authorized_keys file again; close the connections of keys no longer in it.
        A broken file changes nothing (and says so): nobody is locked out by a typo."""
        try:
            people = read_people(self.settings.authorized_keys)
        except LoadError as error:
            self.log(f"kept the previous authorized keys: {error}", kind="reread failed")
            return
        self.people = people
        allowed = {(p.name, p.fingerprint) for p in people}
        self.log(f"read the authorized keys again: {len(people)} keys", kind="reread")
        for connection in list(self.connections):
            person = connection.person
            if person is not None and (person.name, person.fingerprint) not in allowed:
                self.log(
                    f"key of {person.name} removed: closing its connection from {connection.peer}"
                )
                self.spawn(
                    connection.close_with_message(
                        "Your key was removed from this server's list, so this session is closed. "
                        "Every answer you gave is saved."
                    )
                )

    # -- periodic work ----------------------------------------------------------------------------

    def keep_team_file(self) -> None:
        """With ``--git``: the team file committed each time it changes (the facilitator built
        it, or saved an agreement), by the facilitator in session."""
        keeper = self.keeper
        if keeper is None or not keeper.team_changed(self.settings.data / TEAM_FILE_NAME):
            return
        facilitators = sorted(
            {(s.person.name, s.person.stem) for s in self.sessions if s.person.facilitator}
        )
        name, stem = facilitators[0] if len(facilitators) == 1 else ("the facilitator", "team")
        keeper.changed(TEAM_FILE_NAME, name, stem)

    async def watch(self) -> None:
        """Close idle sessions and notice a changed authorized_keys file."""
        settings = self.settings
        step = min(settings.reread_seconds, settings.idle_seconds / 4, 30)
        while True:
            await asyncio.sleep(step)
            self.reread_if_changed()
            self.keep_team_file()
            now = time.monotonic()
            for session in list(self.sessions):
                idle = now - session.last_input > settings.idle_seconds
                if idle and not session.closing and not session.link_lost.is_set():
                    minutes = f"{settings.idle_seconds / 60:g}"
                    self.log(
                        f"closing idle session of {session.person.name} from "
                        f"{session.connection.peer}"
                    )
                    self.spawn(
                        session.close_with_message(
                            f"Closed after {minutes} minutes without a key. Every answer you "
                            "gave is saved; connect again to go on."
                        )
                    )


class PersonLink(asyncssh.SSHServerSession):  # type: ignore[type-arg]
    """One person's questionnaire: its own process on its own pseudo-terminal (or pipes)."""

    def __init__(self, service: Service, connection: Connection, person: Person) -> None:
        self.service = service
        self.connection = connection
        self.person = person
        self.channel: Any = None
        self.term: str | None = None
        self.size = (80, 24)
        self._size_given: tuple[int, int] | None = None  # the last size the process was told
        self._resize_timer: asyncio.TimerHandle | None = None
        self.process: subprocess.Popen[bytes] | Started | None = None
        self.exited: asyncio.Future[int] | None = None
        self.bridge: Bridge | None = None
        # only what the questionnaire can take reaches it; what it changed is logged once
        self.guard = InputGuard(
            on_notice=lambda what: service.log(
                f"input of {self.describe()}: {what}", kind=f"input {what}"
            )
        )
        self.early = bytearray()  # keys that came before the process started
        self.early_eof = False
        self.last_input = time.monotonic()
        self.closing = False
        self.link_lost = asyncio.Event()  # the channel is gone
        self.ended = asyncio.Event()  # ...and so is the process (its lock with it)

    @property
    def path(self) -> Path:
        return self.service.settings.data / self.person.file_name

    def describe(self) -> str:
        return f"{self.person.name} from {self.connection.peer}"

    # -- what the client asks for: a terminal and the shell (which is the questionnaire) --------

    def connection_made(self, chan: Any) -> None:
        self.channel = chan
        chan.set_write_buffer_limits(high=INPUT_HIGH, low=INPUT_HIGH // 4)

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], modes: Any
    ) -> bool:
        log = self.service.log
        if not self.person.pty:
            log(f"refused a terminal for {self.describe()}: its key says no-pty")
            return False
        term = term_type or "xterm-256color"
        if not _TERM.fullmatch(term):
            log(f"refused terminal type {term[:40]!r} for {self.describe()}")
            return False
        self.term = term
        self.size = clamp_size(term_size[0], term_size[1], (80, 24))
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        self.service.log(f"refused exec for {self.describe()}: {command[:60]!r}")
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        self.service.log(f"refused subsystem {subsystem[:40]!r} for {self.describe()}")
        return False

    # -- starting the process -------------------------------------------------------------------

    def session_started(self) -> None:
        self.service.spawn(self._start())

    async def _start(self) -> None:
        await self._take_over_dead_sessions()
        if self.closing or self.channel is None:
            return
        try:
            starter = self.service.starter
            await self._start_process(starter if starter is not None and starter.alive else None)
        except Exception as error:  # never leave a descriptor or a half-started session behind
            self.service.log(
                f"could not start the session of {self.describe()}: {type(error).__name__}: {error}"
            )
            self._close_bridge()
            with contextlib.suppress(Exception):
                self.channel.write(b"\r\nThe questionnaire could not start; try again later.\r\n")
                self.channel.exit(1)
            return
        window = f"{self.size[0]}×{self.size[1]} {self.term}" if self.term else "no terminal"
        pid = self.process.pid if self.process else "?"
        # (held back per person, not for all: a whole team logging in at once is all logged)
        self.service.log(
            f"session of {self.describe()}: {self.person.file_name} (pid {pid}, {window})",
            kind=f"session of {self.person.name}",
        )

    async def _take_over_dead_sessions(self) -> None:
        """Another session of this person whose link has died still holds the file: ask its
        client for signs of life, quickly; if none come, it is closed and this one edits."""
        others = [
            s
            for s in self.service.sessions
            if s is not self and s.person.name == self.person.name and not s.ended.is_set()
        ]
        if not others:
            return
        keepalive = self.service.settings.keepalive_seconds
        for other in others:
            other.connection.probe()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(
                asyncio.gather(*(other.link_lost.wait() for other in others)), timeout=4
            )
        for other in others:
            if other.link_lost.is_set():
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(other.ended.wait(), timeout=HANG_UP_SECONDS + 2)
                self.service.log(f"took over the session of {other.describe()}: its link was dead")
            else:
                other.connection.restore_keepalive(keepalive)

    async def _start_process(self, starter: WarmStarter | None) -> None:
        """The session's process, forked from the warm process (``starter``) or started from
        nothing: on a new terminal of its own (the plain questionnaire over pipes, without
        one), in the data folder, with a session's environment."""
        settings = self.service.settings
        plain = self.term is None or self.term == "dumb"
        arguments = questionnaire_arguments(
            self.person.file_name,
            settings.instrument,
            plain=plain,
            facilitator=self.person.facilitator,
            people={person.stem: person.name for person in self.service.people},
            person=self.person.name,
        )
        env = child_environment(self.term)
        pty = self.term is not None
        opened: list[int] = []
        try:
            if pty:
                master, slave = os.openpty()
                opened += [master, slave]
                self._set_size(master)
                given, ends = [slave, slave, slave], (master, master)
            else:  # no terminal: the plain questionnaire over pipes
                child_in, to_child = os.pipe()
                from_child, child_out = os.pipe()
                opened += [child_in, to_child, from_child, child_out]
                given, ends = [child_in, child_out, child_out], (from_child, to_child)
            if starter is not None:
                self.process = await starter.start(
                    arguments, str(settings.data), env, given, pty=pty
                )
            else:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "nextgen_tui", *arguments],
                    stdin=given[0],
                    stdout=given[1],
                    stderr=given[2],
                    cwd=settings.data,
                    env=env,
                    start_new_session=True,  # its own session, the pty its controlling terminal
                    preexec_fn=_controlling_terminal if pty else None,
                    close_fds=True,
                )
            for fd in set(given):
                os.close(fd)
                opened.remove(fd)
            if self.closing or self.channel is None:  # the link went while it started
                raise OSError("the link closed while the session started")
            self.bridge = Bridge(self.channel, ends[0], ends[1], self._output_ended)
        except BaseException:
            for fd in opened:
                with contextlib.suppress(OSError):
                    os.close(fd)
            self.bridge = None
            if self.process is not None and self.process.poll() is None:
                self.process.kill()
            raise
        if isinstance(self.process, Started):
            self.exited = self.process.exited
        else:
            self.exited = wait_exit(self.process)
        self._started()

    def _started(self) -> None:
        """Keys typed before the process was there go to it now."""
        assert self.bridge is not None
        if self.early:
            self.bridge.feed(bytes(self.early))
            self.early.clear()
            self.channel.resume_reading()
        if self.early_eof:
            self.bridge.end_input()

    def _set_size(self, fd: int) -> None:
        columns, lines = self._size_given = self.size
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))

    # -- running ----------------------------------------------------------------------------------

    def data_received(self, data: bytes, datatype: Any) -> None:
        self.last_input = time.monotonic()
        data = self.guard.feed(data)
        if self.bridge is not None:
            self.bridge.feed(data)
        elif not self.closing:
            self.early += data
            if len(self.early) > INPUT_HIGH:
                self.channel.pause_reading()

    def eof_received(self) -> bool:
        if self.bridge is not None:
            self.bridge.end_input()
        else:
            self.early_eof = True
        return True  # keep the channel open for the rest of the output

    def pause_writing(self) -> None:
        if self.bridge is not None:
            self.bridge.pause_output()

    def resume_writing(self) -> None:
        if self.bridge is not None:
            self.bridge.resume_output()

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        """A new window size: told to the questionnaire now, and then at most once every
        `RESIZE_SECONDS` (the last size of a burst), however fast they come."""
        self.size = clamp_size(width, height, self.size)
        if self._resize_timer is None:
            self._tell_size()

    def _tell_size(self) -> None:
        self._resize_timer = None
        bridge = self.bridge
        if self.size == self._size_given or bridge is None or bridge.read_fd is None:
            return
        if self.term is not None:
            with contextlib.suppress(OSError):
                self._set_size(bridge.read_fd)  # the kernel tells the app with SIGWINCH
        loop = asyncio.get_running_loop()
        self._resize_timer = loop.call_later(RESIZE_SECONDS, self._tell_size)

    # -- ending -----------------------------------------------------------------------------------

    def _output_ended(self) -> None:
        """The questionnaire closed its output: pass its exit status on and close the channel."""
        self.service.spawn(self._finish())

    async def _finish(self) -> None:
        code = await self._wait_process(10)
        if self.channel is not None and not self.closing:
            with contextlib.suppress(Exception):
                self.channel.exit(code if code >= 0 else 1)

    async def _wait_process(self, seconds: float) -> int:
        """The exit status, after at most ``seconds`` (then the process group is killed)."""
        if self.exited is None or self.process is None:
            return 1
        try:
            return await asyncio.wait_for(asyncio.shield(self.exited), timeout=seconds)
        except TimeoutError:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, signal.SIGKILL)
            return await self.exited

    def _signal(self, number: signal.Signals) -> None:
        if self.process is not None and self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, number)

    async def close_with_message(self, message: str) -> None:
        """End the questionnaire (it saves and restores the screen), then tell the person why
        the link closes, then close it."""
        if self.closing:
            return
        self.closing = True
        self._signal(signal.SIGTERM)
        await self._wait_process(10)
        if self.bridge is not None:
            self.bridge.resume_output()  # the screen restored by the app goes out first
            await asyncio.sleep(0)
        channel = self.channel
        if channel is not None:
            with contextlib.suppress(Exception):
                channel.write(f"\r\n{message}\r\n".encode())
                channel.exit(0)

    def connection_lost(self, exc: Exception | None) -> None:
        """The channel closed or the link dropped: hang up on the questionnaire."""
        if self._resize_timer is not None:
            self._resize_timer.cancel()
            self._resize_timer = None
        self.channel = None
        self.link_lost.set()
        self.connection.session_ended(self)
        self._signal(signal.SIGHUP)
        self._close_bridge()
        self.service.spawn(self._reap())

    def _close_bridge(self) -> None:
        if self.bridge is not None:
            self.bridge.close()
            self.bridge = None

    async def _reap(self) -> None:
        if self.process is not None:
            await self._wait_process(HANG_UP_SECONDS)
        remove_stale_lock(self.path)
        self.service.sessions.discard(self)  # counted until its process is gone
        keeper = self.service.keeper
        if keeper is not None:  # (with --git: what the session changed, committed by its person)
            person = self.person
            keeper.changed(person.file_name, person.name, person.stem)
            if person.facilitator:
                keeper.changed(TEAM_FILE_NAME, person.name, person.stem)
        self.ended.set()
        self.service.log(
            f"closed session of {self.describe()}", kind=f"closed session of {self.person.name}"
        )


def _meter(handler: Any, message: int, allowed: Callable[[], bool]) -> None:
    """Count each ``message`` (an SSH message number) that reaches ``handler`` (asyncssh's
    connection or channel) against ``allowed``; one past it is dropped, and the connection
    is closing by then. asyncssh dispatches through the class's ``_packet_handlers``: this
    connection or channel gets its own copy, with the one entry wrapped."""
    handlers = dict(type(handler)._packet_handlers)
    process = handlers[message]

    def counted(self: Any, pkttype: int, pktid: int, packet: Any) -> Any:
        if not allowed():
            return True  # (handled: by being dropped)
        return process(self, pkttype, pktid, packet)

    handlers[message] = counted
    handler._packet_handlers = handlers


def _controlling_terminal() -> None:
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class Connection(asyncssh.SSHServer):
    """One client connection: admission, authentication, and what it may ask for."""

    def __init__(self, service: Service) -> None:
        self.service = service
        self.conn: asyncssh.SSHServerConnection | None = None
        #: Who this connection is, once it has proved it (set when authentication completes,
        #: never on a key merely offered).
        self.person: Person | None = None
        #: The person whose key was last accepted, before its signature is checked.
        self._offered: Person | None = None
        self._requests = Allowance(REQUEST_BURST, REQUESTS_PER_SECOND, most_keys=1)
        self.peer = "?"
        self.address = ""
        self.sessions: set[PersonLink] = set()
        self._no_session: asyncio.TimerHandle | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.address = str(peer[0])
        self.peer = f"{peer[0]}:{peer[1]}"
        verdict = self.service.gate.arrive(self, self.address, time.monotonic())
        loop = asyncio.get_running_loop()
        if not verdict.admitted:
            self.service.log(
                f"refused connection from {self.address}: {verdict.reason}",
                kind="refused connection",
            )
            loop.call_soon(conn.abort)
            return
        self.service.connections.add(self)
        _meter(conn, MSG_GLOBAL_REQUEST, self.request_allowed)
        for other in verdict.evict:
            self.service.log(
                f"closed connection from {other.peer}: too many waiting to log in",
                kind="evicted",
            )
            if other.conn is not None:
                loop.call_soon(other.conn.abort)

    def begin_auth(self, username: str) -> bool:
        return True

    def password_auth_supported(self) -> bool:
        return False

    def kbdint_auth_supported(self) -> bool:
        return False

    def public_key_auth_supported(self) -> bool:
        return True

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        person = self.service.match(key, self.address)
        if person is None:
            self.service.log(
                f"refused key {key.get_fingerprint()} from {self.peer}",
                kind="refused key",
            )
            return False
        self._offered = person
        return True

    def auth_completed(self) -> None:
        assert self._offered is not None and self.conn is not None
        self.person = self._offered  # the key's signature was good: this is who it is
        paused = self.service.paused.get(self.person.name, 0) - time.monotonic()
        if paused > 0:
            self.service.log(
                f"refused {self.person.name} from {self.peer}: too many requests a moment ago; "
                f"may log in again in {paused:.0f} s",
                kind=f"paused {self.person.name}",
            )
            self.conn.close()
            return
        verdict = self.service.gate.logged_in(self, self.person.name)
        if not verdict.admitted:
            self.service.log(f"refused {self.person.name} from {self.peer}: {verdict.reason}")
            self.conn.close()
            return
        self.service.log(
            f"{self.person.name} logged in from {self.peer} "
            f"(key {self.person.fingerprint}, line {self.person.line})"
        )
        self._wait_for_session()

    def _wait_for_session(self) -> None:
        seconds = self.service.settings.session_wait_seconds
        self._cancel_wait()
        self._no_session = asyncio.get_running_loop().call_later(seconds, self._no_session_came)

    def _cancel_wait(self) -> None:
        if self._no_session is not None:
            self._no_session.cancel()
            self._no_session = None

    def _no_session_came(self) -> None:
        if not self.sessions and self.conn is not None:
            name = self.person.name if self.person else "?"
            self.service.log(
                f"closed connection of {name} from {self.peer}: no session within "
                f"{self.service.settings.session_wait_seconds:g} s"
            )
            self.conn.close()

    def request_allowed(self) -> bool:
        """One more request from this connection (see `REQUEST_BURST`): False, and the
        connection is closing, past its allowance or its person's."""
        if self.conn is None:
            return False
        now = time.monotonic()
        name = self.person.name if self.person is not None else None
        mine = self._requests.take("", now)
        theirs = name is None or self.service.requests.take(name, now)
        if mine and theirs:
            return True
        who = name or "a connection"
        if name is not None:
            self.service.paused[name] = now + REQUEST_PAUSE_SECONDS
        self.service.log(
            f"closed the connection of {who} from {self.peer}: too many requests "
            f"(window changes, signals and the like: {REQUESTS_PER_SECOND} a second allowed)",
            kind="too many requests",
        )
        conn, self.conn = self.conn, None
        conn.abort()
        return False

    def session_requested(self) -> tuple[Any, PersonLink] | bool:
        service = self.service
        if self.person is None or self.conn is None or not self.request_allowed():
            return False
        if len(self.sessions) >= SESSIONS_PER_CONNECTION:
            service.log(
                f"refused session of {self.person.name}: {SESSIONS_PER_CONNECTION} already open "
                "on one connection"
            )
            return False
        per_person = service.settings.limits.per_person
        if sum(1 for s in service.sessions if s.person.name == self.person.name) >= per_person:
            service.log(f"refused session of {self.person.name}: {per_person} of theirs are open")
            return False
        if len(service.sessions) >= service.settings.max_sessions:
            service.log(
                f"refused session of {self.person.name}: "
                f"{service.settings.max_sessions} already open"
            )
            return False
        self._cancel_wait()
        session = PersonLink(service, self, self.person)
        self.sessions.add(session)
        service.sessions.add(session)
        channel = self.conn.create_server_channel()
        _meter(channel, MSG_CHANNEL_REQUEST, self.request_allowed)
        return channel, session

    def session_ended(self, session: PersonLink) -> None:
        self.sessions.discard(session)
        if not self.sessions and self.conn is not None:
            self._wait_for_session()

    # -- liveness -------------------------------------------------------------------------------

    def probe(self) -> None:
        """Ask the client for a sign of life every second: a dead link closes within three."""
        if self.conn is not None:
            self.conn.set_keepalive(1, 2)

    def restore_keepalive(self, seconds: float) -> None:
        if self.conn is not None:
            self.conn.set_keepalive(seconds, 3)

    async def close_with_message(self, message: str) -> None:
        await asyncio.gather(*(s.close_with_message(message) for s in list(self.sessions)))
        if self.conn is not None:
            self.conn.close()

    # -- refused outright -----------------------------------------------------------------------

    def connection_requested(
        self, dest_host: str, dest_port: int, orig_host: str, orig_port: int
    ) -> bool:
        self.service.log(f"refused port forwarding for {self._who()}")
        return False

    def server_requested(self, listen_host: str, listen_port: int) -> bool:
        self.service.log(f"refused remote port forwarding for {self._who()}")
        return False

    def unix_connection_requested(self, dest_path: str) -> bool:
        self.service.log(f"refused unix socket forwarding for {self._who()}")
        return False

    def unix_server_requested(self, listen_path: str) -> bool:
        self.service.log(f"refused remote unix socket forwarding for {self._who()}")
        return False

    def _who(self) -> str:
        return f"{self.person.name if self.person else '?'} from {self.peer}"

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_wait()
        self.service.gate.left(self)
        self.service.connections.discard(self)
        if self.person is not None:
            reason = f": {exc}" if exc else " (closed)"
            self.service.log(f"disconnected {self.person.name} from {self.peer}{reason}")
        self.conn = None


def more_descriptors() -> None:
    """Raise the open-file limit to what the system allows: each session holds a few."""
    with contextlib.suppress(ValueError, OSError):
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard == resource.RLIM_INFINITY or hard > soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))


async def serve(
    service: Service, host: str, port: int, key: asyncssh.SSHKey, stop: asyncio.Event
) -> None:
    settings = service.settings
    loop = asyncio.get_running_loop()
    loop.set_exception_handler(service.log.loop_exception)
    library = logging.getLogger("asyncssh")
    library.setLevel(logging.INFO)
    library.propagate = False
    library.handlers[:] = [service.log.handler(_LIBRARY_WORDS, _LIBRARY_REPEATS)]
    try:
        server = await asyncssh.create_server(
            lambda: Connection(service),
            host,
            port,
            server_host_keys=[key],
            kex_algs=_KEX_ALGS,
            encoding=None,
            line_editor=False,
            allow_scp=False,
            sftp_factory=None,
            agent_forwarding=False,
            x11_forwarding=False,
            # public keys only: every other way to log in is off, GSS-API (Kerberos) with them
            password_auth=False,
            kbdint_auth=False,
            host_based_auth=False,
            gss_host=None,
            login_timeout=settings.login_seconds,
            keepalive_interval=settings.keepalive_seconds,
            keepalive_count_max=3,
        )
    except OSError as error:
        raise LoadError(f"{host}:{port}", f"cannot listen: {error.strerror}") from None
    bound = server.sockets[0].getsockname()
    names = ", ".join(sorted({person.name for person in service.people}))
    service.log(
        f"listening on {bound[0]}:{bound[1]}; host key {key.get_fingerprint()}; answers in "
        f"{settings.data}; people: {names}; at most {settings.max_sessions} sessions, idle ones "
        f"closed after {settings.idle_seconds / 60:g} minutes"
    )
    watcher = asyncio.create_task(service.watch())
    try:
        await stop.wait()
    finally:
        service.log("stopping; hanging up on open sessions")
        watcher.cancel()
        server.close()
        for connection in list(service.connections):
            if connection.conn is not None:
                connection.conn.close()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(server.wait_closed(), timeout=5)
        pending = [*service.tasks, watcher]
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.gather(*pending, return_exceptions=True), timeout=15)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)


def run(
    host: str,
    port: int,
    settings: Settings,
    key_path: Path | None = None,
) -> int:
    log = Log()
    log.take_over_logging()
    people = read_people(settings.authorized_keys)
    settings.data.mkdir(mode=0o700, parents=True, exist_ok=True)  # (its names are people's)
    # the warm process sessions fork from: started from nothing (it shares no memory with this
    # one) with a session's environment, so it never holds the host key or the server's secrets
    starter = None
    keeper: Keeper | None = None
    if settings.warm:
        starter = WarmStarter(child_environment(None), log)
        if not starter.wait_ready():
            starter = None
    try:
        key = host_key.load_or_create(key_path or host_key.default_path(), settings.data, log)
        for stale in settings.data.glob(".*.toml.lock"):
            remove_stale_lock(stale.with_name(stale.name[1:-5]))
        more_descriptors()
        if settings.git:
            keeper = Keeper(
                settings.data, log, instrument=settings.instrument, remote=settings.git_push
            )
            keeper.start()
        service = Service(settings, people, log, starter, keeper)

        async def main() -> None:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            if starter is not None:
                starter.attach(loop)
            for number in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(number, stop.set)
            loop.add_signal_handler(signal.SIGHUP, service.reread)
            await serve(service, host, port, key, stop)

        asyncio.run(main())
    finally:
        if starter is not None:
            starter.close()
        if keeper is not None:
            keeper.stop()
    return 0
