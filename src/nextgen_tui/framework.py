"""The framework: the self-assessment instrument as pydantic models, loaded from TOML.

Nothing here knows any statement text: it all comes from ``framework.toml``.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path
from typing import Annotated

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from .tomlfile import read_toml, validation_error

FRAMEWORK_FILE_NAME = "framework.toml"

#: Bounds on a framework's size: far above any real instrument, low enough that a hostile or
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


def _duplicates(values: list[str]) -> list[str]:
    return [value for value, count in Counter(values).items() if count > 1]


#: Keys the questionnaire uses for itself, full-screen and plain (move, clear, note, flag,
#: examples, results, details, quit, skip, back, consensus, action, plan, target, in place):
#: an answer on a scale may not take one.
RESERVED_KEYS = frozenset("ujkexfrmqsbcaAti")


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


class Statement(_Model):
    id: Slug
    text: Text
    examples: list[Text] = []


class Role(_Model):
    id: Slug
    group: Slug
    title: Text
    short_title: str = ""
    purpose: str = ""
    looks_like: list[Text] = []
    statements: list[Statement] = Field(min_length=1, max_length=MAX_STATEMENTS_PER_ROLE)

    @property
    def label(self) -> str:
        """The short title where there is one, for narrow places."""
        return self.short_title or self.title

    def number(self, statement: Statement) -> int:
        """The statement's place in this role, counted from 1 (as people read it)."""
        return self.statements.index(statement) + 1


class Framework(_Model):
    schema_version: int = Field(default=1, alias="schema", ge=1, le=1)
    id: Slug
    title: Text
    version: Text
    description: str = ""
    source: str = ""
    copyright: str = ""
    scale: list[ScaleOption] = Field(min_length=2)
    levels: list[Level] = Field(min_length=1)
    groups: list[Group] = Field(min_length=1)
    roles: list[Role] = Field(min_length=1, max_length=MAX_ROLES)

    @field_validator("scale")
    @classmethod
    def _unique_scale(cls, scale: list[ScaleOption]) -> list[ScaleOption]:
        if dupes := _duplicates([option.value for option in scale]):
            raise ValueError(f"answer value {dupes[0]!r} appears more than once")
        if dupes := _duplicates([option.symbol for option in scale]):
            raise ValueError(f"symbol {dupes[0]!r} is used by more than one answer")
        if dupes := _duplicates([option.key for option in scale]):
            raise ValueError(f"key {dupes[0]!r} is used by more than one answer")
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
        if levels[0].min != 0:
            raise ValueError(f"the first level must start at 0, not {levels[0].min:g}")
        for index, (lower, upper) in enumerate(itertools.pairwise(levels)):
            if upper.min <= lower.min:
                raise ValueError(
                    f"levels must ascend: levels[{index + 1}] ({upper.name}, {upper.min:g}) "
                    f"does not start above levels[{index}] ({lower.name}, {lower.min:g})"
                )
        if dupes := _duplicates([level.name for level in levels]):
            raise ValueError(f"level name {dupes[0]!r} appears more than once")
        return levels

    @field_validator("groups")
    @classmethod
    def _unique_groups(cls, groups: list[Group]) -> list[Group]:
        if dupes := _duplicates([group.id for group in groups]):
            raise ValueError(f"group id {dupes[0]!r} appears more than once")
        return groups

    @field_validator("roles")
    @classmethod
    def _unique_roles(cls, roles: list[Role]) -> list[Role]:
        if dupes := _duplicates([role.id for role in roles]):
            raise ValueError(f"role id {dupes[0]!r} appears more than once")
        total = sum(len(role.statements) for role in roles)
        if total > MAX_STATEMENTS:
            raise ValueError(f"{total} statements in all; at most {MAX_STATEMENTS} are supported")
        for index, role in enumerate(roles):
            if dupes := _duplicates([statement.id for statement in role.statements]):
                raise ValueError(
                    f"statement id {dupes[0]!r} appears more than once "
                    f"in roles[{index}] ({role.id})"
                )
        return roles

    @model_validator(mode="after")
    def _roles_in_known_groups(self) -> Framework:
        known = {group.id for group in self.groups}
        for index, role in enumerate(self.roles):
            if role.group not in known:
                raise ValueError(
                    f"roles[{index}].group: unknown group {role.group!r}; "
                    f"use one of {', '.join(sorted(known))}"
                )
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

    def has_statement(self, role_id: str, statement_id: str) -> bool:
        role = self._roles_by_id.get(role_id)
        return role is not None and any(s.id == statement_id for s in role.statements)

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

    def roles_in(self, group: Group) -> list[Role]:
        return [role for role in self.roles if role.group == group.id]

    def statements(self) -> Iterator[tuple[Role, Statement]]:
        """Every statement with its role, in framework order."""
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


def default_framework_path() -> Path:
    """The framework shipped with the package (inside the wheel), or the repository's copy.

    An editable install runs from the source tree, where the file sits at the repository root.
    """
    here = Path(__file__).resolve().parent
    packaged = here / "data" / FRAMEWORK_FILE_NAME  # the package is never zipped: hatch wheel
    if packaged.is_file():
        return packaged
    return here.parents[1] / FRAMEWORK_FILE_NAME


def load_framework(path: Path | None = None) -> Framework:
    """Load and validate a framework file; raise :class:`LoadError` with one clear line."""
    path = path if path is not None else default_framework_path()
    data = read_toml(path, what="framework file")
    try:
        return Framework.model_validate(data)
    except ValidationError as error:
        raise validation_error(path, error) from None
