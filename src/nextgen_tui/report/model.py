"""The reports as plain data: a review of one answers file, a comparison of several.

Each report is built here once and rendered by one module per format (:mod:`.text` for the
terminal, :mod:`.markdown`, :mod:`.data` for CSV and JSON); :mod:`.formats` names them. No Textual
and no Rich here, so a report starts fast. The words a report says in every format (the agreement
lines, the order of the files) are made here, once.
"""

# (no `from __future__ import annotations`: the records' annotations are then types, not
# strings that typing.NamedTuple compiles one by one as the module is imported)

from datetime import date
from itertools import pairwise
from pathlib import Path
from typing import NamedTuple

from ..core.assessment import Assessment, Entry
from ..core.instrument import Instrument, Role, Statement
from ..core.plan import Order, PlanItem, plan_items
from ..core.scoring import (
    ComparedStatement,
    Comparison,
    Completion,
    Gap,
    Score,
    TargetGap,
    compare,
    completion,
    completion_overall,
    same_team_over_time,
    score,
    spread,
    target_gaps,
)
from ..core.scoring import gaps as find_gaps
from ..core.textsafe import printable
from ..core.wording import (
    ANSWERED_SYMBOL,
    UNANSWERED_SYMBOL,
    Record,
    answer_text,
    carried_words,
    gap_words,
    percent,
    record_of,
    score_text,
    signed,
    target_text,
    typed_lines,
    when,
)


class NamedAssessment(NamedTuple):
    """An answers file as read, with the name it goes by in reports."""

    path: Path
    assessment: Assessment
    name: str


def names_for(paths: list[Path], assessments: list[Assessment]) -> list[str]:
    """Each file's respondent where those are distinct and given, else its file name."""
    respondents = [printable(d.details.respondent).strip() for d in assessments]
    if all(respondents) and len(set(respondents)) == len(respondents):
        return respondents
    stems = [path.stem for path in paths]
    if len(set(stems)) == len(stems):
        return stems
    return [str(path) for path in paths]


# -- review ---------------------------------------------------------------------------------------


class StatementLine(NamedTuple):
    role_id: str
    statement_id: str
    number: int | None  # its place in the role; None when unknown to the instrument
    text: str
    entry: Entry | None
    #: The answer in a word or two: ``✓ Yes`` on the scale; ``● Answered`` for another type,
    #: whose answer is in ``given``.
    shown: str = ""
    #: A question of another type: its answer's lines (a text's lines, a group's items).
    given: tuple[str, ...] = ()
    #: How a team reached it, and the examples in place.
    record: Record = Record()

    @property
    def answer(self) -> str | None:
        return self.entry.answer if self.entry else None


#: How a question of another type than the scale is marked in a review's answer column.
TYPED_ANSWERED = f"{ANSWERED_SYMBOL} Answered"
TYPED_UNANSWERED = f"{UNANSWERED_SYMBOL} Unanswered"


def statement_line(
    instrument: Instrument,
    role: Role,
    question: Statement,
    entry: Entry | None,
    assessment: Assessment,
) -> StatementLine:
    record = record_of(instrument, assessment, question, entry)
    if question.is_scale:
        shown = answer_text(instrument, entry.answer if entry else None)
        return StatementLine(
            role.id, question.id, role.number(question), question.text, entry, shown, (), record
        )
    given = tuple(typed_lines(question, entry))
    shown = TYPED_ANSWERED if given else TYPED_UNANSWERED
    return StatementLine(
        role.id, question.id, role.number(question), question.text, entry, shown, given, record
    )


