"""The reports as an editable Word document (``--format docx``) that reads like a report: the
document's headings as Word's own heading styles, every text in a named style of the document
(``Answer Yes``, ``Note``, ``Report Table`` …: a person restyles them in Word, in one place),
tables whose columns fit their content (numbers and dates narrow, the text taking the rest),
their header repeated on each page and no row broken across two. Bars and charts are the
terminal's and the page's: the tables hold the same figures.

python-docx is an optional extra (``pip install 'nextgen-tui[docx]'``); without it the command
says so in one line. Every text goes through :func:`printable` first: a Word document is XML,
which cannot hold control characters, and tags in a note are only text in it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..core.errors import NeedsExtra
from ..core.textsafe import printable
from .blocks import Bar, Cell, Document, Heading, Paragraph, Run, Style, Table

if TYPE_CHECKING:
    from docx.text.paragraph import Paragraph as WordParagraph

#: Each style's name in the document, what it looks like at first (bold, italic, RGB colour).
_STYLES: dict[Style, tuple[str, bool, bool, tuple[int, int, int] | None]] = {
    "full": ("Answer Yes", True, False, (0x1F, 0x7A, 0x3A)),
    "partial": ("Answer Partially", True, False, (0x8A, 0x61, 0x00)),
    "none": ("Answer No", True, False, (0xA4, 0x26, 0x2C)),
    "unanswered": ("Unanswered", False, False, (0x5B, 0x65, 0x70)),
    "strong": ("Emphasis Strong", True, False, None),
    "muted": ("Aside", False, False, (0x5B, 0x65, 0x70)),
    "note": ("Note", False, True, None),
    "alert": ("Alert", True, False, (0xA4, 0x26, 0x2C)),
    "good": ("Went Up", False, False, (0x1F, 0x7A, 0x3A)),
    "bad": ("Went Down", False, False, (0xA4, 0x26, 0x2C)),
    "warning": ("Warning", True, False, (0xA4, 0x26, 0x2C)),
    "bar": ("Figure", False, False, (0x2F, 0x5D, 0x8A)),
}
#: The page: US Letter, 0.75 in margins (the text 7 in wide).
_PAGE = (8.5, 11.0)
_MARGIN = 0.75
#: The document's typeface (Word has it; LibreOffice draws it with the metric-alike Liberation
#: Sans), and about how wide one of its characters is in table text (9 pt), in inches, with a
#: cell's own padding.
_FONT = "Arial"
_CHARACTER = 0.075
_PADDING = 0.22
_TABLE_STYLE = "Light List Accent 1"
_TABLE_TEXT = "Table Text"
#: The widest a column of short texts gets before its text wraps, in inches.
_WIDEST = 2.2


def _styles(word: Any) -> None:
    """The document's own named styles, made once: its text and headings in one typeface, the
    text in tables, each kind of run."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt, RGBColor

    styles = word.styles
    normal = styles["Normal"]
    normal.font.name = _FONT
    normal.font.size = Pt(10)
    for level in range(1, 5):
        styles[f"Heading {level}"].font.name = _FONT
    styles["Title"].font.name = _FONT
    styles["Title"].font.size = Pt(22)
    text = styles.add_style(_TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = normal
    text.font.size = Pt(9)
    text.paragraph_format.space_before = Pt(0)
    text.paragraph_format.space_after = Pt(1)
    text.paragraph_format.line_spacing = 1.0
    for name, bold, italic, colour in _STYLES.values():
        style = styles.add_style(name, WD_STYLE_TYPE.CHARACTER)
        style.font.bold = bold or None
        style.font.italic = italic or None
        if colour is not None:
            style.font.color.rgb = RGBColor(*colour)


def _runs(paragraph: WordParagraph, runs: Iterable[Run]) -> None:
    for run in runs:
        added = paragraph.add_run(printable(run.text, multiline=True))
        if run.style is not None:
            added.style = _STYLES[run.style][0]


def _length(content: Cell | Bar) -> int:
    """The longest line of a cell, in characters (a bar: none, it is not drawn here)."""
    if isinstance(content, Bar):
        return 0
    text = "".join(run.text for run in content)
    return max((len(line) for line in text.split("\n")), default=0)


def _widths(table: Table, columns: Sequence[int]) -> list[float]:
    """Each column's width in inches: as wide as its content (a heading's words and a figure
    kept whole), the one long-text column (or the widest) taking what the others leave."""
    room = _PAGE[0] - 2 * _MARGIN
    rows = [row for row in table.rows if len(row) > 1]
    header = table.header or ()
    wanted = []
    for column in columns:
        cells = [_length(row[column]) for row in rows if column < len(row)]
        title = header[column] if column < len(header) else ""
        words = max((len(word) for word in title.split()), default=0)
        least = table.least.get(column, 1)  # (as wide in every table of its kind)
        width = max([*cells, words, least]) * _CHARACTER + _PADDING
        wanted.append(min(width, _WIDEST) if column != table.wide else width)
    flexible = table.wide if table.wide in columns else None
    if flexible is None:
        flexible = columns[wanted.index(max(wanted))]
    at = list(columns).index(flexible)
    others = sum(width for index, width in enumerate(wanted) if index != at)
    if others > room * 0.7:  # too many columns to fit as they are: each a share of the page
        scale = room * 0.7 / others
        wanted = [width * scale for width in wanted]
        others = room * 0.7
    wanted[at] = room - others
    return wanted


def _keep_rows_whole(row: Any, *, header: bool = False) -> None:
    """A row is never broken across two pages; a header row is repeated on each page."""
    from docx.oxml import OxmlElement

    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _look(table: Any, *, header: bool) -> None:
    """The table style's header row, and none of its first column's or banded rows' looks: a
    report's tables are read across."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    for old in properties.findall(qn("w:tblLook")):
        properties.remove(old)
    look = OxmlElement("w:tblLook")
    for name, value in (
        ("w:val", "0420" if header else "0400"),
        ("w:firstRow", "1" if header else "0"),
        ("w:lastRow", "0"),
        ("w:firstColumn", "0"),
        ("w:lastColumn", "0"),
        ("w:noHBand", "1"),
        ("w:noVBand", "1"),
    ):
        look.set(qn(name), value)
    properties.append(look)


def _table(word: Any, table: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Inches

    bars = {
        column
        for row in table.rows
        for column, content in enumerate(row)
        if isinstance(content, Bar)
    }
    count = max([len(row) for row in table.rows] + [len(table.header or ())])
    columns = [column for column in range(count) if column not in bars]
    widths = _widths(table, columns)
    added = word.add_table(rows=0, cols=len(columns))
    added.style = _TABLE_STYLE
    added.alignment = WD_TABLE_ALIGNMENT.LEFT
    added.autofit = False
    _look(added, header=table.header is not None)
    for grid, width in zip(added._tbl.tblGrid.gridCol_lst, widths, strict=True):
        grid.w = Inches(width)

    def fill(cells: Any, row: Sequence[Cell | Bar]) -> None:
        for cell, column, width in zip(cells, columns, widths, strict=True):
            cell.width = Inches(width)
            content = row[column] if column < len(row) else ()
            if isinstance(content, Bar):
                continue
            paragraph = cell.paragraphs[0]
            paragraph.style = _TABLE_TEXT
            _runs(paragraph, content)
            if column in table.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    if table.header is not None:
        header = added.add_row()
        _keep_rows_whole(header, header=True)
        fill(header.cells, [(Run(name, "strong"),) for name in table.header])
    for row in table.rows:
        line = added.add_row()
        _keep_rows_whole(line)
        if len(row) == 1 and count > 1:  # a heading over the rows after it
            for cell, width in zip(line.cells, widths, strict=True):
                cell.width = Inches(width)
            merged = line.cells[0].merge(line.cells[-1])
            merged.paragraphs[0].style = _TABLE_TEXT
            content = row[0]
            if not isinstance(content, Bar):
                _runs(merged.paragraphs[0], content)
            continue
        fill(line.cells, row)


def render(document: Document) -> bytes:
    try:
        import docx
        from docx.shared import Inches
    except ImportError:
        raise NeedsExtra(
            "Word documents need python-docx: in a checkout, .venv/bin/pip install -e '.[docx]'; "
            "from a package index, pip install 'nextgen-tui[docx]'"
        ) from None
    word = docx.Document()
    for section in word.sections:
        section.page_width, section.page_height = Inches(_PAGE[0]), Inches(_PAGE[1])
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Inches(_MARGIN))
    word.core_properties.title = printable(document.title)
    _styles(word)
    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_heading(printable(block.text), level=block.level - 1)
        elif isinstance(block, Paragraph):
            _runs(word.add_paragraph(), block.runs)
        elif isinstance(block, Table):
            _table(word, block)
        # (a chart: the table before it holds its figures)
    for line in document.footer:
        _runs(word.add_paragraph(), [Run(line, "muted")])
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()
