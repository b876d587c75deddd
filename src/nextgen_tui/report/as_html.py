"""The reports as one self-contained HTML file: its CSS and its charts (inline SVG) within it,
no script, no request to any other host, printable. For the people who never open a terminal.

Jinja2 renders ``templates/document.html.j2`` with autoescaping on, so every note, name and
action from a file is text in the page, never markup (a note holding ``<script>`` or ``</svg>``
shows as written). The charts are computed here as
numbers (coordinates) and drawn by ``templates/charts.html.j2``; every chart has a table beside
it with the same figures.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import cache
from typing import Any, NamedTuple

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..core.textsafe import printable
from .blocks import Bar, Cell, Document, Heading, LineChart, Paragraph, RadarChart, Table


def lines(text: str) -> list[str]:
    """A run's lines (the template puts ``<br>`` between them), each made printable."""
    return printable(text, multiline=True).split("\n")


def is_bar(content: Cell | Bar) -> bool:
    return isinstance(content, Bar)


def filled(bar: Bar) -> float:
    return max(0.0, min(bar.percent, 100.0))


def bands(bar: Bar) -> list[tuple[float, float]]:
    """Each level's band on a bar: where it starts and how wide it is, in percent (none: one
    band, the whole bar)."""
    starts = list(bar.bands) or [0.0]
    ends = [*starts[1:], 100.0]
    return [(start, end - start) for start, end in zip(starts, ends, strict=True)]


def classes(content: Cell, column: int, table: Table) -> str:
    """A cell's classes: a figure's (right-aligned); in a file's column, a single answer is
    shaded by its tone (a heatmap)."""
    found = ["num"] if column in table.numeric else []
    per_file = table.per_file_from is not None and column >= table.per_file_from
    tones = ("full", "partial", "none", "unanswered")
    if per_file and len(content) == 1 and content[0].style in tones:
        found += ["answer", f"heat-{content[0].style}"]
    return " ".join(found)


def columns(table: Table) -> int:
    return max([len(row) for row in table.rows] + [len(table.header or ())])


class Point(NamedTuple):
    x: float
    y: float


def radar_points(
    values: Iterable[float], radius: float = 120.0, centre: float = 160.0
) -> list[Point]:
    """The points of a radar chart: one axis a value (0–100), the first straight up."""
    values = list(values)
    count = len(values)
    return [_on_axis(index, count, value) for index, value in enumerate(values)]


def _on_axis(
    index: int, count: int, value: float, radius: float = 120.0, centre: float = 160.0
) -> Point:
    """A value (0–100) on the ``index``-th of ``count`` axes, the first straight up."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    length = radius * max(0.0, min(value, 100.0)) / 100.0
    return Point(
        round(centre + length * math.cos(angle), 1), round(centre + length * math.sin(angle), 1)
    )


def _radar(chart: RadarChart) -> dict[str, Any]:
    count = len(chart.low)
    return {
        "axes": radar_points([100.0] * count),
        "rings": [radar_points([ring] * count) for ring in (25.0, 50.0, 75.0, 100.0)],
        "low": radar_points(chart.low),
        "high": radar_points(chart.high) if chart.high else None,
        "target": [
            _on_axis(index, count, value) if value is not None else None
            for index, value in enumerate(chart.targets or ())
        ],
    }


_DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4 1 4"]


def _trend_lines(chart: LineChart) -> list[dict[str, Any]]:
    last = len(chart.lines) - 1
    return [
        {
            "key": key,
            "percents": values,
            "overall": index == last,
            "dash": _DASHES[index % len(_DASHES)],
        }
        for index, (key, values) in enumerate(chart.lines)
    ]


@cache
def _environment() -> Environment:
    environment = Environment(
        loader=PackageLoader("nextgen_tui.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # every text from a file goes through printable (no control characters), then autoescape
    environment.filters["text"] = lambda value: printable(str(value), multiline=True)
    environment.filters["lines"] = lines
    environment.filters["classes"] = classes
    environment.filters["filled"] = filled
    environment.filters["bands"] = bands
    environment.tests["bar"] = is_bar
    environment.filters["columns"] = columns
    environment.filters["radar"] = _radar
    environment.filters["trend_lines"] = _trend_lines
    environment.tests["heading"] = lambda block: isinstance(block, Heading)
    environment.tests["paragraph"] = lambda block: isinstance(block, Paragraph)
    environment.tests["table"] = lambda block: isinstance(block, Table)
    environment.tests["radar"] = lambda block: isinstance(block, RadarChart)
    environment.tests["lines"] = lambda block: isinstance(block, LineChart)
    return environment


def render(document: Document) -> str:
    return _environment().get_template("document.html.j2").render(document=document)
