"""Reports on saved answers: review one file, compare several. No Textual here.

Each report is built once as plain data (:class:`Review`, :class:`ComparisonReport`) and rendered
as Rich renderables for the terminal, or as Markdown, CSV or JSON text. Every text that comes from
a file passes through :func:`printable` before it reaches any output, and Rich is never given
markup, so notes such as ``[bold]`` or ``[@click=...]`` come out exactly as written.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from itertools import groupby
from pathlib import Path
from typing import Any, NamedTuple

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from .assessment import Assessment, Entry
from .framework import Framework, Role, Statement
from .marks import (
    FLAG_SYMBOL,
    NOTE_SYMBOL,
    TO_CONFIRM_SYMBOL,
    answer_label,
    answer_symbol,
    bar,
    level_name,
    percent,
)
from .scoring import Comparison, Score, compare, gaps, same_team_over_time, score
from .textsafe import printable


class Loaded(NamedTuple):
    """An answers file as read, with the name it goes by in reports."""

    path: Path
    document: Assessment
    name: str


def names_for(paths: list[Path], documents: list[Assessment]) -> list[str]:
    """Each file's respondent where those are distinct and given, else its file name."""
    respondents = [printable(d.metadata.respondent).strip() for d in documents]
    if all(respondents) and len(set(respondents)) == len(respondents):
        return respondents
    stems = [path.stem for path in paths]
    if len(set(stems)) == len(stems):
        return stems
    return [str(path) for path in paths]


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M %Z").strip() if moment else "—"


def _signed(points: float) -> str:
    value = round(points)
    return f"{value:+d}" if value else "0"


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
    def document(self) -> Assessment:
        return self.loaded.document

    def lines_of(self, role: Role) -> list[StatementLine]:
        return [line for line in self.lines if line.role_id == role.id and line.number]

    @property
    def unknown(self) -> list[StatementLine]:
        return [line for line in self.lines if line.number is None]


def build_review(framework: Framework, loaded: Loaded) -> Review:
    document = loaded.document
    lines = [
        StatementLine(
            role_id=role.id,
            statement_id=statement.id,
            number=role.statements.index(statement) + 1,
            text=statement.text,
            entry=document.entry(role.id, statement.id),
        )
        for role, statement in framework.statements()
    ]
    for key in document.unknown_statements(framework):
        role_id, statement_id = key.split(".", 1)
        lines.append(
            StatementLine(role_id, statement_id, None, "", document.entry(role_id, statement_id))
        )
    return Review(
        framework=framework,
        loaded=loaded,
        score=score(framework, document),
        lines=lines,
        warnings=document.warnings(framework),
    )


def _marks(entry: Entry | None) -> str:
    if entry is None:
        return ""
    return "".join(
        symbol
        for present, symbol in (
            (entry.flagged, f" {FLAG_SYMBOL} flagged"),
            (entry.to_confirm, f" {TO_CONFIRM_SYMBOL} to confirm"),
        )
        if present
    )


def _answer_text(framework: Framework, answer: str | None) -> str:
    if answer is not None and answer not in framework.answer_values:
        return printable(answer)
    return f"{answer_symbol(framework, answer)} {answer_label(framework, answer)}"


# ---- terminal


def _style_for(framework: Framework, answer: str | None) -> str:
    if answer is None or answer not in framework.answer_values:
        return "dim"
    points = framework.option(answer).points
    return "green" if points >= 1 else "yellow" if points > 0 else "red"


