"""The reports for the terminal (and ``-o FILE.txt``): Rich renderables, never given markup."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from itertools import groupby

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from ..core.instrument import Instrument
from ..core.scoring import Completion, RoleScore, Score, TargetGap
from ..core.textsafe import printable
from ..core.wording import (
    NOTE_SYMBOL,
    action_line,
    answer_text,
    answer_tone,
    bar,
    fit,
    gap_words,
    level_range,
    marked,
    percent,
    percent_range,
    signed,
    sparkline,
    target_text,
    when,
)
from .model import (
    ComparisonReport,
    PlanReport,
    Review,
    ScoreRow,
    SideBySide,
    StatementLine,
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

#: An answer's tone (see :func:`~nextgen_tui.core.wording.answer_tone`) in the terminal's
#: own colours.
TONE_COLOURS = {"full": "green", "partial": "yellow", "none": "red", None: "dim"}


def answer_colour(instrument: Instrument, answer: str | None) -> str:
    return TONE_COLOURS[answer_tone(instrument, answer)]


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
    FLEX_LEAST = 30

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


def scores_table(instrument: Instrument, result: Score) -> Rows:
    """One row per role, grouped: bar, score, level, how many answered (and disputed)."""
    header = [Text("Role"), Text(""), Text("Score"), Text("Level"), Text("Answered")]
    disputes = result.disputed > 0  # a team file with disputes: a column for them, "≠"
    if disputes:
        header.append(Text("≠"))
    width = 8 if disputes else 16  # (room for the ranges and the column at 80 columns)

    def cells(item: Score | RoleScore) -> list[Text]:
        counted = item.answered or item.disputed
        row = [
            Text(bar(item.percent, width), style="cyan" if counted else "dim"),
            Text(percent_range(item.percent, item.high_percent)),
            Text(level_range(item.level, item.levels)),
            Text(f"{item.answered}/{item.total}"),
        ]
        return [*row, Text(str(item.disputed or ""))] if disputes else row

    rows: list[list[Text]] = []
    for group in instrument.groups:
        rows.append([Text(printable(group.title), style="bold")])
        for role in instrument.roles_in(group):
            rows.append([Text("  " + printable(role.label)), *cells(result.for_role(role.id))])
    rows.append([Text("Overall", style="bold"), *cells(result)])
    return Rows(rows, header=header, right=[2, 4, 5], shrink=0)


def completion_table(review: Review) -> Rows:
    """An instrument only filled in: each section's bar, how much of it and what is left."""
    header = [
        Text(review.instrument.section_name.capitalize()),
        Text(""),
        Text("Filled"),
        Text("Left"),
    ]
    rows: list[list[Text]] = []
    *sections, overall = review.completion
    by_role = {done.role.id: done for done in sections if done.role is not None}

    def cells(done: Completion) -> list[Text]:
        return [
            Text(bar(done.percent, 16), style="cyan" if done.answered else "dim"),
            Text(f"{done.answered}/{done.total}"),
            Text(done.words),
        ]

    for group in review.instrument.groups:
        rows.append([Text(printable(group.title), style="bold")])
        for role in review.instrument.roles_in(group):
            rows.append([Text("  " + printable(role.label)), *cells(by_role[role.id])])
    rows.append([Text("Overall", style="bold"), *cells(overall)])
    return Rows(rows, header=header, right=[2], shrink=0)


def comparison_scores(report: ComparisonReport) -> Rows:
    """A column per file (or per group of files, with ``--by``), then the change over cycles
    or the spread between people."""
    columns, measure = score_columns(report)
    by_role = {row.role.id if row.role else None: row for row in score_rows(report)}
    coloured = report.cycles and not report.groups

    def cells(row: ScoreRow) -> list[Text]:
        style = ("green" if row.delta > 0 else "red" if row.delta else "") if coloured else ""
        return [*(Text(cell) for cell in row.cells), Text(row.delta_text, style=style)]

    rows: list[list[Text]] = []
    for group in report.instrument.groups:
        rows.append([Text(printable(group.title), style="bold")])
        for role in report.instrument.roles_in(group):
            rows.append([Text("  " + printable(role.label)), *cells(by_role[role.id])])
    rows.append([Text("Overall", style="bold"), *cells(by_role[None])])
    header = [Text("Role"), *(Text(name) for name in columns), Text(measure)]
    right = list(range(1, len(columns) + 2))
    return Rows(rows, header=header, right=right, paged_from=1, shrink=0)


