"""The reports in Markdown: every text made literal (no markup of its own), the document's
styles as Markdown's emphasis. Bars and charts are the terminal's and the page's: a table
beside them holds the same figures."""

from __future__ import annotations

from collections.abc import Iterable

from ..core.textsafe import printable
from .blocks import Bar, Block, Cell, Document, Heading, Paragraph, Run, Style, Table

#: The styles Markdown marks: strongly, or as emphasis; the rest are plain.
_STRONG: frozenset[Style] = frozenset({"strong", "alert", "warning"})
_EMPHASIS: frozenset[Style] = frozenset({"note", "muted"})


def md(text: str) -> str:
    """Text made literal in Markdown: markup characters escaped, lines joined."""
    text = printable(text, multiline=True)
    for char in "\\`*_[]<>|~#":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", "<br>")


def _runs(runs: Iterable[Run]) -> str:
    out = []
    for run in runs:
        for index, line in enumerate(run.text.split("\n")):
            if index:
                out.append("<br>")
            text = md(line.strip())
            if text and run.style in _STRONG:
                text = f"**{text}**"
            elif text and run.style in _EMPHASIS:
                text = f"*{text}*"
            if text and line[:1].isspace():
                text = " " + text
            if text and line[-1:].isspace():
                text += " "
            out.append(text)
    return "".join(out).strip()


def _table(table: Table) -> list[str]:
    rows = table.rows
    count = max(len(row) for row in rows) if rows else len(table.header or ())
    if table.header is not None:
        count = max(count, len(table.header))
    bars = {
        column
        for row in rows
        if len(row) > 1
        for column, content in enumerate(row)
        if isinstance(content, Bar)
    }
    columns = [column for column in range(count) if column not in bars]
    header = table.header or ("",) * count

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(cells) + " |"

    out = [
        # (a header of ours: its "#" cannot start a heading inside a table)
        line([md(header[c]).replace("\\#", "#") if c < len(header) else "" for c in columns]),
        "|" + "|".join(" ---: " if c in table.numeric else " --- " for c in columns) + "|",
    ]
    for row in rows:
        if len(row) == 1 and count > 1:  # a heading over the rows after it
            content = row[0]
            text = _runs(content) if not isinstance(content, Bar) else ""
            out.append(line([text, *[""] * (len(columns) - 1)]))
            continue
        cells = []
        for column in columns:
            given: Cell | Bar = row[column] if column < len(row) else ()
            cells.append("" if isinstance(given, Bar) else _runs(given))
        out.append(line(cells))
    return out


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return ["", f"{'#' * block.level} {md(block.text)}", ""]
    if isinstance(block, Paragraph):
        return [_runs(block.runs), ""]
    if isinstance(block, Table):
        return [*_table(block), ""]
    return []  # (a chart: the table beside it has its figures)


def render(document: Document) -> str:
    lines: list[str] = []
    for block in document.blocks:
        lines += _block(block)
    text = "\n".join(lines).strip("\n")
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text + "\n"
