"""A reference terminal for comparing byte streams: pyte's emulator, drawing text by a width
table that can be set to another terminal's (what :mod:`nextgen_tui.tui.screen_diff` must
keep however a terminal measures text)."""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pyte
import pyte.screens
from wcwidth import wcwidth


class Screen(pyte.Screen):
    """pyte's screen, but a zero-width character that does not combine (a joiner) is passed
    over, as terminals do: pyte stops drawing the rest of the text at one."""

    def draw(self, data: str) -> None:
        for character in data:
            if pyte.screens.wcwidth(character) == 0 and not unicodedata.combining(character):
                continue
            super().draw(character)


class Terminal:
    def __init__(self, columns: int, lines: int) -> None:
        self.screen = Screen(columns, lines)
        self.stream = pyte.Stream(self.screen)

    @property
    def size(self) -> tuple[int, int]:
        return self.screen.columns, self.screen.lines

    def resize(self, columns: int, lines: int) -> None:
        self.screen.resize(lines, columns)

    def feed(self, chunk: str) -> tuple[object, ...]:
        """What it shows after ``chunk``: every cell, and where the cursor is, shown or hidden
        (a hidden one marks the text caret, where an input method opens; the style it would
        draw in next shows nowhere: what is drawn next in it is compared)."""
        self.stream.feed(chunk)
        screen = self.screen
        shown = tuple(
            tuple(tuple(screen.buffer[y][x]) for x in range(screen.columns))
            for y in range(screen.lines)
        )
        return shown, (screen.cursor.x, screen.cursor.y, screen.cursor.hidden)

    def text(self) -> str:
        """What it shows, line by line (a wide character's second cell holds nothing)."""
        screen = self.screen
        return "\n".join(
            "".join(screen.buffer[y][x].data for x in range(screen.columns))
            for y in range(screen.lines)
        )


def _ambiguous_wide(character: str) -> int:
    if unicodedata.east_asian_width(character) == "A":
        return 2
    return wcwidth(character)


def _emoji_narrow(character: str) -> int:
    if ord(character) >= 0x1F000 and unicodedata.east_asian_width(character) == "W":
        return 1
    return wcwidth(character)


@dataclass(frozen=True)
class WidthTable:
    """How a terminal measures each character; ``ambiguous_wide``: as a terminal set up for
    Chinese, Japanese or Korean text (which the app learns from the locale)."""

    width: Callable[[str], int]
    ambiguous_wide: bool = False


#: Terminals measure text their own way. Each of these draws the characters of an emoji
#: sequence one by one, as xterm does (👩‍💻 four cells where Rich counts two; ❤️ one, not two).
TABLES = {
    "each character": WidthTable(wcwidth),
    # xterm -cjk_width, GNU screen's cjkwidth: · ▏ … ½ ○ two cells
    "ambiguous wide": WidthTable(_ambiguous_wide, ambiguous_wide=True),
    # a terminal with tables older than Unicode 9 (an old libc, the Linux console): emoji narrow
    "emoji narrow": WidthTable(_emoji_narrow),
}


@contextlib.contextmanager
def measuring_by(table: WidthTable) -> Iterator[None]:
    """pyte measures characters by ``table`` for the time being."""
    original = pyte.screens.wcwidth
    pyte.screens.wcwidth = table.width
    try:
        yield
    finally:
        pyte.screens.wcwidth = original
