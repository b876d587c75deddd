"""One open answers file: the instrument, the assessment, when to save, and what changed.

Every front-end holds exactly one :class:`Session`; every change goes through it. The session
decides when a change is saved (the save policy: at once; or, when the front-end gives it
``save_later``, right after the change is on screen) and announces each change and each save's
outcome as a :class:`Change` to whoever listens, so a front-end redraws from one place and never
polls flags. A session that edits takes the file's edit lock, so a second nextgen-tui on the same
file opens it read-only (decided once, when it is opened), and before each save it checks that the
file on disk is still the one it read or wrote last, so an edit made behind its back (by hand, or
by ``git pull``) is never overwritten. When it ends (:meth:`Session.finish`) whatever could not be
saved goes to a recovery file. This module knows nothing of Textual.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, NamedTuple

from . import answers_file
from .answers_file import RECOVERY_MARK
from .assessment import Action, Assessment, Entry
from .errors import ConflictError, LoadError, LockedError, SaveError, TooMuch
from .instrument import Instrument, instrument_named, load_instrument
from .scoring import Score, score
from .storage import (
    ABSENT,
    MAX_FILE_BYTES,
    EditLock,
    atomic_write,
    digest,
    remove_stale_temporaries,
)

#: The most characters one text may hold: a note, a reason, a text answer, an action's words.
#: Far below what the file may hold (storage.MAX_FILE_BYTES), so that a team file built from
#: everyone's files can still be read back.
TEXT_LIMIT = 10_000
#: The largest answers file a change may make: half of what is read back, so a file the app
#: writes always opens again (and its recovery file with it).
FILE_LIMIT = MAX_FILE_BYTES // 2

Status = Literal["new", "opened", "pending", "saved", "failed", "conflict", "read-only"]


class SaveState(NamedTuple):
    """Where the answers stand with the file on disk: one value, replaced on every change.

    ``new``: no file yet (the first change writes it); ``opened``: as found, nothing saved since;
    ``pending``: a change is on screen and its save comes next; ``saved``; ``failed`` (``error``
    says why; everything stays in memory); ``conflict``: the file changed on disk behind this
    session's back; ``read-only``. ``when``: the last save, by anyone."""

    status: Status
    when: datetime | None = None
    error: str | None = None

    @property
    def unsaved(self) -> bool:
        """Something in memory is not in the file."""
        return self.status in ("pending", "failed", "conflict")


#: What a change was to.
Kind = Literal["answer", "note", "flag", "details", "plan", "saved", "reloaded"]


class Change(NamedTuple):
    """Announced after every change and every save: what changed, where (a role's and a
    statement's ids; None for the whole file) and how the answers stand with the disk."""

    kind: Kind
    where: tuple[str, str] | None
    state: SaveState


class Ending(NamedTuple):
    """How a session ended: every answer saved, or the recovery file that holds them (None
    with ``saved`` False: nowhere could take them)."""

    saved: bool
    recovery: Path | None = None
    error: str | None = None


