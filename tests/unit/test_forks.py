"""Sessions forked from the warm process share nothing they should not: descriptors, folder,
environment, randomness. (The served sessions themselves: tests/e2e/test_serve_warm.py.)"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from nextgen_tui.warm_process import become_session

if not hasattr(os, "fork"):
    pytest.skip("no fork here", allow_module_level=True)


def _probe(argv: list[str]) -> int:
    """What a session would see, written to its standard output."""
    import random
    import sys

    fds = sorted(int(name) for name in os.listdir("/proc/self/fd"))
    links = {}
    for fd in list(fds):
        try:
            links[fd] = os.readlink(f"/proc/self/fd/{fd}")
        except FileNotFoundError:  # (the listing's own, closed since)
            fds.remove(fd)
    seen = {
        "argv": argv,
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "fds": fds,
        "links": links,
        "random": random.random(),
        "sid": os.getsid(0) == os.getpid(),
    }
    sys.stdout.write(json.dumps(seen))
    sys.stdout.flush()
    return 0


def _fork_probe(folder: Path, env: dict[str, str], secret: int) -> dict[str, object]:
    """Fork as the warm process does, holding ``secret`` (a descriptor of its own), and run
    the probe in the child as a session would run."""
    read_end, write_end = os.pipe()
    child_in, feed = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            request = {"argv": ["--served", "x.toml"], "cwd": str(folder), "env": env, "pty": False}
            code = become_session(request, [child_in, write_end, write_end], run=_probe)
        finally:
            os._exit(code)
    os.close(write_end)
    os.close(child_in)
    os.close(feed)
    out = b""
    while chunk := os.read(read_end, 65536):
        out += chunk
    os.close(read_end)
    _pid, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    return json.loads(out)


def test_a_forked_session_keeps_only_its_own(tmp_path: Path) -> None:
    import random

    random.seed(42)  # the warm process's state, whatever it is, is not the sessions'
    secret = tmp_path / "held-by-the-warm-process.lock"
    held = os.open(secret, os.O_CREAT | os.O_RDWR, 0o600)
    ours, theirs = socket.socketpair()
    env = {"PATH": "/usr/bin:/bin", "TERM": "dumb", "TZ": "UTC"}
    try:
        one = _fork_probe(tmp_path, env, held)
        two = _fork_probe(tmp_path, env, held)
    finally:
        os.close(held)
        ours.close()
        theirs.close()
    for seen in (one, two):
        assert seen["argv"] == ["--served", "x.toml"]
        assert seen["cwd"] == str(tmp_path)
        assert seen["env"] == env  # the session's, nothing of the parent's
        assert seen["sid"] is True  # a session of its own (signals reach only it)
        assert seen["fds"] == [0, 1, 2]  # the pipes it was handed, nothing else
        links = seen["links"]
        assert isinstance(links, dict)
        # nothing of the parent's: its lock, its socket (only what the probe itself opened)
        assert not any(str(secret) in link or "socket:" in link for link in links.values())
    assert one["random"] != two["random"]  # each child draws its own numbers
