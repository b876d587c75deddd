"""The assessment: one answers file's details, answers, notes, flags, targets and actions, as
validated data (:mod:`.answers_file` reads and writes it as TOML). Unanswered statements are
absent; statements the instrument does not know are kept, not dropped."""

from __future__ import annotations

import datetime as dt
import math
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    field_validator,
)

from .instrument import Instrument, Slug
from .typed_answers import DateAnswer, parse_full_date
from .wording import carried_words


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


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True, populate_by_name=True)


#: An action's status, in its life: planned, under way, done, given up.
STATUSES = ("open", "in-progress", "done", "dropped")
Status = Literal["open", "in-progress", "done", "dropped"]
PRIORITIES = ("high", "medium", "low")
Priority = Literal["high", "medium", "low"]


def _due(value: object) -> object:
    return parse_full_date(value) if isinstance(value, str) else value


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
#: number or a date (which is which, the instrument's field says).
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
    #: The instrument's id, kept in the file as ``framework`` (its name since the first files).
    instrument: Slug = Field(alias="framework")
    #: Missing in a hand-written file: the loaded instrument's version is taken (and said).
    instrument_version: FileText | None = Field(default=None, alias="framework_version")
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
    def new(cls, instrument: Instrument) -> Assessment:
        return cls(framework=instrument.id, framework_version=instrument.version)  # (the keys)

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

    def unknown_statements(self, instrument: Instrument) -> list[str]:
        """``role.statement`` ids in this assessment that ``instrument`` does not have."""
        return [
            f"{role_id}.{statement_id}"
            for role_id, entries in self.answers.items()
            for statement_id in entries
            if not instrument.has_statement(role_id, statement_id)
        ]

    @property
    def carried(self) -> int:
        """Answers carried from the last cycle (``new --from``) that nobody has confirmed yet:
        they count as the last cycle gave them."""
        return sum(self.carried_in(role_id) for role_id in self.answers)

    def carried_in(self, role_id: str) -> int:
        """The :attr:`carried` answers of one role."""
        return sum(entry.to_confirm for entry in self.answers.get(role_id, {}).values())

    def warnings(self, instrument: Instrument) -> list[str]:
        """What a reader should know before trusting scores computed with ``instrument``."""
        out = []
        if self.carried:
            out.append(carried_words(self.carried))
        if self._version_assumed:
            out.append(
                f"framework_version is missing: taken as {instrument.version}, the instrument's "
                "own (it is written at the next save)"
            )
        if self.instrument != instrument.id:
            out.append(
                f"answers instrument {self.instrument!r}, "
                f"but instrument {instrument.id!r} is loaded"
            )
        elif self.instrument_version not in (instrument.version, None):
            out.append(
                f"answers instrument version {self.instrument_version}, "
                f"but version {instrument.version} is loaded"
            )
        unknown = self.unknown_statements(instrument)
        if unknown:
            known = [f"{role.id}.{statement.id}" for role, statement in instrument.statements()]
            described = []
            for name in unknown:
                import difflib  # (only for a mistake: not on every start)

                close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
                described.append(f"{name} (did you mean {close[0]}?)" if close else name)
            out.append(
                f"{len(unknown)} answered statement(s) unknown to this instrument, kept: "
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
