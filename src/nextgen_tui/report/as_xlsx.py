"""The reports as an Excel workbook (``--format xlsx``): a sheet for each table of rows a report
has (the answers, one row a member and statement; the plan's actions and its targets …), with
real columns: numbers as numbers, dates as dates, a filter on every column and the header kept
in view. Action plans live in spreadsheets in state offices.

openpyxl is an optional extra (``pip install 'nextgen-tui[xlsx]'``); without it the command says
so in one line. Text someone typed is text in a cell, never a formula, and has no control
characters (which the file's XML cannot hold).
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ..core.errors import NeedsExtra
from ..core.textsafe import printable
from .blocks import Document, Records

#: The widest a column is made, in characters (longer text wraps in it).
_WIDEST = 60


def _value(value: object) -> object:
    if isinstance(value, str):
        return printable(value, multiline=True)
    if isinstance(value, int | float | dt.date):
        return value
    return "" if value is None else str(value)


def _sheet(book: Any, records: Records) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title=printable(records.name)[:31] or "Rows")
    sheet.append([printable(name) for name in records.header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(name)) for name in records.header]
    for row in records.rows:
        values = [_value(value) for value in row]
        sheet.append(values)
        for index, value in enumerate(values):
            if index < len(widths):
                size = max((len(line) for line in str(value).split("\n")), default=0)
                widths[index] = max(widths[index], min(size, _WIDEST))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text someone typed: never a formula
            elif isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif isinstance(cell.value, str) and len(cell.value) > _WIDEST:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    sheet.freeze_panes = "A2"
    if records.rows:
        sheet.auto_filter.ref = sheet.dimensions


def render(document: Document) -> bytes:
    try:
        from openpyxl import Workbook
    except ImportError:
        raise NeedsExtra(
            "Spreadsheets need openpyxl: in a checkout, .venv/bin/pip install -e '.[xlsx]'; "
            "from a package index, pip install 'nextgen-tui[xlsx]'"
        ) from None
    book = Workbook()
    book.remove(book.active)
    for records in document.records:
        _sheet(book, records)
    book.properties.title = printable(document.title)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
