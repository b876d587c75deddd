"""The warm process served sessions are forked from (``python -m nextgen_tui.warm_process FD``).

Started by ``serve --ssh`` (see :mod:`nextgen_tui.serve.warm`, its other end, for why and what
a session does not inherit): it imports and builds what a session needs, then forks a child per
request on the socket ``FD``, hands it its terminal, and reports the child's pid and exit.
It sits beside the command line in the layers: a session it forks runs :func:`cli.main`.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import importlib
import json
import os
import selectors
import signal
import socket
import sys
import termios
from collections.abc import Callable
from typing import Any

_MAX_MESSAGE = 64 * 1024
#: What a session imports before its first frame besides our own modules (those are imported in
#: :func:`_warm_up` by name): imported here once, shared by every fork.
WARM_MODULES = (
    # what Textual imports only as an app starts on a terminal (found by listing sys.modules
    # in a session before and after its first frame)
    "textual.drivers.linux_driver",
    "textual.drivers._writer_thread",
    "textual._xterm_parser",
    "textual.layouts.factory",
    "textual.layouts.horizontal",
    "textual.layouts.stream",
    "textual.scrollbar",
    "textual.pilot",
    "filelock",
    "queue",
    "tty",
    # what a session imports only when it first saves
    "tomli_w",
    "tempfile",
)


def _warm_up() -> None:
    """Import and build what every session needs before its first frame: the modules, then one
    questionnaire drawn headless on a new file in a folder of its own (nothing is written
    before a first answer; its lock goes with the session and the folder), so the caches of
    styles, colours and text widths are filled once for all."""
    import tempfile
    from pathlib import Path

    from . import cli  # noqa: F401  (what a session imports first)
    from .core.session import open_session
    from .plain import questionnaire, typed_prompts  # noqa: F401  (plain mode's)
    from .tui.app import NextGenApp
    from .tui.screens import answer_editors, details_form, too_small  # noqa: F401
    from .tui.screens import questionnaire as questionnaire_screen  # noqa: F401

    for name in WARM_MODULES:
        importlib.import_module(name)

    with tempfile.TemporaryDirectory() as folder:
        session = open_session(Path(folder, "warm.toml"))
        app = NextGenApp(session)
        app.on_first_frame = app.exit
        app.run(headless=True, size=(80, 24))
        session.finish()


def become_session(
    request: dict[str, Any], fds: list[int], run: Callable[[list[str]], int] | None = None
) -> int:
    """In the forked child: take the descriptors as 0, 1 and 2, close everything else (the warm
    process's socket too), take the session's folder and environment, and run the
    questionnaire (or ``run``) with the request's arguments; returns its exit status."""
    signal.set_wakeup_fd(-1)  # the warm process's: its number may soon name a session's file
    os.setsid()
    terminal = fds[0]
    if request["pty"]:
        fcntl.ioctl(terminal, termios.TIOCSCTTY, 0)
    given = fds if len(fds) == 3 else [terminal, terminal, terminal]
    for target, fd in enumerate(given):
        os.dup2(fd, target)
    os.closerange(3, _max_fd())  # the fds handed over, the socket, anything else
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    import time

    time.tzset()
    for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
        signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    # the streams on the session's terminal: Textual writes to sys.__stderr__ itself
    for fd, name, mode, errors in (
        (0, "stdin", "r", "surrogateescape"),
        (1, "stdout", "w", "strict"),
        (2, "stderr", "w", "backslashreplace"),
    ):
        stream = os.fdopen(fd, mode, encoding="utf-8", errors=errors, closefd=False, buffering=1)
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)
    sys.argv = ["nextgen-tui", *request["argv"]]
    if run is None:
        from .cli import main

        run = main
    try:
        return run(request["argv"])
    except SystemExit as stop:  # argparse
        return stop.code if isinstance(stop.code, int) else 1
    finally:
        for done in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                done.flush()


def _max_fd() -> int:
    try:
        return os.sysconf("SC_OPEN_MAX")
    except (ValueError, OSError):
        return 1024


def serve_forks(channel: socket.socket) -> None:
    """The warm process's loop: a fork per request, a message per child's pid and exit."""
    selector = selectors.DefaultSelector()
    wake_read, wake_write = os.pipe()
    os.set_blocking(wake_write, False)
    signal.set_wakeup_fd(wake_write)
    signal.signal(signal.SIGCHLD, lambda *_: None)  # (the wakeup fd hears it)
    selector.register(channel, selectors.EVENT_READ)
    selector.register(wake_read, selectors.EVENT_READ)
    while True:
        for key, _events in selector.select():
            if key.fileobj is channel:
                try:
                    message, fds, _flags, _address = socket.recv_fds(channel, _MAX_MESSAGE, 3)
                except OSError:
                    message, fds = b"", []
                if not message:  # the server is gone: so is this; sessions go on alone
                    return
                _fork(channel, json.loads(message), fds)
            else:
                with contextlib.suppress(BlockingIOError):
                    os.read(wake_read, 512)
        _reap(channel)


def _fork(channel: socket.socket, request: dict[str, Any], fds: list[int]) -> None:
    try:
        pid = os.fork()
    except OSError as error:
        for fd in fds:
            os.close(fd)
        channel.send(json.dumps({"id": request["id"], "pid": -1, "error": str(error)}).encode())
        return
    if pid == 0:
        code = 1
        try:
            code = become_session(request, fds)
        except BaseException:
            import traceback

            with contextlib.suppress(Exception):
                traceback.print_exc()
        finally:
            os._exit(code if 0 <= code < 256 else 1)
    for fd in fds:
        os.close(fd)
    channel.send(json.dumps({"id": request["id"], "pid": pid}).encode())


def _reap(channel: socket.socket) -> None:
    while True:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        code = os.waitstatus_to_exitcode(status)
        with contextlib.suppress(OSError):
            channel.send(json.dumps({"exited": pid, "code": code}).encode())


def main() -> None:
    from .cli import quiet_other_packages

    quiet_other_packages()  # (before the warm-up imports them all)
    channel = socket.socket(fileno=int(sys.argv[1]))
    _warm_up()
    gc.collect()
    gc.freeze()  # what was built stays out of the collector's way, and its pages shared
    channel.send(b'{"ready": true}')
    serve_forks(channel)


if __name__ == "__main__":
    main()
