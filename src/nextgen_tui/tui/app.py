"""The Textual app: holds the one :class:`Session`, publishes its changes, routes.

The session holds the answers and decides when they are saved; every change it announces is
published here as the ``session_changed`` signal, to which the widgets that show it subscribe.
The questionnaire screen owns its flows; the app routes to it (the palette, the results screen),
fits the screen to the terminal and ends the session however the process is told to end.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import signal
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.driver import Driver
from textual.geometry import Size
from textual.screen import Screen
from textual.signal import Signal

from ..core.session import Change, Session
from ..core.textsafe import printable
from .commands import QuestionnaireCommands
from .screen_diff import ScreenDiff
from .shared_stylesheet import SharedRules
from .terminal_driver import sending_only_changes

if TYPE_CHECKING:
    from ..core.combine import TeamFile
    from .screens.questionnaire import QuestionnaireScreen

#: The exit status after the terminal hung up: 128 + SIGHUP, as a shell reports it.
HUNG_UP = 128 + signal.SIGHUP


class NextGenApp(App[Path]):
    """The questionnaire's app. Its result: the answers file to open once it has ended (the team
    file its facilitator built), or None."""

    CSS_PATH = Path(__file__).with_name("nextgen.tcss")  # absolute: subclasses find it too
    TITLE = "nextgen-tui"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {QuestionnaireCommands}
    #: -compact: no room for the sidebar (its news folds into the role's header line);
    #: -vast: more room than a reader's line, so the text keeps to a reading width.
    HORIZONTAL_BREAKPOINTS = [(0, "-compact"), (70, "-narrow"), (110, "-wide"), (160, "-vast")]
    #: -tiny: the statement list gives its rows to the statement itself.
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (18, "-short"), (32, "-tall")]
    #: Below this the questionnaire cannot show a statement and its answers: a screen says so.
    MINIMUM_SIZE = (40, 14)
    BINDINGS = [
        Binding("ctrl+c", "quit", "Quit", show=False, priority=False),
        # (a priority binding: over every screen, a dialog's and the palette's too)
        Binding("ctrl+l", "redraw", "Redraw the screen", show=False, priority=True),
    ]

    def __init__(
        self,
        session: Session,
        *,
        on_first_frame: Callable[[], None] | None = None,
        team: TeamFile | None = None,
        screen_diff: bool = True,
    ) -> None:
        """``on_first_frame`` runs once the first frame is on screen (the command uses it to
        put the garbage collector back to work). ``team``: this person leads the team's
        meeting and may build that file from every answers file beside it, then open it.
        ``screen_diff``: False sends whole frames, as Textual does (``--no-screen-diff``)."""
        #: Send only the cells that change (False: whole frames, as Textual does); set first:
        #: Textual asks for its driver as it starts.
        self.screen_diff = screen_diff
        super().__init__()
        if hasattr(self.stylesheet, "_parse_cache"):  # (Textual 8's; without it, as before)
            self.stylesheet._parse_cache = SharedRules(self.stylesheet)  # type: ignore[assignment]
        self.session = session
        self.on_first_frame = on_first_frame
        self.team = team
        #: Every change the session announces (see :class:`~nextgen_tui.core.session.Change`).
        self.session_changed: Signal[Change] = Signal(self, "session-changed")
        session.listen(self.session_changed.publish)
        # a change is drawn first and saved right after, so saving never holds up the screen
        session.save_later = self.call_after_refresh

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver for a terminal, made to send only the cells and the style codes
        that change (:mod:`nextgen_tui.tui.screen_diff`): most of what a key sends otherwise.
        Any other driver (the browser's, the tests') as it is."""
        driver = super().get_driver_class()
        if self.screen_diff and driver.__module__ == "textual.drivers.linux_driver":
            return sending_only_changes(driver)
        return driver

    def get_default_screen(self) -> Screen:
        """The questionnaire is the app's first screen (no empty screen to draw first)."""
        from .screens.questionnaire import QuestionnaireScreen

        screen = QuestionnaireScreen.for_instrument(self.session.instrument)(
            self.session, self.team
        )
        # on 16 colours the theme's tones all look alike: the stylesheet gives others
        sixteen = self.console.color_system in ("standard", "windows")
        screen.set_class(sixteen, "-sixteen-colours")
        return screen

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        for number, handler in ((signal.SIGHUP, self._hung_up), (signal.SIGTERM, self._stopped)):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, handler)
        if self.session.read_only_reason:
            self.notify(
                f"{printable(self.session.label)} is {self.session.read_only_reason}, "
                "so it is opened read-only: you can look but not change it.",
                title="Read-only",
                severity="warning",
                timeout=10,
                markup=False,
            )
        for warning in self.session.warnings:
            self.notify(
                printable(warning), title="Note", severity="warning", timeout=10, markup=False
            )

    def on_resize(self, event: events.Resize) -> None:
        self._fit(event.size)

    def _fit(self, size: Size) -> None:
        """Below the least size the questionnaire cannot be used: say how big to make the
        terminal, and give it back when it is big enough."""
        from .screens.too_small import TooSmallScreen

        small = size.width < self.MINIMUM_SIZE[0] or size.height < self.MINIMUM_SIZE[1]
        screen = self.screen
        showing = isinstance(screen, TooSmallScreen)
        if small and isinstance(screen, TooSmallScreen):
            screen.show_size(size)
        elif small:
            self.push_screen(TooSmallScreen(self.MINIMUM_SIZE, size))
        elif showing:
            self.pop_screen()

    def on_ready(self) -> None:
        self._fit(self.size)
        if self.on_first_frame is not None:
            self.call_after_refresh(self.on_first_frame)

    def on_unmount(self) -> None:
        self.session.finish()  # what is drawn but not yet saved is saved (or kept) before leaving

    def _stopped(self) -> None:
        """SIGTERM: every change is saved already; leave as with q (the screen is restored)."""
        self.exit()

    def _hung_up(self) -> None:
        """SIGHUP: the terminal is gone (the SSH link dropped, the window closed). Save what is
        still to save (or keep it in a recovery file), let go of the lock, and end at once.
        Textual's own way out writes to the terminal, and when its writer thread has died on
        the vanished terminal that write waits for ever: the process would stay, with no
        terminal, until someone kills it (tests/reliability/test_hang_up.py)."""
        ending = self.session.finish()
        os._exit(HUNG_UP if ending.saved else 2)

    # -- routing --------------------------------------------------------------------------------

    @property
    def questionnaire(self) -> QuestionnaireScreen:
        """The questionnaire: the screen at the bottom of the stack."""
        from .screens.questionnaire import QuestionnaireScreen

        screen = self.screen_stack[0]
        assert isinstance(screen, QuestionnaireScreen)
        return screen

    async def on_questionnaire_screen_request(self, request: QuestionnaireScreen.Request) -> None:
        """Run one of the questionnaire's actions from anywhere (the palette, the results, the
        plan): back to the questionnaire first when it moves the cursor there."""
        questionnaire = self.questionnaire
        if request.moves:
            while self.screen is not questionnaire and len(self.screen_stack) > 1:
                self.pop_screen()
        done = request.run(questionnaire)
        if inspect.isawaitable(done):
            await done

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Textual's own commands, less what does not apply (the questionnaire's are in
        :mod:`nextgen_tui.tui.commands`)."""
        yield SystemCommand("Quit", "Leave; every answer is already saved (q)", self.action_quit)
        for command in super().get_system_commands(screen):
            if command.title == "Quit":
                continue  # ours above says what leaving means here
            # A served person writes nothing but their answers file: no screenshot files.
            if not (self.session.served and command.title == "Screenshot"):
                yield command

    # -- what a served person may not do --------------------------------------------------------

    def action_redraw(self) -> None:
        """The whole screen sent again (a terminal garbled by a bad link, another program
        writing to it)."""
        screen_diff = getattr(self._driver, "screen_diff", None)
        if isinstance(screen_diff, ScreenDiff):
            screen_diff.forget()
        self.screen.refresh(self.screen.region)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        if self.session.served:
            return
        super().action_screenshot(filename, path)

    def deliver_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str | None:
        if self.session.served:
            return None
        return super().deliver_screenshot(filename, path, time_format)

    def save_screenshot(
        self, filename: str | None = None, path: str | None = None, time_format: str | None = None
    ) -> str:
        if self.session.served:
            raise PermissionError("a served session writes only its own answers file")
        return super().save_screenshot(filename, path, time_format)

    def action_suspend_process(self) -> None:
        """A served session has no shell to go back to: ctrl+z would only freeze it."""
        if not self.session.served:
            super().action_suspend_process()
