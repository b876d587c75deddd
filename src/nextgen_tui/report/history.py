"""``nextgen-tui history FILE``: an answers file's story from git's log: each commit's date,
author and message, the answers that changed in it and the overall score then; one statement
followed through its commits (``--statement 1.2``); the scores drawn over the commits."""

# (no `from __future__ import annotations`: the records' annotations are then types, not
# strings that typing.NamedTuple compiles one by one as the module is imported)

import tomllib
from pathlib import Path
from typing import Any, NamedTuple

from ..core import answers_file
from ..core.assessment import Assessment
from ..core.changes import Changes, compare
from ..core.errors import LoadError
from ..core.instrument import Instrument, Role, Statement
from ..core.repository import Version
from ..core.scoring import Score, score
from ..core.textsafe import printable
from ..core.wording import any_answer_text, score_text
from .blocks import (
    Bar,
    Cell,
    Document,
    Heading,
    LineChart,
    Records,
    Table,
    Typed,
    cell,
    paragraph,
)
from .review import about, header


class Point(NamedTuple):
    """The file as one commit left it, and what that commit changed."""

    version: Version
    assessment: Assessment
    score: Score | None
    changes: Changes

    @property
    def name(self) -> str:
        """``2026-11-23 a1b2c3d``: a commit as a chart's axis names it."""
        return f"{self.version.when:%Y-%m-%d} {self.version.commit[:7]}"


class History(NamedTuple):
    instrument: Instrument
    path: Path
    points: list[Point]
    #: Commits whose file could not be read (a broken version), as (version, why).
    unreadable: list[tuple[Version, str]]
    #: The one statement followed (``--statement``), or None: every change.
    statement: tuple[Role, Statement] | None = None


def build_history(
    instrument: Instrument,
    path: Path,
    versions: list[Version],
    blobs: list[bytes | None],
    statement: tuple[Role, Statement] | None = None,
) -> History:
    """Each version read and scored, and compared with the one before it (the first with an
    empty file)."""
    points: list[Point] = []
    unreadable: list[tuple[Version, str]] = []
    before = Assessment.new(instrument)
    for version, blob in zip(versions, blobs, strict=True):
        if blob is None:  # (deleted in that commit)
            continue
        try:
            data = tomllib.loads(blob.decode("utf-8"))
            assessment = answers_file.parse(data, Path(version.path), instrument)
        except (UnicodeDecodeError, tomllib.TOMLDecodeError, LoadError) as error:
            unreadable.append((version, str(error).splitlines()[0]))
            continue
        result = score(instrument, assessment) if instrument.has_scores else None
        points.append(Point(version, assessment, result, compare(instrument, before, assessment)))
        before = assessment
    return History(instrument, path, points, unreadable, statement)


def _where(history: History) -> str:
    assert history.statement is not None
    role, statement = history.statement
    return history.instrument.label_of(role, statement)


def document(history: History) -> Document:
    instrument, points = history.instrument, history.points
    lines = [f"{printable(str(history.path))}: {len(points)} commits"]
    if points:
        lines[0] += f", {points[0].version.when:%Y-%m-%d} to {points[-1].version.when:%Y-%m-%d}"
    warnings = [
        f"commit {version.commit[:7]} ({version.when:%Y-%m-%d}): the file cannot be read: {why}"
        for version, why in history.unreadable
    ]
    if history.statement is not None:
        return _one_statement(history, lines, warnings)
    blocks = header(f"History of {printable(history.path.name)}", lines, warnings)
    rows: list[tuple[Cell | Bar, ...]] = []
    for point in reversed(points):  # the latest first, as git log
        rows.append(
            (
                cell(f"{point.version.when:%Y-%m-%d %H:%M}"),
                cell(printable(point.version.author)),
                cell(printable(point.version.subject)),
                cell(score_text(point.score) if point.score else "", "strong"),
                cell("\n".join(_said(point, first=point is points[0]))),
            )
        )
    if instrument.has_scores and len(points) > 1:
        blocks.append(_chart(history))  # (a document's figure; the terminal has the table)
    blocks += [
        Heading("Commits, the latest first"),
        Table(
            rows,
            header=("Date", "Author", "Message", "Score", "What changed"),
            wide=4,
            stacked_in_terminal=True,
        ),
    ]
    return Document(
        title=f"{instrument.title}: history",
        blocks=blocks,
        records=[_records(history)],
        data=_data(history),
        footer=about(instrument),
    )


