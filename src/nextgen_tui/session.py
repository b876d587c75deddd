"""One open answers file: the framework, the assessment, and saving after every change.

The questionnaire holds exactly one :class:`Session`; every change goes through it and is saved at
once, so there is no "unsaved" state to lose. This module knows nothing of Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import assessment as answers_file
from .assessment import Assessment
from .errors import LoadError, SaveError
from .framework import Framework, load_framework
from .scoring import Score, score


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
    #: Where "now" comes from for the saved timestamps (fixed in tests).
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC), repr=False)

    @property
    def score(self) -> Score:
        return score(self.framework, self.assessment)

    def save(self, now: datetime | None = None) -> bool:
        """Save now; on failure keep everything in memory, remember why and return False."""
        if self.read_only:
            return False
        try:
            answers_file.save(self.path, self.assessment, self.framework, now=now or self.clock())
        except SaveError as error:
            self.save_error = error.message
            return False
        self.save_error = None
        self.is_new = False
        self.last_saved = self.assessment.metadata.updated
        return True

    def save_as(self, path: Path, now: datetime | None = None) -> bool:
        """Save to another file and keep working on it from then on."""
        previous = self.path
        self.path = path
        if self.save():
            return True
        self.path = previous
        return False

    # -- changes: each one saves at once ------------------------------------------------------

    def set_answer(self, role_id: str, statement_id: str, answer: str | None) -> bool:
        self._check_writable()
        self.assessment.set_answer(role_id, statement_id, answer)
        return self.save()

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
    path: Path, *, framework_path: Path | None = None, read_only: bool = False
) -> Session:
    """Load the framework and the answers file (or start a new one, written on the first change)."""
    framework = load_framework(framework_path)
    if path.exists() or path.is_symlink() or read_only:
        assessment = answers_file.load(path, framework)
        is_new = False
    else:
        folder = path.absolute().parent
        if not folder.is_dir():
            raise LoadError(
                path, f"the folder {folder} does not exist; create it or choose another path"
            )
        assessment = Assessment.new(framework)
        is_new = True
    return Session(
        framework=framework,
        path=path,
        assessment=assessment,
        read_only=read_only,
        is_new=is_new,
        warnings=assessment.warnings(framework),
        last_saved=None if is_new else assessment.metadata.updated,
    )
