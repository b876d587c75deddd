"""The reports as an editable Word document (``--format docx``): headings, tables for the
scores and the charts' figures, the answers with their notes and actions, the gaps.

python-docx is an optional extra (``pip install 'nextgen-tui[docx]'``); without it the command
says so in one line. Every text from a file goes through :func:`printable` first: a Word document
is XML, which cannot hold control characters, and tags in a note are only text in it.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..core.errors import NeedsExtra
from ..core.textsafe import printable
from ..core.wording import (
    action_line,
    answer_text,
    answered_text,
    gap_words,
    level_range,
    marked,
    percent,
    percent_range,
    signed,
    target_text,
    when,
)
from .model import (
    ComparisonReport,
    PlanReport,
    Review,
    SideBySide,
    SideRow,
    TrendReport,
    agreement_lines,
    file_line,
    order_line,
    plan_summary,
    reviewed,
    score_columns,
    score_rows,
    side_title,
    statement_label,
    statements_title,
)

if TYPE_CHECKING:
    from docx.document import Document


def _document(title: str, lines: Sequence[str]) -> Document:
    try:
        import docx
    except ImportError:
        raise NeedsExtra(
            "Word documents need python-docx: pip install 'nextgen-tui[docx]'"
        ) from None
    document = docx.Document()
    document.add_heading(printable(title), level=0)
    for line in lines:
        document.add_paragraph(printable(line))
    return document


def _table(document: Document, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = printable(text)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = printable(text, multiline=True)


def _closing(document: Document, review_or_report: Any) -> bytes:
    instrument = review_or_report.instrument
    levels = (
        "The maturity levels are this tool's reading of the scores, not part of the "
        "self-assessment. "
        if instrument.has_scores
        else ""
    )
    document.add_paragraph(
        printable(
            f"{instrument.title}, version {instrument.version}. {instrument.source or ''} "
            f"{levels}Made with nextgen-tui."
        )
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _targets(document: Document, targets: list[Any]) -> None:
    if not targets:
        return
    document.add_heading("Targets", level=1)
    _table(
        document,
        ["Role", "Now", "Target", "Gap"],
        [
            [
                gap.role.label if gap.role else "Overall",
                percent(gap.current),
                target_text(gap.target),
                gap_words(gap),
            ]
            for gap in targets
        ],
    )


def review_docx(review: Review) -> bytes:
    instrument = review.instrument
    details = review.assessment.details
    document = _document(
        f"{reviewed(review)}: review",
        [
            f"File: {review.loaded.path}",
            f"State: {details.state or '—'} · Respondent: {details.respondent or '—'}"
            + (f" · Agency: {details.agency}" if details.agency else ""),
            f"Created {when(details.created)} · Updated {when(details.updated)}",
            *(f"Warning: {warning}" for warning in review.warnings),
        ],
    )
    if review.scored:
        _scores(document, review)
    else:
        name = instrument.section_name
        document.add_heading(f"Filled in, by {name}", level=1)
        rows = [
            [
                done.role.title if done.role else "Overall",
                f"{done.answered}/{done.total}",
                done.words,
            ]
            for done in review.completion
        ]
        _table(document, [name.capitalize(), "Answered", "Left"], rows)
    document.add_heading("Answers", level=1)
    for role in instrument.roles:
        document.add_heading(printable(role.title), level=2)
        lines = []
        for line in review.lines_of(role):
            entry = line.entry
            said = [line.text, *line.given]
            if entry and entry.note:
                said.append(f"Note: {entry.note}")
            said += line.record.lines()
            said += [f"Action: {action_line(a)}" for a in (entry.actions if entry else [])]
            lines.append([str(line.number), line.shown + marked(entry), "\n".join(said)])
        _table(document, ["#", "Answer", "Question, answer, note and actions"], lines)
    if not review.scored:
        return _closing(document, review)
    document.add_heading("Gaps", level=1)
    gaps = [
        [gap.role.label, str(gap.number), answer_text(instrument, gap.answer), gap.statement.text]
        for gap in review.gaps
    ]
    if gaps:
        _table(document, ["Role", "#", "Answer", "Statement"], gaps)
    else:
        document.add_paragraph("None: every statement is answered at the top of the scale.")
    return _closing(document, review)


def _scores(document: Any, review: Review) -> None:
    document.add_heading("Scores", level=1)
    result = review.score
    rows = [
        [
            role_score.role.title,
            percent_range(role_score.percent, role_score.high_percent),
            level_range(role_score.level, role_score.levels),
            answered_text(role_score),
        ]
        for role_score in result.roles
    ]
    rows.append(
        [
            "Overall",
            percent_range(result.percent, result.high_percent),
            level_range(result.level, result.levels),
            answered_text(result),
        ]
    )
    _table(document, ["Role", "Score", "Level", "Answered"], rows)
    _targets(document, review.targets)


def comparison_docx(report: ComparisonReport) -> bytes:
    instrument = report.instrument
    document = _document(
        f"{instrument.title}: comparison",
        [*(file_line(f.name, f) for f in report.files), order_line(report)],
    )
    by = f"Scores by {report.by}" if report.groups else "Scores by role"
    document.add_heading(by, level=1)
    columns, measure = score_columns(report)
    rows = [
        [row.role.label if row.role else "Overall", *row.cells, row.delta_text]
        for row in score_rows(report)
    ]
    _table(document, ["Role", *columns, measure], rows)
    document.add_heading(statements_title(report), level=1)
    statements = []
    for row in report.rows:
        text = row.statement.text if row.statement else "(unknown to this instrument)"
        if report.notes:
            text += "".join(
                f"\n{name}: {note}"
                for name, note in zip(report.names, row.notes, strict=True)
                if note
            )
        label = statement_label(instrument, row.role_id, row.statement, row.statement_id)
        answers = [answer_text(instrument, a) for a in row.answers]
        statements.append([("≠ " if row.differs else "") + label, text, *answers])
    _table(document, ["#", "Statement", *report.names], statements)
    document.add_heading("Agreement", level=1)
    for line in agreement_lines(report):
        document.add_paragraph(printable(line))
    return _closing(document, report)


def plan_docx(report: PlanReport) -> bytes:
    instrument = report.instrument
    details = report.loaded.assessment.details
    document = _document(
        f"{instrument.title}: plan",
        [
            f"File: {report.loaded.path}",
            f"State: {details.state or '—'} · Respondent: {details.respondent or '—'}",
            plan_summary(report),
        ],
    )
    _targets(document, report.targets)
    document.add_heading("Actions", level=1)
    rows = []
    for item in report.items:
        action = item.action
        due = action.due.isoformat() if action.due else "—"
        if action.overdue(report.today):
            due += " (overdue)"
        rows.append(
            [
                instrument.label_of(item.role, item.statement),
                f"{action.text}\n{item.statement.text}",
                action.owner or "—",
                due,
                action.status + (" (to check)" if action.to_check else ""),
                action.priority or "",
            ]
        )
    if rows:
        _table(document, ["#", "Action", "Owner", "Due", "Status", "Priority"], rows)
    else:
        document.add_paragraph("None yet.")
    return _closing(document, report)


def trend_docx(report: TrendReport) -> bytes:
    instrument = report.instrument
    names = [f.name for f in report.files]
    document = _document(
        f"{instrument.title}: trend over {len(report.files)} cycles",
        [file_line(f.name, f) for f in report.files],
    )
    document.add_heading("Scores by cycle", level=1)
    _table(
        document,
        ["Role", *names, "Change"],
        [
            [
                row.role.label if row.role else "Overall",
                *(percent(v) for v in row.percents),
                signed(row.change),
            ]
            for row in report.rows
        ],
    )
    document.add_heading("Statements that moved", level=1)
    moves = [
        [
            instrument.label_of(move.role, move.statement),
            f"{move.since} → {move.until}",
            f"{answer_text(instrument, move.before)} → {answer_text(instrument, move.after)}"
            + (" (down)" if move.down else ""),
            move.statement.text + (f"\nNote: {move.note}" if move.note else ""),
        ]
        for move in report.moves_down_first
    ]
    if moves:
        _table(document, ["#", "Cycles", "Move", "Statement"], moves)
    regressions = report.regressions
    document.add_paragraph(
        f"Regressions: {len(regressions)}"
        + (
            " (" + ", ".join(instrument.label_of(m.role, m.statement) for m in regressions) + ")"
            if regressions
            else ""
        )
    )
    return _closing(document, report)


def side_docx(report: SideBySide) -> bytes:
    document = _document(
        side_title(report),
        [
            *(file_line(n, f) for n, f in zip(report.names, report.files, strict=True)),
            *(f"Warning: {warning}" for warning in report.warnings),
        ],
    )

    def table(rows: list[SideRow]) -> None:
        cells = [
            [f"{row.label} {row.question.text}", *("\n".join(cell) or "—" for cell in row.cells)]
            for row in rows
        ]
        _table(document, ["Question", *report.names], cells)

    if report.numbers:
        document.add_heading("Numbers", level=1)
        table(report.numbers)
    for role, rows in report.sections():
        document.add_heading(printable(role.title), level=1)
        table(rows)
    return _closing(document, report)
