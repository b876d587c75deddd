"""The answers on the scale, the current one marked by shape (◉) as well as colour; a click on
one answers with it."""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from ..framework import Framework
from ..textsafe import printable
from .statement_list import answer_style


class AnswerBar(Static):
    class Chosen(Message):
        def __init__(self, value: str) -> None:
            self.value = value
            super().__init__()

    def __init__(self, framework: Framework) -> None:
        super().__init__(id="answer-bar")
        self.framework = framework
        self.chosen: str | None = "unset"
        self.spans: list[tuple[int, int, int, str]] = []  # line, start, end, value
        self.stacked = False  # one answer a line, when they do not fit on one
        self.show(None)

    def _pieces(self, answer: str | None) -> list[tuple[str, str, str, str]]:
        pieces = []
        for option in self.framework.scale:
            chosen = option.value == answer
            style = f"bold reverse {answer_style(self.framework, option.value)}" if chosen else ""
            text = f" {'◉' if chosen else '○'} {option.symbol} {printable(option.label)}"
            pieces.append((text, f" [{option.key}] ", style, option.value))
        return pieces

    @property
    def one_line_width(self) -> int:
        """The cells the answers take on one line (as drawn: no space after the last)."""
        line = " ".join(text + key for text, key, _, _ in self._pieces(None))
        return len(line.rstrip())

    def show(self, answer: str | None) -> None:
        if answer == self.chosen:
            return
        self.chosen = answer
        parts: list[tuple[str, str] | str] = []
        self.spans = []
        position = line = 0
        for text, key, style, value in self._pieces(answer):
            parts += [(text, style), (key, style or "dim"), "\n" if self.stacked else " "]
            self.spans.append((line, position, position + len(text) + len(key), value))
            if self.stacked:
                line += 1
            else:
                position += len(text) + len(key) + 1
        # the same size whatever is chosen: no new layout for an answer
        self.update(Content.assemble(*parts).rstrip(), layout=False)

    def on_resize(self) -> None:
        stacked = self.size.width < self.one_line_width
        if stacked != self.stacked:
            self.stacked = stacked
            self.set_class(stacked, "-stacked")
            chosen, self.chosen = self.chosen, "unset"
            self.show(chosen)

    def on_click(self, event: events.Click) -> None:
        for line, start, end, value in self.spans:
            if line == event.y and start <= event.x < end:
                self.post_message(self.Chosen(value))
