"""Turn TOML text and pydantic validation errors into :class:`LoadError` lines."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

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
        else:  # a key from the file: quoted (and escaped) unless it is a plain name
            name = part if re.fullmatch(r"[\w-]+", part) else repr(part)
            out += f".{name}" if out else name
    return out


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


#: The most problems one error lists; the rest are counted.
MOST_PROBLEMS = 10

_DATE_TIME = "must be a date and time, like 2026-11-25T09:30:00Z"
#: What each kind of problem means, in words for a person (no regular expressions, no jargon).
_PLAIN = {
    "missing": "this required field is missing; add it",
    "extra_forbidden": "unknown field; remove it or check its spelling",
    "bool_type": "must be true or false (without quotes)",
    "bool_parsing": "must be true or false (without quotes)",
    "string_type": "must be text in quotes",
    "string_pattern_mismatch": (
        "must be an id: lower-case letters, digits, dashes and underscores, starting with a "
        "letter or digit"
    ),
    "string_too_short": "must not be empty",
    "string_too_long": "is too long: at most {max_length} characters",
    "too_long": "has too many entries: at most {max_length}",
    "too_short": "must have at least {min_length} entries",
    "dict_type": "must be a table",
    "model_type": "must be a table",
    "model_attributes_type": "must be a table",
    "list_type": "must be a list, in [ ]",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "datetime_type": _DATE_TIME,
    "datetime_parsing": _DATE_TIME,
    "datetime_from_date_parsing": _DATE_TIME,
}


def _problem(problem: ErrorDetails) -> str:
    kind = problem["type"]
    if kind in ("missing", "extra_forbidden"):
        return _PLAIN[kind]
    if kind in ("value_error", "assertion_error"):  # our own validators' words
        message = str(problem["msg"])
        message = message[0].lower() + message[1:]
        return message.removeprefix("value error, ").removeprefix("assertion failed, ")
    plain = _PLAIN.get(kind)
    if plain is None:
        message = str(problem["msg"])
        plain = message[0].lower() + message[1:]
    else:
        plain = plain.format(**(problem.get("ctx") or {}))
    return f"{plain} (found {_short(problem.get('input'))})"


def validation_error(
    path: Path, error: ValidationError, *, loc_prefix: Sequence[str] = ()
) -> LoadError:
    """Every problem of ``error`` (up to ten, then a count), one line each, with its place."""
    problems = [
        (field_path([*loc_prefix, *problem["loc"]]) or None, _problem(problem))
        for problem in error.errors(include_url=False)
    ]
    shown = problems[:MOST_PROBLEMS]
    if len(problems) > len(shown):
        left = len(problems) - len(shown)
        shown.append((None, f"and {left} more problem{'s' if left > 1 else ''}"))
    (place, message), *more = shown
    return LoadError(path, message, place=place, more=more)
