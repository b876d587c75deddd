"""The instrument: the self-assessment instrument as pydantic models, loaded from TOML.

Nothing here knows any statement text: it all comes from ``framework.toml``.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator, Mapping
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from .tomlfile import read_toml, validation_error

FRAMEWORK_FILE_NAME = "framework.toml"

#: Bounds on an instrument's size: far above any real instrument, low enough that a hostile or
#: broken file cannot make the questionnaire unusable.
MAX_ROLES = 200
MAX_STATEMENTS_PER_ROLE = 500
MAX_STATEMENTS = 5000
MAX_TEXT = 5000

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=64),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_TEXT)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _once_each(values: list[str], what: str, where: str = "") -> None:
    """Refuse (ValueError) the first value that appears more than once: ``what`` names it."""
    if dupes := [value for value, count in Counter(values).items() if count > 1]:
        raise ValueError(f"{what} {dupes[0]!r} appears more than once{where}")


#: Keys the questionnaire uses for itself, full-screen and plain (move, clear, note, flag,
#: examples, results, details, quit, skip, back, consensus, action, plan, target, in place,
#: confirm the carried):
#: an answer on a scale may not take one.
RESERVED_KEYS = frozenset("ujkexfrmqsbcaAtiC")


class ScaleOption(_Model):
    """One answer on the scale, such as ``yes``: its worth, label and one-key shortcut."""

    value: Slug
    label: Text
    symbol: Annotated[str, StringConstraints(min_length=1, max_length=1, pattern=r"^\S$")]
    key: Annotated[str, StringConstraints(pattern=r"^[a-z]$")]
    points: float = Field(ge=0.0, le=1.0)


class Level(_Model):
    """A named maturity band that starts at ``min`` percent."""

    name: Text
    min: float = Field(ge=0.0, le=100.0)
    description: str = ""


class Group(_Model):
    id: Slug
    title: Text
    goal: str = ""


#: What a question asks for. ``scale`` is a statement answered on the instrument's scale (the
#: only kind in schema 1); the others came with schema 2.
QuestionType = Literal[
    "scale", "short-text", "long-text", "choice", "choices", "number", "date", "group"
]
QUESTION_TYPES: tuple[str, ...] = get_args(QuestionType)
#: What a repeatable group's fields may be: anything but a scale or another group.
FIELD_TYPES = ("short-text", "long-text", "choice", "choices", "number", "date")
#: Choices are picked by number keys 1–9.
MAX_OPTIONS = 9
MAX_FIELDS = 12


class Choice(_Model):
    """One option of a ``choice`` or ``choices`` question."""

    value: Slug
    label: Text


class Statement(_Model):
    """A question: a statement answered on the scale, or (schema 2) one of the other types.

    ``fields`` are a repeatable group's questions, one set per item."""

    id: Slug
    text: Text
    type: QuestionType = "scale"
    #: Counted by progress and visited by "next open": true for a scaled statement unless
    #: said otherwise, false for any other question unless said otherwise.
    required: StrictBool | None = None
    #: A line under the question: what to write, where to find it.
    hint: Annotated[str, StringConstraints(max_length=MAX_TEXT)] = ""
    examples: list[Text] = []
    options: list[Choice] = Field(default=[], max_length=MAX_OPTIONS)
    #: A choice question also offers "Other: ___".
    other: StrictBool = False
    #: A number question's unit, when fixed ("businesses"); without one, the person says it.
    unit: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] = ""
    #: A number question that is only a number (a year): no unit and no "as of" are asked.
    bare: StrictBool = False
    fields: list[Statement] = Field(default=[], max_length=MAX_FIELDS)

    @property
    def is_required(self) -> bool:
        return self.required if self.required is not None else self.type == "scale"

    @property
    def is_scale(self) -> bool:
        return self.type == "scale"

    def option_label(self, value: str) -> str:
        """A choice's label (the value itself if the instrument no longer offers it)."""
        return next((option.label for option in self.options if option.value == value), value)

    def field(self, field_id: str) -> Statement | None:
        return next((field for field in self.fields if field.id == field_id), None)

    @model_validator(mode="after")
    def _fits_its_type(self) -> Statement:
        kind = self.type
        if self.bare and (kind != "number" or self.unit):
            raise ValueError("bare = true is for a number question without a unit")
        if kind in ("choice", "choices"):
            if len(self.options) < (1 if self.other else 2):
                raise ValueError(f"a {kind} question needs at least two options")
            _once_each([option.value for option in self.options], "option")
            if "other" in {option.value for option in self.options} and self.other:
                raise ValueError("option value 'other' is taken by other = true; rename it")
        elif self.options or self.other:
            raise ValueError(f"only choice and choices questions have options, not {kind}")
        if kind == "group":
            if not self.fields:
                raise ValueError("a group needs its fields: the questions of one item")
            for index, field in enumerate(self.fields):
                if field.type not in FIELD_TYPES:
                    raise ValueError(
                        f"fields[{index}] ({field.id}): a group's field cannot be a {field.type}; "
                        f"use one of {', '.join(FIELD_TYPES)}"
                    )
                if field.other:
                    raise ValueError(f"fields[{index}] ({field.id}): a group's field has no other")
            _once_each([field.id for field in self.fields], "field id")
        elif self.fields:
            raise ValueError(f"only a group has fields, not a {kind} question")
        if self.unit and kind != "number":
            raise ValueError(f"only a number question has a unit, not a {kind} question")
        if self.examples and kind != "scale":
            raise ValueError("only scaled statements have examples; use hint for a note")
        return self