class Rows:
    """Rows of cells in columns, two spaces apart: a table for the terminal reports.

    Every column is as wide as its widest cell (or ``least``), except the ``flex`` one, which
    takes the rest of the line: its text wraps under itself when it is the last column (unless
    ``wrap`` is False), and is cut with … otherwise. Rich's Table does the same but measures
    every cell again on each print, which made it the larger part of ``review``'s time.
    """

    GAP = "  "

    def __init__(
        self,
        rows: list[list[Text]],
        *,
        header: list[Text] | None = None,
        right: Iterable[int] = (),
        least: dict[int, int] | None = None,
        flex: int | None = None,
        wrap: bool = True,
        paged_from: int | None = None,
        shrink: int | None = None,
    ) -> None:
        """``paged_from``: the columns from there on (one a file) may go to further pages, each
        repeating the columns before them, when they do not all fit the width: no value is
        ever cut off to fit. ``shrink``: a column of labels that is cut (with …) rather than
        let a line run past the width, when even one paged column does not fit beside it."""
        self.rows = rows
        self.wrap = wrap
        self.header = header
        self.right = set(right)
        self.least = least or {}
        self.flex = flex
        self.paged_from = paged_from
        self.shrink = shrink

    #: The narrowest a wrapping column gets before the other columns go to pages.
    FLEX_LEAST = 16

    def _widths(self) -> list[int]:
        rows = ([self.header] if self.header else []) + self.rows
        count = max(len(row) for row in rows)
        return [
            max(
                [self.least.get(column, 0)]
                + [row[column].cell_len for row in rows if column < len(row)]
            )
            for column in range(count)
        ]

    def _pages(self, max_width: int) -> list[list[int]] | None:
        """The paged columns on each page, when they need more than one; else None."""
        if self.paged_from is None:
            return None
        widths = self._widths()
        kept = list(range(self.paged_from))
        paged = list(range(self.paged_from, len(widths)))

        def width_of(columns: list[int]) -> int:
            total = sum(
                self.FLEX_LEAST if column == self.flex else widths[column] for column in columns
            )
            return total + len(self.GAP) * (len(columns) - 1)

        if width_of(kept + paged) <= max_width:
            return None
        pages: list[list[int]] = [[]]
        for column in paged:
            if pages[-1] and width_of(kept + pages[-1] + [column]) > max_width:
                pages.append([])
            pages[-1].append(column)
        return pages

    def _page(self, columns: list[int]) -> Rows:
        def pick(row: list[Text]) -> list[Text]:
            if len(row) == 1:
                return row  # a heading row (a group's title) stays whole
            return [row[column] if column < len(row) else Text() for column in columns]

        index = {column: number for number, column in enumerate(columns)}
        return Rows(
            [pick(row) for row in self.rows],
            header=pick(self.header) if self.header else None,
            right=[index[c] for c in self.right if c in index],
            least={index[c]: w for c, w in self.least.items() if c in index},
            flex=index.get(self.flex) if self.flex is not None else None,
            wrap=self.wrap,
            shrink=index.get(self.shrink) if self.shrink is not None else None,
        )

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        pages = self._pages(options.max_width)
        if pages is not None:
            assert self.paged_from is not None
            kept = list(range(self.paged_from))
            for number, page in enumerate(pages):
                if number:
                    yield Segment.line()
                yield from self._page(kept + page).__rich_console__(console, options)
            return
        rows = ([self.header] if self.header else []) + self.rows
        count = max(len(row) for row in rows)
        widths = self._widths()
        if self.flex is not None:
            others = sum(width for column, width in enumerate(widths) if column != self.flex)
            widths[self.flex] = max(options.max_width - others - len(self.GAP) * (count - 1), 10)
        over = sum(widths) + len(self.GAP) * (count - 1) - options.max_width
        if over > 0 and self.shrink is not None:
            widths[self.shrink] = max(widths[self.shrink] - over, 8)
        for number, row in enumerate(rows):
            cells = [row[column] if column < len(row) else Text() for column in range(count)]
            if number == 0 and self.header:
                cells = [cell.copy() for cell in cells]
                for cell in cells:
                    cell.stylize("bold")
            for line in self._lines(console, cells, widths):
                yield from line.render(console)  # already fits: no need for Text's own wrapping
                yield Segment.line()

    def _lines(self, console: Console, cells: list[Text], widths: list[int]) -> Iterator[Text]:
        last = len(cells) - 1
        wrapped: list[Text] = []
        line = Text()
        for column, (cell, width) in enumerate(zip(cells, widths, strict=True)):
            if column == self.flex and column == last and self.wrap:
                wrapped = list(cell.wrap(console, width)) or [Text()]
                cell = wrapped.pop(0)
            elif column == self.flex or cell.cell_len > width:
                cell = cell.copy()
                cell.truncate(width, overflow="ellipsis")
            room = " " * max(width - cell.cell_len, 0)
            if column == last and column not in self.right:
                room = ""  # no trailing spaces
            line.append_text(Text(room) + cell if column in self.right else cell + Text(room))
            if column != last:
                line.append(self.GAP)
        line.rstrip()
        yield line
        indent = " " * (sum(widths[:last]) + len(self.GAP) * last)
        for more in wrapped:
            more.rstrip()
            yield Text(indent) + more


