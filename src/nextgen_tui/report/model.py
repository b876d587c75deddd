"""The reports as plain data: a review of one answers file, a comparison of several.

Each report is built here once and rendered by one module per format (:mod:`.text` for the
terminal, :mod:`.markdown`, :mod:`.data` for CSV and JSON); :mod:`.formats` names them. No Textual
and no Rich here, so a report starts fast. The words a report says in every format (the agreement
lines, the order of the files) are made here, once.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from ..assessment import Assessment, Entry
from ..framework import Framework, Role, Statement
from ..marks import entry_marks, level_range, percent_range
from ..scoring import Comparison, Gap, RoleScore, Score, compare, same_team_over_time, score
from ..scoring import gaps as find_gaps
from ..textsafe import printable


class Loaded(NamedTuple):
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


def when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M %Z").strip() if moment else "—"


def signed(points: float) -> str:
    value = round(points)
    return f"{value:+d}" if value else "0"


def answered_text(result: Score | RoleScore) -> str:
    """``18/20``, and how many are disputed: ``18/20 · 2 disputed``."""
    text = f"{result.answered}/{result.total}"
    return text + (f" · {result.disputed} disputed" if result.disputed else "")


def score_text(result: Score | RoleScore) -> str:
    """``30% Developing``; a range with disputes: ``30–50% Developing–Established``."""
    return (
        f"{percent_range(result.percent, result.high_percent)} "
        f"{level_range(result.level, result.levels)}"
    )


def marked(entry: Entry | None) -> str:
    """`` ? to confirm ⚑ flagged``: the marks a report writes after an answer, in words."""
    return "".join(f" {symbol} {words}" for symbol, words in entry_marks(entry, note=False))


# -- review ---------------------------------------------------------------------------------------


class StatementLine(NamedTuple):
    role_id: str
    statement_id: str
    number: int | None  # its place in the role; None when unknown to the framework
    text: str
    entry: Entry | None

    @property
    def answer(self) -> str | None:
        return self.entry.answer if self.entry else None


class Review(NamedTuple):
    framework: Framework
    loaded: Loaded
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
        return find_gaps(self.framework, self.assessment)


def build_review(framework: Framework, loaded: Loaded) -> Review:
    assessment = loaded.assessment
    lines = [
        StatementLine(
            role_id=role.id,
            statement_id=statement.id,
            number=role.number(statement),
            text=statement.text,
            entry=assessment.entry(role.id, statement.id),
        )
        for role, statement in framework.statements()
    ]
    for key in assessment.unknown_statements(framework):
        role_id, statement_id = key.split(".", 1)
        lines.append(
            StatementLine(role_id, statement_id, None, "", assessment.entry(role_id, statement_id))
        )
    return Review(
        framework=framework,
        loaded=loaded,
        score=score(framework, assessment),
        lines=lines,
        warnings=assessment.warnings(framework),
    )


# -- compare --------------------------------------------------------------------------------------


class ComparisonReport(NamedTuple):
    framework: Framework
    files: list[Loaded]
    comparison: Comparison
    by_date: bool
    warnings: list[str]


def build_comparison(framework: Framework, files: list[Loaded]) -> ComparisonReport:
    """Order by updated date when the files are one team's cycles, else keep the given order."""
    assessments = [f.assessment for f in files]
    by_date = same_team_over_time(assessments) and all(d.details.updated for d in assessments)
    if by_date:
        files = sorted(files, key=lambda f: f.assessment.details.updated)  # type: ignore[arg-type, return-value]
    warnings = [
        f"{f.name}: {warning}" for f in files for warning in f.assessment.warnings(framework)
    ]
    return ComparisonReport(
        framework=framework,
        files=files,
        comparison=compare(framework, [f.assessment for f in files]),
        by_date=by_date,
        warnings=warnings,
    )


def statement_label(
    framework: Framework, role_id: str, statement: Statement | None, sid: str
) -> str:
    if statement is None:
        return f"{role_id}.{sid}"
    return framework.label_of(framework.role(role_id), statement)


def agreement_lines(report: ComparisonReport) -> list[str]:
    comparison = report.comparison
    known = len(comparison.known)
    differ = known - comparison.same
    lines = [
        f"{comparison.same} of {known} statements the same in all {len(report.files)} files"
        f" ({comparison.unanswered_by_all} of them unanswered in all); {differ} differ."
    ]
    roles = comparison.disagreement_by_role(report.framework)
    if roles:
        lines.append(
            "Most disagreement: "
            + ", ".join(
                f"{printable(item.role.label)} ({item.differing} of {item.total})"
                for item in roles[:3]
            )
            + "."
        )
    return lines


def order_line(report: ComparisonReport) -> str:
    return (
        "Ordered by date updated (one team over time); change is last minus first."
        if report.by_date
        else "In the order given; change is last minus first."
    )
