"""Turn TOML text and pydantic validation errors into :class:`LoadError` lines."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import LoadError
from .storage import read_text

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")


def read_toml(path: Path, *, what: str) -> dict[str, Any]:
    """Read and parse ``path``; every failure is a :class:`LoadError`."""
    return parse_toml(read_text(path, what=what), path, what=what)


def parse_toml(text: str, path: Path, *, what: str) -> dict[str, Any]:
    """Parse TOML ``text`` read from ``path``; every failure is a :class:`LoadError`."""
    if not text.strip():
        raise LoadError(path, f"the file is empty; it should hold a {what}")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        place = None
        if match := _TOML_POSITION.search(message):
            place = f"line {match.group(1)}, column {match.group(2)}"
            message = message[: match.start()]
        elif match := _TOML_END.search(message):
            place = "end of file"
            message = message[: match.start()]
        raise LoadError(path, f"invalid TOML: {message}", place=place) from None
    except RecursionError:
        raise LoadError(path, "invalid TOML: nested too deeply") from None


def field_path(loc: Sequence[int | str]) -> str:
    """``('roles', 2, 'statements', 0, 'id')`` → ``roles[2].statements[0].id``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def validation_error(
    path: Path, error: ValidationError, *, loc_prefix: Sequence[str] = ()
) -> LoadError:
    """The first problem of ``error`` as one line, with how many more there are."""
    problems = error.errors(include_url=False)
    first = problems[0]
    loc = [*loc_prefix, *first["loc"]]
    kind = first["type"]
    if kind == "missing":
        message = "this required field is missing; add it"
    elif kind == "extra_forbidden":
        message = "unknown field; remove it or check its spelling"
    else:
        message = first["msg"]
        message = message[0].lower() + message[1:]
        if message.startswith("value error, "):
            message = message[len("value error, ") :]
        if kind not in ("value_error", "assertion_error"):
            message += f" (found {_short(first.get('input'))})"
    more = len(problems) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''})"
    return LoadError(path, message, place=field_path(loc) or None)