class Review(NamedTuple):
    instrument: Instrument
    loaded: NamedAssessment
    score: Score
    lines: list[StatementLine]
    warnings: list[str]

    @property
    def assessment(self) -> Assessment:
        return self.loaded.assessment

    def lines_of(self, role: Role) -> list[StatementLine]:
        return [line for line in self.lines if line.role_id == role.id and line.number]

    @property
    def unknown(self) -> list[StatementLine]:
        return [line for line in self.lines if line.number is None]

    @property
    def gaps(self) -> list[Gap]:
        return find_gaps(self.instrument, self.assessment)

    @property
    def scored(self) -> bool:
        """Some section is scored: the review shows scores, levels and gaps; else only how
        much of each section is filled in."""
        return self.instrument.has_scores

    @property
    def completion(self) -> list[Completion]:
        """Each section's completion, then the whole's."""
        instrument, assessment = self.instrument, self.assessment
        return [
            *(completion(assessment, role) for role in instrument.roles),
            completion_overall(instrument, assessment),
        ]

    @property
    def targets(self) -> list[TargetGap]:
        """Every target set, the roles below theirs first."""
        return target_gaps(self.instrument, self.assessment, self.score)


def reviewed(review: Review) -> str:
    """What a review is of: the instrument's title and, when the instrument names its files by
    an answer (a profile's partnership), that answer: ``Partnership Benchmark Profile · NoCo
    Manufacturing``."""
    instrument = review.instrument
    named = named_as(instrument, review.assessment)
    return f"{instrument.title} · {named}" if named else instrument.title


def named_as(instrument: Instrument, assessment: Assessment) -> str:
    """The answer an instrument names its files by (``named_by``), on one line; "" when it
    names them by none, or this file has not given it."""
    if instrument.named_by is None:
        return ""
    entry = assessment.entry(*instrument.named_by.split(".", 1))
    return " ".join(printable(entry.text).split()) if entry is not None else ""


def build_review(instrument: Instrument, loaded: NamedAssessment) -> Review:
    assessment = loaded.assessment
    lines = [
        statement_line(
            instrument, role, statement, assessment.entry(role.id, statement.id), assessment
        )
        for role, statement in instrument.statements()
    ]
    for key in assessment.unknown_statements(instrument):
        role_id, statement_id = key.split(".", 1)
        entry = assessment.entry(role_id, statement_id)
        shown = answer_text(instrument, entry.answer if entry else None)
        lines.append(StatementLine(role_id, statement_id, None, "", entry, shown))
    return Review(
        instrument=instrument,
        loaded=loaded,
        score=score(instrument, assessment),
        lines=lines,
        warnings=assessment.warnings(instrument),
    )


# -- compare --------------------------------------------------------------------------------------


class ComparedRow(NamedTuple):
    """One statement as the comparison shows it."""

    role_id: str
    statement_id: str
    statement: Statement | None  # None: unknown to the instrument
    answers: tuple[str | None, ...]
    notes: tuple[str, ...]
    #: People: they answered it differently (a blank abstains). Cycles: it changed.
    differs: bool
    #: Points between the highest and the lowest answer given (Yes against No: 1).
    spread: float


class Grouped(NamedTuple):
    """Files that share a value of one detail (``--by agency``) and their mean role scores."""

    name: str
    files: list[int]
    percents: dict[str | None, float]  # role id (None: overall) -> mean score


class ComparisonReport(NamedTuple):
    instrument: Instrument
    files: list[NamedAssessment]
    comparison: Comparison
    #: Ordered by date updated (cycles of one team, or asked for with dates to go by).
    by_date: bool
    warnings: list[str]
    #: Cycles of one team (change, last minus first) rather than people (agreement, spread).
    cycles: bool
    #: The statements shown: all, or only those that differ (widest first for people).
    rows: list[ComparedRow]
    differences_only: bool = False
    notes: bool = False
    by: str | None = None
    groups: list[Grouped] = []

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.files]

    @property
    def measure(self) -> str:
        """What the last column of the scores says: change over cycles, spread over people."""
        return "Change" if self.cycles else "Spread"

    def delta(self, role_id: str | None = None) -> float:
        """Cycles: the last score minus the first. People: the highest minus the lowest."""
        if self.cycles:
            return self.comparison.change(role_id)
        scores = [s if role_id is None else s.for_role(role_id) for s in self.comparison.scores]
        return max(r.percent for r in scores) - min(r.percent for r in scores)

    def spread_text(self, row: ComparedRow) -> str:
        """``Yes–No``: the highest and the lowest answer given, where they differ."""
        given = [a for a in row.answers if a is not None and a in self.instrument.answer_values]
        if len(set(given)) < 2:
            return ""
        options = sorted({self.instrument.option(a) for a in given}, key=lambda o: -o.points)
        return f"{options[0].label}–{options[-1].label}"


