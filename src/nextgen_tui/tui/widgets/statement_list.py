"""A compact list of the current role's statements: each one's answer, flag and note at a glance.

One widget draws every line (fewer widgets lay out faster); a click picks the line's statement.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style

from ...core.session import Change
from ...core.textsafe import printable
from ...core.wording import (
    ANSWERED_SYMBOL,
    UNANSWERED_SYMBOL,
    answer_symbol,
    answer_tone,
    cells,
    entry_marks,
    fit,
)
from .line_view import LineView

#: The component classes of an answer's tone (see :func:`~nextgen_tui.core.wording.answer_tone`).
ANSWER_CLASSES = {
    "full": "answer--full",
    "partial": "answer--partial",
    "none": "answer--none",
    None: "answer--unanswered",
}


BOLD = Style(bold=True)


class StatementList(LineView):
    """Per statement of the role at the cursor: marker, number, answer symbol, the text cut to
    fit, and its marks (to confirm, flagged, note)."""

    COMPONENT_CLASSES = {"statement-list--current", *ANSWER_CLASSES.values()}

    #: (role, statement) of the current statement; bound to the screen's.
    cursor: reactive[tuple[int, int]] = reactive((0, 0), init=False, repaint=False)

    class Selected(Message):
        """A statement of the list was clicked."""

        def __init__(self, control: StatementList, statement_index: int) -> None:
            self._control = control
            self.statement_index = statement_index
            super().__init__()

        @property
        def control(self) -> StatementList:
            return self._control

    def shows(self, change: Change) -> bool:
        role = self.instrument.roles[self.cursor[0]]
        where = change.where
        return super().shows(change) and (where is None or where[0] == role.id)

    def watch_cursor(self, old: tuple[int, int], new: tuple[int, int]) -> None:
        self.rebuild()
        self.call_after_refresh(self._keep_current_in_view)

    def _keep_current_in_view(self) -> None:
        if self.max_scroll_y > 0:  # only a list taller than its room scrolls
            self.scroll_to(y=max(self.cursor[1] - 1, 0), animate=False)

    def build(self, width: int) -> list[Content]:
        role_index, current = self.cursor
        role = self.instrument.roles[role_index]
        assessment = self.session.assessment
        highlight = self.style("statement-list--current")
        tones = {tone: self.style(component) + BOLD for tone, component in ANSWER_CLASSES.items()}
        lines = []
        for index, statement in enumerate(role.statements):
            entry = assessment.entry(role.id, statement.id)
            answer = entry.answer if entry else None
            marks = "".join(symbol for symbol, _words in entry_marks(entry))
            prefix = f"{'▸' if index == current else ' '}{index + 1:>2} "
            room = width - len(prefix) - 2 - (len(marks) + 1 if marks else 0)
            text = fit(printable(statement.text), room)
            if statement.is_scale:
                symbol = answer_symbol(self.instrument, answer)
                tone = tones[answer_tone(self.instrument, answer)]
            else:  # another type: answered or not (the view below shows what)
                answered = entry is not None and entry.has_answer
                symbol = ANSWERED_SYMBOL if answered else UNANSWERED_SYMBOL
                tone = tones["full" if answered else None]
            line = Content.assemble(
                prefix,
                (symbol, tone),
                " ",
                text,
                (" " * max(room - cells(text), 0) + " " + marks) if marks else "",
            )
            lines.append(line.stylize(highlight) if index == current else line)
        return lines

    def on_click(self, event: events.Click) -> None:
        index = self.line_clicked(event)
        if index is not None and 0 <= index < len(self.instrument.roles[self.cursor[0]].statements):
            self.post_message(self.Selected(self, index))
