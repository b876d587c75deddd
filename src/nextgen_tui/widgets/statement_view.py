"""The current statement in full: its text, its examples (shown or hidden) and its note."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from ..assessment import Entry
from ..display import FLAG_SYMBOL, NOTE_SYMBOL, TO_CONFIRM_SYMBOL
from ..framework import Statement
from ..textsafe import printable


class ExamplesToggle(Static):
    """ "▶ For example (3)": click it, or press x, to show or hide the examples."""

    class Toggled(Message):
        pass

    def on_click(self) -> None:
        self.post_message(self.Toggled())


class StatementView(VerticalScroll, can_focus=False):
    def __init__(self) -> None:
        super().__init__(id="statement-view")
        self._shown: tuple[object, ...] | None = None
        self._heading = ""

    def compose(self):
        yield Static(id="statement-heading")
        yield Static(id="statement-text")
        yield ExamplesToggle(id="examples-toggle")
        yield Static(id="examples")
        yield Static(id="note")

    def show(
        self,
        statement: Statement,
        position: int,
        count: int,
        entry: Entry | None,
        examples_shown: bool,
    ) -> None:
        """Show a statement in full; nothing is redrawn when nothing changed."""
        shown = (statement, position, count, entry, examples_shown)
        if shown == self._shown:
            return
        moved = self._shown is None or self._shown[0] is not statement
        self._shown = shown
        flagged = entry is not None and entry.flagged
        heading = [("Statement ", "bold"), (f"{position + 1} of {count}", "bold")]
        if flagged:
            heading += ["  ", (f"{FLAG_SYMBOL} Flagged for follow-up", "bold $warning")]
        if entry is not None and entry.to_confirm:
            heading += ["  ", (f"{TO_CONFIRM_SYMBOL} From last cycle: confirm", "bold $accent")]
        heading_content = Content.assemble(*heading)
        same_width = len(heading_content.plain) == len(self._heading)
        self._heading = heading_content.plain
        self.query_one("#statement-heading", Static).update(heading_content, layout=not same_width)
        if moved:
            self.query_one("#statement-text", Static).update(
                Content(printable(statement.text, multiline=True))
            )
        toggle = self.query_one(ExamplesToggle)
        examples = self.query_one("#examples", Static)
        toggle.display = bool(statement.examples)
        examples.display = bool(statement.examples) and examples_shown
        if statement.examples:
            arrow = "▼" if examples_shown else "▶"
            action = "hide" if examples_shown else "show"
            toggle.update(
                Content.assemble(
                    (f"{arrow} For example ({len(statement.examples)})", "bold"),
                    (f"  x to {action}", "dim"),
                )
            )
            examples.update(
                Content("\n".join(f"• {printable(example)}" for example in statement.examples))
            )
        note = self.query_one("#note", Static)
        note.display = bool(entry and entry.note)
        if entry and entry.note:
            note.update(
                Content.assemble(
                    (f"{NOTE_SYMBOL} Note: ", "bold"), printable(entry.note, multiline=True)
                )
            )
        if moved:
            self.scroll_home(animate=False)