def build_comparison(
    instrument: Instrument,
    files: list[NamedAssessment],
    *,
    cycles: bool | None = None,
    differences_only: bool = False,
    notes: bool = False,
    by: str | None = None,
) -> ComparisonReport:
    """People (team members, agencies) or cycles of one team: cycles when every file names
    the same state and respondent, or when asked (``cycles=True``); cycles go in date order when
    every file has one, people in the order given."""
    assessments = [f.assessment for f in files]
    if cycles is None:
        cycles = same_team_over_time(assessments)
    by_date = cycles and all(d.details.updated for d in assessments)
    if by_date:
        files = sorted(files, key=lambda f: f.assessment.details.updated)  # type: ignore[arg-type, return-value]
    warnings = [
        f"{f.name}: {warning}" for f in files for warning in f.assessment.warnings(instrument)
    ]
    comparison = compare(instrument, [f.assessment for f in files], blank_abstains=not cycles)
    rows = []
    for row in comparison.statements:
        entries = [f.assessment.entry(row.role_id, row.statement_id) for f in files]
        given = [a for a in row.answers if a is not None and a in instrument.answer_values]
        differs = row.differs if cycles else len(set(given)) > 1
        if differences_only and not differs:
            continue
        rows.append(
            ComparedRow(
                role_id=row.role_id,
                statement_id=row.statement_id,
                statement=row.statement,
                answers=row.answers,
                notes=tuple(entry.note if entry else "" for entry in entries),
                differs=differs,
                spread=spread(instrument, given),
            )
        )
    if differences_only and not cycles:  # a meeting's agenda: the widest disagreement first
        rows.sort(key=lambda row: -row.spread)
    groups = _grouped(instrument, files, comparison, by) if by else []
    return ComparisonReport(
        instrument=instrument,
        files=files,
        comparison=comparison,
        by_date=by_date,
        warnings=warnings,
        cycles=cycles,
        rows=rows,
        differences_only=differences_only,
        notes=notes,
        by=by,
        groups=groups,
    )


# -- side by side (profiles, and any instrument's every question) ---------------------------------


class SideRow(NamedTuple):
    """One question, and each file's answer to it as lines (none: unanswered)."""

    role: Role
    question: Statement
    label: str  # ``3.2``
    cells: tuple[tuple[str, ...], ...]

    @property
    def differs(self) -> bool:
        """Answered, and not the same in every file that answered it."""
        given = {cell for cell in self.cells if cell}
        return len(given) > 1


class SideBySide(NamedTuple):
    """Every question's answers, a column per file: profiles of several partnerships
    compared heading by heading. Numbers (and dates) also come in one table of their own."""

    instrument: Instrument
    files: list[NamedAssessment]
    rows: list[SideRow]
    warnings: list[str]
    differences_only: bool = False

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.files]

    @property
    def numbers(self) -> list[SideRow]:
        """Numbers and dates, and the lists whose items carry them (a profile's metrics)."""
        return [row for row in self.rows if _counts(row.question)]

    def sections(self) -> list[tuple[Role, list[SideRow]]]:
        """Each section with its questions but the numbers (those are in their table); those
        left with none are left out."""
        out = []
        for role in self.instrument.roles:
            rows = [row for row in self.rows if row.role is role and not _counts(row.question)]
            if rows:
                out.append((role, rows))
        return out


def _counts(question: Statement) -> bool:
    """A number or a date, or a list whose items hold a number."""
    if question.type in ("number", "date"):
        return True
    return question.type == "group" and any(field.type == "number" for field in question.fields)


