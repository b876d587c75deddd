"""Property tests of schema 2: any valid answer of any question type survives save and load
unchanged; an instrument file broken in any way gives one line, never a traceback."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nextgen_tui.core import answers_file
from nextgen_tui.core.assessment import Assessment
from nextgen_tui.core.errors import LoadError
from nextgen_tui.core.instrument import Statement, load_instrument
from tests.conftest import PROFILE, yes_no_instrument

OPTIONS = [{"value": v, "label": v.upper()} for v in ("a", "b", "c")]
FIELDS = [
    {"id": "line", "type": "short-text", "text": "Line"},
    {"id": "para", "type": "long-text", "text": "Paragraph"},
    {"id": "one", "type": "choice", "text": "One", "options": OPTIONS},
    {"id": "some", "type": "choices", "text": "Some", "options": OPTIONS},
    {"id": "count", "type": "number", "text": "Count"},
    {"id": "day", "type": "date", "text": "Day"},
]
#: One section with a question of every type (choices with and without Other, a number with
#: and without a fixed unit, a group whose fields are of every kind a field can be), and a
#: scaled statement: every kind of answer a file can hold.
EVERY_TYPE = yes_no_instrument(
    "every-type",
    [
        {
            "id": "s",
            "group": "g",
            "title": "Section",
            "statements": [
                {"id": "scale", "text": "Scaled"},
                {"id": "short", "type": "short-text", "text": "Short"},
                {"id": "long", "type": "long-text", "text": "Long"},
                {"id": "one", "type": "choice", "text": "One", "options": OPTIONS},
                {
                    "id": "one-other",
                    "type": "choice",
                    "text": "1+",
                    "options": OPTIONS,
                    "other": True,
                },
                {
                    "id": "some",
                    "type": "choices",
                    "text": "Some",
                    "options": OPTIONS,
                    "other": True,
                },
                {"id": "count", "type": "number", "text": "Count"},
                {"id": "jobs", "type": "number", "text": "Jobs", "unit": "jobs"},
                {"id": "day", "type": "date", "text": "Day"},
                {"id": "items", "type": "group", "text": "Items", "fields": FIELDS},
            ],
        }
    ],
)

# text as people type it: any printable character, and line breaks in long text (a carriage
# return is read as a line break, so it is not generated: it would not come back as itself)
_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\r")
line = st.text(_chars.filter(lambda c: c != "\n"), min_size=1, max_size=40).filter(str.strip)
lines = st.text(_chars, min_size=1, max_size=120).filter(str.strip)
numbers = st.integers(-(10**12), 10**12) | st.floats(allow_nan=False, allow_infinity=False)
dates = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
values = [option["value"] for option in OPTIONS]


def answer_of(question: Statement) -> st.SearchStrategy[dict[str, Any]]:
    kind = question.type
    if kind in ("short-text", "long-text"):
        return st.builds(lambda t: {"text": t}, line if kind == "short-text" else lines)
    if kind == "choice":
        picks = st.sampled_from(values + (["other"] if question.other else []))
        return st.builds(
            lambda v, o: {"choice": v, "other": o if v == "other" else ""}, picks, line
        )
    if kind == "choices":
        picks = st.lists(st.sampled_from([*values, "other"]), min_size=1, unique=True)
        return st.builds(
            lambda v, o: {"choices": v, "other": o if "other" in v else ""}, picks, line
        )
    if kind == "number":
        unit = st.just("") if question.unit else st.just("") | line
        return st.builds(
            lambda n, u, a: {"number": n, "unit": u, "as_of": a},
            numbers,
            unit,
            st.none() | dates,
        )
    if kind == "date":
        return st.builds(lambda d: {"date": d}, dates)
    field_values = {
        "line": line,
        "para": lines,
        "one": st.sampled_from(values),
        "some": st.lists(st.sampled_from(values), min_size=1, unique=True),
        "count": numbers,
        "day": dates,
    }
    item = st.fixed_dictionaries({}, optional=field_values).filter(bool)
    return st.builds(lambda items: {"items": items}, st.lists(item, min_size=1, max_size=4))


questions = EVERY_TYPE.roles[0].statements


@st.composite
def documents(draw: st.DrawFn) -> Assessment:
    document = Assessment.new(EVERY_TYPE)
    for question in questions:
        if not draw(st.booleans()):
            continue
        if question.is_scale:
            document.set_answer("s", question.id, draw(st.sampled_from(["yes", "no"])))
        else:
            document.set_typed("s", question.id, draw(answer_of(question)))
        if draw(st.booleans()):
            document.set_note("s", question.id, draw(lines))
    return document


@settings(max_examples=150, deadline=None)
@given(document=documents())
def test_any_answer_of_any_type_round_trips(document: Assessment) -> None:
    text = answers_file.dumps(document, EVERY_TYPE)
    again = answers_file.parse(tomllib.loads(text), Path("x.toml"), EVERY_TYPE)
    assert again.answers == document.answers
    assert answers_file.dumps(again, EVERY_TYPE) == text  # and writes the same bytes again


# -- fuzzed instruments -----------------------------------------------------------------------

PROFILE_DATA = tomllib.loads(PROFILE.read_text(encoding="utf-8"))
junk = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=8)
    | st.lists(st.integers(), max_size=2)
    | st.dictionaries(st.text(max_size=4), st.integers(), max_size=2)
)


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key and index in a TOML document."""
    out = []
    if isinstance(data, dict):
        for key, value in data.items():
            out.append((*path, key))
            out += _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            out.append((*path, index))
            out += _places(value, (*path, index))
    return out


PLACES = _places(PROFILE_DATA)


@st.composite
def broken_instruments(draw: st.DrawFn) -> dict[str, Any]:
    """The profile with a few of its values replaced by junk, or removed."""
    import copy

    data = copy.deepcopy(PROFILE_DATA)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(PLACES))
        parent: Any = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            if draw(st.booleans()) and isinstance(parent, dict):
                del parent[path[-1]]
            else:
                value = draw(junk)
                if value is not None:
                    parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    return data


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=broken_instruments())
def test_a_broken_instrument_gives_one_line(data: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "f.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    try:
        load_instrument(path)
    except LoadError as error:
        message = str(error)
        assert message.startswith(str(path)) and message.count("\n") <= 10
        assert "\n" not in message.splitlines()[0]