@dataclass
class Session:
    instrument: Instrument
    path: Path
    assessment: Assessment
    #: Decided once, when the file is opened.
    read_only: bool = False
    warnings: list[str] = field(default_factory=list)
    #: Why the file opened read-only though the user did not ask for it.
    read_only_reason: str | None = None
    #: What the file on disk held when this session last read or wrote it.
    disk_state: str = ABSENT
    #: Opened for a person served by `serve --ssh` or `serve --web`: they may write this file and
    #: nothing else (no save-as, no typed paths), and they are shown its name, never the
    #: server's folders.
    served: bool = False
    #: Who the server knows the person as (`serve --ssh`: their key's name): offered as the
    #: respondent while the file names none.
    person: str = ""
    #: Saves made since the file was opened (0: what is shown is as it was found).
    saves: int = 0
    state: SaveState = field(default_factory=lambda: SaveState("opened"))
    #: The file as it was opened, when it holds comments someone typed: saving drops them, so
    #: the first save keeps this as ``NAME.toml~`` beside it.
    original_with_comments: str | None = field(default=None, repr=False)
    #: Where "now" comes from for the saved timestamps (fixed in tests).
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC), repr=False)
    lock: EditLock | None = field(default=None, repr=False)
    #: Given by a front-end that draws a change before saving it: runs the save soon after.
    save_later: Callable[[Callable[[], object]], object] | None = field(default=None, repr=False)
    #: How the session ended, once it has (see :meth:`finish`).
    ending: Ending | None = None
    _listeners: list[Callable[[Change], None]] = field(default_factory=list, repr=False)
    #: Where the first change not yet saved was made (a failed save names it).
    _unsaved_at: tuple[str, str] | None = field(default=None, repr=False)
    _score: Score | None = field(default=None, repr=False)
    #: The disputes agreed on in this session, latest last, each with its entry as it was
    #: before: undo puts the last one back.
    _agreements: list[tuple[tuple[str, str], Entry | None]] = field(
        default_factory=list, repr=False
    )

    # -- what changed ---------------------------------------------------------------------------

    def listen(self, listener: Callable[[Change], None]) -> None:
        """Call ``listener`` with every :class:`Change` from now on."""
        self._listeners.append(listener)

    def _announce(self, kind: Kind, where: tuple[str, str] | None) -> None:
        change = Change(kind, where, self.state)
        for listener in list(self._listeners):
            listener(change)

    @property
    def respondent_offered(self) -> str:
        """The respondent the details form starts with: the file's, else the person's."""
        return self.assessment.details.respondent or self.person

    @property
    def is_new(self) -> bool:
        return self.state.status == "new"

    @property
    def save_error(self) -> str | None:
        return self.state.error

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
        """The scores as the answers stand (worked out once per change, however many parts of
        a front-end show them)."""
        if self._score is None:
            self._score = score(self.instrument, self.assessment)
        return self._score

    def save(self, now: datetime | None = None) -> bool:
        """Save now; on failure keep everything in memory, remember why and return False."""
        if self.read_only:
            return False
        self.assessment.touch(now or self.clock())
        data = answers_file.dumps(self.assessment, self.instrument).encode("utf-8")
        try:
            if self.original_with_comments is not None:
                atomic_write(self.backup_path, self.original_with_comments.encode("utf-8"))
                self.original_with_comments = None
            atomic_write(self.path, data, expect=self.disk_state)
        except ConflictError as error:
            self.state = SaveState("conflict", self.state.when, error.message)
            return False
        except SaveError as error:
            self.state = SaveState("failed", self.state.when, error.message)
            return False
        self.disk_state = digest(data)
        self.state = SaveState("saved", self.assessment.details.updated)
        self._unsaved_at = None
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
            self.state = SaveState(
                "failed", self.state.when, f"{path} is open in another nextgen-tui"
            )
            return False
        self.path, self.disk_state, self.lock = path, ABSENT, lock
        if self.save(now):
            if previous[2] is not None:
                previous[2].release()
            self._announce("saved", None)
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
            places = [self.path.with_name(f"{self.path.stem}{RECOVERY_MARK}{stamp}.toml")]
        else:
            name = f"nextgen-tui{RECOVERY_MARK}{stamp}.toml"
            places = [Path.home() / name, Path(tempfile.gettempdir()) / name]
        for place in places:
            try:
                answers_file.save(place, self.assessment, self.instrument)
            except SaveError:
                continue
            return place
        return None

    def reload(self) -> None:
        """Drop what is in memory and read the file as it is on disk now."""
        read = answers_file.read_file(self.path)
        self.assessment = answers_file.parse(read.data, self.path, self.instrument)
        self.disk_state = read.fingerprint
        self.warnings = self.assessment.warnings(self.instrument)
        self._score = None
        self.state = SaveState("opened", self.assessment.details.updated)
        self._unsaved_at = None
        self._announce("reloaded", None)

    def close(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def finish(self) -> Ending:
        """End the session (once; later calls give the same :class:`Ending`): save what is
        still unsaved, or else keep it in a recovery file (see :meth:`rescue`), and let go of
        the lock."""
        if self.ending is None:
            saved = not self.state.unsaved or self.read_only or self.save()
            recovery = None if saved else self.rescue()
            self.ending = Ending(saved, recovery, None if saved else self.state.error)
            self.close()
        return self.ending

    # -- changes: each one announced, then saved by the save policy ---------------------------

    def _changed(self, kind: Kind, where: tuple[str, str] | None) -> bool:
        """A change is made in memory: save it now, or (with ``save_later``) announce it first
        and save it soon after. True: saved, or its save is on its way."""
        if self._unsaved_at is None:
            self._unsaved_at = where
        if self.save_later is not None:
            self.state = SaveState("pending", self.state.when)
            self._announce(kind, where)
            self.save_later(self.flush)
            return True
        saved = self.save()
        self._announce(kind, where)
        return saved

    def flush(self) -> bool:
        """Save what is still to be saved, and announce how it went; True when nothing is left
        unsaved."""
        if self.state.status != "pending" or self.read_only:
            return not self.state.unsaved
        where = self._unsaved_at
        saved = self.save()
        self._announce("saved", where)
        return saved

    @property
    def unsaved_at(self) -> tuple[str, str] | None:
        """Where the first change the file has not taken was made."""
        return self._unsaved_at if self.state.unsaved else None

    def _change(
        self, kind: Kind, where: tuple[str, str] | None, make: Callable[[], object]
    ) -> bool:
        """Make a change (``make``) and save it by the save policy, or refuse it whole with
        :class:`TooMuch` when it would make the file larger than :data:`FILE_LIMIT`."""
        self._check_writable()
        before = self.assessment.model_copy(deep=True)
        make()
        size = len(answers_file.dumps(self.assessment, self.instrument).encode("utf-8"))
        if size > FILE_LIMIT:
            for name in type(before).model_fields:
                setattr(self.assessment, name, getattr(before, name))
            self._score = None
            raise TooMuch(
                f"This change would make {self.label} {size / 1_048_576:.1f} MB, more than the "
                f"{FILE_LIMIT / 1_048_576:.0f} MB an answers file may hold: nothing was changed. "
                "Shorten some notes, or move long texts elsewhere."
            )
        if kind == "answer":
            self._score = None  # the answers changed: so may the scores
        return self._changed(kind, where)

    def set_answer(self, role_id: str, statement_id: str, answer: str | None) -> bool:
        return self._change(
            "answer",
            (role_id, statement_id),
            lambda: self.assessment.set_answer(role_id, statement_id, answer),
        )

    def set_typed(self, role_id: str, statement_id: str, typed: dict[str, Any]) -> bool:
        """Answer a question of another type than the scale (see
        :meth:`Assessment.set_typed`); an empty dict clears it."""
        check_texts(*_texts_in(typed))

        def make() -> None:
            self.assessment.set_typed(role_id, statement_id, typed)
            if self.instrument.state_by == f"{role_id}.{statement_id}":  # the file's state too
                self.assessment.details.state = str(typed.get("text", "")).strip()

        return self._change("answer", (role_id, statement_id), make)

    def set_note(self, role_id: str, statement_id: str, note: str) -> bool:
        check_texts(note)
        return self._change(
            "note",
            (role_id, statement_id),
            lambda: self.assessment.set_note(role_id, statement_id, note),
        )

    def confirm(self, role_id: str) -> int:
        """Confirm a role's carried answers as they are: how many (0: none to confirm)."""
        waiting = self.assessment.carried_in(role_id)
        if waiting:
            self._change("answer", None, lambda: self.assessment.confirm(role_id))
        return waiting

    def set_flag(self, role_id: str, statement_id: str, flagged: bool) -> bool:
        return self._change(
            "flag",
            (role_id, statement_id),
            lambda: self.assessment.set_flag(role_id, statement_id, flagged),
        )

    def set_details(self, *, state: str, respondent: str, agency: str | None = None) -> bool:
        check_texts(state, respondent, agency or "")
        details = self.assessment.details

        def make() -> None:
            details.state = state.strip()
            details.respondent = respondent.strip()
            if agency is not None:
                details.agency = agency.strip()

        return self._change("details", None, make)

    # -- the plan ------------------------------------------------------------------------------

    def set_target(self, key: str, target: str | float | None) -> bool:
        """A role's target (``key`` its id, or ``overall``); None takes it away."""
        check_texts(target if isinstance(target, str) else "")
        return self._change("plan", None, lambda: self.assessment.set_target(key, target))

    def set_action(
        self, role_id: str, statement_id: str, position: int | None, action: Action | None
    ) -> bool:
        """Add an action (``position`` None), change one, or take one away (``action`` None)."""
        if action is not None:
            check_texts(*(v for v in action.model_dump().values() if isinstance(v, str)))

        def make() -> None:
            entry = self.assessment.entry(role_id, statement_id)
            actions = list(entry.actions) if entry else []
            if position is None and action is not None:
                actions.append(action)
            elif position is not None and action is None:
                del actions[position]
            elif position is not None and action is not None:
                actions[position] = action
            self.assessment.set_actions(role_id, statement_id, actions)

        return self._change("plan", (role_id, statement_id), make)

    def set_in_place(self, role_id: str, statement_id: str, in_place: list[int]) -> bool:
        return self._change(
            "plan",
            (role_id, statement_id),
            lambda: self.assessment.set_in_place(role_id, statement_id, in_place),
        )

    # -- a team agreeing on its disputes --------------------------------------------------------

    def agree(self, role_id: str, statement_id: str, answer: str, rationale: str = "") -> bool:
        """The team's answer to a disputed statement, and why (see :meth:`Assessment.agree`);
        :meth:`undo_agreement` takes it back."""
        check_texts(rationale)
        before = self.assessment.entry(role_id, statement_id)
        saved = self._change(
            "answer",
            (role_id, statement_id),
            lambda: self.assessment.agree(role_id, statement_id, answer, rationale, self.clock()),
        )
        self._agreements.append(((role_id, statement_id), before))
        return saved

    def set_rationale(self, role_id: str, statement_id: str, rationale: str) -> bool:
        check_texts(rationale)
        return self._change(
            "note",
            (role_id, statement_id),
            lambda: self.assessment.set_rationale(role_id, statement_id, rationale),
        )

    @property
    def can_undo_agreement(self) -> bool:
        return bool(self._agreements)

    def undo_agreement(self) -> tuple[str, str] | None:
        """Take back the last agreement made in this session: the statement is disputed again
        (and its entry as it was). Where it was, or None when there is none to undo."""
        self._check_writable()
        if not self._agreements:
            return None
        where, before = self._agreements.pop()
        self.assessment.restore(*where, before)
        self._score = None
        self._changed("answer", where)
        return where

    def _check_writable(self) -> None:
        if self.read_only:
            raise PermissionError("the answers file is open read-only")


def check_texts(*texts: str) -> None:
    """Refuse (:class:`TooMuch`) a text longer than :data:`TEXT_LIMIT` characters."""
    for text in texts:
        if len(text) > TEXT_LIMIT:
            raise TooMuch(
                f"A text may hold {TEXT_LIMIT:,} characters; this one has {len(text):,}. "
                "Nothing was changed: shorten it, or keep the long text elsewhere and refer to it."
            )


def _texts_in(value: object) -> list[str]:
    """Every string in a typed answer (its values, lists and groups)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _texts_in(item)]
    if isinstance(value, (list, tuple)):
        return [text for item in value for text in _texts_in(item)]
    return []


def open_session(
    path: Path,
    *,
    instrument_path: Path | None = None,
    read_only: bool = False,
    served: bool = False,
    person: str = "",
) -> Session:
    """Load the instrument and the answers file (or start a new one, written on the first change).

    Editing takes the file's lock; if another nextgen-tui holds it, the file opens read-only and
    ``read_only_reason`` says why.
    """
    exists = path.exists() or path.is_symlink()
    # an existing file's own instrument, unless one is named: chosen once the file is read
    instrument = load_instrument(instrument_path) if instrument_path or not exists else None
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
            read = answers_file.read_file(path)
            if instrument is None:
                instrument = load_instrument(instrument_named(read.data))
            assessment = answers_file.parse(read.data, path, instrument)
            disk_state, text = read.fingerprint, read.text
            comments = answers_file.typed_comments(text)
        else:
            assert instrument is not None  # (loaded above: no file to name another)
            assessment, disk_state, text, comments = Assessment.new(instrument), ABSENT, "", 0
    except LoadError:
        if lock is not None:
            lock.release()
        raise
    keep = comments > 0 and not read_only
    session = Session(
        instrument=instrument,
        path=path,
        assessment=assessment,
        read_only=read_only,
        read_only_reason=reason,
        state=(
            SaveState("read-only", assessment.details.updated)
            if read_only
            else SaveState("opened", assessment.details.updated)
            if exists
            else SaveState("new")
        ),
        warnings=assessment.warnings(instrument),
        original_with_comments=text if keep else None,
        disk_state=disk_state,
        lock=lock,
        served=served,
        person=person,
    )
    if keep:
        session.warnings.append(
            f"{session.label} has {comments} comment{'s' if comments > 1 else ''} typed into it; "
            f"saving rewrites the file without them, so the first save keeps it as it is now in "
            f"{session.shown(session.backup_path)}. Notes (e) are the place for discussion: "
            "they are kept."
        )
    return session
