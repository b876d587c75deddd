"""The answers on the scale, the current one marked by shape (◉) as well as colour; a click on
one answers with it."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.style import Style
from textual.widgets import Static

from ...core.session import Change, Session
from ...core.textsafe import printable
from ...core.wording import ASKS_FOR, answer_tone
from .session_follower import FollowsSession
from .statement_list import ANSWER_CLASSES


class AnswerBar(Static, FollowsSession):
    COMPONENT_CLASSES = {*ANSWER_CLASSES.values()}

    class Chosen(Message):
        """An answer was clicked."""

        def __init__(self, control: AnswerBar, value: str) -> None:
            self._control = control
            self.value = value
            super().__init__()

        @property
        def control(self) -> AnswerBar:
            return self._control

    #: (role, statement) whose answer is shown; bound to the screen's.
    cursor: reactive[tuple[int, int]] = reactive((0, 0), init=False, repaint=False)

    def __init__(
        self, session: Session, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.session = session
        self.instrument = session.instrument
        self.chosen: str | None = "unset"
        self.spans: list[tuple[int, int, int, str]] = []  # line, start, end, value
        self.stacked = False  # one answer a line, when they do not fit on one
        self._show_due = False

    def on_mount(self) -> None:
        self._show()

    def session_changed(self, change: Change) -> None:
        if change.kind in ("answer", "reloaded"):
            self._show_soon()

    def watch_cursor(self) -> None:
        self._show_soon()

    def _show_soon(self) -> None:
        """Once, after what happens together: an answer and the move to the next statement
        (whose answers usually look as the last one's did) redraw the bar once, or not at
        all."""
        if not self._show_due:
            self._show_due = True
            self.call_next(self._show_now)

    def _show_now(self) -> None:
        self._show_due = False
        self._show()

    @property
    def answer(self) -> str | None:
        """The answer on the scale; for another type, ``typed:`` and whether it is answered."""
        role = self.instrument.roles[self.cursor[0]]
        statement = role.statements[self.cursor[1]]
        entry = self.session.assessment.entry(role.id, statement.id)
        if statement.is_scale:
            return entry.answer if entry else None
        answered = entry is not None and entry.has_answer
        return f"typed:{statement.type}:{answered}"

    def _pieces(self, answer: str | None) -> list[tuple[str, str, Style | None, str]]:
        if answer is not None and answer.startswith("typed:"):
            _typed, kind, answered = answer.split(":")
            verb = "Edit" if answered == "True" else "Answer"
            return [(f" ✎ {verb}: {ASKS_FOR[kind]}", " [enter] ", None, "typed")]
        pieces = []
        for option in self.instrument.scale:
            chosen = option.value == answer
            style = None
            if chosen:
                tone = ANSWER_CLASSES[answer_tone(self.instrument, option.value)]
                style = self.get_visual_style(tone, partial=True) + Style(bold=True, reverse=True)
            text = f" {'◉' if chosen else '○'} {option.symbol} {printable(option.label)}"
            pieces.append((text, f" [{option.key}] ", style, option.value))
        return pieces

    @property
    def one_line_width(self) -> int:
        """The cells the answers take on one line (as drawn: no space after the last)."""
        if not self.instrument.scale:
            return 0
        line = " ".join(text + key for text, key, _, _ in self._pieces(None))
        return len(line.rstrip())

    def _show(self, force: bool = False) -> None:
        answer = self.answer
        if answer == self.chosen and not force:
            return
        self.chosen = answer
        parts: list[tuple[str, Style | str] | str] = []
        self.spans = []
        position = line = 0
        for text, key, style, value in self._pieces(answer):
            parts += [(text, style or ""), (key, style or "dim"), "\n" if self.stacked else " "]
            self.spans.append((line, position, position + len(text) + len(key), value))
            if self.stacked:
                line += 1
            else:
                position += len(text) + len(key) + 1
        # the same size whatever is chosen: no new layout for an answer
        self.update(Content.assemble(*parts).rstrip(), layout=False)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        if self.is_mounted:
            self._show(force=True)

    def on_resize(self) -> None:
        stacked = self.size.width < self.one_line_width
        if stacked != self.stacked:
            self.stacked = stacked
            self.set_class(stacked, "-stacked")
            self._show(force=True)

    def on_click(self, event: events.Click) -> None:
        for line, start, end, value in self.spans:
            if line == event.y and start <= event.x < end:
                self.post_message(self.Chosen(self, value))
