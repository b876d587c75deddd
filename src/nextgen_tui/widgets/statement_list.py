"""A compact list of the current role's statements: each one's answer, flag and note at a glance.

One widget draws every line (fewer widgets lay out faster); a click picks the line's statement.
"""

from __future__ import annotations

from textual import events
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message

from ..assessment import Entry
from ..framework import Framework, Statement
from ..marks import FLAG_SYMBOL, NOTE_SYMBOL, TO_CONFIRM_SYMBOL, answer_symbol, cells, fit
from ..textsafe import printable
from .line_widget import LineWidget


def answer_style(framework: Framework, answer: str | None) -> str:
    """The colour that goes with an answer (its symbol already tells it apart)."""
    if answer is None:
        return "$text-muted"
    points = framework.option(answer).points
    return "$text-success" if points >= 1 else "$text-warning" if points > 0 else "$text-error"


def _marks(entry: Entry | None) -> str:
    if entry is None:
        return ""
    return "".join(
        symbol
        for present, symbol in (
            (entry.to_confirm, TO_CONFIRM_SYMBOL),
            (entry.flagged, FLAG_SYMBOL),
            (bool(entry.note), NOTE_SYMBOL),
        )
        if present
    )


class StatementLines(LineWidget):
    """Per statement: current marker, number, answer symbol, the text cut to fit, marks."""

    def __init__(self, framework: Framework) -> None:
        super().__init__(id="statement-lines")
        self.framework = framework
        self.shown: tuple[tuple[Statement, ...], tuple[Entry | None, ...], int] | None = None

    def show(self, statements: list[Statement], entries: list[Entry | None], current: int) -> None:
        shown = (tuple(statements), tuple(entries), current)
        if shown != self.shown:
            self.shown = shown
            self.update_lines()

    def line(self, index: int, statement: Statement, entry: Entry | None, width: int) -> Content:
        current = self.shown is not None and index == self.shown[2]
        answer = entry.answer if entry else None
        marks = _marks(entry)
        prefix = f"{'▸' if current else ' '}{index + 1:>2} "
        room = width - len(prefix) - 2 - (len(marks) + 1 if marks else 0)
        text = fit(printable(statement.text), room)
        line = Content.assemble(
            (prefix, "bold" if current else ""),
            (answer_symbol(self.framework, answer), f"bold {answer_style(self.framework, answer)}"),
            " ",
            (text, "bold" if current else ""),
            (" " * max(room - cells(text), 0) + " " + marks) if marks else "",
        )
        return line.stylize("on $boost") if current else line

    def build(self, width: int) -> list[Content]:
        if self.shown is None:
            return []
        statements, entries, _ = self.shown
        return [
            self.line(index, statement, entry, width)
            for index, (statement, entry) in enumerate(zip(statements, entries, strict=True))
        ]

    def on_click(self, event: events.Click) -> None:
        if self.shown is not None and 0 <= event.y < len(self.shown[0]):
            self.post_message(StatementList.Selected(event.y))


class StatementList(VerticalScroll, can_focus=False):
    class Selected(Message):
        def __init__(self, statement_index: int) -> None:
            self.statement_index = statement_index
            super().__init__()

    def __init__(self, framework: Framework) -> None:
        super().__init__(id="statement-list")
        self.body = StatementLines(framework)

    def compose(self):
        yield self.body

    def show(self, statements: list[Statement], entries: list[Entry | None], current: int) -> None:
        self.body.show(statements, entries, current)
        if self.max_scroll_y > 0:  # only a list taller than its room scrolls
            self.call_after_refresh(self.scroll_to, y=max(current - 1, 0), animate=False)

    @property
    def text(self) -> str:
        """What the list shows, as plain text."""
        return self.body.text
