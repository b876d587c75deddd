"""A report's rows for a spreadsheet (one table after another, a blank row between): a cell of
text someone typed never starts a formula."""

from __future__ import annotations

import csv
import io

from ..core.textsafe import printable
from .blocks import Document, Typed

#: What may start a formula in a spreadsheet, as OWASP lists it ("CSV injection"): a tab or a
#: carriage return, or spaces, before one of the others are passed over by some spreadsheets.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
    """A typed text: control characters out, and no formula a spreadsheet would run (such a
    cell starts with an apostrophe, and reads as the text it is)."""
    if not isinstance(value, Typed):
        return value
    text = printable(value, multiline=True)
    starts = text[:1] in _FORMULA_STARTS or text.lstrip(" \t\r\n")[:1] in _FORMULA_STARTS
    return "'" + text if starts else text


def render(document: Document) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for index, records in enumerate(r for r in document.records if not r.workbook_only):
        if index:
            writer.writerow([])
        writer.writerow([_cell(name) for name in records.header])
        for row in records.rows:
            writer.writerow([_cell(value) for value in row])
    return buffer.getvalue()
