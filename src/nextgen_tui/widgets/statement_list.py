"""A compact list of the current role's statements: each one's answer, flag and note at a glance."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from ..assessment import Entry
from ..display import FLAG_SYMBOL, NOTE_SYMBOL, TO_CONFIRM_SYMBOL, answer_label, answer_symbol
from ..framework import Framework, Statement
from ..textsafe import printable


def answer_style(framework: Framework, answer: str | None) -> str:
    """The colour that goes with an answer (its symbol already tells it apart)."""
    if answer is None:
        return "$text-muted"
    points = framework.option(answer).points
    return "$text-success" if points >= 1 else "$text-warning" if points > 0 else "$text-error"


class StatementRow(Static):
    """One line: current marker, number, answer symbol, the statement cut to fit, flag and note."""

    class Selected(Message):
        def __init__(self, statement_index: int) -> None:
            self.statement_index = statement_index
            super().__init__()

    def __init__(self, framework: Framework, index: int) -> None:
        super().__init__(classes="statement-row")
        self.framework = framework
        self.index = index
        self.statement: Statement | None = None
        self.entry: Entry | None = None
        self.current = False

    def show(self, statement: Statement, entry: Entry | None, current: bool) -> None:
        """Show one statement's line; nothing is redrawn when nothing changed."""
        if (statement, entry, current) == (self.statement, self.entry, self.current):
            return
        self.statement = statement
        self.entry = entry
        self.current = current
        answer = entry.answer if entry else None
        self.set_class(current, "-current")
        self.tooltip = f"{answer_label(self.framework, answer)}: {printable(statement.text)}"
        self.refresh()

    def render(self) -> Content:
        if self.statement is None:
            return Content("")
        width = self.content_size.width or 40
        answer = self.entry.answer if self.entry else None
        marks = ""
        if self.entry and self.entry.to_confirm:
            marks += TO_CONFIRM_SYMBOL
        if self.entry and self.entry.flagged:
            marks += FLAG_SYMBOL
        if self.entry and self.entry.note:
            marks += NOTE_SYMBOL
        prefix = f"{'▸' if self.current else ' '}{self.index + 1:>2} "
        room = width - len(prefix) - 2 - (len(marks) + 1 if marks else 0)
        text = printable(self.statement.text)
        if len(text) > room:
            text = text[: max(room - 1, 0)] + "…"
        return Content.assemble(
            (prefix, "bold" if self.current else ""),
            (answer_symbol(self.framework, answer), f"bold {answer_style(self.framework, answer)}"),
            " ",
            (text, "bold" if self.current else ""),
            (" " * max(room - len(text), 0) + " " + marks) if marks else "",
        )

    def on_click(self) -> None:
        self.post_message(self.Selected(self.index))


class StatementList(VerticalScroll, can_focus=False):
    """Rows for the longest role; a shorter role hides the rows it does not need."""

    def __init__(self, framework: Framework) -> None:
        super().__init__(id="statement-list")
        self.framework = framework
        longest = max(len(role.statements) for role in framework.roles)
        self.rows = [StatementRow(framework, index) for index in range(longest)]

    def compose(self):
        yield from self.rows

    def show(self, statements: list[Statement], entries: list[Entry | None], current: int) -> None:
        for index, row in enumerate(self.rows):
            row.display = index < len(statements)
            if index < len(statements):
                row.show(statements[index], entries[index], index == current)
        if current < len(self.rows) and self.max_scroll_y > 0:  # only a list taller than its room
            self.call_after_refresh(self.rows[current].scroll_visible, animate=False)
