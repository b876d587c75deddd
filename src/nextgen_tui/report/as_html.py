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
import textwrap
from collections.abc import Iterable, Sequence
from functools import cache
from typing import Any, NamedTuple

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from ..core.textsafe import printable
from .blocks import (
    Bar,
    Block,
    Cell,
    Document,
    DotChart,
    Heading,
    LineChart,
    Paragraph,
    RadarChart,
    Table,
)


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


def short_columns(table: Table) -> frozenset[int]:
    """The columns whose every line is short (a number, a date, a name): kept on one line."""
    longest: dict[int, int] = {}
    for row in table.rows:
        if len(row) < 2:
            continue
        for column, content in enumerate(row):
            if isinstance(content, Bar):
                continue
            text = "".join(run.text for run in content)
            size = max((len(line) for line in text.split("\n")), default=0)
            longest[column] = max(longest.get(column, 0), size)
    return frozenset(column for column, size in longest.items() if size <= 20)


def classes(content: Cell, column: int, table: Table, short: frozenset[int]) -> str:
    """A cell's classes: a figure's (right-aligned); in a file's column, a single answer is
    shaded by its tone (a heatmap)."""
    found = ["num"] if column in table.numeric else []
    if column != table.wide and column in short:
        found.append("short")
    per_file = table.per_file_from is not None and column >= table.per_file_from
    tones = ("full", "partial", "none", "unanswered")
    if per_file and len(content) == 1 and content[0].style in tones:
        found += ["answer", f"heat-{content[0].style}"]
    return " ".join(found)


def paired(blocks: Sequence[Block]) -> list[list[Block]]:
    """The blocks in the order they come, a table and the chart after it side by side (the
    chart drawn beside the figures it shows); any other block alone."""
    out: list[list[Block]] = []
    for block in blocks:
        if isinstance(block, RadarChart) and out and isinstance(out[-1][0], Table):
            out[-1].append(block)
        else:
            out.append([block])
    return out


def columns(table: Table) -> int:
    return max([len(row) for row in table.rows] + [len(table.header or ())])


class Point(NamedTuple):
    x: float
    y: float


#: The radar's centre and radius in its drawing (its labels around it).
_CENTRE = (240.0, 165.0)
_RADIUS = 105.0


def _on_axis(index: int, count: int, value: float, radius: float = _RADIUS) -> Point:
    """A value (0–100) on the ``index``-th of ``count`` axes, the first straight up."""
    angle = -math.pi / 2 + 2 * math.pi * index / count
    length = radius * max(0.0, min(value, 100.0)) / 100.0
    return Point(
        round(_CENTRE[0] + length * math.cos(angle), 1),
        round(_CENTRE[1] + length * math.sin(angle), 1),
    )


def radar_points(values: Iterable[float]) -> list[Point]:
    """The points of a radar chart: one axis a value (0–100), the first straight up."""
    values = list(values)
    return [_on_axis(index, len(values), value) for index, value in enumerate(values)]


class Label(NamedTuple):
    """A text at (x, y) anchored ``start``, ``middle`` or ``end``, in lines."""

    x: float
    y: float
    anchor: str
    lines: list[str]


def _axis_labels(labels: Sequence[str]) -> list[Label]:
    """Each axis named at its end: its number and name in two lines at most, set off to the
    side the axis points to."""
    count = len(labels)
    out = []
    for index, name in enumerate(labels):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        across, down = math.cos(angle), math.sin(angle)
        anchor = "start" if across > 0.3 else "end" if across < -0.3 else "middle"
        lines = textwrap.wrap(f"{index + 1} {printable(name)}", 16)[:2] or [str(index + 1)]
        at = _on_axis(index, count, 100.0, _RADIUS + 10)
        shift = -len(lines) * 12 + 4 if down < -0.3 else 12 if down > 0.3 else 4 - len(lines) * 6
        out.append(Label(at.x + 4 * across, at.y + shift, anchor, lines))
    return out


def _radar(chart: RadarChart) -> dict[str, Any]:
    count = len(chart.low)
    return {
        "centre": Point(*_CENTRE),
        "axes": radar_points([100.0] * count),
        "labels": _axis_labels(chart.labels),
        "rings": [radar_points([ring] * count) for ring in (25.0, 50.0, 75.0, 100.0)],
        "low": radar_points(chart.low),
        "high": radar_points(chart.high) if chart.high else None,
        "target": [
            _on_axis(index, count, value) if value is not None else None
            for index, value in enumerate(chart.targets or ())
        ],
    }


#: Colours told apart by most readers (Okabe and Ito's), each line also with a marker of its
#: own, so that the lines stay apart printed in grey.
_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7F6A00", "#000000"]
_MARKERS = ["circle", "square", "triangle", "diamond", "circle-open", "square-open", "cross"]
#: The trend's drawing: where its plot is, and how far apart two end labels must be.
_PLOT = (48.0, 20.0, 430.0, 220.0)  # left, top, right, bottom
_LABEL_GAP = 13.0


def _y(value: float) -> float:
    top, bottom = _PLOT[1], _PLOT[3]
    return round(bottom - (bottom - top) * max(0.0, min(value, 100.0)) / 100.0, 1)


