"""The bytes between one SSH channel and one child process, with back-pressure both ways.

Nothing here blocks the event loop and no buffer grows without bound:

- input (keys, pastes) is kept until the child's terminal or pipe takes it, written in the
  pieces the kernel accepts (a partial write keeps the rest); past `INPUT_HIGH` bytes waiting,
  the channel stops reading from the client (SSH flow control then holds the client back) and
  starts again below `INPUT_LOW`;
- output is read from the child only while the channel can take it: when the client stops
  reading, asyncssh says `pause_writing`, we stop reading the child, the child's terminal fills
  and the child waits.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
from collections.abc import Callable
from typing import Any

INPUT_HIGH = 256 * 1024
INPUT_LOW = 64 * 1024
CHUNK = 64 * 1024


class Bridge:
    def __init__(
        self,
        channel: Any,
        read_fd: int,
        write_fd: int,
        on_output_end: Callable[[], None],
    ) -> None:
        self.loop = asyncio.get_running_loop()
        self.channel = channel
        self.read_fd: int | None = read_fd
        self.write_fd: int | None = write_fd
        self.on_output_end = on_output_end
        self.pending = bytearray()
        self.input_paused = False
        self.output_paused = False
        self.close_input_when_drained = False
        self._writer_waiting = False
        for fd in {read_fd, write_fd}:
            os.set_blocking(fd, False)
        self.loop.add_reader(read_fd, self._readable)

    # -- client → child ---------------------------------------------------------------------------

    def feed(self, data: bytes) -> None:
        if self.write_fd is None:
            return  # the child has stopped taking input; nothing is left to give it to
        self.pending += data
        self._write()

    def end_input(self) -> None:
        """The client sent EOF: close the child's input once everything before it is written
        (only for a pipe; a terminal has no end of input)."""
        self.close_input_when_drained = True
        self._write()

    def _write(self) -> None:
        fd = self.write_fd
        if fd is None:
            return
        while self.pending:
            try:
                written = os.write(fd, self.pending[:CHUNK])
            except BlockingIOError:
                break
            except OSError:  # the child is gone: its input goes nowhere
                self.pending.clear()
                self._stop_writing()
                return
            del self.pending[:written]
        if self.pending and not self._writer_waiting:
            self.loop.add_writer(fd, self._write)
            self._writer_waiting = True
        elif not self.pending and self._writer_waiting:
            self.loop.remove_writer(fd)
            self._writer_waiting = False
        if len(self.pending) > INPUT_HIGH and not self.input_paused:
            self.input_paused = True
            self.channel.pause_reading()
        elif len(self.pending) < INPUT_LOW and self.input_paused:
            self.input_paused = False
            self.channel.resume_reading()
        if not self.pending and self.close_input_when_drained and fd != self.read_fd:
            self._stop_writing()

    def _stop_writing(self) -> None:
        fd = self.write_fd
        if fd is None:
            return
        if self._writer_waiting:
            self.loop.remove_writer(fd)
            self._writer_waiting = False
        self.write_fd = None
        if fd != self.read_fd:
            with contextlib.suppress(OSError):
                os.close(fd)
        if self.input_paused:
            self.input_paused = False
            with contextlib.suppress(Exception):
                self.channel.resume_reading()

    # -- child → client ---------------------------------------------------------------------------

    def _readable(self) -> None:
        fd = self.read_fd
        if fd is None:
            return
        try:
            data = os.read(fd, CHUNK)
        except BlockingIOError:
            return
        except OSError:  # EIO: the child closed its terminal
            data = b""
        if data:
            try:
                self.channel.write(data)
                return
            except (BrokenPipeError, ConnectionError, OSError):
                pass  # the channel is closing; the child is hung up on elsewhere
        self._stop_reading()
        self.on_output_end()

    def pause_output(self) -> None:
        if not self.output_paused and self.read_fd is not None:
            self.output_paused = True
            self.loop.remove_reader(self.read_fd)

    def resume_output(self) -> None:
        if self.output_paused and self.read_fd is not None:
            self.output_paused = False
            self.loop.add_reader(self.read_fd, self._readable)

    def _stop_reading(self) -> None:
        fd = self.read_fd
        if fd is None:
            return
        self.loop.remove_reader(fd)
        self.read_fd = None
        if fd != self.write_fd:
            with contextlib.suppress(OSError):
                os.close(fd)

    def close(self) -> None:
        """Let go of both descriptors (a terminal's master is one descriptor for both ways)."""
        self.pending.clear()
        shared = self.read_fd if self.read_fd == self.write_fd else None
        if shared is not None:  # close it once, after both ways let go of it
            self.read_fd = self.write_fd = None
            with contextlib.suppress(Exception):
                self.loop.remove_reader(shared)
            if self._writer_waiting:
                with contextlib.suppress(Exception):
                    self.loop.remove_writer(shared)
                self._writer_waiting = False
            with contextlib.suppress(OSError):
                os.close(shared)
            return
        self._stop_writing()
        self._stop_reading()


def wait_exit(process: subprocess.Popen[bytes]) -> asyncio.Future[int]:
    """A future for the process's exit status that blocks no thread: a pidfd where Linux has
    them, else a poll every tenth of a second."""
    loop = asyncio.get_running_loop()
    done: asyncio.Future[int] = loop.create_future()

    def check() -> bool:
        code = process.poll()
        if code is None:
            return False
        if not done.done():
            done.set_result(code)
        return True

    if check():
        return done
    try:
        pidfd = os.pidfd_open(process.pid)
    except (AttributeError, OSError):
        pidfd = None
    if pidfd is not None:

        def ready() -> None:
            if check():
                loop.remove_reader(pidfd)
                os.close(pidfd)

        loop.add_reader(pidfd, ready)
        return done

    def poll() -> None:
        if not check():
            loop.call_later(0.1, poll)

    loop.call_later(0.1, poll)
    return done
