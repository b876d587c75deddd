"""The assessment: one answers file (details, answers, notes, flags) as data, and its TOML.

The file is grouped by role and keyed by the stable ids of the framework::

    framework = "nextgen-state-strategy"
    framework_version = "2020.1"

    [metadata]
    state = "Colorado"
    respondent = "Workforce team"

    [answers.shared-vision.common-vision]
    answer = "yes"
    note = "Adopted by the cabinet in May."

Unanswered statements are absent. Statements the framework does not know are kept, not dropped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    StrictBool,
    ValidationError,
    field_validator,
)

from .errors import LoadError
from .framework import Framework, Slug, Statement
from .storage import atomic_write, digest, read_text
from .textsafe import printable
from .tomlfile import parse_toml, read_toml, validation_error

ANSWERS_FILE_NAME = "nextgen-assessment.toml"
#: The team file a facilitator builds beside everyone's answers files (so `serve --ssh` names no
#: person's file so).
TEAM_FILE_NAME = "team.toml"
#: In the name of every recovery file (see ``Session.rescue``), and of no person's answers file.
RECOVERY_MARK = "-recovered-"


def _unix_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


#: Text whose line breaks are ``\\n`` whatever system or editor wrote them, so that the TOML
#: multi-line strings it is saved as read back exactly.
FileText = Annotated[str, AfterValidator(_unix_newlines)]


def _lower_case(value: object) -> object:
    """``"Yes"``, ``" PARTIALLY "`` as ``"yes"``, ``"partially"``: people type answers by hand."""
    return value.strip().lower() if isinstance(value, str) else value


#: An answer value as a file may spell it.
AnswerValue = Annotated[Slug, BeforeValidator(_lower_case)]


def carried_words(count: int) -> str:
    """``14 answers carried from the last cycle, not confirmed yet``: one wording everywhere."""
    answers = "answer" if count == 1 else "answers"
    return (
        f"{count} {answers} carried from the last cycle, not confirmed yet "
        "(they count as the last cycle gave them)"
    )


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, populate_by_name=True)


#: An action's status, in its life: planned, under way, done, given up.
STATUSES = ("open", "in-progress", "done", "dropped")
Status = Literal["open", "in-progress", "done", "dropped"]
PRIORITIES = ("high", "medium", "low")
Priority = Literal["high", "medium", "low"]


def parse_due(text: str) -> date:
    """A due date as a person types it, ``YYYY-MM-DD``; a clear message when it is not one."""
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


def _due(value: object) -> object:
    return parse_due(value) if isinstance(value, str) else value


def _word(allowed: tuple[str, ...], what: str) -> Any:
    def check(value: object) -> object:
        if isinstance(value, str):
            value = value.strip().lower().replace(" ", "-").replace("_", "-")
            if value not in allowed:
                raise ValueError(f"unknown {what} {value!r}; use one of {', '.join(allowed)}")
        return value

    return BeforeValidator(check)


class Action(_Model):
    """A step the team plans on a statement: what, who, by when, how far along, how urgent."""

    text: FileText
    owner: FileText = ""
    due: Annotated[date | None, BeforeValidator(_due)] = None
    status: Annotated[Status, _word(STATUSES, "status")] = "open"
    priority: Annotated[Priority | None, _word(PRIORITIES, "priority")] = None
    #: Carried from the last cycle still open: its status is to be checked.
    to_check: StrictBool = False

    @field_validator("text")
    @classmethod
    def _said(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("an action needs its text: what will be done")
        return value.strip()

    @property
    def is_open(self) -> bool:
        return self.status in ("open", "in-progress")

    def overdue(self, today: date) -> bool:
        """Still to do, and its due date has passed."""
        return self.is_open and self.due is not None and self.due < today


def _finite(value: object) -> object:
    """A number in a file: an integer or a finite decimal (not true/false, not nan or inf)."""
    if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
        raise ValueError("must be a number, like 12 or 3.5")
    return value


def _finite_in_item(value: object) -> object:
    return _finite(value) if isinstance(value, float) else value


Number = Annotated[int | float, BeforeValidator(_finite)]
#: A field's value in one item of a repeatable group: text or a choice, several choices, a
#: number or a date (which is which, the framework's field says).
ItemValue = Annotated[
    StrictBool | int | float | dt.date | str | list[str],  # each kept as the type it came as
    BeforeValidator(_finite_in_item),
]


class Answered(_Model):
    """An answer of any question type. A scaled statement's is ``answer``; the other types
    each have their own key, so that a file says what it holds: ``text``, ``choice`` (or
    ``choices``) with ``other`` for "Other: ___", ``number`` with ``unit`` and ``as_of``,
    ``date``, and a repeatable group's ``items``."""

    answer: AnswerValue | None = None
    text: FileText = ""
    choice: Slug | None = None
    choices: list[Slug] = []
    other: FileText = ""
    number: Number | None = None
    unit: FileText = ""
    as_of: dt.date | None = None
    #: A date, or only its year or year and month (``"2021-03"``) when that is all that is known.
    on: DateAnswer | None = Field(default=None, alias="date")
    items: list[dict[Slug, ItemValue]] = []

    @property
    def typed(self) -> dict[str, Any]:
        """The typed answer's keys that are set, as a file holds them (empty: none)."""
        return {
            key: value
            for key, value in (
                ("text", self.text),
                ("choice", self.choice),
                ("choices", self.choices),
                ("other", self.other),
                ("number", self.number),
                ("unit", self.unit),
                ("as_of", self.as_of),
                ("date", self.on),
                ("items", self.items),
            )
            if value not in (None, "", [])
        }

    @property
    def picked(self) -> list[str]:
        """The options picked: the choice, or the choices."""
        return [self.choice] if self.choice is not None else self.choices

    @property
    def has_answer(self) -> bool:
        """Answered, whatever the type (a unit or an as-of date alone answers nothing). Asked of
        every statement at every step of the walk: it looks at the fields, builds nothing."""
        return (
            self.answer is not None
            or bool(self.text or self.choices or self.other or self.items)
            or self.choice is not None
            or self.number is not None
            or self.on is not None
        )

    @property
    def comparable(self) -> tuple[Any, ...] | None:
        """The answer as one value that two people can differ on, or None: free text (and a
        group's items, which are text too) cannot be outvoted, only composed."""
        typed = self.typed
        for free in ("text", "items", "as_of"):  # (the same number as of another day agrees)
            typed.pop(free, None)
        if self.answer is not None:
            return ("answer", self.answer)
        if not typed or set(typed) <= {"unit"}:
            return None
        return tuple(sorted((key, str(value)) for key, value in typed.items()))


