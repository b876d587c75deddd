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
from pathlib import Path

from .errors import ConflictError, LoadError, LockedError, SaveError

#: Larger files are refused before they are read: no real instrument or answers file comes close.
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


def toml_files(folder: Path) -> list[Path]:
    """The ``.toml`` files in ``folder`` (not in folders below it), by name; none if it cannot
    be read."""
    try:
        return sorted(path for path in folder.glob("*.toml") if path.is_file())
    except OSError:
        return []


def resolve_target(path: Path) -> Path:
    """The file a write to ``path`` really changes: symbolic links are followed."""
    return Path(os.path.realpath(path))


#: Stands for "the file does not exist" where a fingerprint is expected.
ABSENT = "absent"


def fingerprint(path: Path) -> str:
    """What the file holds now, as a digest (or :data:`ABSENT`): compared before each save."""
    try:
        with open(path, "rb") as handle:
            return digest(handle.read(MAX_FILE_BYTES + 1))
    except FileNotFoundError:
        return ABSENT
    except OSError as error:
        return f"unreadable: {_describe_os_error(error)}"


def digest(data: bytes) -> str:
    import hashlib  # (here: a report, which fingerprints nothing, does not load it)

    return hashlib.sha256(data).hexdigest()


def _umask() -> int:
    """The process's umask (read by setting it and setting it back)."""
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def atomic_write(
    path: Path, data: bytes, *, expect: str | None = None, private: bool = True
) -> None:
    """Replace ``path`` with ``data`` atomically, or raise :class:`SaveError` leaving it as it was.

    A new file is created with mode 0600 (``private``: an answers file), or as the umask has new
    files made (a report, for a shared drive); an existing file keeps its mode. With ``expect``
    (a :func:`fingerprint`), the file must still be what it was, or :class:`ConflictError` is
    raised and nothing is written.
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
    if existing is not None:
        mode = stat.S_IMODE(existing.st_mode)
    else:
        mode = NEW_FILE_MODE if private else 0o666 & ~_umask()
    if expect is not None and fingerprint(path) != expect:
        raise ConflictError(
            path, "the file was changed on disk by someone or something else since it was read"
        )

    import tempfile  # (only to write: reading a file for a report does not need it)

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


def remove_stale_temporaries(path: Path, older_than: float = 60.0) -> list[Path]:
    """Remove what a save killed mid-write left behind (``.NAME.*.tmp`` beside the file).
    Call it only while holding the file's edit lock; young files are left alone."""
    import time

    target = resolve_target(path)
    removed = []
    for leftover in target.parent.glob(f".{target.name}.*.tmp"):
        with contextlib.suppress(OSError):
            if time.time() - leftover.lstat().st_mtime > older_than and leftover.is_file():
                leftover.unlink()
                removed.append(leftover)
    return removed


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


class EditLock:
    """An advisory lock beside an answers file (``.NAME.lock``), held while it is open for
    editing. It rests on the operating system's file lock (via filelock), so a crashed holder
    leaves no stale lock: the lock goes with the process (its empty file may stay, harmless)."""

    def __init__(self, path: Path) -> None:
        from filelock import FileLock

        target = resolve_target(path)
        self.path = target.with_name(f".{target.name}.lock")
        self._lock = FileLock(self.path, timeout=0, mode=NEW_FILE_MODE)

    def acquire(self) -> bool:
        """Take the lock; False when it cannot be taken here (folder not writable).
        Raise :class:`LockedError` when another process holds it."""
        from filelock import Timeout

        try:
            self._lock.acquire()
        except Timeout:
            raise LockedError(str(self.path)) from None
        except OSError:
            return False
        return True

    def release(self) -> None:
        """Remove the lock file while still holding it, then let go: a process that opened the
        old file meanwhile finds it unlinked once it gets the lock and tries again (filelock
        checks this), so no lock file is left behind and no two holders overlap."""
        if not self._lock.is_locked:
            return
        with contextlib.suppress(OSError):
            os.unlink(self.path)
        with contextlib.suppress(OSError):
            self._lock.release()


def remove_stale_lock(path: Path) -> None:
    """Remove the edit lock file beside ``path`` when no process holds it (one whose holder was
    killed stays behind, empty and harmless, until then)."""
    lock = EditLock(path)
    if not lock.path.exists():
        return
    try:
        if lock.acquire():
            lock.release()
    except LockedError:
        pass  # in use