def _scores_table(framework: Framework, scores: list[Score], names: list[str]) -> Rows:
    """One row per role, grouped; with one document a bar, with more a column each and change."""
    single = len(scores) == 1
    if single:
        header = [Text("Role"), Text(""), Text("Score"), Text("Level"), Text("Answered")]
        right = [2, 4]
    else:
        header = [Text("Role"), *(Text(name) for name in names), Text("Change")]
        right = list(range(1, len(names) + 2))

    def cells(role_id: str | None) -> list[Text]:
        results = [s if role_id is None else s.for_role(role_id) for s in scores]
        if single:
            (result,) = results
            return [
                Text(bar(result.percent, 16), style="cyan" if result.answered else "dim"),
                Text(percent(result.percent)),
                Text(level_name(result.level)),
                Text(f"{result.answered}/{result.total}"),
            ]
        row = [Text(f"{percent(r.percent)} {level_name(r.level)}") for r in results]
        change = results[-1].percent - results[0].percent
        row.append(Text(_signed(change), style="green" if change > 0 else "red" if change else ""))
        return row

    rows: list[list[Text]] = []
    for group in framework.groups:
        rows.append([Text(printable(group.title), style="bold")])
        for role in framework.roles_in(group):
            rows.append([Text("  " + printable(role.label)), *cells(role.id)])
    rows.append([Text("Overall", style="bold"), *cells(None)])
    return Rows(rows, header=header, right=right, paged_from=None if single else 1, shrink=0)


def _header(title: str, lines: Iterable[str], warnings: list[str]) -> Iterator[RenderableType]:
    yield Text(title, style="bold")
    for line in lines:
        yield Text(line)
    for warning in warnings:
        yield Text(f"Warning: {printable(warning)}", style="bold yellow")


def review_renderables(review: Review) -> Iterator[RenderableType]:
    framework, document = review.framework, review.document
    meta = document.metadata
    yield from _header(
        f"{printable(framework.title)} — review",
        [
            f"File: {printable(str(review.loaded.path))}",
            f"State: {printable(meta.state) or '—'}"
            f" · Respondent: {printable(meta.respondent) or '—'}",
            f"Created: {_when(meta.created)} · Updated: {_when(meta.updated)}",
            f"Answers framework {printable(document.framework)} "
            f"version {printable(document.framework_version or '—')}",
        ],
        review.warnings,
    )
    yield Text()
    yield Text("Scores", style="bold underline")
    yield _scores_table(framework, [review.score], [review.loaded.name])
    yield Text()
    yield Text("Answers", style="bold underline")
    width = max(len(_answer_text(framework, ln.answer) + _marks(ln.entry)) for ln in review.lines)
    for role in framework.roles:
        yield Text(printable(role.title), style="bold")
        yield _statement_table(framework, review.lines_of(role), width)
    if review.unknown:
        yield Text("Statements unknown to this framework (kept in the file)", style="bold")
        yield _statement_table(framework, review.unknown, width)
    yield Text()
    yield Text("Gaps: answered below the top of the scale, or unanswered", style="bold underline")
    found = gaps(framework, document)
    if not found:
        yield Text("None.")
    label_width = max(len(_answer_text(framework, option.value)) for option in framework.scale)
    label_width = max(label_width, len(_answer_text(framework, None)))
    for role, role_gaps in groupby(found, key=lambda gap: gap.role):
        yield Text(printable(role.title), style="bold")
        rows = [
            [
                Text(f"{role.statements.index(gap.statement) + 1}"),
                Text(_answer_text(framework, gap.answer), style=_style_for(framework, gap.answer)),
                Text(printable(gap.statement.text)),
            ]
            for gap in role_gaps
        ]
        yield Rows(rows, right=[0], least={0: 2, 1: label_width}, flex=2, wrap=False)


def _statement_table(framework: Framework, lines: list[StatementLine], answer_width: int) -> Rows:
    rows = []
    for line in lines:
        label = Text(_answer_text(framework, line.answer), style=_style_for(framework, line.answer))
        label.append(_marks(line.entry), style="bold")
        body = Text(printable(line.text) if line.number else f"{line.role_id}.{line.statement_id}")
        if line.entry and line.entry.note:
            body.append(f"\n{NOTE_SYMBOL} ", style="bold")
            body.append(printable(line.entry.note, multiline=True), style="italic")
        rows.append([Text(str(line.number or "?")), label, body])
    return Rows(rows, right=[0], least={0: 2, 1: answer_width}, flex=2)


