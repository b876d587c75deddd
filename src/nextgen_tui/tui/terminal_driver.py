"""The terminal driver the questionnaire runs with: Textual's own, made to send only the cells and
the style codes that change (:mod:`.screen_diff` works out which). What a key sends over a slow
SSH link is then a few dozen bytes, not the whole screen."""

from __future__ import annotations

from typing import Any

from textual.driver import Driver

from .screen_diff import ScreenDiff


def sending_only_changes(driver: type[Driver]) -> type[Driver]:
    class ScreenDiffDriver(driver):  # type: ignore[valid-type, misc]
        """The terminal driver, sending only the cells and style codes that change."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            from rich.cells import cell_len

            super().__init__(*args, **kwargs)
            app = self._app
            self.screen_diff = ScreenDiff(size=lambda: tuple(app.size), cells=cell_len)

        def write(self, data: str) -> None:
            super().write(self.screen_diff.feed(data))

    return ScreenDiffDriver
