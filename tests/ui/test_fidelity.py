"""What the terminal shows is what the app drew, with the screen diff on and off (issue #30).

One scripted session on a team file whose people write emoji, Chinese, Japanese and combining
accents (the consensus view, a note typed in Japanese, the palette, resizes, a redraw): every
write Textual makes goes to two reference terminals, one as Textual sent it, one through the
screen diff. Each terminal measures text by a table of its own (as xterm, a terminal set up for
CJK text, or one with old Unicode tables does), not as Rich counts it; after every write both
must show the same cells, the cursor in the same place, shown or hidden (a hidden one marks the
caret, where an input method opens its window)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len
from textual.drivers.headless_driver import HeadlessDriver

from nextgen_tui.core.instrument import Instrument
from nextgen_tui.tui.screen_diff import ScreenDiff
from nextgen_tui.tui.screens.consensus import ConsensusScreen
from nextgen_tui.tui.screens.note_editor import NoteEditor
from nextgen_tui.tui.screens.questionnaire import QuestionnaireScreen
from tests.reference_terminal import TABLES, Terminal, WidthTable, measuring_by
from tests.team import Member, team_file

from .conftest import make_app

#: The team: names and notes with emoji sequences (ZWJ, skin tone, flag, presentation
#: selector), Chinese and Japanese text, combining accents, East Asian ambiguous characters.
PEOPLE: list[Member] = [
    (
        "Zoë Ńovák 👩\u200d💻",
        "Workforce 🏳\ufe0f\u200d🌈",
        {1: ("yes", "Charter signed ❤\ufe0f 👍🏽 in May · 2 of 3"), 7: ("yes", "")},
    ),
    (
        "李小龍",
        "経済開発局",
        {1: ("no", "只有劳动力部门参与 ½ 草案のみ"), 7: ("partially", "下書き")},
    ),
    (
        "Jose\u0301 Pen\u0303a",
        "Educacio\u0301n",
        {1: ("partially", ""), 12: ("no", "No data agreement yet … ○ 🩷")},
    ),
    ("Di Lee", "Governor's office", {1: (None, ""), 12: ("yes", "")}),
]


def _differences(stock: tuple[Any, ...], diffed: tuple[Any, ...]) -> list[str]:
    """Where the two terminals differ: the first few cells (stock, then diffed), the cursor."""
    found = [
        f"line {y + 1} column {x + 1}: {ours} / {theirs}"
        for y, (line, other) in enumerate(zip(stock[0], diffed[0], strict=True))
        for x, (ours, theirs) in enumerate(zip(line, other, strict=True))
        if ours != theirs
    ][:4]
    if stock[1] != diffed[1]:
        found.append(f"the cursor {stock[1]} / {diffed[1]}")
    return found


def two_terminals(table: WidthTable) -> type[HeadlessDriver]:
    class TwoTerminals(HeadlessDriver):
        """Textual's writes, to a terminal as they are and to another through the screen diff
        (as the driver a terminal gets does: :mod:`nextgen_tui.tui.terminal_driver`)."""

        @property
        def is_headless(self) -> bool:
            return False  # (so that the app writes its frames)

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            app = self._app
            columns, lines = self._get_terminal_size()
            self.stock, self.diffed = Terminal(columns, lines), Terminal(columns, lines)
            self.screen_diff = ScreenDiff(
                size=lambda: tuple(app.size), cells=cell_len, ambiguous_wide=table.ambiguous_wide
            )
            self.writes = 0
            self.sent = {"stock": 0, "diffed": 0}
            self.first_difference: str | None = None

        def write(self, data: str) -> None:
            size = self._get_terminal_size()
            for terminal in (self.stock, self.diffed):
                if terminal.size != size:  # the window was resized before the app drew again
                    terminal.resize(*size)
            rewritten = self.screen_diff.feed(data)
            self.writes += 1
            self.sent["stock"] += len(data.encode())
            self.sent["diffed"] += len(rewritten.encode())
            stock, diffed = self.stock.feed(data), self.diffed.feed(rewritten)
            if stock != diffed and not self.first_difference:
                self.first_difference = (
                    f"write {self.writes} ({size[0]}×{size[1]}): "
                    + ", ".join(_differences(stock, diffed))
                    + f"\nstock Textual:\n{self.stock.text()}\n"
                )

    return TwoTerminals


async def _written_over_and_redrawn(pilot: Any, driver: Any, *, exact: bool = False) -> None:
    """Another program writes over the terminal (a broadcast on a shared server): ctrl+l gives
    the whole screen back, with the screen diff on and off (``exact``: as it was before; where
    the terminal measures text otherwise than Rich, stock Textual's own damage may differ)."""
    await pilot.pause()
    before = driver.stock.feed("")
    for terminal in (driver.stock, driver.diffed):
        terminal.feed("\x1b[0;44m\x1b[2J\x1b[3;5HBroadcast message from root\r\n")
    await pilot.press("ctrl+l")
    await pilot.pause()
    for terminal in (driver.stock, driver.diffed):
        assert "Broadcast" not in terminal.text(), terminal.text()
        if exact:
            assert terminal.feed("") == before, terminal.text()


async def test_ctrl_l_gives_the_whole_screen_back_everywhere(instrument: Instrument) -> None:
    """In the questionnaire, in a dialog over it (the details form), in the palette."""
    app = make_app("answers.toml")  # (a new file: the details form opens first)
    app.driver_class = two_terminals(TABLES["each character"])
    async with app.run_test(size=(80, 24), headless=False) as pilot:
        driver = app._driver
        await pilot.press(*"Ohio")
        await _written_over_and_redrawn(pilot, driver, exact=True)
        await pilot.press("escape", "y")
        await _written_over_and_redrawn(pilot, driver, exact=True)
        await pilot.press("ctrl+p", *"res")
        await _written_over_and_redrawn(pilot, driver, exact=True)
    assert driver.first_difference is None, driver.first_difference


@pytest.mark.parametrize("table", TABLES)
async def test_a_whole_session_looks_the_same_with_the_screen_diff_on_and_off(
    table: str, instrument: Instrument
) -> None:
    path = team_file(instrument, Path.cwd(), members=PEOPLE)
    app = make_app(path)
    app.driver_class = two_terminals(TABLES[table])
    seen: list[str] = []
    with measuring_by(TABLES[table]):
        async with app.run_test(size=(80, 24), headless=False) as pilot:
            driver = app._driver
            assert isinstance(driver, HeadlessDriver)
            await pilot.press("1")  # 1.2: disputed, the members' answers beside it
            await pilot.pause()
            seen.append(driver.stock.text())
            await pilot.press("c")  # the consensus view: names, agencies and notes
            assert isinstance(app.screen, ConsensusScreen)
            await pilot.pause()
            seen.append(driver.stock.text())
            await pilot.press("e")  # why the team agreed, typed in Japanese
            assert isinstance(app.screen, NoteEditor)
            await pilot.press(*"日本語で", "left", "left", "の")
            await pilot.pause()
            seen.append(driver.stock.text())
            await _written_over_and_redrawn(pilot, driver)  # (in a dialog too)
            await pilot.press("escape", "p", "]", "2")  # settled; the next, by 李小龍's answer
            await pilot.resize_terminal(100, 30)
            await pilot.press("1")
            await pilot.resize_terminal(60, 20)  # the smallest layout
            await pilot.press("escape")
            assert isinstance(app.screen, QuestionnaireScreen)
            await pilot.resize_terminal(80, 24)
            await pilot.press("ctrl+p", *"res")  # the palette, its caret after "res"
            await pilot.pause()
            await pilot.press("escape", "e", *"メモ ½ ✓", "escape")  # a note of one's own
            await _written_over_and_redrawn(pilot, driver)
            await pilot.press("r")  # the results
            await pilot.pause()
            await pilot.press("escape", "q")
        # (the session's answers reached the file: the script ran as keys, not around them)
    assert driver.first_difference is None, driver.first_difference
    assert driver.writes > 20
    # the streams differ (the diff sent less), and the people's own text was on the screen
    assert driver.sent["diffed"] < driver.sent["stock"] * 0.7, driver.sent
    shown = "\n".join(seen)
    assert "Zoë" in shown and "李小龍" in shown and "日本の語で" in shown, shown
