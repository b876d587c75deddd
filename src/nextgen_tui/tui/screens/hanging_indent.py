"""Text wrapped with a hanging indent, for the screens that show long text in columns."""

from __future__ import annotations

from textual.content import Content


def hanging(text: Content, indent: str, width: int, *, first: str | None = None) -> Content:
    """``text`` wrapped to ``width``, every line after ``indent`` (the first after ``first``,
    when given): a wrapped line starts under the text, not under the margin."""
    room = max(width - len(indent), 10)
    lines: list[Content] = []
    for paragraph in text.split("\n"):
        lines += paragraph.wrap(room) or [Content("")]
    starts = [indent if first is None else first] + [indent] * (len(lines) - 1)
    return Content("\n").join(
        Content.assemble(start, line) for start, line in zip(starts, lines, strict=True)
    )
