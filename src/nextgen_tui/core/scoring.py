"""Pure scoring: role and overall scores, maturity levels.

A role's score is the sum of its answers' points divided by the number of its statements, in
percent: an unanswered statement adds nothing. Inside a team view (people compared side by
side), a blank abstains, in the scores as in the agreement: each person's role score is over
the statements they answered (``blank_abstains``), so a member who has not finished is not
scored as if they had answered No. The overall score is the mean of the role scores
(each role weighs the same). A level is the highest one whose lower bound the score reaches;
a role with no answer yet has no level.

In a team file a *disputed* statement (its members answered differently, the team has not
agreed yet) is neither answered nor worth nothing: the score is a range, from the lowest of the
members' answers on every dispute to the highest, and the level is known once both ends lie in
one level.

The results are NamedTuples: immutable records, like frozen dataclasses, that take a tenth of
the time to define, which every start of the app and of ``review`` pays.
"""

# (no `from __future__ import annotations`: the records' annotations are then types, not
# strings that typing.NamedTuple compiles one by one as the module is imported)

from typing import NamedTuple

from .assessment import Assessment, Entry
from .instrument import Instrument, Level, Role, Statement


class RoleScore(NamedTuple):
    role: Role
    answered: int
    total: int
    #: The points the role has for sure: its answers, and each dispute at its lowest answer.
    points: float
    #: The level, when the score (or its whole range) lies in one.
    level: Level | None
    #: Statements whose members' answers differ, not agreed yet.
    disputed: int = 0
    #: The points with each dispute at its highest answer.
    high_points: float = 0.0
    #: The levels at the two ends of the range, when there are disputes.
    levels: tuple[Level, Level] | None = None
    #: What the points are divided by, when not ``total``: the statements answered (a blank
    #: abstains, in a team view).
    out_of: int = 0

    @property
    def percent(self) -> float:
        """The score; with disputes, the low end of its range."""
        over = self.out_of or self.total
        return 100.0 * self.points / over if over else 0.0

    @property
    def high_percent(self) -> float:
        """The high end of the range (the score itself when nothing is disputed)."""
        over = self.out_of or self.total
        return 100.0 * self.high_points / over if over else 0.0


class Score(NamedTuple):
    """The whole assessment scored against one instrument."""

    roles: tuple[RoleScore, ...]
    percent: float
    level: Level | None
    answered: int
    total: int
    disputed: int = 0
    high_percent: float = 0.0
    levels: tuple[Level, Level] | None = None

    def for_role(self, role_id: str) -> RoleScore:
        return next(score for score in self.roles if score.role.id == role_id)


def _level(
    instrument: Instrument, low: float, high: float, counted: bool, disputed: int
) -> tuple[Level | None, tuple[Level, Level] | None]:
    """The level (when the range lies in one) and, with disputes, the levels at its ends."""
    if not counted:
        return None, None
    bottom, top = instrument.level_for(low), instrument.level_for(high)
    return (bottom if bottom == top else None), ((bottom, top) if disputed else None)


def score_role(
    instrument: Instrument, assessment: Assessment, role: Role, *, blank_abstains: bool = False
) -> RoleScore:
    answered = disputed = 0
    points = high = 0.0
    counted = instrument.scored_statements(role)
    for statement in counted:
        entry = assessment.entry(role.id, statement.id)
        if entry is None:
            continue
        if entry.answer is not None:
            answered += 1
            value = instrument.option(entry.answer).points
            points += value
            high += value
        elif entry.disputed:
            disputed += 1
            given = [instrument.option(answer).points for answer in entry.member_answers]
            points += min(given)
            high += max(given)
    total = len(counted)
    over = answered + disputed if blank_abstains else total
    low_percent = 100.0 * points / over if over else 0.0
    high_percent = 100.0 * high / over if over else 0.0
    level, levels = _level(
        instrument, low_percent, high_percent, bool(answered or disputed), disputed
    )
    out_of = over if blank_abstains else 0
    return RoleScore(role, answered, total, points, level, disputed, high, levels, out_of)


