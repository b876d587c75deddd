"""The answers file: an assessment as TOML, read, checked against its instrument, and saved.

The file is grouped by role and keyed by the stable ids of the instrument::

    framework = "nextgen-state-strategy"
    framework_version = "2020.1"

    [metadata]
    state = "Colorado"
    respondent = "Workforce team"

    [answers.shared-vision.common-vision]
    answer = "yes"
    note = "Adopted by the cabinet in May."

Unanswered statements are absent. Statements the instrument does not know are kept, not dropped.

(``framework`` and ``framework_version`` name the instrument, the keys' names since the first
files were written.)
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, NamedTuple

from pydantic import ValidationError

from .assessment import Answered, Assessment, Entry, MemberAnswer
from .errors import LoadError
from .instrument import Instrument, Statement
from .storage import atomic_write, digest, read_text
from .textsafe import printable
from .tomlfile import parse_toml, read_toml, validation_error
from .typed_answers import field_problem

ANSWERS_FILE_NAME = "nextgen-assessment.toml"
#: The team file a facilitator builds beside everyone's answers files (so `serve --ssh` names no
#: person's file so).
TEAM_FILE_NAME = "team.toml"
#: In the name of every recovery file (see ``Session.rescue``), and of no person's answers file.
RECOVERY_MARK = "-recovered-"


def _entry_table(entry: Entry) -> dict[str, Any]:
    """What a file holds for one statement: only what is set (no ``answer`` when unanswered)."""
    table = _answer_and_note(entry)
    if entry.flagged:
        table["flagged"] = True
    if entry.to_confirm:
        table["to_confirm"] = True
    if entry.rationale:
        table["rationale"] = entry.rationale
    if entry.agreed is not None:
        table["agreed"] = entry.agreed
    if entry.last_answer is not None:
        table["last_answer"] = entry.last_answer
    if entry.last_note:
        table["last_note"] = entry.last_note
    if entry.in_place:
        table["in_place"] = sorted(set(entry.in_place))
    if entry.actions:
        table["actions"] = [
            action.model_dump(exclude_defaults=True, exclude_none=True) for action in entry.actions
        ]
    if entry.members:
        table["members"] = [_member_table(member) for member in entry.members]
    return table


def _member_table(member: MemberAnswer) -> dict[str, Any]:
    return {"name": member.name, **_answer_and_note(member)}


def _answer_and_note(answered: Entry | MemberAnswer) -> dict[str, Any]:
    """An answer as a file holds it (``answer`` on the scale, or its type's keys), then its
    note: only what is set."""
    table: dict[str, Any] = {"answer": answered.answer} if answered.answer is not None else {}
    table.update(answered.typed)
    if answered.note:
        table["note"] = answered.note
    return table


def _ordered_answers(assessment: Assessment, instrument: Instrument | None) -> dict[str, Any]:
    """Answers in instrument order; statements the instrument does not know come after, as found."""
    out: dict[str, dict[str, Any]] = {}
    if instrument is not None:
        for role, statement in instrument.statements():
            entry = assessment.entry(role.id, statement.id)
            if entry is not None:
                out.setdefault(role.id, {})[statement.id] = entry
    for role_id, entries in assessment.answers.items():
        for statement_id, entry in entries.items():
            out.setdefault(role_id, {}).setdefault(statement_id, entry)
    return {
        role_id: {statement_id: _entry_table(entry) for statement_id, entry in entries.items()}
        for role_id, entries in out.items()
    }


def dumps(assessment: Assessment, instrument: Instrument | None = None) -> str:
    """The TOML text of ``assessment``: a short header, the details, then answers by role."""
    title = instrument.title if instrument is not None else "self-assessment"
    version = printable(assessment.instrument_version or "")
    header = [
        f"# nextgen-tui answers file: {printable(title)}",
        f"# framework {assessment.instrument}, version {version}.",
        "# Each [answers.ROLE.STATEMENT] table holds answer = yes / partially / no, an optional",
        "# note, flagged = true for follow-up and to_confirm = true for an answer carried from",
        "# the last cycle and not yet confirmed. Unanswered statements are simply absent.",
        "# Open it with `nextgen-tui FILE`; print a report with `nextgen-tui review FILE`.",
    ]
    document: dict[str, Any] = {
        "framework": assessment.instrument,
        "framework_version": assessment.instrument_version or "",
        "metadata": {
            key: value
            for key, value in assessment.details.model_dump(exclude_none=True).items()
            if value != "" or key in ("state", "respondent")  # agency only where there is one
        },
    }
    if assessment.members:
        header[-1:-1] = [
            "# A team file: members lists who answered, each statement's members what they said;",
            "# answer is the team's (absent while the members differ), rationale why they agreed.",
        ]
        document["members"] = [m.model_dump(exclude_defaults=True) for m in assessment.members]
    if assessment.targets:
        document["targets"] = dict(assessment.targets)
    answers = _ordered_answers(assessment, instrument)
    if answers:
        document["answers"] = answers
    import tomli_w  # (only to write: reading a file for a report does not need it)

    body = tomli_w.dumps(document, multiline_strings=True)
    return "\n".join(header) + "\n\n" + body


def parse(data: dict[str, Any], path: Path, instrument: Instrument | None = None) -> Assessment:
    """Validate a parsed TOML document; with ``instrument``, answers must be on its scale."""
    try:
        assessment = Assessment.model_validate(data)
    except ValidationError as error:
        raise validation_error(path, error) from None
    if instrument is not None and assessment.instrument_version is None:
        assessment.instrument_version = instrument.version
        assessment._version_assumed = True
    if instrument is not None:
        _check_targets(assessment, instrument, path)
        values = instrument.answer_values
        for role_id, entries in assessment.answers.items():
            for statement_id, entry in entries.items():
                if entry.in_place and instrument.has_statement(role_id, statement_id):
                    statement = next(
                        s for s in instrument.role(role_id).statements if s.id == statement_id
                    )
                    if max(entry.in_place) > len(statement.examples):
                        raise LoadError(
                            path,
                            f"this statement has {len(statement.examples)} example(s); "
                            f"in_place counts them from 1",
                            place=f"answers.{role_id}.{statement_id}.in_place",
                        )
                known = instrument.statement(role_id, statement_id)
                if known is not None:
                    where = f"answers.{role_id}.{statement_id}"
                    _check_typed(known, entry, where, path)
                    for index, member in enumerate(entry.members):
                        _check_typed(known, member, f"{where}.members[{index}]", path)
                given = [("answer", entry.answer), ("last_answer", entry.last_answer)] + [
                    (f"members[{index}].answer", member.answer)
                    for index, member in enumerate(entry.members)
                ]
                for place, answer in given:
                    if answer is not None and answer not in values:
                        raise LoadError(
                            path,
                            f"unknown answer {answer!r}; use one of {', '.join(values)}",
                            place=f"answers.{role_id}.{statement_id}.{place}",
                        )
    return assessment


#: The keys each question type's answer is written with.
_KEYS_OF = {
    "scale": {"answer"},
    "short-text": {"text"},
    "long-text": {"text"},
    "choice": {"choice", "other"},
    "choices": {"choices", "other"},
    "number": {"number", "unit", "as_of"},
    "date": {"date"},
    "group": {"items"},
}
_EXAMPLE_OF = {
    "scale": 'answer = "yes"',
    "short-text": 'text = "…"',
    "long-text": 'text = "…"',
    "choice": 'choice = "an option\'s value"',
    "choices": 'choices = ["an option\'s value", …]',
    "number": "number = 12",
    "date": "date = 2026-03-31",
    "group": "[[…items]] tables",
}


def _check_typed(statement: Statement, answered: Answered, place: str, path: Path) -> None:
    """An answer holds only its question type's keys, with values the question allows."""
    kind = statement.type
    given = set(answered.typed) | ({"answer"} if answered.answer is not None else set())
    wrong = sorted(given - _KEYS_OF[kind])
    if wrong:
        raise LoadError(
            path,
            f"this question is a {kind} question: write {_EXAMPLE_OF[kind]}, not {wrong[0]}",
            place=f"{place}.{wrong[0]}",
        )
    if kind == "short-text" and "\n" in answered.text:
        raise LoadError(path, "a short answer is one line", place=f"{place}.text")
    if kind in ("choice", "choices"):
        offered = [option.value for option in statement.options]
        allowed = offered + (["other"] if statement.other else [])
        picked = answered.picked
        for value in picked:
            if value not in allowed:
                raise LoadError(
                    path,
                    f"unknown choice {value!r}; use one of {', '.join(allowed)}",
                    place=f"{place}.{'choice' if kind == 'choice' else 'choices'}",
                )
        if answered.other and "other" not in picked:
            raise LoadError(
                path,
                "other holds the text of the choice other; choose it too, or remove other",
                place=f"{place}.other",
            )
    if kind == "number" and statement.unit and answered.unit not in ("", statement.unit):
        raise LoadError(
            path,
            f"this number is counted in {statement.unit}; remove unit or write {statement.unit!r}",
            place=f"{place}.unit",
        )
    for index, item in enumerate(answered.items):
        for key, item_value in item.items():
            at = f"{place}.items[{index}].{key}"
            field = statement.field(key)
            if field is None:
                known = ", ".join(f.id for f in statement.fields)
                raise LoadError(path, f"unknown field {key!r}; use one of {known}", place=at)
            if problem := field_problem(field, item_value):
                raise LoadError(path, problem, place=at)


def _check_targets(assessment: Assessment, instrument: Instrument, path: Path) -> None:
    """Targets name a role (or ``overall``) and a level of the instrument, or a percentage."""
    roles = {role.id for role in instrument.roles}
    levels = [level.name for level in instrument.levels]
    for key, target in assessment.targets.items():
        place = f"targets.{key}"
        if key != "overall" and key not in roles:
            raise LoadError(path, f"unknown role {key!r}; use a role's id or overall", place=place)
        if isinstance(target, str) and target not in levels:
            raise LoadError(
                path,
                f"unknown level {target!r}; use one of {', '.join(levels)}, or a percentage",
                place=place,
            )


def load(path: Path, instrument: Instrument | None = None) -> Assessment:
    """Load an answers file; raise :class:`LoadError` with one clear line."""
    return parse(read_toml(path, what="answers file"), path, instrument)


class ReadFile(NamedTuple):
    """An answers file as read, once: its TOML (not yet checked against an instrument, whose
    choice may depend on it), its text, and the fingerprint of exactly the bytes read."""

    data: dict[str, Any]
    text: str
    fingerprint: str


def read_file(path: Path) -> ReadFile:
    """Read and parse an answers file; raise :class:`LoadError` with one clear line."""
    text = read_text(path, what="answers file")
    data = parse_toml(text, path, what="answers file")
    return ReadFile(data, text, digest(text.encode("utf-8")))


#: The comment lines nextgen-tui itself writes at the top of every answers file (see dumps).
_OWN_COMMENTS = (
    "# nextgen-tui answers file:",
    "# framework ",
    "# Each [answers.ROLE.STATEMENT] table",
    "# note, flagged = true",
    "# the last cycle and not yet confirmed.",
    "# Open it with `nextgen-tui FILE`",
    "# A team file: members lists who answered,",
    "# answer is the team's (absent while the members differ)",
)


def typed_comments(text: str) -> int:
    """How many comments in an answers file's text someone typed (not the ones nextgen-tui
    writes): whole-line comments and comments after a value. Saving rewrites the file without
    them."""
    count = 0
    in_string: str | None = None  # the quotes of a multi-line string we are inside
    for line in text.splitlines():
        index, found = 0, False
        while index < len(line):
            if in_string is not None:
                end = line.find(in_string, index)
                if end < 0:
                    break
                index, in_string = end + 3, None
                continue
            char = line[index]
            if line.startswith(('"""', "'''"), index):
                in_string, index = line[index : index + 3], index + 3
            elif char in "\"'":
                index += 1
                while index < len(line) and line[index] != char:
                    index += 2 if char == '"' and line[index] == "\\" else 1
                index += 1
            elif char == "#":
                found = not line.lstrip().startswith(_OWN_COMMENTS)
                break
            else:
                index += 1
        count += found
    return count


def save(
    path: Path,
    assessment: Assessment,
    instrument: Instrument | None = None,
    *,
    now: datetime | None = None,
) -> None:
    """Stamp and atomically save ``assessment``; raise :class:`SaveError` on failure."""
    assessment.touch(now)
    atomic_write(path, dumps(assessment, instrument).encode("utf-8"))
