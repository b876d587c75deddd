"""The comparison of several answers files: people (team members, agencies) or cycles of one
team; scores per role, targets, the statements side by side, how much they agree.
"""

# (no `from __future__ import annotations`: the records' annotations are then types, not
# strings that typing.NamedTuple compiles one by one as the module is imported)

from typing import Any, NamedTuple

from ..core.instrument import Instrument, Role, Statement
from ..core.scoring import (
    ComparedStatement,
    Comparison,
    compare,
    same_team_over_time,
    spread,
    target_gaps,
)
from ..core.textsafe import printable
from ..core.wording import (
    answer_text,
    gap_words,
    percent,
    score_text,
    signed,
    target_text,
)
from .blocks import (
    Bar,
    Cell,
    Document,
    DotChart,
    Heading,
    Records,
    Run,
    Style,
    Table,
    Typed,
    cell,
    paragraph,
)
from .named_assessment import NamedAssessment, file_line
from .review import about, header, note, score_data, summary, targets_data, tone


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
    every = "both" if count == 2 else f"all {count}"
    if report.cycles:
        lines = [
            f"{len(known) - differing} of {len(known)} statements the same in {every} cycles "
            f"({comparison.unanswered_by_all} of them unanswered in {every}); "
            f"{differing} changed."
        ]
    else:
        lines = [
            f"{len(known) - differing} of {len(known)} statements answered alike by everyone "
            f"who answered them ({comparison.unanswered_by_all} unanswered by {every}); "
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


# -- the document ---------------------------------------------------------------------------------


def _scores_table(report: ComparisonReport) -> Table:
    """A column per file (or per group of files, with ``--by``), then the change over cycles
    or the spread between people."""
    columns, measure = score_columns(report)
    by_role = {row.role.id if row.role else None: row for row in score_rows(report)}
    coloured = report.cycles and not report.groups

    def cells(row: ScoreRow) -> tuple[Cell | Bar, ...]:
        style: Style | None = (
            ("good" if row.delta > 0 else "bad" if row.delta else None) if coloured else None
        )
        return (*(cell(text) for text in row.cells), cell(row.delta_text, style))

    rows: list[tuple[Cell | Bar, ...]] = []
    for group in report.instrument.groups:
        rows.append((cell(printable(group.title), "strong"),))
        for role in report.instrument.roles_in(group):
            rows.append((cell("  " + printable(role.label)), *cells(by_role[role.id])))
    rows.append((cell("Overall", "strong"), *cells(by_role[None])))
    return Table(
        rows,
        header=("Role", *columns, measure),
        numeric=frozenset(range(1, len(columns) + 2)),
        per_file_from=1,
        labels=0,
    )


def _statements_grid(report: ComparisonReport) -> Table:
    """A column of answers per file."""
    instrument = report.instrument
    answer_width = max(
        len(answer_text(instrument, answer)) for row in report.rows for answer in row.answers
    )
    rows: list[tuple[Cell | Bar, ...]] = []
    for row in report.rows:
        statement = row.statement
        rows.append(
            (
                cell("≠", "alert") if row.differs else cell(""),
                cell(statement_label(instrument, row.role_id, statement, row.statement_id)),
                cell(printable(statement.text) if statement else "(unknown to this instrument)"),
                *(
                    cell(answer_text(instrument, answer), tone(instrument, answer))
                    for answer in row.answers
                ),
            )
        )
    least = {0: 1, 1: 3} | {3 + index: answer_width for index in range(len(report.names))}
    return Table(
        rows,
        header=("", "#", "Statement", *report.names),
        least=least,
        wide=2,
        per_file_from=3,
    )


def _statements_with_notes(report: ComparisonReport) -> Table:
    """A block per statement: its text, then each file's answer in one line, then each note,
    all under the statement."""
    instrument = report.instrument
    rows: list[tuple[Cell | Bar, ...]] = []
    for row in report.rows:
        statement = row.statement
        body = [Run(printable(statement.text) if statement else "(unknown to this instrument)")]
        body.append(Run("\n"))
        for index, (name, answer) in enumerate(zip(report.names, row.answers, strict=True)):
            body.append(Run((" · " if index else "") + f"{printable(name)} "))
            body.append(Run(answer_text(instrument, answer), tone(instrument, answer)))
        for name, said in zip(report.names, row.notes, strict=True):
            if said:
                body += note(said, name)
        rows.append(
            (
                cell("≠", "alert") if row.differs else cell(""),
                cell(statement_label(instrument, row.role_id, statement, row.statement_id)),
                tuple(body),
            )
        )
    return Table(
        rows, header=("", "#", "Statement"), least={0: 1, 1: 3}, wide=2, header_in_terminal=False
    )


def document(report: ComparisonReport) -> Document:
    """The comparison as a document: what every format shows."""
    instrument = report.instrument
    kind = "cycles" if report.cycles else "files"
    blocks = header(
        f"{printable(instrument.title)} — comparison of {len(report.files)} {kind}",
        [file_line(name, f) for name, f in zip(report.names, report.files, strict=True)]
        + [order_line(report)],
        report.warnings,
    )
    blocks += summary(_summary(report))
    by = f"Scores by {report.by}" if report.groups else "Scores by role"
    blocks += [Heading(by), _scores_table(report)]
    if report.groups:
        labels = [*(printable(role.label) for role in instrument.roles), "Overall"]
        keys: list[str | None] = [*(role.id for role in instrument.roles), None]
        blocks.append(
            DotChart(
                rows=tuple(labels),
                series=tuple(printable(group.name) for group in report.groups),
                values=tuple(tuple(group.percents[key] for group in report.groups) for key in keys),
            )
        )
    targets = target_rows(report)
    if targets:
        rows: list[tuple[Cell | Bar, ...]] = [
            (cell("  " + label), *(cell(text) for text in cells)) for label, cells in targets
        ]
        blocks += [
            Heading("Targets"),
            Table(rows, header=("Role", *report.names), per_file_from=1, labels=0),
        ]
    blocks.append(Heading(statements_title(report)))
    if not report.rows:
        blocks.append(paragraph("None."))
    elif report.notes:
        blocks.append(_statements_with_notes(report))
    else:
        blocks.append(_statements_grid(report))
    blocks.append(Heading("Agreement"))
    blocks += [paragraph(line) for line in agreement_lines(report)]
    return Document(
        title=f"{instrument.title}: comparison",
        blocks=blocks,
        records=[_records(report)],
        data=_data(report),
        footer=about(instrument),
    )


def _summary(report: ComparisonReport) -> list[tuple[str, str]]:
    scores = report.comparison.scores
    overall = ", ".join(
        f"{printable(name)} {score_text(result)}"
        for name, result in zip(report.names, scores, strict=True)
    )
    delta = next(row for row in score_rows(report) if row.role is None).delta_text
    rows = [("Scores", f"{overall} ({report.measure.lower()} {delta})")]
    first, *most = agreement_lines(report)
    rows.append(("Changed" if report.cycles else "Agreement", first))
    if most:
        name, said = most[0].split(": ", 1)
        rows.append((name, said))
    return rows


# -- as data --------------------------------------------------------------------------------------


def _records(report: ComparisonReport) -> Records:
    """A row per statement shown: each file's answer (and, with notes, each file's note),
    whether they differ, and the spread in points."""
    names = [Typed(name) for name in report.names]
    notes = [Typed(f"note: {name}") for name in report.names] if report.notes else []
    rows = [
        (
            row.role_id,
            row.statement_id,
            row.statement.text if row.statement else "",
            *[answer or "" for answer in row.answers],
            "yes" if row.differs else "",
            f"{row.spread:g}",
            *([Typed(note) for note in row.notes] if report.notes else []),
        )
        for row in report.rows
    ]
    header = ("role", "statement_id", "statement", *names, "differs", "spread", *notes)
    return Records(header, rows, name="Statements")


def _data(report: ComparisonReport) -> dict[str, Any]:
    comparison = report.comparison
    names = report.names
    measure = report.measure.lower()
    return {
        "framework": {"id": report.instrument.id, "version": report.instrument.version},
        "kind": "cycles" if report.cycles else "people",
        "ordered_by": "updated" if report.by_date else "given",
        "files": [
            {
                "name": f.name,
                "file": str(f.path),
                "metadata": f.assessment.details.model_dump(mode="json"),
                "score": score_data(s),
                "targets": targets_data(target_gaps(report.instrument, f.assessment, s)),
            }
            for f, s in zip(report.files, comparison.scores, strict=True)
        ],
        measure: {
            "overall": round(report.delta(), 2),
            "roles": {role.id: round(report.delta(role.id), 2) for role in report.instrument.roles},
        },
        "groups": [
            {
                "by": report.by,
                "name": group.name,
                "files": [names[index] for index in group.files],
                "overall": round(group.percents[None], 2),
                "roles": {
                    role.id: round(group.percents[role.id], 2) for role in report.instrument.roles
                },
            }
            for group in report.groups
        ],
        "statements": [
            {
                "role": row.role_id,
                "id": row.statement_id,
                "known": row.statement is not None,
                "answers": dict(zip(names, row.answers, strict=True)),
                "notes": dict(zip(names, row.notes, strict=True)) if report.notes else None,
                "differs": row.differs,
                "spread": row.spread,
            }
            for row in report.rows
        ],
        "agreement": {
            "same": sum(not row.differs for row in report.rows if row.statement is not None)
            if not report.differences_only
            else None,
            "unanswered_by_all": comparison.unanswered_by_all,
            "statements": len(comparison.known),
            "by_role": [
                {"role": item.role.id, "differing": item.differing, "total": item.total}
                for item in differing_by_role(report)
            ],
        },
        "warnings": report.warnings,
    }
