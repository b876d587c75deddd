"""The git repository answers files are kept in, through git's own command line: a file's
versions (``git log --follow``), their contents (one ``git cat-file --batch`` for them all),
a commit of one file by a named author, a push. The only code that runs git.

git is the store a state's IT already runs (their GitLab or GitHub, backups, access control,
mirrors): nothing here keeps a history of its own. No Textual here."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

#: git told to leave the person's terminal, editor and configuration of prompts alone: a command
#: that would ask for anything fails instead.
_QUIET = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_ASKPASS": "",
    "SSH_ASKPASS": "",
    "GIT_EDITOR": "true",
    "LC_ALL": "C.UTF-8",
}
#: An SSH remote is reached without ever asking for a password (one set in the environment
#: is kept: a key of its own, say).
_SSH = {"GIT_SSH_COMMAND": "ssh -o BatchMode=yes"}


class GitError(Exception):
    """git is missing, or said no: its one-line reason."""


def git(
    args: Sequence[str],
    cwd: Path,
    *,
    input: bytes | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> bytes:
    """git's output (stdout) for ``args`` run in ``cwd``; :class:`GitError` when it fails."""
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            input=input,
            capture_output=True,
            env={**_SSH, **os.environ, **_QUIET, **(env or {})},
            timeout=timeout,
            check=False,
        )
    except FileNotFoundError:
        raise GitError("git is not installed (it keeps the history)") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {timeout:.0f} s") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = next((line for line in said if line.startswith(("fatal:", "error:"))), "")
        raise GitError(reason or (said[-1] if said else f"git {args[0]} failed"))
    return done.stdout


def top_level(path: Path) -> Path | None:
    """The top of the git repository ``path`` is in (None: it is in none)."""
    folder = path if path.is_dir() else path.parent
    try:
        return Path(git(["rev-parse", "--show-toplevel"], folder or Path()).decode().strip())
    except (GitError, OSError):
        return None


class Version(NamedTuple):
    """One commit that changed a file: when, by whom, why, and the file's path then."""

    commit: str
    when: datetime
    author: str
    subject: str
    path: str


_FIELD = "\x1f"
_START = "\x1e"


def versions(root: Path, path: str) -> list[Version]:
    """Every commit that changed ``path`` (relative to ``root``), oldest first, following it
    through renames."""
    out = git(
        [
            "log",
            "--follow",
            f"--format={_START}%H{_FIELD}%aI{_FIELD}%an{_FIELD}%s",
            "--name-only",
            "--",
            path,
        ],
        root,
    ).decode("utf-8", "replace")
    found = []
    for record in out.split(_START)[1:]:
        head, _, names = record.partition("\n")
        commit, when, author, subject = head.split(_FIELD, 3)
        named = [name for name in names.splitlines() if name.strip()]
        found.append(
            Version(
                commit, datetime.fromisoformat(when), author, subject, named[-1] if named else path
            )
        )
    found.reverse()
    return found


def contents(root: Path, wanted: Iterable[tuple[str, str]]) -> list[bytes | None]:
    """Each (commit, path)'s bytes (None: not there), read by one ``git cat-file --batch``."""
    asked = list(wanted)
    if not asked:
        return []
    spec = "".join(f"{commit}:{path}\n" for commit, path in asked).encode()
    out = git(["cat-file", "--batch"], root, input=spec)
    found: list[bytes | None] = []
    at = 0
    for _ in asked:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) < 3 or header[1] == b"missing":
            found.append(None)
            continue
        size = int(header[2])
        found.append(out[at : at + size])
        at += size + 1  # (the blob, then a line feed)
    return found


def ensure(root: Path) -> bool:
    """``root`` is a git repository (made one if not); True when it was made now."""
    if (root / ".git").exists():
        return False
    git(["init", "--quiet"], root)
    return True


def has_commits(root: Path) -> bool:
    try:
        git(["rev-parse", "--verify", "--quiet", "HEAD"], root)
    except GitError:
        return False
    return True


def head_version(root: Path, path: str) -> bytes | None:
    """The file as the last commit has it (None: not in it, or no commit yet)."""
    try:
        return contents(root, [("HEAD", path)])[0]
    except GitError:
        return None


def commit(root: Path, path: str, author: str, email: str, message: str) -> str | None:
    """Commit ``path`` alone (whatever else is staged) by ``author``; returns the commit (None:
    nothing of it changed). The committer is this program."""
    git(["add", "--", path], root)
    if not git(["status", "--porcelain", "--", path], root).strip():
        return None
    identity = {
        "GIT_AUTHOR_NAME": author,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": "nextgen-tui",
        "GIT_COMMITTER_EMAIL": "nextgen-tui@localhost",
    }
    git(
        ["-c", "commit.gpgsign=false", "commit", "--quiet", "--no-verify", "-F", "-", "--", path],
        root,
        input=message.encode("utf-8"),
        env=identity,
    )
    return git(["rev-parse", "HEAD"], root).decode().strip()


def push(root: Path, remote: str, timeout: float = 60) -> None:
    """Push the current branch to ``remote``; :class:`GitError` when it cannot."""
    git(["push", "--quiet", remote, "HEAD"], root, timeout=timeout)


#: The name of the diff and merge drivers ``nextgen-tui git-setup`` configures.
DRIVER = "nextgen-tui"
#: The ``.gitattributes`` line that gives every TOML file to them (a TOML file that is not an
#: answers file is shown and merged as git would anyway).
ATTRIBUTES = f"*.toml diff={DRIVER} merge={DRIVER}"


def driver_config(command: str) -> dict[str, str]:
    """The repository configuration that makes git show and merge answers files in words:
    ``command`` is how git starts nextgen-tui (through the shell)."""
    return {
        f"diff.{DRIVER}.textconv": f"{command} git-textconv",
        # each version's text kept (in refs/notes/textconv/…): git log -p asks once a version
        f"diff.{DRIVER}.cachetextconv": "true",
        f"merge.{DRIVER}.name": "nextgen-tui answers files, statement by statement",
        f"merge.{DRIVER}.driver": f"{command} git-merge %O %A %B %P",
    }


def configure(root: Path, command: str) -> None:
    """Set :func:`driver_config` in the repository's own configuration (``.git/config``), and
    forget the versions' texts kept so far (a newer nextgen-tui may word them otherwise)."""
    for key, value in driver_config(command).items():
        git(["config", "--local", key, value], root)
    git(["update-ref", "-d", f"refs/notes/textconv/{DRIVER}"], root)
