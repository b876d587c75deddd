"""The formats a report is written in, by name and by file extension: one table that the
command line (``review -o``, ``--format``) and the questionnaire's export both use."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:  # the names of the formats are read before any report is built
    from .model import ComparisonReport, PlanReport, Review, TrendReport


class Format(NamedTuple):
    name: str
    label: str  # as a menu names it
    suffix: str  # of an exported file


#: Every format but the terminal's own (``text``), in the order menus list them.
FORMATS = {
    "markdown": Format("markdown", "Markdown", ".md"),
    "csv": Format("csv", "CSV", ".csv"),
    "json": Format("json", "JSON", ".json"),
}
NAMES = ("text", *FORMATS)
#: The details a comparison can group its files by (``compare --by``).
BY_FIELDS = ("agency", "state", "respondent")
_BY_EXTENSION = {".md": "markdown", ".markdown": "markdown", ".csv": "csv", ".json": "json"}


def format_of(path: Path) -> str:
    """The format a file name asks for by its extension (any other: text)."""
    return _BY_EXTENSION.get(path.suffix.lower(), "text")


def review_text(review: Review, name: str) -> str:
    """The review in ``name`` (not ``text``, which is drawn as renderables)."""
    from . import data, markdown

    render = {
        "markdown": markdown.review_markdown,
        "csv": data.review_csv,
        "json": data.review_json,
    }
    return render[name](review)


def comparison_text(report: ComparisonReport, name: str) -> str:
    from . import data, markdown

    render = {
        "markdown": markdown.comparison_markdown,
        "csv": data.comparison_csv,
        "json": data.comparison_json,
    }
    return render[name](report)


def plan_text(report: PlanReport, name: str) -> str:
    from . import data, markdown

    render = {"markdown": markdown.plan_markdown, "csv": data.plan_csv, "json": data.plan_json}
    return render[name](report)


def trend_text(report: TrendReport, name: str) -> str:
    from . import data, markdown

    render = {"markdown": markdown.trend_markdown, "csv": data.trend_csv, "json": data.trend_json}
    return render[name](report)
