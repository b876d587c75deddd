"""The reports as data for other tools: CSV (one row a statement) and JSON.

A CSV cell never starts a spreadsheet formula; JSON text holds no character that acts on a
terminal.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from ..core.instrument import Instrument
from ..core.scoring import RoleScore, Score, TargetGap, target_gaps
from ..core.textsafe import printable
from ..core.wording import action_line
from .model import ComparisonReport, PlanReport, Review, SideBySide, TrendReport, differing_by_role

#: What may start a formula in a spreadsheet, as OWASP lists it ("CSV injection"): a tab or a
#: carriage return, or spaces, before one of the others are passed over by some spreadsheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """A CSV cell from a file: control characters out, and no formula a spreadsheet would run
    (such a cell starts with an apostrophe, and reads as the text it is)."""
    text = printable(text, multiline=True)
    starts = text[:1] in _FORMULA_STARTS or text.lstrip(" \t\r\n")[:1] in _FORMULA_STARTS
    return "'" + text if starts else text


def _points(instrument: Instrument, answer: str | None) -> str:
    if answer is None or answer not in instrument.answer_values:
        return ""
    return f"{instrument.option(answer).points:g}"


def review_csv(review: Review) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "state",
            "respondent",
            "role",
            "role_title",
            "number",
            "statement_id",
            "statement",
            "answer",
            "points",
            "flagged",
            "to_confirm",
            "note",
            "members",
            "one_voice",
            "rationale",
            "agreed",
            "in_place",
            "not_in_place",
            "actions",
        ]
    )
    details = review.assessment.details
    titles = {role.id: role.title for role in review.instrument.roles}
    for line in review.lines:
        entry = line.entry
        writer.writerow(
            [
                _cell(details.state),
                _cell(details.respondent),
                line.role_id,
                titles.get(line.role_id, ""),
                line.number or "",
                line.statement_id,
                line.text,
                _cell(line.answer or " / ".join(line.given)),
                _points(review.instrument, line.answer),
                "yes" if entry and entry.flagged else "",
                "yes" if entry and entry.to_confirm else "",
                _cell(entry.note) if entry else "",
                _cell("; ".join(line.record.members)),
                line.record.one_voice,
                _cell(line.record.rationale),
                line.record.agreed,
                _cell("; ".join(line.record.in_place)),
                _cell("; ".join(line.record.lacking)),
                _cell("; ".join(action_line(a) for a in (entry.actions if entry else []))),
            ]
        )
    return buffer.getvalue()


def _range(result: Score | RoleScore) -> dict[str, Any]:
    """A score's range: its low and high ends (the same without disputes), the number of
    disputes, and the levels at the two ends when they differ."""
    levels = result.levels
    return {
        "disputed": result.disputed,
        "range": {"low": round(result.percent, 2), "high": round(result.high_percent, 2)},
        "levels": [level.name for level in levels] if levels else None,
    }


def _score_json(result: Score) -> dict[str, Any]:
    """With disputes, ``percent`` is the low end of the range and ``level`` is given only when
    the whole range lies in one level."""
    return {
        "percent": round(result.percent, 2),
        "level": result.level.name if result.level else None,
        "answered": result.answered,
        "total": result.total,
        **_range(result),
        "roles": [
            {
                "id": role.role.id,
                "title": role.role.title,
                "group": role.role.group,
                "points": role.points,
                "percent": round(role.percent, 2),
                "level": role.level.name if role.level else None,
                "answered": role.answered,
                "total": role.total,
                **_range(role),
            }
            for role in result.roles
        ],
    }


def to_json(data: Any) -> str:
    """JSON text in which no character can act on a terminal: C0 controls are escaped by json,
    DEL and C1 controls here."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return (
        "".join(f"\\u{ord(char):04x}" if 0x7F <= ord(char) <= 0x9F else char for char in text)
        + "\n"
    )


def review_json(review: Review) -> str:
    assessment = review.assessment
    return to_json(
        {
            "file": str(review.loaded.path),
            "framework": {
                "id": review.instrument.id,
                "version": review.instrument.version,
                "title": review.instrument.title,
            },
            "document": assessment.model_dump(mode="json", by_alias=True),
            "warnings": review.warnings,
            "score": _score_json(review.score),
            "targets": _targets_json(review.targets),
            "statements": [
                {
                    "role": line.role_id,
                    "id": line.statement_id,
                    "known": line.number is not None,
                    "text": line.text,
                    "answer": line.answer,
                    # a question of another type: its answer as the file holds it, and as text
                    "value": line.entry.typed if line.entry and line.given else None,
                    "shown": list(line.given),
                    "points": float(p) if (p := _points(review.instrument, line.answer)) else None,
                    "flagged": bool(line.entry and line.entry.flagged),
                    "to_confirm": bool(line.entry and line.entry.to_confirm),
                    "note": line.entry.note if line.entry else "",
                    "actions": [a.model_dump(mode="json") for a in line.entry.actions]
                    if line.entry
                    else [],
                }
                for line in review.lines
            ],
        }
    )