# ---- markdown


def md(text: str) -> str:
    """Text from a file made literal in Markdown: markup characters escaped, lines joined."""
    text = printable(text, multiline=True)
    for char in "\\`*_[]<>|~#":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "<br>")


def review_markdown(review: Review) -> str:
    framework, document = review.framework, review.document
    meta = document.metadata
    out = [
        f"# {md(framework.title)}: review",
        "",
        f"- **File:** {md(str(review.loaded.path))}",
        f"- **State:** {md(meta.state) or '—'}",
        f"- **Respondent:** {md(meta.respondent) or '—'}",
        f"- **Created:** {_when(meta.created)} · **Updated:** {_when(meta.updated)}",
        f"- **Framework:** {md(document.framework)} "
        f"version {md(document.framework_version or '—')}",
    ]
    out += [f"- **Warning:** {md(warning)}" for warning in review.warnings]
    out += [
        "",
        "## Scores",
        "",
        "| Role | Score | Level | Answered |",
        "| --- | ---: | --- | ---: |",
    ]
    for group in framework.groups:
        out.append(f"| **{md(group.title)}** | | | |")
        for role in framework.roles_in(group):
            result = review.score.for_role(role.id)
            out.append(
                f"| {md(role.label)} | {percent(result.percent)} | {level_name(result.level)} "
                f"| {result.answered}/{result.total} |"
            )
    total = review.score
    out.append(
        f"| **Overall** | **{percent(total.percent)}** | **{level_name(total.level)}** "
        f"| {total.answered}/{total.total} |"
    )
    out += ["", "## Answers"]
    sections = [(md(role.title), review.lines_of(role)) for role in framework.roles]
    if review.unknown:
        sections.append(("Statements unknown to this framework (kept in the file)", review.unknown))
    for title, lines in sections:
        out += [
            "",
            f"### {title}",
            "",
            "| # | Answer | Statement | Note |",
            "| ---: | --- | --- | --- |",
        ]
        for line in lines:
            text = md(line.text) if line.number else f"`{line.role_id}.{line.statement_id}`"
            answer = md(_answer_text(framework, line.answer) + _marks(line.entry))
            note = md(line.entry.note) if line.entry else ""
            out.append(f"| {line.number or '?'} | {answer} | {text} | {note} |")
    out += ["", "## Gaps", ""]
    found = gaps(framework, document)
    if not found:
        out.append("None: every statement is answered at the top of the scale.")
    for role, role_gaps in groupby(found, key=lambda gap: gap.role):
        out += [f"**{md(role.title)}**", ""]
        for gap in role_gaps:
            number = role.statements.index(gap.statement) + 1
            answer = md(_answer_text(framework, gap.answer) + _marks(gap.entry))
            item = f"- {number}. {answer}: {md(gap.statement.text)}"
            if gap.entry is not None and gap.entry.note:
                item += f" — *Note:* {md(gap.entry.note)}"
            out.append(item)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


# ---- csv and json


def _cell(text: str) -> str:
    """A CSV cell from a file: control characters out, and no formula a spreadsheet would run."""
    text = printable(text, multiline=True)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _points(framework: Framework, answer: str | None) -> str:
    if answer is None or answer not in framework.answer_values:
        return ""
    return f"{framework.option(answer).points:g}"


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
        ]
    )
    meta = review.document.metadata
    titles = {role.id: role.title for role in review.framework.roles}
    for line in review.lines:
        entry = line.entry
        writer.writerow(
            [
                _cell(meta.state),
                _cell(meta.respondent),
                line.role_id,
                titles.get(line.role_id, ""),
                line.number or "",
                line.statement_id,
                line.text,
                _cell(line.answer or ""),
                _points(review.framework, line.answer),
                "yes" if entry and entry.flagged else "",
                "yes" if entry and entry.to_confirm else "",
                _cell(entry.note) if entry else "",
            ]
        )
    return buffer.getvalue()


