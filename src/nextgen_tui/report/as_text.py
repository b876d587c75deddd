"""The reports for the terminal (and ``-o FILE.txt``): a document's blocks as Rich renderables,
never given markup."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from ..core.wording import bar
from .blocks import Bar, Block, Cell, Document, Heading, Paragraph, Run, Style, Table

#: Each style in the terminal's own colours (an answer's tone: green, yellow, red, dim).
STYLES: dict[Style | None, str] = {
    None: "",
    "full": "green",
    "partial": "yellow",
    "none": "red",
    "unanswered": "dim",
    "strong": "bold",
    "muted": "dim",
    "note": "italic",
    "alert": "bold red",
    "good": "green",
    "bad": "red",
    "warning": "bold yellow",
    "bar": "cyan",
}


def text_of(runs: Sequence[Run]) -> Text:
    """Runs as one Rich text (never markup). The first run's style is the whole text's, as a
    marked answer's (``✓ Yes ⚑ flagged``: its marks bold, and green as its answer)."""
    if not runs:
        return Text()
    first, *rest = runs
    text = Text(first.text, style=STYLES[first.style])
    for run in rest:
        text.append(run.text, style=STYLES[run.style])
    return text


def _cell(content: Cell | Bar) -> Text:
    if isinstance(content, Bar):
        return Text(bar(content.percent, content.width), style="cyan" if content.counted else "dim")
    return text_of(content)


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
        if count > 1:  # (a heading row runs across the columns: it sizes none of them)
            rows = [row for row in rows if len(row) > 1]
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
            if len(row) == 1 < count:  # a heading over the rows after it, across them all
                heading = row[0].copy()
                heading.truncate(options.max_width, overflow="ellipsis")
                yield from heading.render(console)
                yield Segment.line()
                continue
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


def _table(table: Table) -> Rows:
    return Rows(
        [[_cell(content) for content in row] for row in table.rows],
        header=[Text(name) for name in table.header]
        if table.header is not None and table.header_in_terminal
        else None,
        right=table.numeric,
        least=dict(table.least),
        flex=table.wide,
        wrap=table.wrap,
        paged_from=table.per_file_from,
        shrink=table.labels,
    )


def _stacked(table: Table) -> Iterator[RenderableType]:
    """Each row as a block: its first cell in bold, then each other column's name and value."""
    names = list(table.header or ())[1:]
    width = max((len(name) for name in names), default=0) + 1
    for first, *others in table.rows:
        label = _cell(first)
        label.stylize("bold")
        yield label
        cells = [
            [Text(f"  {name}:"), _cell(content)]
            for name, content in zip(names, others, strict=True)
        ]
        yield Rows(cells, least={0: width + 2}, flex=1)


def _block(block: Block) -> Iterator[RenderableType]:
    if isinstance(block, Heading):
        if block.level == 2:
            yield Text()
            yield Text(block.text, style="bold underline")
        else:
            yield Text(block.text, style="bold")
    elif isinstance(block, Paragraph):
        if block.apart:
            yield Text()
        yield text_of(block.runs)
    elif isinstance(block, Table) and block.stacked_in_terminal:
        yield from _stacked(block)
    elif isinstance(block, Table):
        yield _table(block)
    # (a chart: the terminal has its figures in the table beside it)


def renderables(document: Document) -> Iterator[RenderableType]:
    """The document for the terminal, block by block."""
    for block in document.blocks:
        yield from _block(block)


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