class Role(_Model):
    id: Slug
    group: Slug
    title: Text
    short_title: str = ""
    purpose: str = ""
    looks_like: list[Text] = []
    #: Scored by the scale (its sidebar shows maturity), or only filled in (its completion):
    #: unset, as the instrument says.
    scored: StrictBool | None = None
    statements: list[Statement] = Field(min_length=1, max_length=MAX_STATEMENTS_PER_ROLE)

    @property
    def label(self) -> str:
        """The short title where there is one, for narrow places."""
        return self.short_title or self.title

    def number(self, statement: Statement) -> int:
        """The statement's place in this role, counted from 1 (as people read it)."""
        return self.statements.index(statement) + 1


#: The schema versions this release reads: 1 (scaled statements only), 2 (question types).
SCHEMA_VERSIONS = (1, 2)


class Instrument(_Model):
    schema_version: int = Field(default=1, alias="schema", ge=1, le=2)
    id: Slug
    title: Text
    version: Text
    description: str = ""
    source: str = ""
    copyright: str = ""
    #: Whether sections are scored unless they say otherwise (see :attr:`Role.scored`).
    scored: StrictBool = True
    #: What a section is called on screen and in reports ("role" in the self-assessment).
    section_name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z -]{0,19}$")] = "role"
    #: ``ROLE.QUESTION``: a short-text question whose answer names what a file is about (a
    #: profile's partnership): it goes in the reports' titles.
    named_by: str | None = None
    #: ``ROLE.QUESTION``: a short-text question that asks for the state: its answer is the
    #: file's state, and the details form does not ask for it again.
    state_by: str | None = None
    #: Needed by an instrument with scaled statements (levels: with scored ones).
    scale: list[ScaleOption] = []
    levels: list[Level] = []
    groups: list[Group] = Field(min_length=1)
    roles: list[Role] = Field(min_length=1, max_length=MAX_ROLES)

    @field_validator("scale")
    @classmethod
    def _unique_scale(cls, scale: list[ScaleOption]) -> list[ScaleOption]:
        if len(scale) == 1:
            raise ValueError("a scale needs at least two answers")
        _once_each([option.value for option in scale], "answer value")
        _once_each([option.symbol for option in scale], "answer symbol")
        _once_each([option.key for option in scale], "answer key")
        if taken := [option.key for option in scale if option.key in RESERVED_KEYS]:
            keys = " ".join(sorted(RESERVED_KEYS))
            raise ValueError(
                f"answer key {taken[0]!r} is one the questionnaire uses itself ({keys}); "
                "choose another letter"
            )
        return scale

    @field_validator("levels")
    @classmethod
    def _ascending_levels(cls, levels: list[Level]) -> list[Level]:
        if levels and levels[0].min != 0:
            raise ValueError(f"the first level must start at 0, not {levels[0].min:g}")
        for index, (lower, upper) in enumerate(itertools.pairwise(levels)):
            if upper.min <= lower.min:
                raise ValueError(
                    f"levels must ascend: levels[{index + 1}] ({upper.name}, {upper.min:g}) "
                    f"does not start above levels[{index}] ({lower.name}, {lower.min:g})"
                )
        _once_each([level.name for level in levels], "level name")
        return levels

    @field_validator("groups")
    @classmethod
    def _unique_groups(cls, groups: list[Group]) -> list[Group]:
        _once_each([group.id for group in groups], "group id")
        return groups

    @field_validator("roles")
    @classmethod
    def _unique_roles(cls, roles: list[Role]) -> list[Role]:
        _once_each([role.id for role in roles], "role id")
        total = sum(len(role.statements) for role in roles)
        if total > MAX_STATEMENTS:
            raise ValueError(f"{total} statements in all; at most {MAX_STATEMENTS} are supported")
        for index, role in enumerate(roles):
            where = f" in roles[{index}] ({role.id})"
            _once_each([statement.id for statement in role.statements], "statement id", where)
        return roles

    @model_validator(mode="after")
    def _named_by_a_short_text(self) -> Instrument:
        for name, where in (("named_by", self.named_by), ("state_by", self.state_by)):
            if where is None:
                continue
            role_id, _, statement_id = where.partition(".")
            questions = [s for r in self.roles if r.id == role_id for s in r.statements]
            statement = next((s for s in questions if s.id == statement_id), None)
            if statement is None or statement.type != "short-text":
                raise ValueError(f"{name}: {where!r} is not ROLE.QUESTION of a short-text question")
        return self
        role_id, _, statement_id = self.named_by.partition(".")
        role = next((r for r in self.roles if r.id == role_id), None)
        statement = (
            next((s for s in role.statements if s.id == statement_id), None) if role else None
        )
        if statement is None or statement.type != "short-text":
            raise ValueError(
                f"named_by: {self.named_by!r} is not ROLE.QUESTION of a short-text question"
            )
        return self

    @model_validator(mode="after")
    def _roles_in_known_groups(self) -> Instrument:
        known = {group.id for group in self.groups}
        for index, role in enumerate(self.roles):
            if role.group not in known:
                raise ValueError(
                    f"roles[{index}].group: unknown group {role.group!r}; "
                    f"use one of {', '.join(sorted(known))}"
                )
        return self

    @model_validator(mode="after")
    def _types_in_their_schema(self) -> Instrument:
        """Question types, ``required`` and ``scored`` came with schema 2; scaled statements
        need a scale, and scored ones levels too."""
        for index, role in enumerate(self.roles):
            for number, statement in enumerate(role.statements):
                place = f"roles[{index}].statements[{number}]"
                if self.schema_version < 2 and (
                    statement.type != "scale"
                    or statement.required is not None
                    or statement.hint
                    or role.scored is not None
                ):
                    raise ValueError(
                        f"{place}: question types, required, hint and scored need schema = 2"
                    )
                if statement.is_scale and not self.scale:
                    raise ValueError(f"{place} is a scaled statement, but there is no [[scale]]")
                if statement.is_scale and self.is_scored(role) and not self.levels:
                    raise ValueError(f"{place} is scored, but there are no [[levels]]")
        if self.schema_version < 2 and (not self.scored or self.section_name != "role"):
            raise ValueError("scored = false and section_name need schema = 2")
        return self

    # -- lookups ------------------------------------------------------------------------------

    @cached_property
    def _roles_by_id(self) -> dict[str, Role]:
        return {role.id: role for role in self.roles}

    @cached_property
    def _scale_by_value(self) -> dict[str, ScaleOption]:
        return {option.value: option for option in self.scale}

    def role(self, role_id: str) -> Role:
        return self._roles_by_id[role_id]

    def is_scored(self, role: Role) -> bool:
        """The section shows maturity (its scaled statements scored), not only completion."""
        return role.scored if role.scored is not None else self.scored

    def scored_statements(self, role: Role) -> list[Statement]:
        """What a section's score counts: its scaled statements, when it is scored."""
        if not self.is_scored(role):
            return []
        return [statement for statement in role.statements if statement.is_scale]

    @cached_property
    def has_scores(self) -> bool:
        """Some section is scored: maturity levels and targets mean something here."""
        return any(self.scored_statements(role) for role in self.roles)

    @cached_property
    def only_scale(self) -> bool:
        """Every question is a scaled statement (every schema 1 instrument)."""
        return all(statement.is_scale for _role, statement in self.statements())

    def statement(self, role_id: str, statement_id: str) -> Statement | None:
        role = self._roles_by_id.get(role_id)
        if role is None:
            return None
        return next((s for s in role.statements if s.id == statement_id), None)

    def has_statement(self, role_id: str, statement_id: str) -> bool:
        return self.statement(role_id, statement_id) is not None

    def option(self, value: str) -> ScaleOption:
        return self._scale_by_value[value]

    @property
    def answer_values(self) -> list[str]:
        return [option.value for option in self.scale]

    def group_of(self, role: Role) -> Group:
        return next(group for group in self.groups if group.id == role.group)

    def label_of(self, role: Role, statement: Statement) -> str:
        """``3.2``: the role's place, then the statement's in it, both counted from 1."""
        return f"{self.roles.index(role) + 1}.{role.number(statement)}"

    def by_label(self, label: str) -> tuple[Role, Statement] | None:
        """The statement ``3.2`` (as :meth:`label_of` names it) or ``role-id.statement-id``
        names (None: none)."""
        first, _, second = label.strip().partition(".")
        if first.isdigit() and second.isdigit():
            role_number, number = int(first), int(second)
            if 1 <= role_number <= len(self.roles):
                role = self.roles[role_number - 1]
                if 1 <= number <= len(role.statements):
                    return role, role.statements[number - 1]
            return None
        statement = self.statement(first, second) if first in self._roles_by_id else None
        return (self.role(first), statement) if statement is not None else None

    def roles_in(self, group: Group) -> list[Role]:
        return [role for role in self.roles if role.group == group.id]

    def statements(self) -> Iterator[tuple[Role, Statement]]:
        """Every statement with its role, in instrument order."""
        for role in self.roles:
            for statement in role.statements:
                yield role, statement

    @property
    def statement_count(self) -> int:
        return sum(len(role.statements) for role in self.roles)

    def level_for(self, percent: float) -> Level:
        """The highest level whose lower bound ``percent`` reaches."""
        chosen = self.levels[0]
        for level in self.levels:
            if percent + 1e-9 >= level.min:
                chosen = level
        return chosen