def heading(title: str, lines: Iterable[str], warnings: list[str]) -> Iterator[RenderableType]:
    yield Text(title, style="bold")
    for line in lines:
        yield Text(line)
    for warning in warnings:
        yield Text(f"Warning: {printable(warning)}", style="bold yellow")


def review_renderables(review: Review) -> Iterator[RenderableType]:
    instrument, assessment = review.instrument, review.assessment
    details = assessment.details
    yield from heading(
        f"{printable(reviewed(review))} — review",
        [
            f"File: {printable(str(review.loaded.path))}",
            f"State: {printable(details.state) or '—'}"
            f" · Respondent: {printable(details.respondent) or '—'}",
            f"Created: {when(details.created)} · Updated: {when(details.updated)}",
            f"Answers instrument {printable(assessment.instrument)} "
            f"version {printable(assessment.instrument_version or '—')}",
        ],
        review.warnings,
    )
    yield Text()
    if not review.scored:
        yield Text(f"Filled in, by {instrument.section_name}", style="bold underline")
        yield completion_table(review)
    else:
        yield Text("Scores", style="bold underline")
        yield scores_table(instrument, review.score)
    if review.targets:
        yield Text()
        yield Text("Targets: roles below theirs first", style="bold underline")
        yield targets_table(review.targets)
    if review.score.disputed:
        yield Text(
            f"≠ {review.score.disputed} disputed: the members answered differently and the "
            "team has not agreed yet; each counts from the lowest answer given to the highest."
        )
    yield Text()
    yield Text("Answers", style="bold underline")
    width = max(len(ln.shown + marked(ln.entry)) for ln in review.lines)
    for role in instrument.roles:
        yield Text(printable(role.title), style="bold")
        yield statement_table(instrument, review.lines_of(role), width)
    if review.unknown:
        yield Text("Statements unknown to this instrument (kept in the file)", style="bold")
        yield statement_table(instrument, review.unknown, width)
    if not review.scored:
        return
    yield Text()
    yield Text("Gaps: answered below the top of the scale, or unanswered", style="bold underline")
    found = review.gaps
    if not found:
        yield Text("None.")
    label_width = max(len(answer_text(instrument, option.value)) for option in instrument.scale)
    label_width = max(label_width, len(answer_text(instrument, None)))
    for role, role_gaps in groupby(found, key=lambda gap: gap.role):
        yield Text(printable(role.title), style="bold")
        rows = [
            [
                Text(f"{gap.number}"),
                Text(
                    answer_text(instrument, gap.answer), style=answer_colour(instrument, gap.answer)
                ),
                Text(printable(gap.statement.text)),
            ]
            for gap in role_gaps
        ]
        yield Rows(rows, right=[0], least={0: 2, 1: label_width}, flex=2, wrap=False)


def statement_table(instrument: Instrument, lines: list[StatementLine], answer_width: int) -> Rows:
    rows = []
    for line in lines:
        style = answer_colour(instrument, line.answer) if not line.given else "green"
        label = Text(line.shown, style=style if line.entry else "dim")
        label.append(marked(line.entry), style="bold")
        body = Text(printable(line.text) if line.number else f"{line.role_id}.{line.statement_id}")
        for given in line.given:  # a question of another type: its answer under it
            body.append(f"\n  {given}", style="bold")
        if line.entry and line.entry.note:
            body.append(f"\n{NOTE_SYMBOL} ", style="bold")
            body.append(printable(line.entry.note, multiline=True), style="italic")
        for said in line.record.lines():  # how the team reached it; what is in place
            body.append(f"\n{printable(said, multiline=True)}", style="dim")
        for action in line.entry.actions if line.entry else []:
            body.append(f"\n▪ {action_line(action)}")
        rows.append([Text(str(line.number or "?")), label, body])
    return Rows(rows, right=[0], least={0: 2, 1: answer_width}, flex=2)