#: Every typed answer's key left unset: what clearing a question writes over.
NO_TYPED_ANSWER: dict[str, Any] = {
    "text": "",
    "choice": None,
    "choices": [],
    "other": "",
    "number": None,
    "unit": "",
    "as_of": None,
    "date": None,
    "items": [],
}


class MemberAnswer(Answered):
    """In a team file: what one member answered on a statement, and their note."""

    name: FileText
    note: FileText = ""


class Entry(Answered):
    """What was recorded for one statement: the answer (if any), a note, a follow-up flag; in a
    team file also each member's answer and, once the team agreed on a disputed statement, why
    and when."""

    note: FileText = ""
    #: Only true or false: a hand-typed "off" or "no" is refused, never read as true.
    flagged: StrictBool = False
    #: Carried over from the last cycle by ``nextgen-tui new --from``: answering again confirms it.
    to_confirm: StrictBool = False
    #: A team file's record of who said what (members who left it blank are not listed).
    members: list[MemberAnswer] = []
    #: Why the team agreed on this answer, when the members' answers differed.
    rationale: FileText = ""
    #: When the team agreed on it.
    agreed: datetime | None = None
    #: What the team plans to do about it.
    actions: list[Action] = []
    #: Which of the statement's "For example" bullets are in place, counted from 1.
    in_place: list[Annotated[int, Field(ge=1)]] = []
    #: In a file started from the last cycle: what was answered and noted then.
    last_answer: AnswerValue | None = None
    last_note: FileText = ""

    @field_validator("agreed")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value

    @property
    def settled(self) -> bool:
        """Answered, and not waiting to be confirmed."""
        return self.has_answer and not self.to_confirm

    @property
    def member_answers(self) -> list[str]:
        """The members' answers on the scale, blanks left out (a member who left it blank
        abstains)."""
        return [member.answer for member in self.members if member.answer is not None]

    @property
    def was_disputed(self) -> bool:
        """The members who answered did not all give the same answer (free text is never a
        dispute: it is composed, not voted on)."""
        given = {member.comparable for member in self.members}
        given.discard(None)
        return len(given) > 1

    @property
    def disputed(self) -> bool:
        """The members' answers differ and the team has not agreed on one yet."""
        return not self.has_answer and self.was_disputed

    @property
    def is_empty(self) -> bool:
        return (
            not self.has_answer
            and not self.typed
            and not self.note
            and not self.flagged
            and not self.to_confirm
            and not self.members
            and not self.rationale
            and not self.actions
            and not self.in_place
            and self.last_answer is None
            and not self.last_note
        )


