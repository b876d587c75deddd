"""``nextgen-tui diff OLD NEW``: what changed between two versions of an answers file, statement
by statement in the instrument's words, and the scores that moved
(:mod:`nextgen_tui.core.changes` finds them)."""

# (no `from __future__ import annotations`: the records' annotations are then types, not
# strings that typing.NamedTuple compiles one by one as the module is imported)

from typing import Any, NamedTuple

from ..core.changes import Change, Changes, compare
from ..core.instrument import Instrument
from ..core.textsafe import printable
from .blocks import (
    Bar,
    Cell,
    Document,
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
from .review import about, header

#: How a change reads in a document: an answer that went up or down, by its tone.
_TONES: dict[str, Style] = {"up": "good", "down": "bad"}


class Difference(NamedTuple):
    instrument: Instrument
    old: NamedAssessment
    new: NamedAssessment
    found: Changes


def build_difference(
    instrument: Instrument, old: NamedAssessment, new: NamedAssessment
) -> Difference:
    return Difference(instrument, old, new, compare(instrument, old.assessment, new.assessment))


def _heading(change: Change) -> str:
    if change.statement is None:
        return {"details": "The file's details", "members": "The team", "targets": "Targets"}[
            change.where
        ]
    return f"{change.where} {printable(change.statement.text)}"


def document(difference: Difference) -> Document:
    old, new, found = difference.old, difference.new, difference.found
    blocks = header(
        f"What changed: {printable(old.name)} → {printable(new.name)}",
        [file_line("Before", old), file_line("After", new)],
        [],
    )
    if not found.differ:
        blocks.append(paragraph("No change: the two files say the same.", apart=True))
    rows: list[tuple[Cell | Bar, ...]] = []
    heading = ""
    for change in found.changes:
        if _heading(change) != heading:
            heading = _heading(change)
            rows.append((cell(heading, "strong"),))
        tone = _TONES.get(change.direction or "")
        rows.append(
            (
                cell("  " + change.what),
                (Run(change.before, "muted"), Run(" → "), Run(change.after, tone)),
            )
        )
    if rows:
        blocks += [
            Heading(f"Changes ({len(found.changes)})"),
            Table(rows, header=("What", "Before → after"), wide=1),
        ]
    if found.scores:
        blocks += [
            Heading("Scores that moved"),
            Table(
                [
                    (
                        cell(move.name, "strong" if move.role is None else None),
                        cell(move.before, "muted"),
                        cell(move.after, "good" if move.points > 0 else "bad"),
                    )
                    for move in found.scores
                ],
                header=("Role", "Before", "After"),
                labels=0,
            ),
        ]
    return Document(
        title=f"{difference.instrument.title}: what changed",
        blocks=blocks,
        records=[_records(found)],
        data=_data(difference),
        footer=about(difference.instrument),
    )


def _records(found: Changes) -> Records:
    return Records(
        ("where", "what", "before", "after", "direction"),
        [
            (
                change.where,
                Typed(change.what),
                Typed(change.before),
                Typed(change.after),
                change.direction or "",
            )
            for change in found.changes
        ],
        name="Changes",
    )


def _data(difference: Difference) -> dict[str, Any]:
    found = difference.found
    return {
        "framework": {"id": difference.instrument.id, "version": difference.instrument.version},
        "old": str(difference.old.path),
        "new": str(difference.new.path),
        "differ": found.differ,
        "changes": [
            {
                "where": change.where,
                "role": change.role.id if change.role else None,
                "statement": change.statement.id if change.statement else None,
                "what": change.what,
                "before": change.before,
                "after": change.after,
                "direction": change.direction,
            }
            for change in found.changes
        ],
        "scores": [
            {
                "role": move.role.id if move.role else "overall",
                "before": move.before,
                "after": move.after,
                "change": round(move.points, 2),
            }
            for move in found.scores
        ],
    }
