"""What every report is made of: a :class:`Document` of a few kinds of block, built once per
report, and rendered by one module per format.

A report's builder (:mod:`.review`, :mod:`.comparison`, :mod:`.side_by_side`, :mod:`.plan`,
:mod:`.trend`) says what the report says: headings, paragraphs, tables, charts; what is a
number, what is a note, what is an answer of which tone. A format's renderer
(:mod:`.as_text`, :mod:`.as_markdown`, :mod:`.as_html`, :mod:`.as_docx`) decides how that looks
in its medium; two formats are data rather than documents, and the builder gives them theirs
once too: the rows a spreadsheet reads (:mod:`.as_csv`) and the figures a program reads
(:mod:`.as_json`). A new report is one builder; a new format is one renderer.

Text in a block is plain text, never markup: every renderer escapes it for its medium (and a
text someone typed in a file went through :func:`~nextgen_tui.core.textsafe.printable` in the
builder). No Rich and no Textual here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

#: How a run of text is marked, by what it means; each renderer gives each its look.
#: ``full`` / ``partial`` / ``none`` / ``unanswered``: an answer's tone (see
#: :func:`~nextgen_tui.core.wording.answer_tone`); ``strong``: emphasis; ``muted``: what matters
#: less (how a team reached an answer, a statement repeated); ``note``: a note's text;
#: ``alert``: what needs acting on (overdue, went down, differs); ``good`` / ``bad``: a change up
#: or down; ``warning``: a warning about the files; ``bar``: a text bar's filled cells.
Style = Literal[
    "full",
    "partial",
    "none",
    "unanswered",
    "strong",
    "muted",
    "note",
    "alert",
    "good",
    "bad",
    "warning",
    "bar",
]


@dataclass(frozen=True)
class Run:
    """Text in one style (None: plain). ``\\n`` in it breaks the line."""

    text: str
    style: Style | None = None


#: A table cell: runs of text, one after another.
Cell = tuple[Run, ...]


def cell(text: str = "", style: Style | None = None) -> Cell:
    """A cell of one run."""
    return (Run(text, style),)


@dataclass(frozen=True)
class Heading:
    """A title: 1, the document's; 2, a section's; 3, a part of a section (a role); 4, one item
    (a question)."""

    text: str
    level: Literal[1, 2, 3, 4] = 2


@dataclass(frozen=True)
class Paragraph:
    """A line of text (a renderer may wrap it); ``apart``: set off from what comes before it by a
    blank line, where the medium has such."""

    runs: tuple[Run, ...]
    apart: bool = False


def paragraph(text: str, style: Style | None = None, *, apart: bool = False) -> Paragraph:
    return Paragraph((Run(text, style),), apart=apart)


@dataclass(frozen=True)
class Bar:
    """A score as a bar (0–100 %) in a table: the terminal draws it with block characters
    ``width`` wide; a document draws it as a figure, over the level ``bands`` (where each level
    starts), with the range disputes leave open (up to ``high``) and the ``target`` marked.
    ``counted``: something is answered (else the bar is drawn dim)."""

    percent: float
    width: int
    counted: bool = True
    high: float | None = None
    target: float | None = None
    bands: tuple[float, ...] = ()


@dataclass(frozen=True)
class Table:
    """Rows of cells under a header. A row of one cell is a heading over the rows after it (a
    group of roles). The layout hints are what a reader needs kept, whatever the medium:

    - ``numeric``: columns of figures (right-aligned);
    - ``wide``: the one column of long text (it takes the room the others leave, and wraps
      unless ``wrap`` is False, when a narrow medium cuts it);
    - ``least``: a column's least width, in characters;
    - ``per_file_from``: the columns from there on are one a file (a narrow medium may show them
      on further pages, repeating the columns before them);
    - ``labels``: the column of labels a narrow medium may cut rather than overflow.
    """

    rows: list[tuple[Cell | Bar, ...]]
    header: tuple[str, ...] | None = None
    numeric: frozenset[int] = frozenset()
    wide: int | None = None
    wrap: bool = True
    least: Mapping[int, int] = field(default_factory=dict)
    per_file_from: int | None = None
    labels: int | None = None
    #: False: the terminal leaves the header out (its columns read plainly: number, answer,
    #: statement); a document shows it.
    header_in_terminal: bool = True
    #: The terminal shows each row as a block: its first cell as a heading, then a line for each
    #: other column, named by its header (so a column a file is never cut at any width).
    stacked_in_terminal: bool = False


@dataclass(frozen=True)
class RadarChart:
    """Each role's score (0–100) on an axis of its own, numbered; ``high``: the high ends of
    the ranges disputes leave open; ``targets``: each role's target (None: none)."""

    #: Each axis's name, in order (the chart numbers them).
    labels: tuple[str, ...]
    low: tuple[float, ...]
    high: tuple[float, ...] | None = None
    targets: tuple[float | None, ...] | None = None


@dataclass(frozen=True)
class LineChart:
    """Values (0–100) over a series of names (cycles): a line per name (a role), the last one
    bold (the overall)."""

    names: tuple[str, ...]
    lines: tuple[tuple[str, tuple[float, ...]], ...]


@dataclass(frozen=True)
class DotChart:
    """Values (0–100) a row each (a role), a dot per series in each (a group of files: an
    agency), so a reader sees at a glance where the groups stand apart."""

    rows: tuple[str, ...]
    series: tuple[str, ...]
    #: ``values[row][series]``.
    values: tuple[tuple[float, ...], ...]


#: A chart: a figure a document draws and the terminal leaves out (a table beside it always
#: holds the same figures).
Chart = RadarChart | LineChart | DotChart

Block = Heading | Paragraph | Table | Chart


@dataclass(frozen=True)
class Records:
    """Rows of values for a spreadsheet, under their column names: a sheet of a workbook, a
    table of a CSV. A value that is a :class:`Typed` string is text someone typed in a file (a
    spreadsheet must not read it as a formula); a ``date`` is a date."""

    header: tuple[str, ...]
    rows: Sequence[tuple[object, ...]]
    #: The sheet's name in a workbook.
    name: str = "Rows"
    #: Only in a workbook, as a sheet of its own (a CSV holds the report's main rows alone).
    workbook_only: bool = False


class Typed(str):
    """Text someone typed (a note, a name, an owner): a spreadsheet must not read it as a
    formula."""

    __slots__ = ()


@dataclass(frozen=True)
class Document:
    """One report: its title, its blocks, its rows for a spreadsheet and its figures for a
    program."""

    title: str
    blocks: list[Block]
    records: list[Records] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    #: Said in a document's foot (the instrument, its source, what the levels are).
    footer: list[str] = field(default_factory=list)
