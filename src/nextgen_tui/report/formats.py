"""The formats a report is written in, by name and by file extension: one table that the
command line (``review -o``, ``--format``) and the questionnaire's export both use. Each
format is one renderer of :class:`~nextgen_tui.report.blocks.Document`; the terminal's own
(``text``) is drawn by :mod:`.as_text`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from .blocks import Document


class Format(NamedTuple):
    name: str
    label: str  # as a menu names it
    suffix: str  # of an exported file
    render: Callable[[Document], str | bytes]
    #: It starts another program (PDF: Chromium): not offered to a served person.
    starts_a_program: bool = False


# Each renderer is imported when it is first used: a report in one format needs no other's
# libraries (Jinja2, python-docx).


def _markdown(document: Document) -> str:
    from .as_markdown import render

    return render(document)


def _csv(document: Document) -> str:
    from .as_csv import render

    return render(document)


def _json(document: Document) -> str:
    from .as_json import render

    return render(document)


def _html(document: Document) -> str:
    from .as_html import render

    return render(document)


def _docx(document: Document) -> bytes:
    from .as_docx import render

    return render(document)


def _xlsx(document: Document) -> bytes:
    from .as_xlsx import render

    return render(document)


def _pdf(document: Document) -> bytes:
    from .as_pdf import render

    return render(document)


#: Every format but the terminal's own (``text``), in the order menus list them.
FORMATS = {
    "markdown": Format("markdown", "Markdown", ".md", _markdown),
    "csv": Format("csv", "CSV", ".csv", _csv),
    "json": Format("json", "JSON", ".json", _json),
    "html": Format("html", "HTML", ".html", _html),
    "docx": Format("docx", "Word", ".docx", _docx),
    "xlsx": Format("xlsx", "Excel", ".xlsx", _xlsx),
    "pdf": Format("pdf", "PDF", ".pdf", _pdf, starts_a_program=True),
}
NAMES = ("text", *FORMATS)
#: The details a comparison can group its files by (``compare --by``).
BY_FIELDS = ("agency", "state", "respondent")
_BY_EXTENSION = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".csv": "csv",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".pdf": "pdf",
}


def format_of(path: Path) -> str:
    """The format a file name asks for by its extension (any other: text)."""
    return _BY_EXTENSION.get(path.suffix.lower(), "text")