def build_side_by_side(
    instrument: Instrument, files: list[NamedAssessment], *, differences_only: bool = False
) -> SideBySide:
    rows = []
    for role, question in instrument.statements():
        cells: list[tuple[str, ...]] = []
        for loaded in files:
            entry = loaded.assessment.entry(role.id, question.id)
            if not question.is_scale:
                cells.append(tuple(typed_lines(question, entry)))
            elif entry is not None and entry.answer is not None:
                cells.append((answer_text(instrument, entry.answer),))
            else:
                cells.append(())
        row = SideRow(role, question, instrument.label_of(role, question), tuple(cells))
        if not differences_only or row.differs:
            rows.append(row)
    warnings = [
        f"{f.name}: {warning}" for f in files for warning in f.assessment.warnings(instrument)
    ]
    return SideBySide(instrument, _named(instrument, files), rows, warnings, differences_only)


def _named(instrument: Instrument, files: list[NamedAssessment]) -> list[NamedAssessment]:
    """Profiles go by what they profile: an instrument that names its files by an answer
    (``named_by``, a profile's partnership) names each file by it, when every file has a
    different one."""
    names = [named_as(instrument, f.assessment) for f in files]
    if not all(names) or len(set(names)) != len(names):
        return files
    return [f._replace(name=name) for f, name in zip(files, names, strict=True)]


def side_title(report: SideBySide) -> str:
    count = len(report.files)
    what = "profiles" if not report.instrument.has_scores else "files"
    return f"{report.instrument.title}: {count} {what} side by side"


class ScoreRow(NamedTuple):
    """A row of a comparison's scores: a role (None: overall), a cell per file (or per group
    of files, with ``--by``), and the change over cycles or the spread between people."""

    role: Role | None
    cells: list[str]
    delta: float
    delta_text: str


def score_columns(report: ComparisonReport) -> tuple[list[str], str]:
    """The scores' column names (files, or groups) and the last column's: Change or Spread."""
    if report.groups:
        return [group.name for group in report.groups], "Spread"
    return report.names, report.measure


def score_rows(report: ComparisonReport) -> list[ScoreRow]:
    """Every role's row in instrument order, then the overall one: one rule for every format."""
    instrument = report.instrument
    rows = []
    for role in [*instrument.roles, None]:
        key = role.id if role is not None else None
        if report.groups:
            values = [group.percents[key] for group in report.groups]
            cells = [percent(value) for value in values]
            delta = max(values) - min(values)
        else:
            scores = report.comparison.scores
            results = [s if key is None else s.for_role(key) for s in scores]
            cells = [score_text(r) for r in results]
            delta = report.delta(key)
        text = signed(delta) if report.cycles and not report.groups else f"{round(delta)}"
        rows.append(ScoreRow(role, cells, delta, text))
    return rows


def _grouped(
    instrument: Instrument, files: list[NamedAssessment], comparison: Comparison, by: str
) -> list[Grouped]:
    """The files by the value of one of their details (blank: "(none)"), first seen first."""
    members: dict[str, list[int]] = {}
    for index, loaded in enumerate(files):
        value = printable(str(getattr(loaded.assessment.details, by))).strip() or "(none)"
        members.setdefault(value, []).append(index)
    out = []
    for name, indexes in members.items():
        scores = [comparison.scores[index] for index in indexes]
        percents: dict[str | None, float] = {
            role.id: sum(s.for_role(role.id).percent for s in scores) / len(scores)
            for role in instrument.roles
        }
        percents[None] = sum(s.percent for s in scores) / len(scores)
        out.append(Grouped(name, indexes, percents))
    return out


def statement_label(
    instrument: Instrument, role_id: str, statement: Statement | None, sid: str
) -> str:
    if statement is None:
        return f"{role_id}.{sid}"
    return instrument.label_of(instrument.role(role_id), statement)


def _differs(report: ComparisonReport, row: ComparedStatement) -> bool:
    """Cycles: the answer changed. People: answered differently (a blank abstains)."""
    if report.cycles:
        return row.differs
    values = report.instrument.answer_values
    return len({a for a in row.answers if a is not None and a in values}) > 1


