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
        self.spans: list[tuple[int, int, str]] = []  # start, end, value
        self.show(None)

    def show(self, answer: str | None) -> None:
        if answer == self.chosen:
            return
        self.chosen = answer
        parts: list[tuple[str, str] | str] = []
        self.spans = []
        position = 0
        for option in self.framework.scale:
            chosen = option.value == answer
            style = f"bold reverse {answer_style(self.framework, option.value)}" if chosen else ""
            text = f" {'◉' if chosen else '○'} {option.symbol} {printable(option.label)}"
            key = f" [{option.key}] "
            parts += [(text, style), (key, style or "dim"), " "]
            self.spans.append((position, position + len(text) + len(key), option.value))
            position += len(text) + len(key) + 1
        self.update(Content.assemble(*parts), layout=False)  # the same width whatever is chosen

    def on_click(self, event: events.Click) -> None:
        for start, end, value in self.spans:
            if start <= event.x < end:
                self.post_message(self.Chosen(value))