class Completion(NamedTuple):
    """How far a section is filled in: every question, and those required."""

    role: Role | None  # None: the whole instrument
    answered: int
    total: int
    required_answered: int
    required: int

    @property
    def percent(self) -> float:
        return 100.0 * self.answered / self.total if self.total else 0.0

    @property
    def left(self) -> int:
        return self.total - self.answered

    @property
    def required_left(self) -> int:
        return self.required - self.required_answered

    @property
    def words(self) -> str:
        """What is still to do: ``done``, ``3 left``, ``3 left, 1 required``."""
        if not self.left:
            return "done"
        return f"{self.left} left" + (
            f", {self.required_left} required" if self.required_left else ""
        )

    @property
    def brief(self) -> str:
        """The same in a few cells, for the sidebar: ``done``, ``2 required`` (still to
        answer; optional ones besides), ``3 left``."""
        if self.required_left:
            return f"{self.required_left} required"
        return f"{self.left} left" if self.left else "done"


def completion(assessment: Assessment, role: Role) -> Completion:
    answered = required = required_answered = 0
    for statement in role.statements:
        entry = assessment.entry(role.id, statement.id)
        done = entry is not None and entry.settled
        answered += done
        if statement.is_required:
            required += 1
            required_answered += done
    return Completion(role, answered, len(role.statements), required_answered, required)


def completion_overall(instrument: Instrument, assessment: Assessment) -> Completion:
    parts = [completion(assessment, role) for role in instrument.roles]
    return Completion(
        None,
        sum(part.answered for part in parts),
        sum(part.total for part in parts),
        sum(part.required_answered for part in parts),
        sum(part.required for part in parts),
    )


class Gap(NamedTuple):
    """A statement not yet fully in place: answered below the top of the scale, or unanswered."""

    role: Role
    statement: Statement
    entry: Entry | None

    @property
    def answer(self) -> str | None:
        return self.entry.answer if self.entry else None

    @property
    def number(self) -> int:
        return self.role.number(self.statement)


def spread(instrument: Instrument, answers: list[str]) -> float:
    """How far apart answers are, in points: Yes against No is 1, Yes against Partially 0.5."""
    given = [instrument.option(answer).points for answer in answers]
    return max(given) - min(given) if given else 0.0


def gaps(instrument: Instrument, assessment: Assessment) -> list[Gap]:
    """Scored statements answered with less than full points, and those not answered, in
    order."""
    out = []
    for role in instrument.roles:
        for statement in instrument.scored_statements(role):
            entry = assessment.entry(role.id, statement.id)
            answer = entry.answer if entry else None
            if answer is None or instrument.option(answer).points < 1.0:
                out.append(Gap(role=role, statement=statement, entry=entry))
    return out


def score(instrument: Instrument, assessment: Assessment, *, blank_abstains: bool = False) -> Score:
    roles = tuple(
        score_role(instrument, assessment, role, blank_abstains=blank_abstains)
        for role in instrument.roles
    )
    scored = [role for role in roles if role.total]  # (none in an instrument only filled in)
    percent = sum(role.percent for role in scored) / max(len(scored), 1)
    high = sum(role.high_percent for role in scored) / max(len(scored), 1)
    answered = sum(role.answered for role in roles)
    disputed = sum(role.disputed for role in roles)
    level, levels = _level(instrument, percent, high, bool(answered or disputed), disputed)
    return Score(
        roles=roles,
        percent=percent,
        level=level,
        answered=answered,
        total=sum(role.total for role in roles),
        disputed=disputed,
        high_percent=high,
        levels=levels,
    )


def last_cycle_score(instrument: Instrument, assessment: Assessment) -> Score | None:
    """In a file started from the last cycle (``new --from``), the scores its carried answers
    had then; None for a file with no last cycle."""
    entries = [e for entries in assessment.answers.values() for e in entries.values()]
    if not any(e.last_answer is not None or e.last_note for e in entries):
        return None
    last = Assessment.new(instrument)
    for role_id, by_statement in assessment.answers.items():
        for statement_id, entry in by_statement.items():
            if entry.last_answer is not None and instrument.has_statement(role_id, statement_id):
                last.set_answer(role_id, statement_id, entry.last_answer)
    return score(instrument, last)