def agreement_lines(report: ComparisonReport) -> list[str]:
    comparison = report.comparison
    known = comparison.known
    count = len(report.files)
    differing = sum(_differs(report, row) for row in known)
    if report.cycles:
        lines = [
            f"{len(known) - differing} of {len(known)} statements the same in all {count} "
            f"cycles ({comparison.unanswered_by_all} of them unanswered in all); "
            f"{differing} changed."
        ]
    else:
        lines = [
            f"{len(known) - differing} of {len(known)} statements answered alike by all "
            f"{count} who answered them ({comparison.unanswered_by_all} unanswered by all); "
            f"{differing} answered differently."
        ]
    roles = differing_by_role(report)
    if roles:
        lines.append(
            ("Most change: " if report.cycles else "Most disagreement: ")
            + ", ".join(
                f"{printable(item.role.label)} ({item.differing} of {item.total})"
                for item in roles[:3]
            )
            + "."
        )
    return lines


class RoleDiffering(NamedTuple):
    role: Role
    differing: int
    total: int


def differing_by_role(report: ComparisonReport) -> list[RoleDiffering]:
    """Roles with a statement that differs (in the comparison's sense), most first."""
    out = []
    for role in report.instrument.roles:
        rows = [row for row in report.comparison.known if row.role_id == role.id]
        differing = sum(_differs(report, row) for row in rows)
        if differing:
            out.append(RoleDiffering(role, differing, len(rows)))
    return sorted(out, key=lambda item: (-item.differing / item.total, -item.differing))


def file_line(name: str, loaded: NamedAssessment) -> str:
    """Who a compared file is: its name, path, state, agency and when it was updated."""
    assessment = loaded.assessment
    details = assessment.details
    agency = f" · {printable(details.agency)}" if details.agency else ""
    team = ""
    if assessment.is_team:
        disputed = sum(
            e.disputed for entries in assessment.answers.values() for e in entries.values()
        )
        team = f" · team of {len(assessment.members)}" + (
            f", {disputed} disputed" if disputed else ""
        )
    carried = f" · {carried_words(assessment.carried)}" if assessment.carried else ""
    return (
        f"{name}: {printable(str(loaded.path))} · {printable(details.state) or '—'}{agency}"
        f"{team} · updated {when(details.updated)}{carried}"
    )


def target_rows(report: ComparisonReport) -> list[tuple[str, list[str]]]:
    """Per role (and overall) with a target in any file: its label, then each file's target
    and where it stands (``Leading, 25 below``); empty when no file has targets."""
    if not any(f.assessment.targets for f in report.files):
        return []
    per_file = [
        {
            (gap.role.id if gap.role else "overall"): gap
            for gap in target_gaps(report.instrument, f.assessment, result)
        }
        for f, result in zip(report.files, report.comparison.scores, strict=True)
    ]
    keys = [role.id for role in report.instrument.roles] + ["overall"]
    labels = {role.id: printable(role.label) for role in report.instrument.roles}
    rows = []
    for key in keys:
        cells = []
        for gaps_of_file in per_file:
            gap = gaps_of_file.get(key)
            if gap is None:
                cells.append("—")
            else:
                cells.append(f"{target_text(gap.target)}, {gap_words(gap)}")
        if any(cell != "—" for cell in cells):
            rows.append((labels.get(key, "Overall"), cells))
    return rows


def statements_title(report: ComparisonReport) -> str:
    if not report.differences_only:
        return "Statements (≠ where they " + ("changed)" if report.cycles else "differ)")
    if report.cycles:
        return "Statements that changed (≠)"
    return "Statements answered differently, widest first (≠)"


def order_line(report: ComparisonReport) -> str:
    if report.cycles:
        order = "by date updated" if report.by_date else "in the order given"
        return f"Cycles of one team, {order}; change is last minus first."
    return (
        "People, in the order given; a blank answer abstains: each person's score is over "
        "the statements they answered; spread is the highest score minus the lowest."
    )


# -- plan -----------------------------------------------------------------------------------------


class PlanReport(NamedTuple):
    """The plan of one answers file: where each role stands against its target, and every
    action (or one owner's, or those still to do), in the order asked for."""

    instrument: Instrument
    loaded: NamedAssessment
    targets: list[TargetGap]
    items: list[PlanItem]
    today: date
    owner: str | None = None
    open_only: bool = False

    @property
    def open(self) -> int:
        return sum(item.action.is_open for item in self.items)

    @property
    def overdue(self) -> int:
        return sum(item.action.overdue(self.today) for item in self.items)


