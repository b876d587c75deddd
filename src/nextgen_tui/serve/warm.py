"""The server's end of the warm process (:mod:`nextgen_tui.warm_process`): served sessions forked
from it, not started from nothing.

Starting a questionnaire from nothing costs the better part of a second of CPU, most of it
importing Textual, Rich and pydantic and building their classes, and each such process holds all
of it in memory of its own: a whole team logging in at ten o'clock waits in line for it. So
``serve --ssh`` starts one *warm* process first, from nothing (it shares no memory with the
server) and before it reads its host key, with the environment a session gets; it
imports everything a session needs, freezes what it built out of the garbage collector's way,
and then only forks. Each session is a child of it that shares those pages copy-on-write.

What a session must not inherit, it does not:

- **descriptors**: the child closes every descriptor but the terminal (or pipes) it is handed,
  which become 0, 1 and 2; the warm process opens no file and holds no lock;
- **secrets**: the warm process never sees the host key or the server's environment (it was
  started from nothing, with a session's environment, before the key was read);
- **randomness**: Python's ``random`` reseeds in every forked child, and ``secrets`` and
  ``os.urandom`` read the kernel afresh;
- **failures**: a crash in one session is that child's alone; if the warm process itself goes,
  the server starts sessions from nothing again.

The server asks over a ``SOCK_SEQPACKET`` socket (a message a request, the descriptors passed
with it) and hears back each child's pid, and each exit status (the warm process is the
children's parent, so it reaps them).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable

#: How long the server waits for the warm process to be ready before it starts without it.
READY_SECONDS = 60
_MAX_MESSAGE = 64 * 1024


class Started:
    """A session's process started by the warm process: its pid and its exit status to come,
    as the server uses a :class:`subprocess.Popen`."""

    def __init__(self, pid: int, exited: asyncio.Future[int]) -> None:
        self.pid = pid
        self.exited = exited

    def poll(self) -> int | None:
        return self.exited.result() if self.exited.done() else None

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)


class WarmStarter:
    """The server's end: start the warm process, then ask it for sessions."""

    def __init__(self, env: dict[str, str], log: Callable[[str], object]) -> None:
        self.log = log
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "nextgen_tui.warm_process", str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=env,
                close_fds=True,
                start_new_session=True,  # a ctrl+c at the server's terminal is the server's
            )
        finally:
            theirs.close()
        self.socket = ours
        self.alive = False
        self._pids: dict[int, asyncio.Future[int]] = {}
        self._exits: dict[int, asyncio.Future[int]] = {}
        self._early_exits: dict[int, int] = {}
        self._next = 0

    def wait_ready(self, timeout: float = READY_SECONDS) -> bool:
        """Block until the warm process has imported everything (before the event loop)."""
        self.socket.settimeout(timeout)
        try:
            message = self.socket.recv(_MAX_MESSAGE)
        except OSError:
            message = b""
        self.socket.settimeout(None)
        self.alive = message == b'{"ready": true}'
        if not self.alive:
            self.log("the warm process did not start: sessions start from nothing")
            self.close()
        return self.alive

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self.socket.setblocking(False)
        loop.add_reader(self.socket.fileno(), self._read)

    async def start(
        self, argv: list[str], cwd: str, env: dict[str, str], fds: list[int], *, pty: bool
    ) -> Started:
        """Fork a session: ``fds`` become its 0, 1, 2 (one descriptor: a terminal for all
        three, its controlling one when ``pty``); raises OSError when it cannot."""
        if not self.alive:
            raise OSError("the warm process is gone")
        loop = asyncio.get_running_loop()
        self._next += 1
        ident = self._next
        answer: asyncio.Future[int] = loop.create_future()
        self._pids[ident] = answer
        request = {"id": ident, "argv": argv, "cwd": cwd, "env": env, "pty": pty}
        try:
            socket.send_fds(self.socket, [json.dumps(request).encode()], fds)
            pid = await asyncio.wait_for(answer, timeout=10)
        finally:
            self._pids.pop(ident, None)
        exited: asyncio.Future[int] = loop.create_future()
        if pid in self._early_exits:  # (it may end before its pid is read here)
            exited.set_result(self._early_exits.pop(pid))
        else:
            self._exits[pid] = exited
        return Started(pid, exited)

    def _read(self) -> None:
        while True:
            try:
                message = self.socket.recv(_MAX_MESSAGE)
            except BlockingIOError:
                return
            except OSError:
                message = b""
            if not message:
                self._gone()
                return
            news = json.loads(message)
            if "pid" in news:
                waiting = self._pids.get(news["id"])
                if waiting is not None and not waiting.done():
                    if news["pid"] > 0:
                        waiting.set_result(news["pid"])
                    else:
                        waiting.set_exception(OSError(news.get("error", "fork failed")))
            elif "exited" in news:
                pid, code = news["exited"], news["code"]
                exited = self._exits.pop(pid, None)
                if exited is None:
                    self._early_exits[pid] = code
                elif not exited.done():
                    exited.set_result(code)

    def _gone(self) -> None:
        """The warm process ended: its sessions' exits can no longer be heard; they count as
        ended (their processes, orphaned, still save and exit on their own)."""
        if self.alive:
            self.log("the warm process ended: new sessions start from nothing")
        self.alive = False
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=1)  # (reaped: its socket closed as it went)
        with contextlib.suppress(Exception):
            asyncio.get_running_loop().remove_reader(self.socket.fileno())
        for future in [*self._pids.values(), *self._exits.values()]:
            if not future.done():
                if future in self._pids.values():
                    future.set_exception(OSError("the warm process is gone"))
                else:
                    future.set_result(1)
        self._exits.clear()

    def close(self) -> None:
        self.alive = False
        with contextlib.suppress(OSError):
            self.socket.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
