"""Who may connect to `serve --ssh`: the people an authorized_keys file names, and their files.

Each line is one key of one person. asyncssh reads the key and its options and, at login,
matches the key and its `from=` patterns; this module decides what the options mean here and
refuses, with the line's number, any option this server cannot honour. The person is the key's
`name="…"` option, or its comment up to any "@"; their answers go to `DATA/<file name>.toml`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import asyncssh

from ..core.answers_file import RECOVERY_MARK, TEAM_FILE_NAME
from ..core.errors import LoadError

#: The longest person name, in characters; a longer one is refused, never cut.
NAME_LIMIT = 64

#: Options that change nothing here: this server already refuses all forwarding and has no rc.
_HARMLESS = frozenset(
    {
        "no-port-forwarding",
        "no-agent-forwarding",
        "no-x11-forwarding",
        "no-user-rc",
        "permitopen",
        "permitlisten",
        "no-touch-required",
    }
)
#: Options honoured here: a name, where from, until when, whether a terminal is allowed, and
#: ``facilitator``: this person may build the team file from everyone's answers and open it.
_HONOURED = frozenset({"name", "from", "expiry-time", "restrict", "pty", "no-pty", "facilitator"})
#: Options that ask for something this server will not do, with the reason it gives.
_REFUSED = {
    "command": "every session runs the questionnaire; a forced command cannot be honoured",
    "environment": "sessions get no environment from a key",
    "cert-authority": "certificates are not supported: list each person's own key",
    "principals": "certificates are not supported: list each person's own key",
    "tunnel": "tunnels are not supported",
    "verify-required": "security-key verification is not supported",
}
_KEY_START = re.compile(r"(?:^|[ \t])((?:ssh|ecdsa|sk)-[A-Za-z0-9@.-]+)[ \t]+([A-Za-z0-9+/=]+)")
_SEPARATORS = re.compile(r"[\s/\\]+")


def person_name(raw: str) -> str:
    """The name as it will be shown: Unicode NFC, surrounding space stripped, inner runs of
    space collapsed."""
    return " ".join(unicodedata.normalize("NFC", raw).split())


def file_stem(name: str) -> str:
    """The answers file's name (without ``.toml``) for a person: lower case, letters of any
    script and digits kept, dot, dash and underscore kept, anything else (spaces, slashes,
    punctuation, control characters) a dash; no leading dot or dash. "Ana López" → "ana-lópez".
    """
    kept = "".join(
        char if unicodedata.category(char)[0] in "LN" or char in "._-" else "-"
        for char in _SEPARATORS.sub("-", name.lower())
    )
    return re.sub(r"-{2,}", "-", kept).strip(".-")


def _same_file_key(stem: str) -> str:
    """Two stems with the same key are one file on some file system (case-insensitive, or one
    that normalises Unicode): never hand them to two people."""
    return unicodedata.normalize("NFKC", stem).casefold()


def reserved(stem: str) -> str | None:
    """Why no person's answers file may be ``<stem>.toml`` (None: it may): the server keeps the
    team file, and recovery files, by these names in the same folder."""
    key = _same_file_key(stem)
    if key == _same_file_key(Path(TEAM_FILE_NAME).stem):
        return f"{TEAM_FILE_NAME} is the team's file, built by the facilitator"
    if _same_file_key(RECOVERY_MARK) in key:
        return f"names with {RECOVERY_MARK!r} are kept for recovery files"
    return None


@dataclass(frozen=True)
class Person:
    """One key line: the person it names, what they may do, and the line it came from."""

    name: str
    stem: str
    line: int
    keys: asyncssh.SSHAuthorizedKeys
    fingerprint: str
    pty: bool = True
    expires: datetime | None = None
    #: May build the team file (``team.toml``) from everyone's answers files and open it.
    facilitator: bool = False

    @property
    def file_name(self) -> str:
        return f"{self.stem}.toml"

    def admits(self, key: asyncssh.SSHKey, host: str, address: str, now: datetime) -> bool:
        """This line's key, from an address its `from=` allows, before its `expiry-time`."""
        if self.expires is not None and now >= self.expires:
            return False
        return self.keys.validate(key, host, address) is not None


