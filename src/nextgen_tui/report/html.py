"""The reports as one self-contained HTML file: its CSS and its charts (inline SVG) within it,
no script, no request to any other host, printable. For the people who never open a terminal.

Jinja2 renders the templates in ``templates/`` with autoescaping on, so every note, name and
action from a file is text in the page, never markup (a note holding ``<script>`` or ``</svg>``
shows as written). The charts are computed here as numbers (coordinates, percentages) and drawn
by the templates; every chart has a table or a text beside it with the same figures.
"""

from __future__ import annotations

import math
from functools import cache
from typing import Any, NamedTuple

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..core.instrument import Instrument
from ..core.scoring import Score, target_percent
from ..core.textsafe import printable
from ..core.wording import (
    action_line,
    answer_text,
    answer_tone,
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
    target_rows,
)


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("nextgen_tui.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # every text from a file goes through printable (no control characters), then autoescape
    environment.filters["text"] = lambda value: printable(str(value), multiline=True)
    return environment


class Band(NamedTuple):
    """A maturity level's band on a bar: where it starts and how wide it is, in percent."""

    name: str
    start: float
    width: float


def bands(instrument: Instrument) -> list[Band]:
    levels = instrument.levels
    out = []
    for index, level in enumerate(levels):
        end = levels[index + 1].min if index + 1 < len(levels) else 100.0
        out.append(Band(level.name, level.min, end - level.min))
    return out


class RadarPoint(NamedTuple):
    x: float
    y: float


def radar(values: list[float], radius: float = 120.0, centre: float = 160.0) -> list[RadarPoint]:
    """The points of a radar chart: one axis a value (0–100), the first straight up."""
    count = len(values)
    points = []
    for index, value in enumerate(values):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        length = radius * max(0.0, min(value, 100.0)) / 100.0
        points.append(
            RadarPoint(
                round(centre + length * math.cos(angle), 1),
                round(centre + length * math.sin(angle), 1),
            )
        )
    return points


def _roles(instrument: Instrument, result: Score, targets: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for index, role_score in enumerate(result.roles):
        role = role_score.role
        target = targets.get(role.id)
        rows.append(
            {
                "number": index + 1,
                "label": role.label,
                "title": role.title,
                "group": instrument.group_of(role).title,
                "low": role_score.percent,
                "high": role_score.high_percent,
                "score": percent_range(role_score.percent, role_score.high_percent),
                "level": level_range(role_score.level, role_score.levels),
                "answered": answered_text(role_score),
                "target": None if target is None else target_percent(instrument, target),
                "target_text": "" if target is None else target_text(target),
            }
        )
    return rows


def review_html(review: Review) -> str:
    instrument = review.instrument
    assessment = review.assessment
    result = review.score
    targets = dict(assessment.targets)
    roles = _roles(instrument, result, targets)
    lows = [role["low"] for role in roles]
    highs = [role["high"] for role in roles]
    wanted = [role["target"] for role in roles]
    statements = []
    for role in instrument.roles:
        lines = []
        for line in review.lines_of(role):
            entry = line.entry
            question = role.statements[line.number - 1] if line.number else None
            tone = answer_tone(instrument, line.answer) if question and question.is_scale else None
            lines.append(
                {
                    "number": line.number,
                    "text": line.text,
                    "answer": line.shown,
                    "tone": tone or ("full" if line.given else "unanswered"),
                    "given": line.given,
                    "marks": marked(entry).strip(),
                    "note": entry.note if entry else "",
                    "actions": [action_line(a) for a in entry.actions] if entry else [],
                    "record": line.record.lines(),
                }
            )
        statements.append({"title": role.title, "lines": lines})
    template = _environment().get_template("review.html.j2")
    return template.render(
        title=f"{reviewed(review)}: review",
        instrument=instrument,
        scored=review.scored,
        completion=review.completion,
        details=assessment.details,
        file=str(review.loaded.path),
        created=when(assessment.details.created),
        updated=when(assessment.details.updated),
        version=assessment.instrument_version or "",
        warnings=review.warnings,
        overall={
            "score": percent_range(result.percent, result.high_percent),
            "level": level_range(result.level, result.levels),
            "answered": answered_text(result),
            "low": result.percent,
            "high": result.high_percent,
        },
        roles=roles,
        bands=bands(instrument),
        radar_axes=radar([100.0] * len(roles)),
        radar_rings=[radar([ring] * len(roles)) for ring in (25.0, 50.0, 75.0, 100.0)],
        radar_low=radar(lows),
        radar_high=radar(highs) if result.disputed else None,
        radar_target=radar([w or 0.0 for w in wanted])
        if any(w is not None for w in wanted)
        else None,
        targets=review.targets,
        statements=statements,
        gaps=[
            {
                "role": gap.role.title,
                "number": gap.number,
                "answer": answer_text(instrument, gap.answer),
                "text": gap.statement.text,
            }
            for gap in review.gaps
        ],
        percent=percent,
        target_text=target_text,
        gap_words=gap_words,
    )


def comparison_html(report: ComparisonReport) -> str:
    instrument = report.instrument
    columns, measure = score_columns(report)
    scores = [
        {
            "label": row.role.label if row.role else "Overall",
            "cells": row.cells,
            "delta": row.delta_text,
            "overall": row.role is None,
        }
        for row in score_rows(report)
    ]
    rows = []
    for row in report.rows:
        notes = (
            [(name, note) for name, note in zip(report.names, row.notes, strict=True) if note]
            if report.notes
            else []
        )
        rows.append(
            {
                "differs": row.differs,
                "label": statement_label(instrument, row.role_id, row.statement, row.statement_id),
                "text": row.statement.text if row.statement else "(unknown to this instrument)",
                "notes": notes,
                "answers": [
                    (answer_text(instrument, a), answer_tone(instrument, a) or "unanswered")
                    for a in row.answers
                ],
            }
        )
    template = _environment().get_template("comparison.html.j2")
    return template.render(
        title=f"{instrument.title}: comparison",
        instrument=instrument,
        bands=bands(instrument),
        files=report.files,
        cycles=report.cycles,
        order=order_line(report),
        file_lines=[file_line(f.name, f) for f in report.files],
        warnings=report.warnings,
        by=report.by or "",
        groups=report.groups,
        columns=columns,
        measure=measure,
        score_rows=scores,
        targets=target_rows(report),
        names=report.names,
        statements_title=statements_title(report),
        rows=rows,
        agreement=agreement_lines(report),
    )


def plan_html(report: PlanReport) -> str:
    instrument = report.instrument
    items = [
        {
            "number": instrument.label_of(item.role, item.statement),
            "text": item.action.text,
            "statement": item.statement.text,
            "owner": item.action.owner,
            "due": item.action.due.isoformat() if item.action.due else "—",
            "overdue": item.action.overdue(report.today),
            "status": item.action.status,
            "to_check": item.action.to_check,
            "priority": item.action.priority or "",
        }
        for item in report.items
    ]
    template = _environment().get_template("plan.html.j2")
    return template.render(
        title=f"{instrument.title}: plan",
        instrument=instrument,
        bands=bands(instrument),
        file=str(report.loaded.path),
        details=report.loaded.assessment.details,
        summary=plan_summary(report),
        today=report.today.isoformat(),
        targets=report.targets,
        items=items,
        percent=percent,
        target_text=target_text,
        gap_words=gap_words,
    )


_DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4 1 4"]


def trend_html(report: TrendReport) -> str:
    instrument = report.instrument
    lines = []
    for index, row in enumerate(report.rows):
        lines.append(
            {
                "key": str(index + 1) if row.role else "all",
                "label": row.role.label if row.role else "Overall",
                "percents": row.percents,
                "change": signed(row.change),
                "overall": row.role is None,
                "dash": _DASHES[index % len(_DASHES)],
            }
        )
    moves = [
        {
            "label": instrument.label_of(move.role, move.statement),
            "since": move.since,
            "until": move.until,
            "change": " → ".join(answer_text(instrument, a) for a in (move.before, move.after)),
            "down": move.down,
            "text": move.statement.text,
            "note": move.note,
        }
        for move in report.moves_down_first
    ]
    template = _environment().get_template("trend.html.j2")
    return template.render(
        title=f"{instrument.title}: trend",
        instrument=instrument,
        bands=bands(instrument),
        names=[f.name for f in report.files],
        file_lines=[file_line(f.name, f) for f in report.files],
        lines=lines,
        moves=moves,
        regressions=[instrument.label_of(m.role, m.statement) for m in report.regressions],
        percent=percent,
    )


def side_html(report: SideBySide) -> str:
    """Profiles side by side: numbers in one table, then a table per heading, a column per
    file (each value escaped: the files' text is data)."""
    instrument = report.instrument
    template = _environment().get_template("side.html.j2")
    return template.render(
        title=side_title(report),
        instrument=instrument,
        file_lines=[file_line(name, f) for name, f in zip(report.names, report.files, strict=True)],
        warnings=report.warnings,
        names=report.names,
        numbers=report.numbers,
        sections=report.sections(),
        bands=bands(instrument),
    )