def default_instrument_path() -> Path:
    """The instrument shipped with the package (inside the wheel), or the repository's copy.

    An editable install runs from the source tree, where the file sits at the repository root.
    """
    package = Path(__file__).resolve().parents[1]  # nextgen_tui/ (this file is in core/)
    packaged = package / "data" / FRAMEWORK_FILE_NAME  # the package is never zipped: hatch wheel
    if packaged.is_file():
        return packaged
    return package.parents[1] / FRAMEWORK_FILE_NAME


def instruments_folder() -> Path:
    """Where the built-in instruments besides the default one are: in the wheel, or the
    repository's ``instruments/``."""
    package = Path(__file__).resolve().parents[1]
    packaged = package / "data" / "instruments"
    return packaged if packaged.is_dir() else package.parents[1] / "instruments"


def builtin_instruments() -> list[Path]:
    """The instruments shipped with the package: the default first, then the others by name."""
    return [default_instrument_path(), *sorted(instruments_folder().glob("*.toml"))]


def builtin_instrument(name: str) -> Path | None:
    """The built-in instrument with this id (as ``--instrument benchmark-profile`` names it):
    each file is named by its id, but the default one's ``framework.toml``."""
    for path in builtin_instruments():
        if path.stem == name:
            return path
    default = default_instrument_path()
    if read_toml(default, what="instrument file").get("id") == name:
        return default
    return None


def instrument_named(document: Mapping[str, Any]) -> Path | None:
    """The built-in instrument an answers file (its parsed TOML) was made with (its
    ``instrument`` id), so that a profile opens as a profile without ``--instrument``; None for
    the default one or another one."""
    instrument = document.get("framework")
    if not isinstance(instrument, str):
        return None
    # the other built-in instruments only: the default one is what None loads anyway
    return next((p for p in instruments_folder().glob("*.toml") if p.stem == instrument), None)


def load_instrument(path: Path | None = None) -> Instrument:
    """Load and validate an instrument file; raise :class:`LoadError` with one clear line."""
    path = path if path is not None else default_instrument_path()
    data = read_toml(path, what="instrument file")
    try:
        return Instrument.model_validate(data)
    except ValidationError as error:
        raise validation_error(path, error) from None
