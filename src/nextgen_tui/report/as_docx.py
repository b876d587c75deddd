"""The reports as an editable Word document (``--format docx``): the document's headings,
paragraphs and tables as Word's own (its heading styles, a table style), the styles as bold,
italic and the answers' colours. Bars and charts are the terminal's and the page's: the tables
hold the same figures.

python-docx is an optional extra (``pip install 'nextgen-tui[docx]'``); without it the command
says so in one line. Every text goes through :func:`printable` first: a Word document is XML,
which cannot hold control characters, and tags in a note are only text in it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..core.errors import NeedsExtra
from ..core.textsafe import printable
from .blocks import Bar, Document, Heading, Paragraph, Run, Style, Table

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph as WordParagraph

#: The answers' and the changes' colours, as the page has them (RGB).
_COLOURS: dict[Style, tuple[int, int, int]] = {
    "full": (0x1F, 0x7A, 0x3A),
    "partial": (0x8A, 0x61, 0x00),
    "none": (0xA4, 0x26, 0x2C),
    "unanswered": (0x5B, 0x65, 0x70),
    "muted": (0x5B, 0x65, 0x70),
    "alert": (0xA4, 0x26, 0x2C),
    "good": (0x1F, 0x7A, 0x3A),
    "bad": (0xA4, 0x26, 0x2C),
    "warning": (0xA4, 0x26, 0x2C),
}
_BOLD: frozenset[Style] = frozenset({"strong", "alert", "warning", "full", "partial", "none"})


def _runs(paragraph: WordParagraph, runs: Iterable[Run]) -> None:
    from docx.shared import RGBColor

    for run in runs:
        added = paragraph.add_run(printable(run.text, multiline=True))
        style = run.style
        if style in _BOLD:
            added.bold = True
        if style == "note":
            added.italic = True
        if style in _COLOURS:
            added.font.color.rgb = RGBColor(*_COLOURS[style])


def _table(word: Any, table: Table) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    bars = {
        column
        for row in table.rows
        for column, content in enumerate(row)
        if isinstance(content, Bar)
    }
    count = max([len(row) for row in table.rows] + [len(table.header or ())])
    columns = [column for column in range(count) if column not in bars]
    added = word.add_table(rows=0, cols=len(columns))
    added.style = "Light Grid Accent 1"
    if table.header is not None:
        cells = added.add_row().cells
        for cell, column in zip(cells, columns, strict=True):
            cell.text = printable(table.header[column]) if column < len(table.header) else ""
    for row in table.rows:
        cells = added.add_row().cells
        if len(row) == 1 and count > 1:  # a heading over the rows after it
            merged = cells[0].merge(cells[-1])
            content = row[0]
            if not isinstance(content, Bar):
                _runs(merged.paragraphs[0], content)
            continue
        for cell, column in zip(cells, columns, strict=True):
            content = row[column] if column < len(row) else ()
            if isinstance(content, Bar):
                continue
            paragraph = cell.paragraphs[0]
            _runs(paragraph, content)
            if column in table.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def render(document: Document) -> bytes:
    try:
        import docx
    except ImportError:
        raise NeedsExtra(
            "Word documents need python-docx: in a checkout, .venv/bin/pip install -e '.[docx]'; "
            "from a package index, pip install 'nextgen-tui[docx]'"
        ) from None
    word = docx.Document()
    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_heading(printable(block.text), level=block.level - 1)
        elif isinstance(block, Paragraph):
            _runs(word.add_paragraph(), block.runs)
        elif isinstance(block, Table):
            _table(word, block)
        # (a chart: the table before it holds its figures)
    for line in document.footer:
        word.add_paragraph(printable(line))
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
