"""The terminal driver the questionnaire runs with: Textual's own, made to send only the cells and
the style codes that change (:mod:`.screen_diff` works out which). What a key sends over a slow
SSH link is then a few dozen bytes, not the whole screen."""

from __future__ import annotations

import os
from typing import Any

from textual.driver import Driver

from .screen_diff import ScreenDiff


def cjk_locale() -> bool:
    """The locale is Chinese, Japanese or Korean: its terminals are often set to draw East Asian
    ambiguous characters (``· ▏ … ½ ○``, box lines) two cells wide."""
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        if value := os.environ.get(name):
            return value.lower().startswith(("zh", "ja", "ko"))
    return False


def sending_only_changes(driver: type[Driver]) -> type[Driver]:
    class ScreenDiffDriver(driver):  # type: ignore[valid-type, misc]
        """The terminal driver, sending only the cells and style codes that change."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            from rich.cells import cell_len

            super().__init__(*args, **kwargs)
            app = self._app
            self.screen_diff = ScreenDiff(
                size=lambda: tuple(app.size), cells=cell_len, ambiguous_wide=cjk_locale()
            )

        def write(self, data: str) -> None:
            super().write(self.screen_diff.feed(data))

    return ScreenDiffDriver
