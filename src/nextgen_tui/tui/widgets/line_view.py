"""The base of the widgets that change with every answer: drawn line by line, as Textual's ``Log``.

A :class:`LineView` is a ``ScrollView`` that builds its lines (one-line ``Content`` each, cut to
its width) from the session and its own reactives, and draws them with ``render_line`` from a
cache of strips. When something it shows changes (a change the session announces, or one of its
reactives) it builds its lines again once, compares them with the ones
on screen and redraws only those that differ; it is laid out again only when the number of
lines changed. Its colours come from its ``COMPONENT_CLASSES``, which the one stylesheet styles,
so a theme or a user's stylesheet restyles them. Text drawn this way can still be selected with
the mouse and copied.
"""

from __future__ import annotations

from rich.segment import Segment
from textual import events
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style

from ...core.session import Change, Session
from ..breakpoints import breakpoint_classes
from .session_follower import FollowsSession


class LineView(ScrollView, FollowsSession, can_focus=False):
    """As many lines as :meth:`build` gives; it scrolls when they need more room than it has."""

    DEFAULT_CSS = """
    LineView {
        height: auto;
        overflow-x: hidden;
    }
    """

    #: Its height is set by the layout (``1fr``), not by its lines: more or fewer lines that
    #: still fit need no new layout.
    FILLS_ITS_ROOM = False

    def __init__(self, session: Session, *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self.session = session
        self.instrument = session.instrument
        self._lines: list[Content] = []
        self._built_for: int | None = None  # the width the lines were built for
        self._rebuild_due = False
        self._strips: LRUCache[int, Strip] = LRUCache(256)

    # -- what subclasses give -------------------------------------------------------------------

    def build(self, width: int) -> list[Content]:
        """The lines to show at ``width`` cells; each should fit in it."""
        raise NotImplementedError

    def shows(self, change: Change) -> bool:
        """Whether ``change`` alters what this view shows (by default: any change to the
        answers file's content; a save alone changes none)."""
        return change.kind != "saved"

    # -- helpers for subclasses -----------------------------------------------------------------

    def style(self, component: str) -> Style:
        """The stylesheet's style for one of this view's component classes."""
        return self.get_visual_style(component, partial=True)

    def in_breakpoint(self, name: str) -> bool:
        """Whether the screen has the size class ``name`` (``-short``, ``-wide``…), known from
        the start (see :mod:`nextgen_tui.tui.breakpoints`)."""
        return name in breakpoint_classes(self.app)

    def line_at(self, y: int) -> int:
        """The line under the row ``y`` of the widget's content (it may be scrolled)."""
        return y + round(self.scroll_offset.y)

    def line_clicked(self, event: events.Click) -> int | None:
        """The line a click was on (None: on the border or the scrollbar)."""
        offset = event.get_content_offset(self)
        return None if offset is None else self.line_at(offset.y)

    # -- keeping the lines up to date -----------------------------------------------------------

    def session_changed(self, change: Change) -> None:
        if self.shows(change):
            self.rebuild()

    def rebuild(self) -> None:
        """What is shown changed: build the lines again, once, before the next frame (however
        many changes come first)."""
        if not self._rebuild_due:
            self._rebuild_due = True
            self.call_next(self._rebuild)

    def _width(self) -> int:
        return self.scrollable_content_region.width

    def _rebuild(self) -> None:
        self._rebuild_due = False
        width = self._width()
        if not width:  # not laid out yet: the lines are built when it is
            self._built_for = None
            return
        old, self._lines, self._built_for = self._lines, self.build(width), width
        new = self._lines
        if len(old) != len(new):
            fits = max(len(old), len(new)) <= self.scrollable_content_region.height
            if not (self.FILLS_ITS_ROOM and fits):
                self._strips.clear()
                self.virtual_size = Size(width, len(new))
                self.refresh(layout=True)  # more or fewer lines: laid out again
                return
            # its height is its room's, and all its lines fit before and after: no layout,
            # no scrollbar to show or hide; only the lines that differ are drawn again
            self.set_reactive(LineView.virtual_size, Size(width, len(new)))
        top = round(self.scroll_offset.y)
        blank = Content("")
        for y in range(max(len(old), len(new))):
            before = old[y] if y < len(old) else blank
            after = new[y] if y < len(new) else blank
            if before.plain != after.plain or before.spans != after.spans:  # text or style
                self._strips.discard(y)
                if top <= y < top + self.size.height:
                    self.refresh(Region(0, y - top, self.size.width, 1))

    def _build_all(self, width: int) -> None:
        """Build every line again at ``width``, to be drawn afresh (no strip kept)."""
        self._lines, self._built_for = self.build(width), width
        self._strips.clear()
        self.virtual_size = Size(width, len(self._lines))

    @property
    def lines(self) -> list[Content]:
        """The lines as they are now (built at once if a change is still to be drawn)."""
        width = self._width() or 80
        if self._rebuild_due or width != self._built_for:
            self._build_all(width)
        return self._lines

    @property
    def text(self) -> str:
        """What the view shows, as plain text."""
        return "\n".join(line.plain for line in self.lines)

    def on_resize(self) -> None:
        if self._width() != self._built_for:
            self._rebuild()

    def notify_style_update(self) -> None:
        """Styles changed (another theme, or the screen's size classes): the lines look
        otherwise."""
        super().notify_style_update()
        self._strips.clear()
        if self.is_mounted:  # once the component classes have their new styles too
            self.call_after_refresh(self.rebuild)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if width and width != self._built_for:
            self._build_all(width)
        return len(self._lines)

    # -- drawing ------------------------------------------------------------------------------

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text under a mouse selection, to copy."""
        return selection.extract(self.text), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self._strips.clear()
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.line_at(y)
        base = self.visual_style
        lines = self._lines
        if not 0 <= index < len(lines):
            return Strip.blank(width, base.rich_style)
        selection = self.text_selection
        if selection is None and (cached := self._strips.get(index)) is not None:
            return cached
        line = lines[index]  # built to fit: no wrapping to do, only styles to resolve
        if selection is not None and (span := selection.get_span(index)) is not None:
            start, end = span
            chosen = self.screen.get_visual_style("screen--selection")
            line = line.stylize(chosen, start, len(line) if end == -1 else end)
        segments = [
            Segment(text, style.rich_style if style else None)
            for text, style in line.render(base, end="")
        ]
        strip = Strip(segments, line.cell_length).crop_extend(0, width, base.rich_style)
        strip = strip.apply_offsets(0, index)  # where each character is, for the mouse
        if selection is None:
            self._strips[index] = strip
        return strip
