"""The SSH server's host key: made once, private from the first byte, kept out of the data.

It lives under the user's state folder (`$XDG_STATE_HOME/nextgen-tui/`, by default
`~/.local/state/nextgen-tui/`), not in `--data`: answers folders get zipped and passed around,
and a host key that travels with them lets anyone impersonate the server.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import asyncssh

from ..core.errors import LoadError

FILE_NAME = "ssh_host_ed25519_key"
#: Where versions before this one kept the key: moved from there on the first start.
OLD_NAME = ".ssh_host_ed25519_key"


def default_path() -> Path:
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "nextgen-tui" / FILE_NAME


def _write_private(path: Path, data: bytes) -> None:
    """Create ``path`` with mode 0600 and ``data``, never readable by others for an instant."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def load_or_create(path: Path, data: Path, say: Callable[[str], object]) -> asyncssh.SSHKey:
    """The key at ``path``: made there if missing (or moved from the data folder, where earlier
    versions kept it). Refuse one that others can read, or one that is not a key."""
    old = data / OLD_NAME
    try:
        if not path.exists() and old.is_file():
            _write_private(path, old.read_bytes())
            old.unlink()
            say(f"moved the host key out of the data folder to {path}")
        elif not path.exists():
            key = asyncssh.generate_private_key("ssh-ed25519", comment="nextgen-tui host key")
            _write_private(path, key.export_private_key())
            say(f"made a new host key {path}")
        mode = path.stat().st_mode
    except OSError as error:
        raise LoadError(path, f"cannot make or read the host key: {error.strerror}") from None
    if not stat.S_ISREG(mode):
        raise LoadError(path, "the host key is not a file")
    if mode & 0o077:
        raise LoadError(
            path, f"the host key can be read by others (mode {mode & 0o777:o}): chmod 600 it"
        )
    try:
        return asyncssh.read_private_key(str(path))
    except (OSError, ValueError, asyncssh.KeyImportError) as error:
        reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
        raise LoadError(
            path, f"not a usable host key ({reason}); move it away to make a new one"
        ) from None