# -- targets ------------------------------------------------------------------------------------


def target_percent(instrument: Instrument, target: str | float) -> float:
    """A target as a percentage: a level's lower bound, or the percentage itself."""
    if isinstance(target, str):
        return next(level.min for level in instrument.levels if level.name == target)
    return float(target)


class TargetGap(NamedTuple):
    """Where a role (``role`` None: overall) stands against its target."""

    role: Role | None
    target: str | float
    #: The score (with disputes, its low end) and the target, in percent.
    current: float
    wanted: float

    @property
    def gap(self) -> float:
        """How far below the target, in points (0 when it is met)."""
        return max(self.wanted - self.current, 0.0)

    @property
    def met(self) -> bool:
        return self.current + 1e-9 >= self.wanted


def target_gaps(instrument: Instrument, assessment: Assessment, result: Score) -> list[TargetGap]:
    """Every target set, the roles below theirs first (the widest gap first), then those met;
    the overall target last."""
    found = []
    for role_score in result.roles:
        target = assessment.targets.get(role_score.role.id)
        if target is not None:
            wanted = target_percent(instrument, target)
            found.append(TargetGap(role_score.role, target, role_score.percent, wanted))
    found.sort(key=lambda item: (item.met, -item.gap))
    overall = assessment.targets.get("overall")
    if overall is not None:
        found.append(TargetGap(None, overall, result.percent, target_percent(instrument, overall)))
    return found


# -- comparisons ----------------------------------------------------------------------------------


class ComparedStatement(NamedTuple):
    """One statement's answer in each compared assessment (``None``: unanswered)."""

    role_id: str
    statement_id: str
    statement: Statement | None  # None: unknown to the instrument
    answers: tuple[str | None, ...]

    @property
    def differs(self) -> bool:
        return len(set(self.answers)) > 1


class Comparison(NamedTuple):
    scores: tuple[Score, ...]
    statements: tuple[ComparedStatement, ...]

    def change(self, role_id: str | None = None) -> float:
        """Score of the last assessment minus the first, for one role or overall, in points."""
        first, last = self.scores[0], self.scores[-1]
        if role_id is None:
            return last.percent - first.percent
        return last.for_role(role_id).percent - first.for_role(role_id).percent

    @property
    def known(self) -> list[ComparedStatement]:
        return [row for row in self.statements if row.statement is not None]

    @property
    def same(self) -> int:
        return sum(not row.differs for row in self.known)

    @property
    def unanswered_by_all(self) -> int:
        return sum(all(answer is None for answer in row.answers) for row in self.known)


def compare(
    instrument: Instrument, assessments: list[Assessment], *, blank_abstains: bool = False
) -> Comparison:
    """Score each assessment and line up every statement's answers, instrument order first;
    statements unknown to the instrument follow, so nothing is dropped. People compared
    (``blank_abstains``): each is scored over what they answered."""
    rows = [
        ComparedStatement(
            role_id=role.id,
            statement_id=statement.id,
            statement=statement,
            answers=tuple(assessment.answer(role.id, statement.id) for assessment in assessments),
        )
        for role, statement in instrument.statements()
    ]
    unknown: dict[tuple[str, str], None] = {}
    for assessment in assessments:
        for key in assessment.unknown_statements(instrument):
            role_id, statement_id = key.split(".", 1)
            unknown[(role_id, statement_id)] = None
    rows += [
        ComparedStatement(
            role_id=role_id,
            statement_id=statement_id,
            statement=None,
            answers=tuple(assessment.answer(role_id, statement_id) for assessment in assessments),
        )
        for role_id, statement_id in unknown
    ]
    return Comparison(
        scores=tuple(
            score(instrument, assessment, blank_abstains=blank_abstains)
            for assessment in assessments
        ),
        statements=tuple(rows),
    )


def same_team_over_time(assessments: list[Assessment]) -> bool:
    """True when every assessment names the same state and respondent: cycles of one team."""
    keys = {
        (d.details.state.strip().lower(), d.details.respondent.strip().lower()) for d in assessments
    }
    return len(keys) == 1 and all(part for part in next(iter(keys)))