def build_plan(
    instrument: Instrument,
    loaded: NamedAssessment,
    *,
    owner: str | None = None,
    open_only: bool = False,
    order: Order = "role",
    today: date | None = None,
) -> PlanReport:
    assessment = loaded.assessment
    return PlanReport(
        instrument=instrument,
        loaded=loaded,
        targets=target_gaps(instrument, assessment, score(instrument, assessment)),
        items=plan_items(instrument, assessment, owner=owner, open_only=open_only, order=order),
        today=today or date.today(),
        owner=owner,
        open_only=open_only,
    )


def plan_summary(report: PlanReport) -> str:
    count = len(report.items)
    which = f"{printable(report.owner)}'s " if report.owner else ""
    return (
        f"{count} {which}action{'s' if count != 1 else ''}"
        f"{' still to do' if report.open_only else ''}: {report.open} open, "
        f"{report.overdue} overdue."
    )


# -- trend ----------------------------------------------------------------------------------------


class TrendRow(NamedTuple):
    role: Role | None  # None: overall
    percents: list[float]

    @property
    def change(self) -> float:
        return self.percents[-1] - self.percents[0]


class Move(NamedTuple):
    """A statement whose answer moved between two cycles."""

    role: Role
    statement: Statement
    before: str | None
    after: str | None
    #: The names of the two cycles.
    since: str
    until: str
    #: The notes behind the move: the later cycle's note (and the earlier's, when different).
    note: str
    down: bool


class TrendReport(NamedTuple):
    instrument: Instrument
    files: list[NamedAssessment]
    rows: list[TrendRow]
    moves: list[Move]

    @property
    def regressions(self) -> list[Move]:
        return [move for move in self.moves if move.down]

    @property
    def moves_down_first(self) -> list[Move]:
        """The moves as a reader wants them: those that went down first, in order otherwise."""
        return sorted(self.moves, key=lambda move: not move.down)


class NotOneTeam(ValueError):
    """The files are not cycles of one team on one instrument."""


def build_trend(instrument: Instrument, files: list[NamedAssessment]) -> TrendReport:
    """The same team's cycles in date order: each role's score per cycle, and every statement
    whose answer moved from one cycle to the next. Files of different teams or instruments are
    refused (:class:`NotOneTeam`)."""
    others = [f.name for f in files if f.assessment.instrument != instrument.id]
    if others:
        raise NotOneTeam(
            f"{', '.join(others)}: answers another instrument than {instrument.id}; a trend "
            "needs one instrument"
        )
    assessments = [f.assessment for f in files]
    if not same_team_over_time(assessments):
        teams = sorted(
            {f"{a.details.state or '—'} / {a.details.respondent or '—'}" for a in assessments}
        )
        raise NotOneTeam(
            f"these are not one team's cycles (state / respondent: {'; '.join(teams)}); "
            "use compare for different teams"
        )
    if all(a.details.updated for a in assessments):
        files = sorted(files, key=lambda f: f.assessment.details.updated)  # type: ignore[arg-type, return-value]
    scores = [score(instrument, f.assessment) for f in files]
    rows = [
        TrendRow(role, [s.for_role(role.id).percent for s in scores]) for role in instrument.roles
    ]
    rows.append(TrendRow(None, [s.percent for s in scores]))
    moves = []
    for earlier, later in pairwise(files):
        for role, statement in instrument.statements():
            before = earlier.assessment.answer(role.id, statement.id)
            after = later.assessment.answer(role.id, statement.id)
            if before == after:
                continue
            then = instrument.option(before).points if before else 0.0
            now = instrument.option(after).points if after else 0.0
            entry = later.assessment.entry(role.id, statement.id)
            old = earlier.assessment.entry(role.id, statement.id)
            notes = [entry.note if entry else "", old.note if old else ""]
            note = notes[0] or notes[1]
            moves.append(
                Move(role, statement, before, after, earlier.name, later.name, note, now < then)
            )
    return TrendReport(instrument, files, rows, moves)