def comparison_renderables(report: ComparisonReport) -> Iterator[RenderableType]:
    instrument = report.instrument
    names = report.names
    kind = "cycles" if report.cycles else "files"
    yield from heading(
        f"{printable(instrument.title)} — comparison of {len(report.files)} {kind}",
        [file_line(name, f) for name, f in zip(names, report.files, strict=True)]
        + [order_line(report)],
        report.warnings,
    )
    yield Text()
    by = f"Scores by {report.by}" if report.groups else "Scores by role"
    yield Text(by, style="bold underline")
    yield comparison_scores(report)
    targets = target_rows(report)
    if targets:
        yield Text()
        yield Text("Targets", style="bold underline")
        header = [Text("Role"), *(Text(name) for name in report.names)]
        rows = [[Text("  " + label), *(Text(cell) for cell in cells)] for label, cells in targets]
        yield Rows(rows, header=header, paged_from=1, shrink=0)
    yield Text()
    yield Text(statements_title(report), style="bold underline")
    if not report.rows:
        yield Text("None.")
    else:
        yield _statement_rows(report)
    yield Text()
    yield Text("Agreement", style="bold underline")
    for line in agreement_lines(report):
        yield Text(line)


def _statement_rows(report: ComparisonReport) -> Rows:
    """A grid (a column of answers per file); with notes, a block per statement instead: its
    text, then each file's answer in one line, then each note, all under the statement."""
    instrument = report.instrument
    names = report.names
    if report.notes:
        return _statement_blocks(report)
    answer_width = max(
        len(answer_text(instrument, answer)) for row in report.rows for answer in row.answers
    )
    rows = []
    for row in report.rows:
        statement = row.statement
        rows.append(
            [
                Text("≠", style="bold red") if row.differs else Text(""),
                Text(statement_label(instrument, row.role_id, statement, row.statement_id)),
                Text(printable(statement.text) if statement else "(unknown to this instrument)"),
                *[
                    Text(answer_text(instrument, answer), style=answer_colour(instrument, answer))
                    for answer in row.answers
                ],
            ]
        )
    header = [Text(""), Text("#"), Text("Statement"), *(Text(name) for name in names)]
    least = {0: 1, 1: 3} | {3 + index: answer_width for index in range(len(names))}
    return Rows(rows, header=header, least=least, flex=2, paged_from=3)


def _statement_blocks(report: ComparisonReport) -> Rows:
    instrument = report.instrument
    rows = []
    for row in report.rows:
        statement = row.statement
        body = Text(printable(statement.text) if statement else "(unknown to this instrument)")
        said = Text()
        for index, (name, answer) in enumerate(zip(report.names, row.answers, strict=True)):
            said.append(" · " if index else "")
            said.append(f"{printable(name)} ")
            said.append(answer_text(instrument, answer), style=answer_colour(instrument, answer))
        body.append("\n")
        body.append_text(said)
        for name, note in zip(report.names, row.notes, strict=True):
            if note:
                body.append(f"\n{NOTE_SYMBOL} {printable(name)}: ", style="bold")
                body.append(printable(note, multiline=True), style="italic")
        rows.append(
            [
                Text("≠", style="bold red") if row.differs else Text(""),
                Text(statement_label(instrument, row.role_id, statement, row.statement_id)),
                body,
            ]
        )
    return Rows(rows, least={0: 1, 1: 3}, flex=2)


def targets_table(targets: list[TargetGap]) -> Rows:
    rows = [
        [
            Text(printable(gap.role.label) if gap.role else "Overall"),
            Text(percent(gap.current)),
            Text(target_text(gap.target)),
            Text(gap_words(gap), style="" if gap.met else "bold"),
        ]
        for gap in targets
    ]
    header = [Text("Role"), Text("Now"), Text("Target"), Text("Gap")]
    return Rows(rows, header=header, right=[1, 3])


def plan_renderables(report: PlanReport) -> Iterator[RenderableType]:
    instrument = report.instrument
    details = report.loaded.assessment.details
    yield from heading(
        f"{printable(instrument.title)} — plan",
        [
            f"File: {printable(str(report.loaded.path))}",
            f"State: {printable(details.state) or '—'} · Respondent: "
            f"{printable(details.respondent) or '—'}",
            plan_summary(report),
        ],
        [],
    )
    if report.targets:
        yield Text()
        yield Text("Targets: roles below theirs first", style="bold underline")
        yield targets_table(report.targets)
    yield Text()
    yield Text("Actions", style="bold underline")
    if not report.items:
        yield Text("None yet: press a on a statement in the questionnaire to plan one.")
        return
    rows = []
    previous = None
    for item in report.items:
        action = item.action
        due = action.due.isoformat() if action.due else "—"
        if action.overdue(report.today):
            due += " overdue"
        label = instrument.label_of(item.role, item.statement)
        body = Text(printable(action.text, multiline=True))
        if item.statement is not previous:  # the statement once, under its first action
            body.append(f"\n{fit(printable(item.statement.text), 60)}", style="dim")
        previous = item.statement
        rows.append(
            [
                Text(label),
                Text(action.status + (" (check)" if action.to_check else "")),
                Text(due, style="bold red" if action.overdue(report.today) else ""),
                Text(printable(action.owner) or "—"),
                Text(action.priority or ""),
                body,
            ]
        )
    header = [
        Text("#"),
        Text("Status"),
        Text("Due"),
        Text("Owner"),
        Text("Priority"),
        Text("Action"),
    ]
    yield Rows(rows, header=header, least={5: 20}, flex=5, shrink=3)


