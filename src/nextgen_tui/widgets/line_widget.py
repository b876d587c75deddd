"""A widget drawn line by line (Textual's line API) from one-line Contents.

The widgets that change with every answer (the role header, the statement list, the statement
itself and the maturity sidebar) are built on it: when their data changes,
:meth:`LineWidget.update_lines` builds the lines again, compares them with the ones on screen
and asks Textual to redraw only those that differ, so an answer redraws a few lines, not the
whole sidebar, and lays nothing out again unless the number of lines changed. Text drawn this
way can still be selected with the mouse and copied.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.geometry import Region, Size
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget

from ..breakpoints import breakpoint_classes


class LineWidget(Widget):
    """As many lines high as :meth:`build` gives lines (or :attr:`room`, if more: the lines below
    are blank); each line is cut to the widget's width."""

    DEFAULT_CSS = """
    LineWidget {
        height: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Content] = []
        self.room = 0  # the least height, in lines
        self._built_for: int | None = None  # the width the lines were built for

    def build(self, width: int) -> list[Content]:
        """The lines to show at ``width`` cells; each should fit in it."""
        raise NotImplementedError

    def update_lines(self) -> None:
        """The data changed: build the lines again and redraw the ones that differ (or lay the
        widget out again when their number changed)."""
        width = self.size.width
        if not width:  # not laid out yet: the lines are built when it is
            self._built_for = None
            return
        old, self.lines, self._built_for = self.lines, self.build(width), width
        height = max(len(self.lines), self.room)
        if max(len(old), self.room) != height:
            self.refresh(layout=True)
            return
        for y in range(height):
            before = old[y] if y < len(old) else None
            after = self.lines[y] if y < len(self.lines) else None
            if before != after:
                self.refresh(Region(0, y, width, 1))

    def in_breakpoint(self, name: str) -> bool:
        """Whether the screen has the size class ``name`` (``-short``, ``-wide``…), known from
        the start (see :mod:`nextgen_tui.breakpoints`)."""
        return name in breakpoint_classes(self.app)

    def notify_style_update(self) -> None:
        """Styles changed (another theme, or the screen's -short, -tall or -wide class): the
        lines may look otherwise."""
        super().notify_style_update()
        if self.is_mounted:  # after the layout under way, if any, has used the present lines
            self.call_after_refresh(self.update_lines)

    def _lines_for(self, width: int) -> list[Content]:
        if width != self._built_for:
            self.lines, self._built_for = self.build(width), width
        return self.lines

    @property
    def text(self) -> str:
        """What the widget shows, as plain text."""
        return "\n".join(line.plain for line in self._lines_for(self.size.width or 80))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return container.width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return max(len(self._lines_for(width)), self.room)

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text under a mouse selection, to copy."""
        return selection.extract(self.text), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        lines = self._lines_for(width)
        base = self.visual_style
        if not 0 <= y < len(lines):
            return Strip.blank(width, base.rich_style)
        line = lines[y]  # built to fit: no wrapping to do, only styles to resolve
        selection = self.text_selection
        if selection is not None and (span := selection.get_span(y)) is not None:
            start, end = span
            chosen = self.screen.get_component_rich_style("screen--selection")
            end = len(line) if end == -1 else end
            line = line.stylize(Style.from_rich_style(chosen), start, end)
        segments = [
            Segment(text, style.rich_style if style else None)
            for text, style in line.render(base, end="", parse_style=self._get_style)
        ]
        strip = Strip(segments, line.cell_length).crop_extend(0, width, base.rich_style)
        return strip.apply_offsets(0, y)  # where each character is, for selecting with the mouse
