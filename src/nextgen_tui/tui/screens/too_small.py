"""Shown instead of the questionnaire while the terminal is too small to show a statement and
its answers; it goes away by itself when the terminal grows."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static


class TooSmallScreen(Screen[None]):
    BINDINGS = [Binding("q,ctrl+c", "app.quit", "Quit")]

    def __init__(self, least: tuple[int, int], size: Size) -> None:
        super().__init__()
        self.least = least
        self.now = size

    def compose(self) -> ComposeResult:
        yield Static(self._words(), id="too-small")

    def _words(self) -> Content:
        width, height = self.least
        return Content(
            f"Make the terminal at least {width}×{height} (it is {self.now.width}×"
            f"{self.now.height}). Every answer is saved; q quits."
        )

    def show_size(self, size: Size) -> None:
        self.now = size
        self.query_one("#too-small", Static).update(self._words())
