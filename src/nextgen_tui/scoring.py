"""Pure scoring: role and overall scores, maturity levels.

A role's score is the sum of its answers' points divided by the number of its statements, in
percent: an unanswered statement adds nothing. The overall score is the mean of the role scores
(each role weighs the same). A level is the highest one whose lower bound the score reaches;
a role with no answer yet has no level.
"""

from __future__ import annotations

from dataclasses import dataclass

from .assessment import Assessment, Entry
from .framework import Framework, Level, Role, Statement


@dataclass(frozen=True, slots=True)
class RoleScore:
    role: Role
    answered: int
    total: int
    points: float
    level: Level | None

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.total if self.total else 0.0

    @property
    def complete(self) -> bool:
        return self.answered == self.total


@dataclass(frozen=True, slots=True)
class Score:
    """The whole assessment scored against one framework."""

    roles: tuple[RoleScore, ...]
    percent: float
    level: Level | None
    answered: int
    total: int

    def for_role(self, role_id: str) -> RoleScore:
        return next(score for score in self.roles if score.role.id == role_id)


def score_role(framework: Framework, assessment: Assessment, role: Role) -> RoleScore:
    answered = 0
    points = 0.0
    for statement in role.statements:
        value = assessment.answer(role.id, statement.id)
        if value is None:
            continue
        answered += 1
        points += framework.option(value).points
    total = len(role.statements)
    level = framework.level_for(100.0 * points / total) if answered else None
    return RoleScore(role=role, answered=answered, total=total, points=points, level=level)


@dataclass(frozen=True, slots=True)
class Gap:
    """A statement not yet fully in place: answered below the top of the scale, or unanswered."""

    role: Role
    statement: Statement
    entry: Entry | None

    @property
    def answer(self) -> str | None:
        return self.entry.answer if self.entry else None


def gaps(framework: Framework, assessment: Assessment) -> list[Gap]:
    """Statements answered with less than full points, and those not answered, in order."""
    out = []
    for role, statement in framework.statements():
        entry = assessment.entry(role.id, statement.id)
        answer = entry.answer if entry else None
        if answer is None or framework.option(answer).points < 1.0:
            out.append(Gap(role=role, statement=statement, entry=entry))
    return out


def score(framework: Framework, assessment: Assessment) -> Score:
    roles = tuple(score_role(framework, assessment, role) for role in framework.roles)
    percent = sum(role.percent for role in roles) / len(roles)
    answered = sum(role.answered for role in roles)
    return Score(
        roles=roles,
        percent=percent,
        level=framework.level_for(percent) if answered else None,
        answered=answered,
        total=sum(role.total for role in roles),
    )
