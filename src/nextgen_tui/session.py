"""One open answers file: the framework, the assessment, and saving after every change.

The questionnaire holds exactly one :class:`Session`; every change goes through it and is saved at
once, so there is no "unsaved" state to lose. A session that edits takes the file's edit lock, so
a second nextgen-tui on the same file opens it read-only, and before each save it checks that the
file on disk is still the one it read or wrote last, so an edit made behind its back (by hand, or
by ``git pull``) is never overwritten. This module knows nothing of Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import assessment as answers_file
from .assessment import Assessment
from .errors import ConflictError, LoadError, LockedError, SaveError
from .framework import Framework, load_framework
from .scoring import Score, score
from .storage import ABSENT, EditLock, atomic_write, digest, remove_stale_temporaries


@dataclass
class Session:
    framework: Framework
    path: Path
    assessment: Assessment
    read_only: bool = False
    is_new: bool = False
    warnings: list[str] = field(default_factory=list)
    last_saved: datetime | None = None
    save_error: str | None = None
    #: The last save found the file changed on disk: reload or save elsewhere.
    conflict: bool = False
    #: A change is in memory and its save is still to come (see ``save=False`` below).
    dirty: bool = False
    #: Why the file opened read-only though the user did not ask for it.
    read_only_reason: str | None = None
    #: What the file on disk held when this session last read or wrote it.
    disk_state: str = ABSENT
    #: Opened for a person served by `serve --ssh` or `serve --web`: they may write this file and
    #: nothing else (no save-as, no typed paths), and they are shown its name, never the
    #: server's folders.
    served: bool = False
    #: Saves made since the file was opened (0: what is shown is as it was found).
    saves: int = 0
    #: The file as it was opened, when it holds comments someone typed: saving drops them, so
    #: the first save keeps this as ``NAME.toml~`` beside it.
    original_with_comments: str | None = field(default=None, repr=False)
    #: Where "now" comes from for the saved timestamps (fixed in tests).
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC), repr=False)
    lock: EditLock | None = field(default=None, repr=False)

    @property
    def backup_path(self) -> Path:
        """Where the file as it was opened is kept when saving would drop typed comments."""
        return self.path.with_name(self.path.name + "~")

    @property
    def label(self) -> str:
        """How the file is named to the person: its path, or only its name when served."""
        return self.shown(self.path)

    def shown(self, path: Path) -> str:
        """How a file of this session (the answers, an export, a recovery file) is named to the
        person: its path, or only its name when served (they never see the server's folders)."""
        return path.name if self.served else str(path)

    @property
    def score(self) -> Score:
        return score(self.framework, self.assessment)

    def save(self, now: datetime | None = None) -> bool:
        """Save now; on failure keep everything in memory, remember why and return False."""
        if self.read_only:
            return False
        self.assessment.touch(now or self.clock())
        data = answers_file.dumps(self.assessment, self.framework).encode("utf-8")
        try:
            if self.original_with_comments is not None:
                atomic_write(self.backup_path, self.original_with_comments.encode("utf-8"))
                self.original_with_comments = None
            atomic_write(self.path, data, expect=self.disk_state)
        except ConflictError as error:
            self.save_error = error.message
            self.conflict = True
            return False
        except SaveError as error:
            self.save_error = error.message
            return False
        self.disk_state = digest(data)
        self.save_error = None
        self.conflict = False
        self.dirty = False
        self.is_new = False
        self.last_saved = self.assessment.metadata.updated
        self.saves += 1
        return True

    def save_as(self, path: Path, now: datetime | None = None) -> bool:
        """Save to another (new) file and keep working on it from then on."""
        if self.served:
            raise PermissionError("a served session writes only its own answers file")
        previous = (self.path, self.disk_state, self.lock)
        lock = EditLock(path)
        try:
            lock.acquire()
        except LockedError:
            self.save_error = f"{path} is open in another nextgen-tui"
            return False
        self.path, self.disk_state, self.lock = path, ABSENT, lock
        if self.save(now):
            if previous[2] is not None:
                previous[2].release()
            return True
        lock.release()
        self.path, self.disk_state, self.lock = previous
        return False

    def rescue(self) -> Path | None:
        """The file could not be saved: write the answers to a recovery file instead and say
        where (None: nowhere could take them). A served person's goes beside their answers file
        (the only folder theirs), named after it; anyone else's to their home folder or, failing
        that, the temporary folder."""
        import tempfile

        stamp = self.clock().astimezone().strftime("%Y%m%d-%H%M%S")
        if self.served:
            places = [self.path.with_name(f"{self.path.stem}-recovered-{stamp}.toml")]
        else:
            name = f"nextgen-tui-recovered-{stamp}.toml"
            places = [Path.home() / name, Path(tempfile.gettempdir()) / name]
        for place in places:
            try:
                answers_file.save(place, self.assessment, self.framework)
            except SaveError:
                continue
            return place
        return None

    def reload(self) -> None:
        """Drop what is in memory and read the file as it is on disk now."""
        self.assessment, self.disk_state, _ = answers_file.load_with_fingerprint(
            self.path, self.framework
        )
        self.warnings = self.assessment.warnings(self.framework)
        self.last_saved = self.assessment.metadata.updated
        self.save_error = None
        self.conflict = False
        self.is_new = False

    def close(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    # -- changes: each one saves at once ------------------------------------------------------

    def set_answer(
        self, role_id: str, statement_id: str, answer: str | None, *, save: bool = True
    ) -> bool:
        """Answer and save. With ``save=False`` the caller saves right after (``flush``): the
        questionnaire draws the answer first, so saving never holds up the screen."""
        self._check_writable()
        self.assessment.set_answer(role_id, statement_id, answer)
        if not save:
            self.dirty = True
            return True
        return self.save()

    def flush(self) -> bool:
        """Save what is still to be saved; True when nothing is left unsaved."""
        if self.dirty and not self.read_only:
            return self.save()
        return self.save_error is None

    def set_note(self, role_id: str, statement_id: str, note: str) -> bool:
        self._check_writable()
        self.assessment.set_note(role_id, statement_id, note)
        return self.save()

    def set_flag(self, role_id: str, statement_id: str, flagged: bool) -> bool:
        self._check_writable()
        self.assessment.set_flag(role_id, statement_id, flagged)
        return self.save()

    def set_metadata(self, *, state: str, respondent: str) -> bool:
        self._check_writable()
        self.assessment.metadata.state = state.strip()
        self.assessment.metadata.respondent = respondent.strip()
        return self.save()

    def _check_writable(self) -> None:
        if self.read_only:
            raise PermissionError("the answers file is open read-only")


def open_session(
    path: Path,
    *,
    framework_path: Path | None = None,
    read_only: bool = False,
    served: bool = False,
) -> Session:
    """Load the framework and the answers file (or start a new one, written on the first change).

    Editing takes the file's lock; if another nextgen-tui holds it, the file opens read-only and
    ``read_only_reason`` says why.
    """
    framework = load_framework(framework_path)
    exists = path.exists() or path.is_symlink()
    if not exists and not read_only:
        folder = path.absolute().parent
        if not folder.is_dir():
            raise LoadError(
                path, f"the folder {folder} does not exist; create it or choose another path"
            )
    lock = None
    reason = None
    if not read_only:
        lock = EditLock(path)
        try:
            if lock.acquire():
                remove_stale_temporaries(path)
        except LockedError:
            if not exists:
                raise LoadError(
                    path, "it is being created in another nextgen-tui; open it when saved"
                ) from None
            lock, read_only = None, True
            reason = "open in another nextgen-tui"
    try:
        if exists or read_only:
            assessment, disk_state, text = answers_file.load_with_fingerprint(path, framework)
            comments = answers_file.typed_comments(text)
        else:
            assessment, disk_state, text, comments = Assessment.new(framework), ABSENT, "", 0
    except LoadError:
        if lock is not None:
            lock.release()
        raise
    keep = comments > 0 and not read_only
    session = Session(
        framework=framework,
        path=path,
        assessment=assessment,
        read_only=read_only,
        read_only_reason=reason,
        is_new=not exists,
        warnings=assessment.warnings(framework),
        original_with_comments=text if keep else None,
        last_saved=assessment.metadata.updated if exists else None,
        disk_state=disk_state,
        lock=lock,
        served=served,
    )
    if keep:
        session.warnings.append(
            f"{session.label} has {comments} comment{'s' if comments > 1 else ''} typed into it; "
            f"saving rewrites the file without them, so the first save keeps it as it is now in "
            f"{session.shown(session.backup_path)}. Notes (e) are the place for discussion: "
            "they are kept."
        )
    return session
