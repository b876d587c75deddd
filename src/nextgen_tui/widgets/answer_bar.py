"""The answers on the scale, the current one marked by shape (◉) as well as colour."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from ..framework import Framework, ScaleOption
from ..textsafe import printable
from .statement_list import answer_style


class AnswerChoice(Static):
    class Chosen(Message):
        def __init__(self, value: str) -> None:
            self.value = value
            super().__init__()

    def __init__(self, framework: Framework, option: ScaleOption) -> None:
        super().__init__(classes="answer-choice")
        self.framework = framework
        self.option = option
        self.chosen: bool | None = None
        self.show(False)

    def show(self, chosen: bool) -> None:
        if chosen == self.chosen:
            return
        self.chosen = chosen
        style = f"bold reverse {answer_style(self.framework, self.option.value)}" if chosen else ""
        self.update(
            Content.assemble(
                (f"{'◉' if chosen else '○'} ", style),
                (f"{self.option.symbol} {printable(self.option.label)}", style),
                (f" [{self.option.key}]", style or "dim"),
            ),
            layout=False,  # "◉ " and "○ " are the same width
        )

    def on_click(self) -> None:
        self.post_message(self.Chosen(self.option.value))


class AnswerBar(Horizontal):
    def __init__(self, framework: Framework) -> None:
        super().__init__(id="answer-bar")
        self.choices = [AnswerChoice(framework, option) for option in framework.scale]

    def compose(self):
        yield from self.choices

    def show(self, answer: str | None) -> None:
        for choice in self.choices:
            choice.show(choice.option.value == answer)