def trend_renderables(report: TrendReport) -> Iterator[RenderableType]:
    instrument = report.instrument
    names = [f.name for f in report.files]
    yield from heading(
        f"{printable(instrument.title)} — trend over {len(report.files)} cycles",
        [file_line(name, f) for name, f in zip(names, report.files, strict=True)],
        [],
    )
    yield Text()
    yield Text("Scores by cycle", style="bold underline")
    rows = []
    for row in report.rows:
        label = (
            Text("  " + printable(row.role.label)) if row.role else Text("Overall", style="bold")
        )
        change = row.change
        rows.append(
            [
                label,
                *(Text(percent(value)) for value in row.percents),
                Text(sparkline(row.percents), style="cyan"),
                Text(signed(change), style="green" if change > 0 else "red" if change else ""),
            ]
        )
    header = [Text("Role"), *(Text(name) for name in names), Text("Trend"), Text("Change")]
    yield Rows(rows, header=header, right=[*range(1, len(names) + 1), len(names) + 2])
    yield Text()
    yield Text("Statements that moved, those that went down first", style="bold underline")
    if not report.moves:
        yield Text("None: every answer stayed the same.")
    moves = []
    for move in report.moves_down_first:
        body = Text(fit(printable(move.statement.text), 40))
        if move.note:
            body.append(f"\n{NOTE_SYMBOL} ", style="bold")
            body.append(printable(move.note, multiline=True), style="italic")
        moves.append(
            [
                Text(instrument.label_of(move.role, move.statement)),
                Text(f"{printable(move.since)}→{printable(move.until)}"),
                Text(
                    f"{answer_text(instrument, move.before)} → "
                    f"{answer_text(instrument, move.after)}",
                    style="bold red" if move.down else "green",
                ),
                body,
            ]
        )
    if moves:
        yield Rows(moves, least={3: 20}, flex=3)
    yield Text()
    regressions = report.regressions
    if regressions:
        labels = ", ".join(instrument.label_of(m.role, m.statement) for m in regressions)
        yield Text(
            f"Regressions: {len(regressions)} statement{'s' if len(regressions) > 1 else ''} "
            f"went down ({labels}).",
            style="bold red",
        )
    else:
        yield Text("No regressions: no answer went down.")


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


def side_renderables(report: SideBySide) -> Iterator[RenderableType]:
    """Numbers in one table, a column per file; then heading by heading, each question and
    under it each file's answer."""
    yield from heading(
        side_title(report),
        [file_line(name, f) for name, f in zip(report.names, report.files, strict=True)],
        report.warnings,
    )
    names = [printable(name) for name in report.names]
    width = max(len(name) for name in names) + 1
    # the numbers first, then heading by heading; each question with every file's answer
    # under it, so that nothing is cut or split into pages at any width
    parts = [("Numbers", report.numbers)] if report.numbers else []
    parts += [(role.title, questions) for role, questions in report.sections()]
    for title, questions in parts:
        yield Text()
        yield Text(printable(title), style="bold underline")
        for row in questions:
            mark = " ≠" if row.differs and not report.differences_only else ""
            yield Text(f"{row.label} {printable(row.question.text)}{mark}", style="bold")
            cells = [
                [
                    Text(f"  {name}:"),
                    Text("\n".join(cell), style="") if cell else Text("—", style="dim"),
                ]
                for name, cell in zip(names, row.cells, strict=True)
            ]
            yield Rows(cells, least={0: width + 2}, flex=1)
    if not report.rows:
        yield Text()
        yield Text("None: every question is answered alike in every file.")