#: The changes a commit's row lists at most (``nextgen-tui diff`` of two versions says them all).
MOST_CHANGES = 12


def _said(point: Point, *, first: bool) -> list[str]:
    """What a commit changed, a line each: at most :data:`MOST_CHANGES`; the file's first
    version by how far it was answered."""
    if first:
        answered = point.score.answered if point.score else None
        total = point.score.total if point.score else None
        return ["the first version" + (f": {answered}/{total} answered" if total else "")]
    said = point.changes.said(MOST_CHANGES, " (nextgen-tui diff shows them all)")
    return said or ["no change to the answers"]


def _chart(history: History) -> LineChart:
    points = history.points
    lines = [
        (printable(role.label), tuple(p.score.for_role(role.id).percent for p in points if p.score))
        for role in history.instrument.roles
        if history.instrument.is_scored(role)
    ]
    lines.append(("Overall", tuple(p.score.percent for p in points if p.score)))
    # (a few commits each by its date and hash; many, by the date alone: a few are named)
    names = [
        point.name if len(points) <= 4 else f"{point.version.when:%Y-%m-%d}" for point in points
    ]
    return LineChart(names=tuple(names), lines=tuple(lines))


def _one_statement(history: History, lines: list[str], warnings: list[str]) -> Document:
    """One statement through the commits that changed it: its answer then, and what changed."""
    assert history.statement is not None
    instrument = history.instrument
    role, statement = history.statement
    where = _where(history)
    blocks = header(f"History of {where} in {printable(history.path.name)}", lines, warnings)
    blocks.append(Heading(f"{where} {printable(statement.text)}", 3))
    rows: list[tuple[Cell | Bar, ...]] = []
    for point in reversed(history.points):
        changed = point.changes.about(where)
        if not changed:
            continue
        entry = point.assessment.entry(role.id, statement.id)
        rows.append(
            (
                cell(f"{point.version.when:%Y-%m-%d %H:%M}"),
                cell(printable(point.version.author)),
                cell(printable(point.version.subject)),
                cell(any_answer_text(instrument, statement, entry), "strong"),
                cell("\n".join(f"{c.what}: {c.before} → {c.after}" for c in changed)),
            )
        )
    if rows:
        blocks.append(
            Table(
                rows,
                header=("Date", "Author", "Message", "Answer", "What changed"),
                wide=4,
                stacked_in_terminal=True,
            )
        )
    else:
        blocks.append(paragraph(f"No commit changed {where}.", apart=True))
    return Document(
        title=f"{instrument.title}: history of {where}",
        blocks=blocks,
        records=[_records(history)],
        data=_data(history),
        footer=about(instrument),
    )


def _records(history: History) -> Records:
    where = _where(history) if history.statement is not None else None
    rows = []
    for point in history.points:
        for change in point.changes.changes:
            if where is not None and change.where != where:
                continue
            rows.append(
                (
                    point.version.commit,
                    point.version.when.isoformat(),
                    Typed(point.version.author),
                    Typed(point.version.subject),
                    change.where,
                    Typed(change.what),
                    Typed(change.before),
                    Typed(change.after),
                )
            )
    return Records(
        ("commit", "date", "author", "message", "where", "what", "before", "after"),
        rows,
        name="Changes",
    )


def _data(history: History) -> dict[str, Any]:
    where = _where(history) if history.statement is not None else None
    return {
        "framework": {"id": history.instrument.id, "version": history.instrument.version},
        "file": str(history.path),
        "statement": where,
        "commits": [
            {
                "commit": point.version.commit,
                "date": point.version.when.isoformat(),
                "author": point.version.author,
                "message": point.version.subject,
                "score": round(point.score.percent, 2) if point.score else None,
                "roles": {role.role.id: round(role.percent, 2) for role in point.score.roles}
                if point.score
                else {},
                "changes": [
                    {"where": c.where, "what": c.what, "before": c.before, "after": c.after}
                    for c in point.changes.changes
                    if where is None or c.where == where
                ],
            }
            for point in history.points
        ],
    }
