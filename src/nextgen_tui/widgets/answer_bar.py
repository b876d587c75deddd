"""The answers on the scale, the current one marked by shape (◉) as well as colour."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from ..framework import Framework, ScaleOption
from ..textsafe import printable


class AnswerChoice(Static):
    class Chosen(Message):
        def __init__(self, value: str) -> None:
            self.value = value
            super().__init__()

    def __init__(self, option: ScaleOption) -> None:
        super().__init__(classes=f"answer-choice -answer-{option.value}")
        self.option = option
        self.show(False)

    def show(self, chosen: bool) -> None:
        self.set_class(chosen, "-chosen")
        self.update(
            Content.assemble(
                ("◉ " if chosen else "○ ", "bold" if chosen else ""),
                (f"{self.option.symbol} {printable(self.option.label)}", "bold" if chosen else ""),
                (f" [{self.option.key}]", "dim"),
            )
        )

    def on_click(self) -> None:
        self.post_message(self.Chosen(self.option.value))


class AnswerBar(Horizontal):
    def __init__(self, framework: Framework) -> None:
        super().__init__(id="answer-bar")
        self.choices = [AnswerChoice(option) for option in framework.scale]

    def compose(self):
        yield from self.choices

    def show(self, answer: str | None) -> None:
        for choice in self.choices:
            choice.show(choice.option.value == answer)
