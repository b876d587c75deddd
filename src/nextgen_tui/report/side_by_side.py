"""Every question's answers side by side, a column per file: profiles compared heading by
heading, their numbers in one table of their own.
"""

# (no `from __future__ import annotations`: the records' annotations are then types, not
# strings that typing.NamedTuple compiles one by one as the module is imported)

from typing import Any, NamedTuple

from ..core.instrument import Instrument, Role, Statement
from ..core.textsafe import printable
from ..core.wording import (
    answer_text,
    typed_lines,
)
from .blocks import Bar, Cell, Document, Heading, Records, Table, Typed, cell, paragraph
from .named_assessment import NamedAssessment, file_line
from .review import about, header, named_as, summary


class SideRow(NamedTuple):
    """One question, and each file's answer to it as lines (none: unanswered)."""

    role: Role
    statement: Statement
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
        return [row for row in self.rows if _counts(row.statement)]

    def sections(self) -> list[tuple[Role, list[SideRow]]]:
        """Each section with its questions but the numbers (those are in their table); those
        left with none are left out."""
        out = []
        for role in self.instrument.roles:
            rows = [row for row in self.rows if row.role is role and not _counts(row.statement)]
            if rows:
                out.append((role, rows))
        return out


def _counts(statement: Statement) -> bool:
    """A number or a date, or a list whose items hold a number."""
    if statement.type in ("number", "date"):
        return True
    return statement.type == "group" and any(field.type == "number" for field in statement.fields)


def build_side_by_side(
    instrument: Instrument, files: list[NamedAssessment], *, differences_only: bool = False
) -> SideBySide:
    rows = []
    for role, statement in instrument.statements():
        cells: list[tuple[str, ...]] = []
        for loaded in files:
            entry = loaded.assessment.entry(role.id, statement.id)
            if not statement.is_scale:
                cells.append(tuple(typed_lines(statement, entry)))
            elif entry is not None and entry.answer is not None:
                cells.append((answer_text(instrument, entry.answer),))
            else:
                cells.append(())
        row = SideRow(role, statement, instrument.label_of(role, statement), tuple(cells))
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


# -- the document ---------------------------------------------------------------------------------


def document(report: SideBySide) -> Document:
    """Numbers in one table, a column per file; then heading by heading, each question and
    under it each file's answer, so that nothing is cut or split into pages at any width."""
    blocks = header(
        side_title(report),
        [file_line(name, f) for name, f in zip(report.names, report.files, strict=True)],
        report.warnings,
    )
    names = [printable(name) for name in report.names]
    differing = sum(row.differs for row in report.rows)
    blocks += summary(
        [("Questions", f"{differing} of {len(report.rows)} answered differently")]
        if not report.differences_only
        else [("Questions", f"{len(report.rows)} answered differently")]
    )
    parts = [("Numbers", report.numbers)] if report.numbers else []
    parts += [(role.title, questions) for role, questions in report.sections()]
    for title, questions in parts:
        rows: list[tuple[Cell | Bar, ...]] = []
        for row in questions:
            mark = " ≠" if row.differs and not report.differences_only else ""
            rows.append(
                (
                    cell(f"{row.label} {printable(row.statement.text)}{mark}"),
                    *(
                        cell("\n".join(given)) if given else cell("—", "unanswered")
                        for given in row.cells
                    ),
                )
            )
        blocks += [
            Heading(printable(title)),
            Table(rows, header=("Question", *names), per_file_from=1, stacked_in_terminal=True),
        ]
    if not report.rows:
        blocks.append(
            paragraph("None: every question is answered alike in every file.", apart=True)
        )
    return Document(
        title=side_title(report),
        blocks=blocks,
        records=[_records(report)],
        data=_data(report),
        footer=about(report.instrument),
    )


# -- as data --------------------------------------------------------------------------------------


def _records(report: SideBySide) -> Records:
    """A row per question and file: its section, the question, the file, the answer (lines
    joined with " / ")."""
    rows = [
        (
            Typed(row.role.title),
            row.label,
            row.statement.id,
            Typed(row.statement.text),
            row.statement.type,
            Typed(name),
            Typed(" / ".join(given)),
        )
        for row in report.rows
        for name, given in zip(report.names, row.cells, strict=True)
    ]
    header = ("section", "number", "question_id", "question", "type", "file", "answer")
    return Records(header, rows, name="Answers")


def _data(report: SideBySide) -> dict[str, Any]:
    return {
        "framework": {"id": report.instrument.id, "version": report.instrument.version},
        "files": [{"name": f.name, "path": str(f.path)} for f in report.files],
        "warnings": report.warnings,
        "questions": [
            {
                "section": row.role.id,
                "id": row.statement.id,
                "number": row.label,
                "type": row.statement.type,
                "text": row.statement.text,
                "differs": row.differs,
                "answers": {
                    f.name: {
                        "shown": list(given),
                        "value": (e.typed or e.answer)
                        if (e := f.assessment.entry(row.role.id, row.statement.id))
                        else None,
                    }
                    for f, given in zip(report.files, row.cells, strict=True)
                },
            }
            for row in report.rows
        ],
    }
