"""Typed answers as a person types them and as a file may hold them: dates (whole or only a
year and month), numbers, options picked by their numbers, and what is wrong with a group's field.
Used by the models, the answers file's checks, the UI's editors and plain mode alike."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import PlainValidator

from .instrument import Statement


def parse_full_date(text: str) -> date:
    """A whole date as a person types it, ``YYYY-MM-DD``; a clear message when it is not one."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{text.strip()!r} is not a date: write it as YYYY-MM-DD, like 2027-03-31"
        ) from None


#: A date a person may only know in part: a year (``2021``) or a year and month (``2021-03``).
PARTIAL_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2]))?")


def _date_or_partial(value: object) -> date | str:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and PARTIAL_DATE.fullmatch(value):
        return value
    if isinstance(value, str):
        with contextlib.suppress(ValueError):
            return date.fromisoformat(value)
    raise ValueError('must be a date, like 2026-03-31 (without quotes), or "2026-03" or "2026"')


#: A date answer: a whole date, or only what is known of it (``"2021-03"``, ``"2021"``).
DateAnswer = Annotated[date | str, PlainValidator(_date_or_partial)]


def parse_date(text: str) -> date | str:
    """A date answer as a person types it: ``YYYY-MM-DD``, or only ``YYYY-MM`` or ``YYYY`` when
    that is all they know (kept as that text); a clear message when it is none of these."""
    typed = text.strip()
    if PARTIAL_DATE.fullmatch(typed):
        return typed
    try:
        return date.fromisoformat(typed)
    except ValueError:
        raise ValueError(
            f"{typed!r} is not a date: write it as YYYY-MM-DD, or YYYY-MM or YYYY when that "
            "is all that is known"
        ) from None


def parse_number(text: str) -> int | float:
    """A number as a person types it: ``340``, ``12.5``, ``1,200``; a clear message if not."""
    cleaned = text.strip().replace(",", "").replace("_", "")
    try:
        return int(cleaned)
    except ValueError:
        pass
    try:
        value = float(cleaned)
    except ValueError:
        value = float("nan")
    if not math.isfinite(value):
        raise ValueError(f"{text.strip()!r} is not a number: write it like 340 or 12.5")
    return value


def parse_picks(values: list[str], text: str, *, several: bool) -> list[str]:
    """Options picked by their numbers, as a person types them (``1 3``, ``1,3``): their values,
    each once, in the order typed; a clear message if a number is not an option's."""
    parts = text.replace(",", " ").split()
    if not parts or not all(p.isdigit() and 1 <= int(p) <= len(values) for p in parts):
        raise ValueError(f"type the number of an option, 1 to {len(values)}")
    if not several and len(parts) != 1:
        raise ValueError("type one option's number")
    return list(dict.fromkeys(values[int(part) - 1] for part in parts))


def parse_field(field: Statement, text: str) -> Any:
    """A group's field as a person types it: a number, a date, options by their numbers, or
    the text itself (ValueError with a message to show)."""
    if field.type == "number":
        return parse_number(text)
    if field.type == "date":
        return parse_date(text)
    if field.type in ("choice", "choices"):
        values = [option.value for option in field.options]
        picked = parse_picks(values, text, several=field.type == "choices")
        return picked if field.type == "choices" else picked[0]
    return text


def field_problem(field: Statement, value: object) -> str | None:
    """What is wrong with a group field's value (None: nothing)."""
    kind = field.type
    if kind in ("short-text", "long-text"):
        if not isinstance(value, str):
            return "must be text in quotes"
        if kind == "short-text" and "\n" in value:
            return "a short answer is one line"
    elif kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            return "must be a number, like 12 or 3.5 (without quotes)"
    elif kind == "date":
        partial = isinstance(value, str) and PARTIAL_DATE.fullmatch(value)
        if not partial and (not isinstance(value, dt.date) or isinstance(value, datetime)):
            return 'must be a date, like 2026-03-31 (without quotes), or "2026-03" or "2026"'

    elif kind in ("choice", "choices"):
        allowed = [option.value for option in field.options] + (["other"] if field.other else [])
        picked = [value] if isinstance(value, str) else value
        if kind == "choice" and not isinstance(value, str):
            return "must be one option's value in quotes"
        if not isinstance(picked, list):
            return "must be a list of options' values"
        for one in picked:
            if one not in allowed:
                return f"unknown choice {one!r}; use one of {', '.join(allowed)}"
    return None