def comparison_csv(report: ComparisonReport) -> str:
    """A row per statement shown: each file's answer (and, with notes, each file's note), whether
    they differ, and the spread in points."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = [_cell(name) for name in report.names]
    notes = [f"note: {name}" for name in names] if report.notes else []
    writer.writerow(["role", "statement_id", "statement", *names, "differs", "spread", *notes])
    for row in report.rows:
        writer.writerow(
            [
                row.role_id,
                row.statement_id,
                row.statement.text if row.statement else "",
                *[answer or "" for answer in row.answers],
                "yes" if row.differs else "",
                f"{row.spread:g}",
                *([_cell(note) for note in row.notes] if report.notes else []),
            ]
        )
    return buffer.getvalue()


def comparison_json(report: ComparisonReport) -> str:
    comparison = report.comparison
    names = report.names
    measure = report.measure.lower()
    return to_json(
        {
            "framework": {"id": report.instrument.id, "version": report.instrument.version},
            "kind": "cycles" if report.cycles else "people",
            "ordered_by": "updated" if report.by_date else "given",
            "files": [
                {
                    "name": f.name,
                    "file": str(f.path),
                    "metadata": f.assessment.details.model_dump(mode="json"),
                    "score": _score_json(s),
                    "targets": _targets_json(target_gaps(report.instrument, f.assessment, s)),
                }
                for f, s in zip(report.files, comparison.scores, strict=True)
            ],
            measure: {
                "overall": round(report.delta(), 2),
                "roles": {
                    role.id: round(report.delta(role.id), 2) for role in report.instrument.roles
                },
            },
            "groups": [
                {
                    "by": report.by,
                    "name": group.name,
                    "files": [names[index] for index in group.files],
                    "overall": round(group.percents[None], 2),
                    "roles": {
                        role.id: round(group.percents[role.id], 2)
                        for role in report.instrument.roles
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
    )


def _targets_json(targets: list[TargetGap]) -> list[dict[str, Any]]:
    return [
        {
            "role": gap.role.id if gap.role else "overall",
            "target": gap.target,
            "current": round(gap.current, 2),
            "wanted": round(gap.wanted, 2),
            "gap": round(gap.gap, 2),
            "met": gap.met,
        }
        for gap in targets
    ]


def plan_csv(report: PlanReport) -> str:
    """One row an action, ready for a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        [
            "role",
            "role_title",
            "number",
            "statement",
            "answer",
            "action",
            "owner",
            "due",
            "status",
            "priority",
            "overdue",
            "to_check",
        ]
    )
    for item in report.items:
        action = item.action
        writer.writerow(
            [
                item.role.id,
                item.role.title,
                report.instrument.label_of(item.role, item.statement),
                item.statement.text,
                item.entry.answer or "",
                _cell(action.text),
                _cell(action.owner),
                action.due.isoformat() if action.due else "",
                action.status,
                action.priority or "",
                "yes" if action.overdue(report.today) else "",
                "yes" if action.to_check else "",
            ]
        )
    return buffer.getvalue()


def plan_json(report: PlanReport) -> str:
    instrument = report.instrument
    return to_json(
        {
            "file": str(report.loaded.path),
            "today": report.today.isoformat(),
            "targets": _targets_json(report.targets),
            "actions": [
                {
                    "role": item.role.id,
                    "statement": item.statement.id,
                    "number": instrument.label_of(item.role, item.statement),
                    "answer": item.entry.answer,
                    **item.action.model_dump(mode="json"),
                    "overdue": item.action.overdue(report.today),
                }
                for item in report.items
            ],
        }
    )


def trend_csv(report: TrendReport) -> str:
    """Each role's score per cycle (one row a role), then each move (one row a move)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    names = [_cell(f.name) for f in report.files]
    writer.writerow(["role", *names, "change"])
    for row in report.rows:
        writer.writerow(
            [
                row.role.id if row.role else "overall",
                *(f"{value:.1f}" for value in row.percents),
                f"{row.change:.1f}",
            ]
        )
    writer.writerow([])
    writer.writerow(["role", "statement_id", "since", "until", "before", "after", "down", "note"])
    for move in report.moves:
        writer.writerow(
            [
                move.role.id,
                move.statement.id,
                _cell(move.since),
                _cell(move.until),
                move.before or "",
                move.after or "",
                "yes" if move.down else "",
                _cell(move.note),
            ]
        )
    return buffer.getvalue()


def trend_json(report: TrendReport) -> str:
    return to_json(
        {
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
    )


def side_csv(report: SideBySide) -> str:
    """A row per question and file: its section, the question, the file, the answer (lines
    joined with " / ")."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["section", "number", "question_id", "question", "type", "file", "answer"])
    for row in report.rows:
        for name, cell in zip(report.names, row.cells, strict=True):
            writer.writerow(
                [
                    _cell(row.role.title),
                    row.label,
                    row.question.id,
                    _cell(row.question.text),
                    row.question.type,
                    _cell(name),
                    _cell(" / ".join(cell)),
                ]
            )
    return buffer.getvalue()


def side_json(report: SideBySide) -> str:
    return to_json(
        {
            "framework": {"id": report.instrument.id, "version": report.instrument.version},
            "files": [{"name": f.name, "path": str(f.path)} for f in report.files],
            "warnings": report.warnings,
            "questions": [
                {
                    "section": row.role.id,
                    "id": row.question.id,
                    "number": row.label,
                    "type": row.question.type,
                    "text": row.question.text,
                    "differs": row.differs,
                    "answers": {
                        f.name: {
                            "shown": list(cell),
                            "value": (e.typed or e.answer)
                            if (e := f.assessment.entry(row.role.id, row.question.id))
                            else None,
                        }
                        for f, cell in zip(report.files, row.cells, strict=True)
                    },
                }
                for row in report.rows
            ],
        }
    )
