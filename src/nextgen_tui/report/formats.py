"""The formats a report is written in, by name and by file extension: one table that the
command line (``review -o``, ``--format``) and the questionnaire's export both use."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # the names of the formats are read before any report is built
    from .model import PlanReport, Review


class Format(NamedTuple):
    name: str
    label: str  # as a menu names it
    suffix: str  # of an exported file


#: Every format but the terminal's own (``text``), in the order menus list them.
FORMATS = {
    "markdown": Format("markdown", "Markdown", ".md"),
    "csv": Format("csv", "CSV", ".csv"),
    "json": Format("json", "JSON", ".json"),
    "html": Format("html", "HTML", ".html"),
    "docx": Format("docx", "Word", ".docx"),
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
}


def format_of(path: Path) -> str:
    """The format a file name asks for by its extension (any other: text)."""
    return _BY_EXTENSION.get(path.suffix.lower(), "text")


def render(report: str, content: object, name: str) -> str | bytes:
    """``report`` (review, comparison, plan, trend) in the format ``name`` (not ``text``, which
    is drawn as renderables): ``markdown.<report>_markdown``, ``csv_json.<report>_csv|json``,
    ``html.<report>_html``, ``docx.<report>_docx`` (bytes)."""
    from importlib import import_module

    module = import_module(f".{'csv_json' if name in ('csv', 'json') else name}", __package__)
    rendered = getattr(module, f"{report}_{name}")(content)
    return rendered if isinstance(rendered, bytes) else str(rendered)


def review_text(review: Review, name: str) -> str | bytes:
    return render("review", review, name)


def plan_text(report: PlanReport, name: str) -> str | bytes:
    return render("plan", report, name)
