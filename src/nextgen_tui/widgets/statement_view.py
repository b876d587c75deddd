"""The current statement in full: its text, its examples (shown or hidden) and its note.

It is drawn as lines (see :class:`LineWidget`) at least as many as the room it has, so moving from
one statement to the next redraws the lines that differ and lays nothing out again unless the
statement needs more room than there is (then it scrolls).
"""

from __future__ import annotations

from textual import events
from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.message import Message

from ..assessment import Entry
from ..framework import Statement
from ..marks import FLAG_SYMBOL, NOTE_SYMBOL, TO_CONFIRM_SYMBOL
from ..textsafe import printable
from .line_widget import LineWidget


def _hanging(text: str, width: int, first: str, rest: str, style: str) -> list[Content]:
    """``text`` wrapped to ``width``, its first line after ``first``, the others after ``rest``."""
    wrapped = Content(printable(text, multiline=True)).wrap(max(width - len(first), 1))
    return [
        Content.assemble(first if index == 0 else rest, line).stylize(style)
        for index, line in enumerate(wrapped or [Content("")])
    ]


class StatementBody(LineWidget):
    """Heading, text, the examples' toggle and the examples, the note: one line each row."""

    def __init__(self) -> None:
        super().__init__(id="statement-body")
        self.shown: tuple[Statement, int, int, Entry | None, bool] | None = None
        self.toggle_line: int | None = None

    def build(self, width: int) -> list[Content]:
        self.toggle_line = None
        if self.shown is None:
            return []
        statement, position, count, entry, examples_shown = self.shown
        heading: list[str | tuple[str, str]] = [
            (f"Statement {position + 1} of {count}", "bold $text-primary")
        ]
        if entry is not None and entry.flagged:
            heading += ["  ", (f"{FLAG_SYMBOL} Flagged for follow-up", "bold $warning")]
        if entry is not None and entry.to_confirm:
            heading += ["  ", (f"{TO_CONFIRM_SYMBOL} From last cycle: confirm", "bold $accent")]
        lines = Content.assemble(*heading).wrap(width)
        lines += Content(printable(statement.text, multiline=True)).wrap(width)
        lines.append(Content(""))
        if statement.examples:
            arrow, action = ("▼", "hide") if examples_shown else ("▶", "show")
            self.toggle_line = len(lines)
            lines.append(
                Content.assemble(
                    (f"{arrow} For example ({len(statement.examples)})", "bold $text-secondary"),
                    (f"  x to {action}", "dim"),
                )
            )
            if examples_shown:
                for example in statement.examples:
                    lines += _hanging(example, width, "  • ", "    ", "$text-muted")
                lines.append(Content(""))
        if entry is not None and entry.note:
            note = Content.assemble(
                (f"{NOTE_SYMBOL} Note: ", "bold"), printable(entry.note, multiline=True)
            )
            lines += [line.stylize("$text-secondary") for line in note.wrap(width)]
        return lines

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # At least the room there is: a shorter statement then takes no new layout.
        self.room = container.height
        return super().get_content_height(container, viewport, width)

    def on_click(self, event: events.Click) -> None:
        if self.toggle_line is not None and event.y == self.toggle_line:
            self.post_message(StatementView.ExamplesClicked())


class StatementView(VerticalScroll, can_focus=False):
    class ExamplesClicked(Message):
        """The examples' toggle was clicked: show or hide them."""

    #: Said on the area's top edge while part of the statement is below the fold.
    MORE_BELOW = "▾ pgdn for more"

    def __init__(self) -> None:
        super().__init__(id="statement-view")
        self.body = StatementBody()

    def compose(self):
        yield self.body

    def on_mount(self) -> None:
        self.watch(self, "scroll_y", self._say_if_more, init=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self._say_if_more)

    def _say_if_more(self) -> None:
        """A statement taller than its room scrolls; a keyboard user needs to know there is
        more, and which key shows it."""
        more = self.max_scroll_y > 0 and self.scroll_y < self.max_scroll_y
        title = self.MORE_BELOW if more else ""
        if self.border_title != title:
            self.border_title = title

    def show(
        self,
        statement: Statement,
        position: int,
        count: int,
        entry: Entry | None,
        examples_shown: bool,
    ) -> None:
        """Show a statement in full; only the lines that changed are redrawn."""
        shown = (statement, position, count, entry, examples_shown)
        if shown == self.body.shown:
            return
        moved = self.body.shown is None or self.body.shown[0] is not statement
        self.body.shown = shown
        self.body.update_lines()
        if moved:
            self.scroll_home(animate=False)
        self.call_after_refresh(self._say_if_more)

    @property
    def text(self) -> str:
        """What the statement area shows, as plain text (without the blank lines below)."""
        return self.body.text.rstrip("\n")
