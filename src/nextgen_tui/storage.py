"""The only place that touches the disk: bounded reads and atomic writes.

Reads refuse what is not a readable regular file of sensible size, with one clear line.
Writes go to a temporary file in the same folder, are flushed and fsynced, then moved over the
target with :func:`os.replace`, so the target is always either the old or the new content.
A symbolic link is written through: the link stays, its target is replaced.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from pathlib import Path

from .errors import LoadError, SaveError

#: Larger files are refused before they are read: no real framework or answers file comes close.
MAX_FILE_BYTES = 8 * 1024 * 1024

#: Mode of a file this tool creates: answers can be sensitive on a shared server.
NEW_FILE_MODE = 0o600


def _describe_os_error(error: OSError) -> str:
    if error.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    if error.errno == errno.ENOSPC:
        return "no space left on the device"
    if error.errno == errno.EROFS:
        return "the file system is read-only"
    if error.errno == errno.EISDIR:
        return "it is a directory, not a file"
    if error.errno == errno.ENOENT:
        return "no such file or folder"
    if error.errno == errno.ENOTDIR:
        return "a part of the path is not a folder"
    return error.strerror or str(error)


def read_text(path: Path, *, what: str = "file") -> str:
    """Return the UTF-8 text of ``path``, or raise :class:`LoadError` with one clear line."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise LoadError(path, f"no such {what}; check the path") from None
    except OSError as error:
        raise LoadError(path, f"cannot read: {_describe_os_error(error)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise LoadError(path, f"is a directory; give the path of a {what}") from None
    if not stat.S_ISREG(info.st_mode):
        raise LoadError(path, f"is not a regular file; give the path of a {what}")
    if info.st_size > MAX_FILE_BYTES:
        raise LoadError(
            path,
            f"is {info.st_size:,} bytes; a {what} larger than {MAX_FILE_BYTES:,} bytes is refused",
        )
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise LoadError(path, f"cannot read: {_describe_os_error(error)}") from None
    if len(data) > MAX_FILE_BYTES:
        raise LoadError(path, f"is larger than {MAX_FILE_BYTES:,} bytes and is refused")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise LoadError(
            path, "the file is not valid UTF-8 text; save it as UTF-8", place=f"line {line}"
        ) from None


def resolve_target(path: Path) -> Path:
    """The file a write to ``path`` really changes: symbolic links are followed."""
    return Path(os.path.realpath(path))


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, or raise :class:`SaveError` leaving it as it was.

    A new file is created with mode 0600; an existing file keeps its mode.
    """
    target = resolve_target(path)
    folder = target.parent
    try:
        existing = target.stat()
    except FileNotFoundError:
        existing = None
    except OSError as error:
        raise SaveError(path, _describe_os_error(error)) from None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        kind = "a directory" if stat.S_ISDIR(existing.st_mode) else "not a regular file"
        raise SaveError(path, f"the path is {kind}; choose another file name")
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else NEW_FILE_MODE

    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise SaveError(path, f"cannot write in {folder}: {_describe_os_error(error)}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(temp_name, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise SaveError(path, _describe_os_error(error)) from None
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every file system allows it, which is harmless."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