def _split_options(text: str) -> list[tuple[str, str | None]]:
    """``name="A, B",no-pty`` → [("name", "A, B"), ("no-pty", None)]: commas inside quotes
    stay; a backslash escapes the next character (as OpenSSH and asyncssh read them)."""
    options: list[tuple[str, str | None]] = []
    current, quoted, escaped = "", False, False
    for char in text + ",":
        if escaped:
            current, escaped = current + char, False
        elif char == "\\":
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            name, equals, value = current.partition("=")
            options.append((name.strip().lower(), value if equals else None))
            current = ""
        else:
            current += char
    return [option for option in options if option[0]]


def _expiry(value: str) -> datetime:
    for pattern in ("%Y%m%d%H%M%S", "%Y%m%d%H%M", "%Y%m%d"):
        try:
            return datetime.strptime(value, pattern)
        except ValueError:
            continue
    raise ValueError(f'expiry-time="{value}" is not YYYYMMDD[HHMM[SS]]')


def parse_line(text: str, number: int, where: Path | str) -> Person:
    """One authorized_keys line as a :class:`Person`; :class:`LoadError` names what is wrong."""
    place = f"line {number}"
    try:
        keys = asyncssh.import_authorized_keys(text)
    except (ValueError, asyncssh.KeyImportError) as error:
        raise LoadError(where, f"not a public key line: {error}", place=place) from None
    found = _KEY_START.search(text)
    if found is None:
        raise LoadError(where, "not a public key line", place=place)
    key = asyncssh.import_public_key(f"{found.group(1)} {found.group(2)}")
    options = _split_options(text[: found.start()].strip())
    comment = text[found.end() :].strip()
    values: dict[str, str | None] = {}
    for option, value in options:
        if option in _REFUSED:
            raise LoadError(
                where, f"option {option!r} cannot be honoured: {_REFUSED[option]}", place=place
            )
        if option not in _HONOURED and option not in _HARMLESS:
            raise LoadError(where, f"option {option!r} is not one this server knows", place=place)
        values[option] = value
    raw = values.get("name") or comment.split("@", 1)[0]
    name = person_name(raw or "")
    if not name:
        raise LoadError(
            where,
            'this key names nobody: add name="…" before it or a comment after it',
            place=place,
        )
    if len(name) > NAME_LIMIT:
        raise LoadError(
            where, f"the name {name[:20]!r}… is over {NAME_LIMIT} characters", place=place
        )
    stem = file_stem(name)
    if not stem:
        raise LoadError(
            where, f"the name {name!r} has no letter or digit to name a file", place=place
        )
    why = reserved(stem)
    if why is not None:
        raise LoadError(
            where, f"the name {name!r} cannot be a person's: {why}; choose another", place=place
        )
    try:
        expires = _expiry(values["expiry-time"] or "") if "expiry-time" in values else None
    except ValueError as error:
        raise LoadError(where, str(error), place=place) from None
    # `restrict` takes the terminal away unless `pty` gives it back; `no-pty` takes it away.
    pty = "no-pty" not in values and ("restrict" not in values or "pty" in values)
    return Person(
        name=name,
        stem=stem,
        line=number,
        keys=keys,
        fingerprint=key.get_fingerprint(),
        pty=pty,
        expires=expires,
        facilitator="facilitator" in values,
    )


def parse_people(text: str, where: Path | str) -> list[Person]:
    """Every key line of an authorized_keys file's text. Refuse the whole file (with the line)
    when a line is wrong, when two different names would share one answers file, or when one
    key is listed for two people."""
    people = [
        parse_line(line.strip(), number, where)
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not people:
        raise LoadError(where, "no keys in the authorized keys file")
    _check_unique(people, where)
    return people


def _check_unique(people: Iterable[Person], where: Path | str) -> None:
    files: dict[str, Person] = {}
    keys: dict[str, Person] = {}
    for person in people:
        other = files.setdefault(_same_file_key(person.stem), person)
        if other.name != person.name:
            raise LoadError(
                where,
                f"{person.name!r} (line {person.line}) and {other.name!r} (line {other.line}) "
                f"would share one answers file, {person.file_name}: rename one of them",
            )
        other = keys.setdefault(person.fingerprint, person)
        if other.name != person.name:
            raise LoadError(
                where,
                f"one key is listed for {other.name!r} (line {other.line}) and for "
                f"{person.name!r} (line {person.line})",
            )


def read_people(path: Path) -> list[Person]:
    """The people of the authorized_keys file at ``path`` (see :func:`parse_people`)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise LoadError(path, f"cannot read the authorized keys: {error.strerror}") from None
    except UnicodeDecodeError:
        raise LoadError(path, "the authorized keys are not UTF-8 text") from None
    return parse_people(text, path)