def spread_labels(wanted: Sequence[float], gap: float = _LABEL_GAP) -> list[float]:
    """Label positions as near their lines' ends as they can be, each at least ``gap`` from the
    next (a line's label never covers another's): placed in order down the plot, then the whole
    run moved back up as far as the plot's foot needs."""
    order = sorted(range(len(wanted)), key=lambda index: wanted[index])
    placed = [0.0] * len(wanted)
    last = -math.inf
    for index in order:
        placed[index] = max(wanted[index], last + gap)
        last = placed[index]
    over = last - (_PLOT[3] + 4)
    if over > 0:
        for index in order:
            placed[index] -= over
    return [round(value, 1) for value in placed]


#: A line chart names at most this many of its points along its foot...
_MOST_TICKS = 4
#: ...and marks each point only up to this many.
_MOST_MARKED = 24


def _anchor(index: int, count: int) -> str:
    """The first name starts at its point and the last ends there (both stay inside)."""
    if count > 1 and index == 0:
        return "start"
    return "end" if count > 1 and index == count - 1 else "middle"


def _trend(chart: LineChart) -> dict[str, Any]:
    left, _top, right, bottom = _PLOT
    count = len(chart.names)
    step = (right - left) / max(count - 1, 1)
    xs = [round(left + step * index, 1) for index in range(count)]
    last = len(chart.lines) - 1
    ends = [_y(values[-1]) + 4 for _key, values in chart.lines]
    labels = spread_labels(ends)
    lines = []
    for index, ((name, values), label_y) in enumerate(zip(chart.lines, labels, strict=True)):
        overall = index == last
        lines.append(
            {
                "name": printable(name),
                "points": [Point(x, _y(value)) for x, value in zip(xs, values, strict=True)],
                "colour": "#1b1f24" if overall else _COLOURS[index % len(_COLOURS)],
                "marker": "square" if overall else _MARKERS[index % len(_MARKERS)],
                "overall": overall,
                "label": Point(right + 10, label_y),
            }
        )
    # many points (a file's commits): a few of them named, evenly apart, and no markers
    shown = sorted({round(index * (count - 1) / (_MOST_TICKS - 1)) for index in range(_MOST_TICKS)})
    named = range(count) if count <= _MOST_TICKS else shown
    return {
        "ticks": [
            (xs[index], printable(chart.names[index]), _anchor(index, count)) for index in named
        ],
        "markers": count <= _MOST_MARKED,
        "grid": [(value, _y(value)) for value in (0, 25, 50, 75, 100)],
        "lines": lines,
        "plot": _PLOT,
        "height": max(bottom + 30, max(labels, default=0) + 10),
    }


def _dots(chart: DotChart) -> dict[str, Any]:
    """A row a role, 0–100 % across, a dot per group in its colour and marker."""
    left, right, step = 190.0, 640.0, 24.0
    legend, at, line = [], 10.0, 0
    for index, name in enumerate(chart.series):
        width = 6.5 * len(name) + 30  # (11 px text, about 6.5 px a character)
        if at + width > right + 20 and at > 10:
            at, line = 10.0, line + 1
        legend.append(
            {
                "name": printable(name),
                "colour": _COLOURS[index % len(_COLOURS)],
                "marker": _MARKERS[index % len(_MARKERS)],
                "x": at,
                "y": 12 + 18 * line,
            }
        )
        at += width
    top = 34.0 + 18 * line

    def x(value: float) -> float:
        return round(left + (right - left) * max(0.0, min(value, 100.0)) / 100.0, 1)

    return {
        "width": right + 20,
        "height": top + step * len(chart.rows) + 10,
        "left": left,
        "right": right,
        "ticks": [(value, x(value)) for value in (0, 25, 50, 75, 100)],
        "legend": legend,
        "top": top,
        "rows": [
            {
                "label": printable(label),
                "y": top + step * (index + 0.5),
                "dots": [
                    {
                        "x": x(value),
                        "colour": _COLOURS[series % len(_COLOURS)],
                        "marker": _MARKERS[series % len(_MARKERS)],
                    }
                    for series, value in enumerate(values)
                ],
            }
            for index, (label, values) in enumerate(zip(chart.rows, chart.values, strict=True))
        ],
    }


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
    environment.filters["short_columns"] = short_columns
    environment.filters["filled"] = filled
    environment.filters["bands"] = bands
    environment.tests["bar"] = is_bar
    environment.filters["columns"] = columns
    environment.filters["paired"] = paired
    environment.filters["radar"] = _radar
    environment.filters["trend"] = _trend
    environment.filters["dots"] = _dots
    environment.tests["dots"] = lambda block: isinstance(block, DotChart)
    environment.tests["heading"] = lambda block: isinstance(block, Heading)
    environment.tests["paragraph"] = lambda block: isinstance(block, Paragraph)
    environment.tests["table"] = lambda block: isinstance(block, Table)
    environment.tests["radar"] = lambda block: isinstance(block, RadarChart)
    environment.tests["lines"] = lambda block: isinstance(block, LineChart)
    return environment


def render(document: Document) -> str:
    return _environment().get_template("document.html.j2").render(document=document)
