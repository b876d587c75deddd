"""Drive a real terminal: a tmux server of the test's own, send keys, read the screen."""

from __future__ import annotations

import shutil
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path


class Terminal:
    def __init__(self, width: int = 80, height: int = 24) -> None:
        if shutil.which("tmux") is None:
            raise RuntimeError("tmux is not installed")
        self.socket = f"nextgen-test-{uuid.uuid4().hex[:8]}"
        self.width = width
        self.height = height
        self.session = "t"

    def _tmux(self, *args: str) -> str:
        result = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=False
        )
        return result.stdout

    def start(self, command: str, cwd: Path, env: dict[str, str] | None = None) -> None:
        exports = " ".join(f"{key}={value}" for key, value in (env or {}).items())
        script = f"cd {cwd} && env {exports} {command}; echo EXITED $?; sleep 600"
        self._tmux(
            "new-session",
            "-d",
            "-s",
            self.session,
            "-x",
            str(self.width),
            "-y",
            str(self.height),
            script,
        )

    def send(self, *keys: str, pace: float = 0.05) -> None:
        """Type ``keys``, ``pace`` seconds apart (as a person would; 0 for a burst)."""
        for key in keys:
            self._tmux("send-keys", "-t", self.session, key)
            if pace:
                time.sleep(pace)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.session)

    def wait_for(self, text: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{text!r} not on screen after {timeout}s:\n{screen}")

    def press_until(self, key: str, text: str, timeout: float = 10.0) -> str:
        """Press ``key`` until ``text`` shows: a key sent while a screen is still opening may be
        read before that screen listens. It is pressed again only while the screen has not
        changed since it was pressed: a key that was read (`y` answers) is never sent twice,
        however slowly the app shows what it did."""
        deadline = time.monotonic() + timeout
        while True:
            before = self.screen()
            self.send(key)
            try:
                return self.wait_for(text, timeout=1.0)
            except AssertionError:
                if time.monotonic() > deadline:
                    raise
            if self.screen() != before:  # read, and still at work: wait, do not press again
                return self.wait_for(text, timeout=max(deadline - time.monotonic(), 1.0))

    def pane_tty(self) -> Path:
        """The terminal device the program in the pane writes to (another program may too)."""
        return Path(self._tmux("display-message", "-p", "-t", self.session, "#{pane_tty}").strip())

    def resize(self, width: int, height: int) -> None:
        self._tmux("resize-window", "-t", self.session, "-x", str(width), "-y", str(height))

    def close(self) -> None:
        self._tmux("kill-server")


def have_tmux() -> bool:
    return shutil.which("tmux") is not None


def wait_until(condition: Callable[[], bool], timeout: float = 15.0) -> bool:
    """Poll ``condition`` until it holds; True when it did in time."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def processes_gone(pids: list[int] | list[str], timeout: float = 15.0) -> bool:
    """Wait until none of ``pids`` runs any more; True when they are all gone in time."""
    return wait_until(lambda: not any(Path(f"/proc/{pid}").exists() for pid in pids), timeout)
