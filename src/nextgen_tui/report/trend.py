"""One team's cycles over time: each role's score per cycle, and the statements that moved."""

# (no `from __future__ import annotations`: the records' annotations are then types, not
# strings that typing.NamedTuple compiles one by one as the module is imported)

from itertools import pairwise
from typing import Any, NamedTuple

from ..core.instrument import Instrument, Role, Statement
from ..core.scoring import (
    same_team_over_time,
    score,
)
from ..core.textsafe import printable
from ..core.wording import answer_text, percent, signed, sparkline
from .blocks import (
    Bar,
    Cell,
    Document,
    Heading,
    LineChart,
    Records,
    Run,
    Table,
    Typed,
    cell,
    paragraph,
)
from .named_assessment import NamedAssessment, file_line
from .review import about, header, note, summary


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


# -- the document ---------------------------------------------------------------------------------


def document(report: TrendReport) -> Document:
    """The trend as a document: each role's score per cycle, the statements that moved (those
    that went down first) and the regressions."""
    instrument = report.instrument
    names = [f.name for f in report.files]
    blocks = header(
        f"{printable(instrument.title)} — trend over {len(report.files)} cycles",
        [file_line(name, f) for name, f in zip(names, report.files, strict=True)],
        [],
    )
    blocks += summary(_summary(report))
    rows: list[tuple[Cell | Bar, ...]] = []
    for row in report.rows:
        change = row.change
        rows.append(
            (
                cell("  " + printable(row.role.label)) if row.role else cell("Overall", "strong"),
                *(cell(percent(value)) for value in row.percents),
                cell(sparkline(row.percents), "bar"),
                cell(signed(change), "good" if change > 0 else "bad" if change else None),
            )
        )
    blocks += [
        Heading("Scores by cycle"),
        Table(
            rows,
            header=("Role", *names, "Trend", "Change"),
            numeric=frozenset([*range(1, len(names) + 1), len(names) + 2]),
        ),
        LineChart(
            names=tuple(printable(name) for name in names),
            lines=tuple(
                (printable(row.role.label) if row.role else "Overall", tuple(row.percents))
                for row in report.rows
            ),
        ),
        Heading("Statements that moved, those that went down first"),
    ]
    if not report.moves:
        blocks.append(paragraph("None: every answer stayed the same."))
    moves: list[tuple[Cell | Bar, ...]] = []
    for move in report.moves_down_first:
        body = [Run(printable(move.statement.text))]
        if move.note:
            body += note(move.note)
        moves.append(
            (
                cell(instrument.label_of(move.role, move.statement)),
                cell(f"{printable(move.since)}→{printable(move.until)}"),
                cell(
                    f"{answer_text(instrument, move.before)} → "
                    f"{answer_text(instrument, move.after)}",
                    "alert" if move.down else "good",
                ),
                tuple(body),
            )
        )
    if moves:
        blocks.append(
            Table(
                moves,
                header=("#", "Cycles", "Move", "Statement"),
                least={3: 20},
                wide=3,
                header_in_terminal=False,
            )
        )
    regressions = report.regressions
    if regressions:
        labels = ", ".join(instrument.label_of(m.role, m.statement) for m in regressions)
        blocks.append(
            paragraph(
                f"Regressions: {len(regressions)} statement{'s' if len(regressions) > 1 else ''} "
                f"went down ({labels}).",
                "alert",
                apart=True,
            )
        )
    else:
        blocks.append(paragraph("No regressions: no answer went down.", apart=True))
    return Document(
        title=f"{instrument.title}: trend",
        blocks=blocks,
        records=_records(report),
        data=_data(report),
        footer=about(instrument),
    )


def _summary(report: TrendReport) -> list[tuple[str, str]]:
    overall = report.rows[-1]
    first, last = report.files[0].name, report.files[-1].name
    rows = [
        (
            "Score",
            f"{percent(overall.percents[0])} in {printable(first)}, "
            f"{percent(overall.percents[-1])} in {printable(last)} ({signed(overall.change)})",
        )
    ]
    roles = sorted(
        ((row.role, row.change) for row in report.rows if row.role is not None),
        key=lambda pair: pair[1],
    )
    if roles and roles[-1][1] > 0:
        role, change = roles[-1]
        rows.append(("Most up", f"{printable(role.label)} {signed(change)}"))
    if roles and roles[0][1] < 0:
        role, change = roles[0]
        rows.append(("Most down", f"{printable(role.label)} {signed(change)}"))
    regressions = report.regressions
    labels = ", ".join(report.instrument.label_of(m.role, m.statement) for m in regressions)
    rows.append(("Regressions", f"{len(regressions)}" + (f": {labels}" if labels else "")))
    return rows


# -- as data --------------------------------------------------------------------------------------


def _records(report: TrendReport) -> list[Records]:
    """Each role's score per cycle (one row a role), then each move (one row a move)."""
    scores = Records(
        ("role", *(Typed(f.name) for f in report.files), "change"),
        [
            (
                row.role.id if row.role else "overall",
                *(f"{value:.1f}" for value in row.percents),
                f"{row.change:.1f}",
            )
            for row in report.rows
        ],
        name="Scores",
    )
    moves = Records(
        ("role", "statement_id", "since", "until", "before", "after", "down", "note"),
        [
            (
                move.role.id,
                move.statement.id,
                Typed(move.since),
                Typed(move.until),
                move.before or "",
                move.after or "",
                "yes" if move.down else "",
                Typed(move.note),
            )
            for move in report.moves
        ],
        name="Moves",
    )
    return [scores, moves]


def _data(report: TrendReport) -> dict[str, Any]:
    return {
        "framework": {"id": report.instrument.id, "version": report.instrument.version},
        "cycles": [
            {"name": f.name, "file": str(f.path), "updated": f.assessment.details.updated}
            for f in report.files
        ],
        "roles": [
            {
                "role": row.role.id if row.role else "overall",
                "percents": [round(value, 2) for value in row.percents],
                "change": round(row.change, 2),
            }
            for row in report.rows
        ],
        "moves": [
            {
                "role": move.role.id,
                "statement": move.statement.id,
                "since": move.since,
                "until": move.until,
                "before": move.before,
                "after": move.after,
                "down": move.down,
                "note": move.note,
            }
            for move in report.moves
        ],
        "regressions": len(report.regressions),
    }