class Details(_Model):
    state: FileText = ""
    respondent: FileText = ""
    #: The agency or system the respondent comes from (workforce, economic development,
    #: education, the governor's office…): `compare --by agency` groups by it.
    agency: FileText = ""
    created: datetime | None = None
    updated: datetime | None = None

    @field_validator("created", "updated")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Member(_Model):
    """In a team file: one member whose answers went into it."""

    name: FileText
    agency: FileText = ""
    #: What the member typed as respondent in their own file, when the team file names them
    #: otherwise (on a server, by who their key says they are): a detail, never their name.
    respondent: FileText = ""


class Assessment(_Model):
    framework: Slug
    #: Missing in a hand-written file: the loaded framework's version is taken (and said).
    framework_version: FileText | None = None
    #: Kept in the file's ``[metadata]`` table (its name since the first files were written).
    details: Details = Field(default_factory=Details, alias="metadata")
    #: A team file's members, in the order they were merged; empty in one person's file.
    members: list[Member] = []
    #: What the team aims at, per role id (and ``overall``): a level's name or a percentage.
    targets: dict[
        Slug,
        FileText | Annotated[int, Field(ge=0, le=100)] | Annotated[float, Field(ge=0, le=100)],
    ] = {}
    answers: dict[Slug, dict[Slug, Entry]] = {}
    _version_assumed: bool = PrivateAttr(default=False)

    @classmethod
    def new(cls, framework: Framework) -> Assessment:
        return cls(framework=framework.id, framework_version=framework.version)

    # -- reading ------------------------------------------------------------------------------

    def entry(self, role_id: str, statement_id: str) -> Entry | None:
        return self.answers.get(role_id, {}).get(statement_id)

    def answer(self, role_id: str, statement_id: str) -> str | None:
        entry = self.entry(role_id, statement_id)
        return entry.answer if entry else None

    @property
    def is_team(self) -> bool:
        return bool(self.members)

    def agency_of(self, name: str) -> str:
        return next((member.agency for member in self.members if member.name == name), "")

    def unknown_statements(self, framework: Framework) -> list[str]:
        """``role.statement`` ids in this assessment that ``framework`` does not have."""
        return [
            f"{role_id}.{statement_id}"
            for role_id, entries in self.answers.items()
            for statement_id in entries
            if not framework.has_statement(role_id, statement_id)
        ]

    @property
    def carried(self) -> int:
        """Answers carried from the last cycle (``new --from``) that nobody has confirmed yet:
        they count as the last cycle gave them."""
        return sum(self.carried_in(role_id) for role_id in self.answers)

    def carried_in(self, role_id: str) -> int:
        """The :attr:`carried` answers of one role."""
        return sum(entry.to_confirm for entry in self.answers.get(role_id, {}).values())

    def warnings(self, framework: Framework) -> list[str]:
        """What a reader should know before trusting scores computed with ``framework``."""
        out = []
        if self.carried:
            out.append(carried_words(self.carried))
        if self._version_assumed:
            out.append(
                f"framework_version is missing: taken as {framework.version}, the framework's "
                "own (it is written at the next save)"
            )
        if self.framework != framework.id:
            out.append(
                f"answers framework {self.framework!r}, but framework {framework.id!r} is loaded"
            )
        elif self.framework_version not in (framework.version, None):
            out.append(
                f"answers framework version {self.framework_version}, "
                f"but version {framework.version} is loaded"
            )
        unknown = self.unknown_statements(framework)
        if unknown:
            known = [f"{role.id}.{statement.id}" for role, statement in framework.statements()]
            described = []
            for name in unknown:
                import difflib  # (only for a mistake: not on every start)

                close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
                described.append(f"{name} (did you mean {close[0]}?)" if close else name)
            out.append(
                f"{len(unknown)} answered statement(s) unknown to this framework, kept: "
                + ", ".join(described)
            )
        return out

    # -- changing -----------------------------------------------------------------------------

    def set_target(self, key: str, target: str | float | None) -> None:
        """A role's target (``key`` its id, or ``overall``): a level's name or a percentage;
        None takes it away."""
        targets = dict(self.targets)
        if target is None:
            targets.pop(key, None)
        else:
            targets[key] = target
        self.targets = targets

    def set_actions(self, role_id: str, statement_id: str, actions: list[Action]) -> None:
        self._update(role_id, statement_id, actions=[a.model_dump() for a in actions])

    def set_in_place(self, role_id: str, statement_id: str, in_place: list[int]) -> None:
        self._update(role_id, statement_id, in_place=sorted(set(in_place)))

    def set_rationale(self, role_id: str, statement_id: str, rationale: str) -> None:
        self._update(role_id, statement_id, rationale=rationale.strip())

    def _update(self, role_id: str, statement_id: str, **changes: Any) -> None:
        entries = self.answers.setdefault(role_id, {})
        current = entries.get(statement_id, Entry())
        updated = Entry(**{**current.model_dump(), **changes})  # validated as it is made
        if updated.is_empty:
            entries.pop(statement_id, None)
            if not entries:
                del self.answers[role_id]
        else:
            entries[statement_id] = updated

    def confirm(self, role_id: str) -> int:
        """Confirm a role's carried answers as they are (someone looked): how many."""
        confirmed = 0
        for statement_id, entry in list(self.answers.get(role_id, {}).items()):
            if entry.to_confirm:
                self._update(role_id, statement_id, to_confirm=False)
                confirmed += 1
        return confirmed

    def set_answer(self, role_id: str, statement_id: str, answer: str | None) -> None:
        """Answer (or clear) a statement; an answer given now is no longer "to confirm"."""
        self._update(role_id, statement_id, answer=answer, to_confirm=False)

    def set_typed(self, role_id: str, statement_id: str, typed: dict[str, Any]) -> None:
        """Answer a question of another type than the scale with the keys a file holds
        (``text``, ``choice``…, ``date``); an empty dict clears it. Whatever else it held goes."""
        unknown = set(typed) - set(NO_TYPED_ANSWER)
        if unknown:
            raise ValueError(f"not an answer's key: {', '.join(sorted(unknown))}")
        given = {**NO_TYPED_ANSWER, **typed}
        given["on"] = given.pop("date")
        self._update(role_id, statement_id, answer=None, **given, to_confirm=False)

    def set_note(self, role_id: str, statement_id: str, note: str) -> None:
        self._update(role_id, statement_id, note=note.strip("\n"))

    def set_flag(self, role_id: str, statement_id: str, flagged: bool) -> None:
        self._update(role_id, statement_id, flagged=flagged)

    def agree(
        self, role_id: str, statement_id: str, answer: str, rationale: str, when: datetime
    ) -> None:
        """The team's answer to a statement its members answered differently, and why: the
        members' answers stay on record; the statement is no longer flagged for the dispute."""
        self._update(
            role_id,
            statement_id,
            answer=answer,
            to_confirm=False,
            rationale=rationale.strip(),
            agreed=when.replace(microsecond=0),
            flagged=False,
        )

    def restore(self, role_id: str, statement_id: str, entry: Entry | None) -> None:
        """Put back an entry as it was (None: no entry), as undo does."""
        entries = self.answers.setdefault(role_id, {})
        if entry is None or entry.is_empty:
            entries.pop(statement_id, None)
            if not entries:
                del self.answers[role_id]
        else:
            entries[statement_id] = entry

    def touch(self, now: datetime | None = None) -> None:
        """Stamp ``updated`` (and ``created`` the first time) before a save."""
        now = (now or datetime.now(UTC)).replace(microsecond=0)
        if self.details.created is None:
            self.details.created = now
        self.details.updated = now


