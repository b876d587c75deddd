"""The current statement in full: its text, its examples (shown or hidden) and its note.

Moving from one statement to the next redraws the lines that differ; a statement that needs more
room than there is scrolls, and says so on its top edge ("▾ pgdn for more").
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style

from ...core.assessment import Entry
from ...core.instrument import Statement
from ...core.session import Change
from ...core.textsafe import printable
from ...core.wording import (
    ASKS_FOR,
    DISPUTED_SYMBOL,
    FLAG_SYMBOL,
    NOTE_SYMBOL,
    TO_CONFIRM_SYMBOL,
    action_text,
    answer_text,
    one_voice,
    typed_lines,
)
from .line_view import LineView


def hanging(text: str, width: int, first: str, rest: str, style: Style) -> list[Content]:
    """``text`` wrapped to ``width``, its first line after ``first``, the others after ``rest``."""
    wrapped = Content(printable(text, multiline=True)).wrap(max(width - len(first), 1))
    return [
        Content.assemble(first if index == 0 else rest, line).stylize(style)
        for index, line in enumerate(wrapped or [Content("")])
    ]


class StatementView(LineView):
    """Heading, text, the examples' toggle and the examples, the note: one line each row."""

    COMPONENT_CLASSES = {
        "statement-view--heading",
        "statement-view--flag",
        "statement-view--to-confirm",
        "statement-view--examples",
        "statement-view--example",
        "statement-view--note",
        "statement-view--disputed",
        "statement-view--members",
        "statement-view--last-cycle",
        "statement-view--actions",
        "statement-view--answer",
    }

    class ExamplesClicked(Message):
        """The examples' toggle was clicked: show or hide them."""

        def __init__(self, control: StatementView) -> None:
            self._control = control
            super().__init__()

        @property
        def control(self) -> StatementView:
            return self._control

    #: Said on the area's top edge while part of the statement is below the fold.
    MORE_BELOW = "▾ pgdn for more"

    #: (role, statement) of the statement shown; bound to the screen's.
    cursor: reactive[tuple[int, int]] = reactive((0, 0), init=False, repaint=False)
    #: Whether the "For example" bullets show; bound to the screen's.
    examples_shown: reactive[bool] = reactive(True, init=False, repaint=False)

    toggle_line: int | None = None
    FILLS_ITS_ROOM = True  # (height: 1fr in the stylesheet)

    def on_mount(self) -> None:  # (LineView's own runs too: Textual calls each class's)
        self.watch(self, "scroll_y", self._say_if_more, init=False)

    def shows(self, change: Change) -> bool:
        role_index, index = self.cursor
        role = self.instrument.roles[role_index]
        here = (role.id, role.statements[index].id)
        return super().shows(change) and (change.where is None or change.where == here)

    def watch_cursor(self) -> None:
        if self.scroll_y:  # (scrolling redraws it all: only when it was scrolled)
            self.scroll_home(animate=False)
        self.rebuild()

    def watch_examples_shown(self) -> None:
        self.rebuild()

    def _rebuild(self) -> None:
        super()._rebuild()
        self.call_after_refresh(self._say_if_more)

    def on_resize(self) -> None:
        self.call_after_refresh(self._say_if_more)

    def _say_if_more(self) -> None:
        """A statement taller than its room scrolls; a keyboard user needs to know there is
        more, and which key shows it."""
        more = self.max_scroll_y > 0 and self.scroll_y < self.max_scroll_y
        title = self.MORE_BELOW if more else ""
        if self.border_title != title:
            self.border_title = title

    def build(self, width: int) -> list[Content]:
        self.toggle_line = None
        role_index, index = self.cursor
        role = self.instrument.roles[role_index]
        statement = role.statements[index]
        entry = self.session.assessment.entry(role.id, statement.id)
        noun = "Statement" if statement.is_scale else "Question"
        required = " · required" if statement.is_required and not statement.is_scale else ""
        heading: list[str | tuple[str, Style]] = [
            (
                f"{noun} {index + 1} of {len(role.statements)}{required}",
                self.style("statement-view--heading"),
            )
        ]
        if entry is not None and entry.flagged:
            flag = self.style("statement-view--flag")
            heading += ["  ", (f"{FLAG_SYMBOL} Flagged for follow-up", flag)]
        if entry is not None and entry.to_confirm:
            confirm = self.style("statement-view--to-confirm")
            heading += ["  ", (f"{TO_CONFIRM_SYMBOL} From last cycle: confirm", confirm)]
        if entry is not None and entry.disputed:
            disputed = self.style("statement-view--disputed")
            how = "c to agree" if statement.is_scale else "Enter to answer for the team"
            heading += ["  ", (f"{DISPUTED_SYMBOL} Disputed: {how}", disputed)]
        lines = Content.assemble(*heading).wrap(width)
        lines += Content(printable(statement.text, multiline=True)).wrap(width)
        if statement.hint:
            lines += Content.styled(printable(statement.hint, multiline=True), "dim").wrap(width)
        if not statement.is_scale:
            lines += self._typed_answer(statement, entry, width)
        if entry is not None and entry.members and statement.is_scale:  # a team: who said what
            said = " · ".join(
                f"{printable(member.name)} {answer_text(self.instrument, member.answer)}"
                for member in entry.members
                if member.answer is not None
            )
            alone = one_voice(self.session.assessment, entry)
            said += f" — one voice: {alone}" if alone else ""
            members = Content.styled(f"Members: {said}", self.style("statement-view--members"))
            lines += members.wrap(width)
        elif entry is not None and entry.members:  # each member's own, to compose from
            style = self.style("statement-view--members")
            for member in entry.members:
                own = typed_lines(statement, member)
                if own:
                    first = Content.assemble((f"{printable(member.name)}: ", "bold"), own[0])
                    lines += [line.stylize(style) for line in first.wrap(width)]
                    for more in own[1:]:
                        lines += hanging(more, width, "  ", "  ", style)
        if entry is not None and (entry.last_answer is not None or entry.last_note):
            last = Content.assemble(
                ("Last cycle: ", "bold"),
                answer_text(self.instrument, entry.last_answer),
                # (the note carried over is shown below as the note, while it is unchanged)
                f" — {printable(entry.last_note, multiline=True)}"
                if entry.last_note and entry.last_note != entry.note
                else "",
            )
            style = self.style("statement-view--last-cycle")
            lines += [line.stylize(style) for line in last.wrap(width)]
        lines.append(Content(""))
        if statement.examples:
            arrow, action = ("▼", "hide") if self.examples_shown else ("▶", "show")
            self.toggle_line = len(lines)
            lines.append(
                Content.assemble(
                    (
                        f"{arrow} For example ({len(statement.examples)})",
                        self.style("statement-view--examples"),
                    ),
                    (f"  x to {action}", "dim"),
                )
            )
            if self.examples_shown:
                example = self.style("statement-view--example")
                ticked = set(entry.in_place) if entry else set()
                for number, text in enumerate(statement.examples, start=1):
                    bullet = "  ✓ " if number in ticked else "  • "  # ✓: in place (i ticks)
                    lines += hanging(text, width, bullet, "    ", example)
                lines.append(Content(""))
        if entry is not None and entry.note:
            note = Content.assemble(
                (f"{NOTE_SYMBOL} Note: ", "bold"), printable(entry.note, multiline=True)
            )
            style = self.style("statement-view--note")
            lines += [line.stylize(style) for line in note.wrap(width)]
        if entry is not None and entry.actions:
            style = self.style("statement-view--actions")
            lines += Content.styled(
                f"Actions ({len(entry.actions)}, A lists them all)", style
            ).wrap(width)
            today = self.session.clock().date()
            for planned in entry.actions:
                text = action_text(planned, today=today, multiline=True)
                lines += hanging(text, width, "  ▪ ", "    ", style)
        if entry is not None and entry.rationale:
            agreed = Content.assemble(
                ("Agreed: ", "bold"), printable(entry.rationale, multiline=True)
            )
            style = self.style("statement-view--note")
            lines += [line.stylize(style) for line in agreed.wrap(width)]
        return lines

    def _typed_answer(self, statement: Statement, entry: Entry | None, width: int) -> list[Content]:
        """A question of another type: its answer (every line of a text, every item of a
        group), or what it asks for and the key that answers it."""
        answer = self.style("statement-view--answer")
        lines = [Content("")]
        given = typed_lines(statement, entry)
        if not given:
            lines += Content.assemble(
                (f"Unanswered: {ASKS_FOR[statement.type]}. ", "dim"),
                ("Enter", "bold"),
                (" answers it.", "dim"),
            ).wrap(width)
            return lines
        if statement.type == "group":
            lines += Content.assemble(
                ("Items", "bold"), (f" ({len(given)}; Enter edits them)", "dim")
            ).wrap(width)
            for item in given:
                lines += hanging(item, width, "  ▪ ", "    ", answer)
            return lines
        lines += Content.assemble(("Answer", "bold"), (" (Enter edits it)", "dim")).wrap(width)
        for line in given:
            lines += hanging(line, width, "  ", "  ", answer)
        return lines

    def on_click(self, event: events.Click) -> None:
        if self.toggle_line is not None and self.line_clicked(event) == self.toggle_line:
            self.post_message(self.ExamplesClicked(self))
