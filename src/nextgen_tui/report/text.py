"""The reports for the terminal (and ``-o FILE.txt``): Rich renderables, never given markup."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from itertools import groupby

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from ..framework import Framework
from ..marks import NOTE_SYMBOL, answer_text, answer_tone, bar, level_range, percent_range
from ..scoring import Score
from ..textsafe import printable
from .model import (
    ComparisonReport,
    Review,
    StatementLine,
    agreement_lines,
    answered_text,
    marked,
    order_line,
    score_text,
    signed,
    statement_label,
    when,
)

#: An answer's tone (see :func:`~nextgen_tui.marks.answer_tone`) in the terminal's own colours.
TONE_COLOURS = {"full": "green", "partial": "yellow", "none": "red", None: "dim"}


def answer_colour(framework: Framework, answer: str | None) -> str:
    return TONE_COLOURS[answer_tone(framework, answer)]


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


def scores_table(framework: Framework, scores: list[Score], names: list[str]) -> Rows:
    """One row per role, grouped; with one assessment a bar, with more a column each and change."""
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
            counted = result.answered or result.disputed
            return [
                Text(bar(result.percent, 16), style="cyan" if counted else "dim"),
                Text(percent_range(result.percent, result.high_percent)),
                Text(level_range(result.level, result.levels)),
                Text(answered_text(result)),
            ]
        row = [Text(score_text(r)) for r in results]
        change = results[-1].percent - results[0].percent
        row.append(Text(signed(change), style="green" if change > 0 else "red" if change else ""))
        return row

    rows: list[list[Text]] = []
    for group in framework.groups:
        rows.append([Text(printable(group.title), style="bold")])
        for role in framework.roles_in(group):
            rows.append([Text("  " + printable(role.label)), *cells(role.id)])
    rows.append([Text("Overall", style="bold"), *cells(None)])
    return Rows(rows, header=header, right=right, paged_from=None if single else 1, shrink=0)


def heading(title: str, lines: Iterable[str], warnings: list[str]) -> Iterator[RenderableType]:
    yield Text(title, style="bold")
    for line in lines:
        yield Text(line)
    for warning in warnings:
        yield Text(f"Warning: {printable(warning)}", style="bold yellow")


def review_renderables(review: Review) -> Iterator[RenderableType]:
    framework, assessment = review.framework, review.assessment
    meta = assessment.details
    yield from heading(
        f"{printable(framework.title)} — review",
        [
            f"File: {printable(str(review.loaded.path))}",
            f"State: {printable(meta.state) or '—'}"
            f" · Respondent: {printable(meta.respondent) or '—'}",
            f"Created: {when(meta.created)} · Updated: {when(meta.updated)}",
            f"Answers framework {printable(assessment.framework)} "
            f"version {printable(assessment.framework_version or '—')}",
        ],
        review.warnings,
    )
    yield Text()
    yield Text("Scores", style="bold underline")
    yield scores_table(framework, [review.score], [review.loaded.name])
    yield Text()
    yield Text("Answers", style="bold underline")
    width = max(len(answer_text(framework, ln.answer) + marked(ln.entry)) for ln in review.lines)
    for role in framework.roles:
        yield Text(printable(role.title), style="bold")
        yield statement_table(framework, review.lines_of(role), width)
    if review.unknown:
        yield Text("Statements unknown to this framework (kept in the file)", style="bold")
        yield statement_table(framework, review.unknown, width)
    yield Text()
    yield Text("Gaps: answered below the top of the scale, or unanswered", style="bold underline")
    found = review.gaps
    if not found:
        yield Text("None.")
    label_width = max(len(answer_text(framework, option.value)) for option in framework.scale)
    label_width = max(label_width, len(answer_text(framework, None)))
    for role, role_gaps in groupby(found, key=lambda gap: gap.role):
        yield Text(printable(role.title), style="bold")
        rows = [
            [
                Text(f"{gap.number}"),
                Text(
                    answer_text(framework, gap.answer), style=answer_colour(framework, gap.answer)
                ),
                Text(printable(gap.statement.text)),
            ]
            for gap in role_gaps
        ]
        yield Rows(rows, right=[0], least={0: 2, 1: label_width}, flex=2, wrap=False)


def statement_table(framework: Framework, lines: list[StatementLine], answer_width: int) -> Rows:
    rows = []
    for line in lines:
        label = Text(
            answer_text(framework, line.answer), style=answer_colour(framework, line.answer)
        )
        label.append(marked(line.entry), style="bold")
        body = Text(printable(line.text) if line.number else f"{line.role_id}.{line.statement_id}")
        if line.entry and line.entry.note:
            body.append(f"\n{NOTE_SYMBOL} ", style="bold")
            body.append(printable(line.entry.note, multiline=True), style="italic")
        rows.append([Text(str(line.number or "?")), label, body])
    return Rows(rows, right=[0], least={0: 2, 1: answer_width}, flex=2)


def comparison_renderables(
    report: ComparisonReport, *, differences_only: bool = False
) -> Iterator[RenderableType]:
    framework = report.framework
    names = [f.name for f in report.files]
    yield from heading(
        f"{printable(framework.title)} — comparison of {len(report.files)} files",
        [
            f"{name}: {printable(str(f.path))} · {printable(f.assessment.details.state) or '—'}"
            f" · updated {when(f.assessment.details.updated)}"
            for name, f in zip(names, report.files, strict=True)
        ]
        + [order_line(report)],
        report.warnings,
    )
    yield Text()
    yield Text("Scores by role", style="bold underline")
    yield scores_table(framework, list(report.comparison.scores), names)
    yield Text()
    title = "Statements that differ (≠)" if differences_only else "Statements (≠ where they differ)"
    yield Text(title, style="bold underline")
    answer_width = max(
        len(answer_text(framework, answer))
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
                Text(statement_label(framework, row.role_id, row.statement, row.statement_id)),
                Text(text),
                *[
                    Text(answer_text(framework, answer), style=answer_colour(framework, answer))
                    for answer in row.answers
                ],
            ]
        )
    header = [Text(""), Text("#"), Text("Statement"), *(Text(name) for name in names)]
    least = {0: 1, 1: 3} | {3 + index: answer_width for index in range(len(names))}
    yield Rows(rows, header=header, least=least, flex=2, paged_from=3)
    yield Text()
    yield Text("Agreement", style="bold underline")
    for line in agreement_lines(report):
        yield Text(line)


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
