"""``serve --ssh --git``: the served data folder kept as a git repository. A person's answers file
is committed when their session ends (the author their name from the keys file; the message
what changed, in words), and the team file whenever it changes (the facilitator's build, each
agreement); with ``--git-push REMOTE`` every commit is pushed there, a push that fails retried
and logged, never losing a commit and never holding up a session.

Only answers files are ever added, each by its own name: nothing else in the folder (a key, a
lock, a recovery file) is committed. git runs in one thread of its own, one job after another;
the server's loop only hands it jobs."""

from __future__ import annotations

import queue
import threading
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..core import answers_file
from ..core.answers_file import TEAM_FILE_NAME
from ..core.assessment import Assessment
from ..core.changes import compare
from ..core.errors import LoadError
from ..core.instrument import Instrument, instrument_named, load_instrument
from ..core.repository import GitError, commit, ensure, has_commits, head_version, push
from ..core.scoring import completion_overall
from ..core.textsafe import printable
from .log import Log

#: The most change lines a commit message lists (``git show`` with the drivers shows them all).
MOST_LINES = 60
#: A failed push is tried again after this long, doubling up to the last.
PUSH_RETRY_SECONDS = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)


@dataclass(frozen=True)
class Job:
    """Commit ``file`` (a name in the data folder) by ``author``."""

    file: str
    author: str
    email: str


class Keeper:
    def __init__(
        self,
        data: Path,
        log: Log,
        *,
        instrument: Path | None = None,
        remote: str | None = None,
        retry: tuple[float, ...] = PUSH_RETRY_SECONDS,
    ) -> None:
        self.data = data
        self.log = log
        self.instrument_path = instrument
        self.remote = remote
        self.retry = retry
        self._jobs: queue.Queue[Job | None] = queue.Queue()
        self._push_wanted = threading.Event()
        self._stopping = threading.Event()
        self._instruments: dict[str, Instrument] = {}
        self._committer = threading.Thread(target=self._commit_all, name="git-commits", daemon=True)
        self._pusher = threading.Thread(target=self._push_all, name="git-push", daemon=True)
        #: The team file's last (size, mtime) seen: a change is committed.
        self._team_seen: tuple[int, int] | None = None
        self.team_changed(data / TEAM_FILE_NAME)  # (as it is now: only changes from here on)

    def start(self) -> None:
        if ensure(self.data):
            self.log(f"made {self.data} a git repository (serve --git)")
        self._committer.start()
        if self.remote is not None:
            self._pusher.start()
            if has_commits(self.data):  # (what was committed before, perhaps never pushed)
                self._push_wanted.set()

    def stop(self, timeout: float = 30) -> None:
        """Commit what is queued (within ``timeout``), then stop; a push still failing is left
        to the next start."""
        self._jobs.put(None)
        self._committer.join(timeout)
        self._stopping.set()
        self._push_wanted.set()
        if self._pusher.is_alive():
            self._pusher.join(timeout)

    def changed(self, file: str, name: str, stem: str) -> None:
        """Commit ``file`` (a person's at the end of their session; the team file as the
        facilitator changes it) by ``name``, if it differs from the last commit."""
        self._jobs.put(Job(file, name, f"{stem}@nextgen-tui.invalid"))

    def team_changed(self, team: Path) -> bool:
        """True once each time the team file's size or time changes from what it was when last
        asked (it was built, or an agreement was saved)."""
        try:
            info = team.stat()
            seen: tuple[int, int] | None = (info.st_size, info.st_mtime_ns)
        except OSError:
            seen = None
        changed = seen is not None and seen != self._team_seen
        self._team_seen = seen
        return changed

    # -- in the committing thread ----------------------------------------------------------------

    def _commit_all(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                made = self._commit(job)
            except GitError as error:
                self.log(f"git: could not commit {job.file}: {error}", kind="git commit failed")
                continue
            if made is not None:
                self.log(
                    f"git: committed {job.file} by {job.author} ({made[:7]})", kind="git commit"
                )
                self._push_wanted.set()

    def _commit(self, job: Job) -> str | None:
        path = self.data / job.file
        if not path.is_file():
            return None
        message = self._message(job, head_version(self.data, job.file), path)
        return commit(self.data, job.file, printable(job.author), job.email, message)

    def _instrument(self, data: dict[str, object]) -> Instrument:
        """The server's instrument, or the built-in one the file names (each loaded once)."""
        named = self.instrument_path or instrument_named(data)
        key = str(named)
        if key not in self._instruments:
            self._instruments[key] = load_instrument(named)
        return self._instruments[key]

    def _message(self, job: Job, before: bytes | None, path: Path) -> str:
        """``Ana Ruiz: 2 answers, 1 note: 1.2 ✗ No → ½ Partially``, then a line a change and
        the scores that moved."""
        who = printable(job.author)
        try:
            now = answers_file.read_file(path)
            instrument = self._instrument(now.data)
            later = answers_file.parse(now.data, path, instrument)
            if before is None:
                return f"{who}: {_first(job.file, later, instrument)}\n"
            earlier = answers_file.parse(tomllib.loads(before.decode()), path, instrument)
        except (LoadError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as error:
            return (
                f"{who}: changed {job.file} (not read as answers: {str(error).splitlines()[0]})\n"
            )
        found = compare(instrument, earlier, later)
        lines = found.said(MOST_LINES)
        if found.scores:
            lines += ["", *(f"score {move.line}" for move in found.scores)]
        body = "\n".join(lines)
        return f"{who}: {found.summary()}\n\n{body}\n"

    # -- in the pushing thread -------------------------------------------------------------------

    def _push_all(self) -> None:
        assert self.remote is not None
        failures = 0
        while True:
            self._push_wanted.wait()
            if self._stopping.is_set() and failures:
                return  # (a push failing at the end is tried at the next start)
            self._push_wanted.clear()
            try:
                push(self.data, self.remote)
            except GitError as error:
                wait = self.retry[min(failures, len(self.retry) - 1)]
                failures += 1
                self.log(
                    f"git: push to {self.remote} failed ({error}); trying again in {wait:g} s",
                    kind="git push failed",
                )
                self._push_wanted.set()
                if self._stopping.wait(wait):
                    return
                continue
            if failures:
                self.log(f"git: pushed to {self.remote} after {failures} failed tries")
            failures = 0
            if self._stopping.is_set():
                return


def _first(file: str, assessment: Assessment, instrument: Instrument) -> str:
    """What a file's first commit says: who is in it and how far it is answered."""
    if assessment.is_team:
        names = ", ".join(printable(member.name) for member in assessment.members)
        return (
            f"built the team file {file} from {len(assessment.members)} members' answers ({names})"
        )
    done = completion_overall(instrument, assessment)
    return f"first version of {file}: {done.answered}/{done.total} answered"