def _score_json(result: Score) -> dict[str, Any]:
    return {
        "percent": round(result.percent, 2),
        "level": result.level.name if result.level else None,
        "answered": result.answered,
        "total": result.total,
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
    document = review.document
    return to_json(
        {
            "file": str(review.loaded.path),
            "framework": {
                "id": review.framework.id,
                "version": review.framework.version,
                "title": review.framework.title,
            },
            "document": document.model_dump(mode="json"),
            "warnings": review.warnings,
            "score": _score_json(review.score),
            "statements": [
                {
                    "role": line.role_id,
                    "id": line.statement_id,
                    "known": line.number is not None,
                    "text": line.text,
                    "answer": line.answer,
                    "points": float(p) if (p := _points(review.framework, line.answer)) else None,
                    "flagged": bool(line.entry and line.entry.flagged),
                    "to_confirm": bool(line.entry and line.entry.to_confirm),
                    "note": line.entry.note if line.entry else "",
                }
                for line in review.lines
            ],
        }
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
    documents = [f.document for f in files]
    by_date = same_team_over_time(documents) and all(d.metadata.updated for d in documents)
    if by_date:
        files = sorted(files, key=lambda f: f.document.metadata.updated)  # type: ignore[arg-type, return-value]
    warnings = [f"{f.name}: {warning}" for f in files for warning in f.document.warnings(framework)]
    return ComparisonReport(
        framework=framework,
        files=files,
        comparison=compare(framework, [f.document for f in files]),
        by_date=by_date,
        warnings=warnings,
    )


def _statement_label(
    framework: Framework, role_id: str, statement: Statement | None, sid: str
) -> str:
    if statement is None:
        return f"{role_id}.{sid}"
    role = framework.role(role_id)
    return f"{framework.roles.index(role) + 1}.{role.statements.index(statement) + 1}"


def _agreement_lines(report: ComparisonReport) -> list[str]:
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


def _order_line(report: ComparisonReport) -> str:
    return (
        "Ordered by date updated (one team over time); change is last minus first."
        if report.by_date
        else "In the order given; change is last minus first."
    )


def comparison_renderables(
    report: ComparisonReport, *, differences_only: bool = False
) -> Iterator[RenderableType]:
    framework = report.framework
    names = [f.name for f in report.files]
    yield from _header(
        f"{printable(framework.title)} — comparison of {len(report.files)} files",
        [
            f"{name}: {printable(str(f.path))} · {printable(f.document.metadata.state) or '—'}"
            f" · updated {_when(f.document.metadata.updated)}"
            for name, f in zip(names, report.files, strict=True)
        ]
        + [_order_line(report)],
        report.warnings,
    )
    yield Text()
    yield Text("Scores by role", style="bold underline")
    yield _scores_table(framework, list(report.comparison.scores), names)
    yield Text()
    title = "Statements that differ (≠)" if differences_only else "Statements (≠ where they differ)"
    yield Text(title, style="bold underline")
    answer_width = max(
        len(_answer_text(framework, answer))
        for row in report.comparison.statements
        for answer in row.answers
    )
    rows = []
    for row in report.comparison.statements:
        if differences_only and not row.differs:
            continue
        text = printable(row.statement.text) if row.statement else "(unknown to this framework)"
        rows.append(
            [
                Text("≠", style="bold red") if row.differs else Text(""),
                Text(_statement_label(framework, row.role_id, row.statement, row.statement_id)),
                Text(text),
                *[
                    Text(_answer_text(framework, answer), style=_style_for(framework, answer))
                    for answer in row.answers
                ],
            ]
        )
    header = [Text(""), Text("#"), Text("Statement"), *(Text(name) for name in names)]
    least = {0: 1, 1: 3} | {3 + index: answer_width for index in range(len(names))}
    yield Rows(rows, header=header, least=least, flex=2, paged_from=3)
    yield Text()
    yield Text("Agreement", style="bold underline")
    for line in _agreement_lines(report):
        yield Text(line)


def comparison_markdown(report: ComparisonReport, *, differences_only: bool = False) -> str:
    framework = report.framework
    names = [md(f.name) for f in report.files]
    out = [f"# {md(framework.title)}: comparison of {len(report.files)} files", ""]
    for name, f in zip(names, report.files, strict=True):
        out.append(
            f"- **{name}:** {md(str(f.path))} · {md(f.document.metadata.state) or '—'}"
            f" · updated {_when(f.document.metadata.updated)}"
        )
    out += [f"- **Warning:** {md(w)}" for w in report.warnings]
    out += ["", _order_line(report), "", "## Scores by role", ""]
    out += ["| Role | " + " | ".join(names) + " | Change |"]
    out += ["| --- | " + " | ".join("---:" for _ in names) + " | ---: |"]
    scores = report.comparison.scores

    def row(label: str, role_id: str | None) -> str:
        results = [s if role_id is None else s.for_role(role_id) for s in scores]
        cells = [f"{percent(r.percent)} {level_name(r.level)}" for r in results]
        change = _signed(results[-1].percent - results[0].percent)
        return f"| {label} | " + " | ".join(cells) + f" | {change} |"

    for group in framework.groups:
        out.append(f"| **{md(group.title)}** | " + " | ".join("" for _ in names) + " | |")
        for role in framework.roles_in(group):
            out.append(row(md(role.label), role.id))
    out.append(row("**Overall**", None))
    out += ["", "## Statements", ""]
    out += ["| | # | Statement | " + " | ".join(names) + " |"]
    out += ["| --- | --- | --- | " + " | ".join("---" for _ in names) + " |"]
    for item in report.comparison.statements:
        if differences_only and not item.differs:
            continue
        text = md(item.statement.text) if item.statement else "(unknown to this framework)"
        label = _statement_label(framework, item.role_id, item.statement, item.statement_id)
        answers = " | ".join(md(_answer_text(framework, a)) for a in item.answers)
        out.append(f"| {'≠' if item.differs else ''} | {md(label)} | {text} | {answers} |")
    out += ["", "## Agreement", ""]
    out += [f"- {md(line)}" for line in _agreement_lines(report)]
    return "\n".join(out) + "\n"


def comparison_csv(report: ComparisonReport, *, differences_only: bool = False) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["role", "statement_id", "statement", *[_cell(f.name) for f in report.files], "differs"]
    )
    for row in report.comparison.statements:
        if differences_only and not row.differs:
            continue
        writer.writerow(
            [
                row.role_id,
                row.statement_id,
                row.statement.text if row.statement else "",
                *[answer or "" for answer in row.answers],
                "yes" if row.differs else "",
            ]
        )
    return buffer.getvalue()


def comparison_json(report: ComparisonReport, *, differences_only: bool = False) -> str:
    comparison = report.comparison
    return to_json(
        {
            "framework": {"id": report.framework.id, "version": report.framework.version},
            "ordered_by": "updated" if report.by_date else "given",
            "files": [
                {
                    "name": f.name,
                    "file": str(f.path),
                    "metadata": f.document.metadata.model_dump(mode="json"),
                    "score": _score_json(s),
                }
                for f, s in zip(report.files, comparison.scores, strict=True)
            ],
            "change": {
                "overall": round(comparison.change(), 2),
                "roles": {
                    role.id: round(comparison.change(role.id), 2) for role in report.framework.roles
                },
            },
            "statements": [
                {
                    "role": row.role_id,
                    "id": row.statement_id,
                    "known": row.statement is not None,
                    "answers": dict(zip([f.name for f in report.files], row.answers, strict=True)),
                    "differs": row.differs,
                }
                for row in comparison.statements
                if row.differs or not differences_only
            ],
            "agreement": {
                "same": comparison.same,
                "unanswered_by_all": comparison.unanswered_by_all,
                "statements": len(comparison.known),
                "by_role": [
                    {"role": item.role.id, "differing": item.differing, "total": item.total}
                    for item in comparison.disagreement_by_role(report.framework)
                ],
            },
            "warnings": report.warnings,
        }
    )


# -- output ---------------------------------------------------------------------------------------


def make_console(
    file: io.TextIOBase | None = None,
    *,
    plain: bool = False,
    width: int | None = None,
    force_terminal: bool | None = None,
) -> Console:
    """A console that never reads markup; plain (no escape codes at all) when asked, when
    NO_COLOR is set, or when the output is not a terminal (Rich's own detection)."""
    import os

    no_color = plain or bool(os.environ.get("NO_COLOR"))
    return Console(
        file=file,  # type: ignore[arg-type]
        markup=False,
        highlight=False,
        emoji=False,
        color_system=None if no_color else "auto",
        width=width,
        force_terminal=force_terminal,
    )


def render_text(renderables: Iterable[RenderableType], width: int = 100) -> str:
    """The terminal rendering as plain text, for ``-o FILE``."""
    buffer = io.StringIO()
    console = make_console(buffer, plain=True, width=width)
    console.print(Group(*renderables))
    return buffer.getvalue()