# -- TOML ---------------------------------------------------------------------------------------


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


def _ordered_answers(assessment: Assessment, framework: Framework | None) -> dict[str, Any]:
    """Answers in framework order; statements the framework does not know come after, as found."""
    out: dict[str, dict[str, Any]] = {}
    if framework is not None:
        for role, statement in framework.statements():
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


def dumps(assessment: Assessment, framework: Framework | None = None) -> str:
    """The TOML text of ``assessment``: a short header, the details, then answers by role."""
    title = framework.title if framework is not None else "self-assessment"
    version = printable(assessment.framework_version or "")
    header = [
        f"# nextgen-tui answers file: {printable(title)}",
        f"# framework {assessment.framework}, version {version}.",
        "# Each [answers.ROLE.STATEMENT] table holds answer = yes / partially / no, an optional",
        "# note, flagged = true for follow-up and to_confirm = true for an answer carried from",
        "# the last cycle and not yet confirmed. Unanswered statements are simply absent.",
        "# Open it with `nextgen-tui FILE`; print a report with `nextgen-tui review FILE`.",
    ]
    document: dict[str, Any] = {
        "framework": assessment.framework,
        "framework_version": assessment.framework_version or "",
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
    answers = _ordered_answers(assessment, framework)
    if answers:
        document["answers"] = answers
    import tomli_w  # (only to write: reading a file for a report does not need it)

    body = tomli_w.dumps(document, multiline_strings=True)
    return "\n".join(header) + "\n\n" + body


def parse(data: dict[str, Any], path: Path, framework: Framework | None = None) -> Assessment:
    """Validate a parsed TOML document; with ``framework``, answers must be on its scale."""
    try:
        assessment = Assessment.model_validate(data)
    except ValidationError as error:
        raise validation_error(path, error) from None
    if framework is not None and assessment.framework_version is None:
        assessment.framework_version = framework.version
        assessment._version_assumed = True
    if framework is not None:
        _check_targets(assessment, framework, path)
        values = framework.answer_values
        for role_id, entries in assessment.answers.items():
            for statement_id, entry in entries.items():
                if entry.in_place and framework.has_statement(role_id, statement_id):
                    statement = next(
                        s for s in framework.role(role_id).statements if s.id == statement_id
                    )
                    if max(entry.in_place) > len(statement.examples):
                        raise LoadError(
                            path,
                            f"this statement has {len(statement.examples)} example(s); "
                            f"in_place counts them from 1",
                            place=f"answers.{role_id}.{statement_id}.in_place",
                        )
                question = framework.statement(role_id, statement_id)
                if question is not None:
                    where = f"answers.{role_id}.{statement_id}"
                    _check_typed(question, entry, where, path)
                    for index, member in enumerate(entry.members):
                        _check_typed(question, member, f"{where}.members[{index}]", path)
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


def _check_typed(question: Statement, answered: Answered, place: str, path: Path) -> None:
    """An answer holds only its question type's keys, with values the question allows."""
    kind = question.type
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
        offered = [option.value for option in question.options]
        allowed = offered + (["other"] if question.other else [])
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
    if kind == "number" and question.unit and answered.unit not in ("", question.unit):
        raise LoadError(
            path,
            f"this number is counted in {question.unit}; remove unit or write {question.unit!r}",
            place=f"{place}.unit",
        )
    for index, item in enumerate(answered.items):
        for key, item_value in item.items():
            at = f"{place}.items[{index}].{key}"
            field = question.field(key)
            if field is None:
                known = ", ".join(f.id for f in question.fields)
                raise LoadError(path, f"unknown field {key!r}; use one of {known}", place=at)
            if problem := field_problem(field, item_value):
                raise LoadError(path, problem, place=at)


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


def _check_targets(assessment: Assessment, framework: Framework, path: Path) -> None:
    """Targets name a role (or ``overall``) and a level of the framework, or a percentage."""
    roles = {role.id for role in framework.roles}
    levels = [level.name for level in framework.levels]
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


def load(path: Path, framework: Framework | None = None) -> Assessment:
    """Load an answers file; raise :class:`LoadError` with one clear line."""
    return parse(read_toml(path, what="answers file"), path, framework)


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
    framework: Framework | None = None,
    *,
    now: datetime | None = None,
) -> None:
    """Stamp and atomically save ``assessment``; raise :class:`SaveError` on failure."""
    assessment.touch(now)
    atomic_write(path, dumps(assessment, framework).encode("utf-8"))
