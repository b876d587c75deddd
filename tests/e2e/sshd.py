"""A real OpenSSH server of the test's own on 127.0.0.1: its own host key, a key made for the
test, run as the current user; no system configuration is read or changed."""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

SSHD_PATHS = ("/usr/sbin/sshd", "/usr/local/sbin/sshd")


def find_sshd() -> str | None:
    for path in SSHD_PATHS:
        if os.access(path, os.X_OK):
            return path
    return shutil.which("sshd")


def missing_tools() -> str | None:
    """Why the SSH tests cannot run here, or None."""
    if find_sshd() is None:
        return "sshd is not installed (.ci/run installs openssh-server)"
    for tool in ("ssh", "ssh-keygen", "tmux"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (.ci/run installs it)"
    return None


#: The OpenSSH client's options for a test: no host key prompts or records, no chatter.
CLIENT_OPTIONS = [
    "-o",
    "StrictHostKeyChecking=no",
    "-o",
    "UserKnownHostsFile=/dev/null",
    "-o",
    "LogLevel=ERROR",
    "-o",
    "BatchMode=yes",
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SSHServer:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.user = getpass.getuser()
        self.port = free_port()
        self.client_key = folder / "client_key"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        folder = self.folder
        for name in ("host_key", "client_key"):
            subprocess.run(
                [
                    "ssh-keygen",
                    "-q",
                    "-t",
                    "ed25519",
                    "-N",
                    "",
                    "-C",
                    f"nextgen-test-{name}",
                    "-f",
                    str(folder / name),
                ],
                check=True,
            )
        authorized = folder / "authorized_keys"
        authorized.write_text((folder / "client_key.pub").read_text())
        authorized.chmod(0o600)
        config = folder / "sshd_config"
        config.write_text(
            "\n".join(
                [
                    f"Port {self.port}",
                    "ListenAddress 127.0.0.1",
                    f"HostKey {folder / 'host_key'}",
                    f"PidFile {folder / 'sshd.pid'}",
                    f"AuthorizedKeysFile {authorized}",
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    "UsePAM no",
                    "StrictModes no",
                    "PermitRootLogin prohibit-password",
                    f"AllowUsers {self.user}",
                    "PrintMotd no",
                    "PrintLastLog no",
                    "LogLevel ERROR",
                    "",
                ]
            )
        )
        # sshd insists on its privilege-separation folder; make it if the package did not.
        if os.geteuid() == 0:
            Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)
        sshd = find_sshd()
        assert sshd is not None
        self.process = subprocess.Popen(
            [sshd, "-D", "-e", "-f", str(config)],
            stdout=subprocess.DEVNULL,
            stderr=open(folder / "sshd.log", "wb"),  # noqa: SIM115
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.05)
        raise RuntimeError(f"sshd did not start: {(folder / 'sshd.log').read_text()}")

    def ssh_command(self, remote: str) -> str:
        """The client command line, for a pseudo-terminal (tmux), running ``remote`` there."""
        options = ["-tt", "-i", str(self.client_key), "-p", str(self.port), *CLIENT_OPTIONS]
        quoted = remote.replace("'", "'\\''")
        return f"ssh {' '.join(options)} {self.user}@127.0.0.1 '{quoted}'"

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
