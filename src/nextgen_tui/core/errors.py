"""The errors the core raises for bad files: one line that names the file, the place and the fix."""

from __future__ import annotations


class LoadError(Exception):
    """A file could not be read or is not valid.

    ``str(error)`` is one line, ``PATH: PLACE: what is wrong``, or one such line a problem when a
    file has several. The CLI prints it and exits with status 2; the UI shows it. Nothing that
    raises it has changed any file.
    """

    def __init__(
        self,
        path: object,
        message: str,
        place: str | None = None,
        *,
        more: list[tuple[str | None, str]] | None = None,
    ) -> None:
        self.path = str(path)
        self.place = place
        self.message = message
        #: Further problems of the same file, each (place, message): one line each.
        self.more = more or []
        lines = [
            f"{self.path}: {where}: {what}" if where else f"{self.path}: {what}"
            for where, what in [(place, message), *self.more]
        ]
        super().__init__("\n".join(lines))


class SaveError(Exception):
    """A file could not be written. The old file, if any, is untouched."""

    def __init__(self, path: object, message: str) -> None:
        self.path = str(path)
        self.message = message
        super().__init__(f"{self.path}: cannot save: {message}")


class ConflictError(SaveError):
    """The file on disk is not the one this session last read or wrote: someone else changed it."""


class LockedError(Exception):
    """Another nextgen-tui has the answers file open for editing."""


class NeedsExtra(Exception):
    """A feature needs an optional extra that is not installed; the message says which."""


class TooMuch(ValueError):
    """A change would make a text, or the answers file, larger than nextgen-tui keeps: nothing
    was changed. ``str(error)`` is one line a person can act on."""
