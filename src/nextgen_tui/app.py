"""The Textual app: the questionnaire and its screens over one :class:`Session`.

The session holds the state and saves every change; the screens show it and call it.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.geometry import Size
from textual.screen import Screen

from .breakpoints import breakpoint_classes
from .errors import LoadError
from .session import Session
from .textsafe import printable

#: The exit status after the terminal hung up: 128 + SIGHUP, as a shell reports it.
HUNG_UP = 128 + signal.SIGHUP


class NextGenApp(App[int]):
    CSS_PATH = Path(__file__).with_name("nextgen.tcss")  # absolute: subclasses find it too
    TITLE = "nextgen-tui"
    ENABLE_COMMAND_PALETTE = True
    #: -compact: no room for the sidebar (its news folds into the role's header line);
    #: -vast: more room than a reader's line, so the text keeps to a reading width.
    HORIZONTAL_BREAKPOINTS = [(0, "-compact"), (70, "-narrow"), (110, "-wide"), (160, "-vast")]
    #: -tiny: the statement list gives its rows to the statement itself.
    VERTICAL_BREAKPOINTS = [(0, "-tiny"), (18, "-short"), (32, "-tall")]
    #: Below this the questionnaire cannot show a statement and its answers: a screen says so.
    MINIMUM_SIZE = (40, 14)
    BINDINGS = [
        Binding("ctrl+c", "quit", "Quit", show=False, priority=False),
    ]

    def __init__(
        self, session: Session, *, on_first_frame: Callable[[], None] | None = None
    ) -> None:
        """``on_first_frame`` runs once the first frame is on screen (the command uses it to
        put the garbage collector back to work)."""
        super().__init__()
        self.session = session
        self.on_first_frame = on_first_frame

    def get_default_screen(self) -> Screen:
        """The questionnaire is the app's first screen (no empty screen to draw first)."""
        from .screens.questionnaire import QuestionnaireScreen

        self.questionnaire = QuestionnaireScreen(self.session)
        # its size classes now, not at its first resize: the first layout is then the right one
        self.questionnaire.add_class(*breakpoint_classes(self))
        return self.questionnaire

    def on_mount(self) -> None:
        loop = asyncio.get_running_loop()
        for number, handler in ((signal.SIGHUP, self._hung_up), (signal.SIGTERM, self._stopped)):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, handler)
        if self.session.is_new and not self.session.read_only:
            self.action_edit_metadata(first_time=True)
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
        self.session.flush()  # an answer drawn but not yet saved is saved before leaving
        self.session.close()

    def _stopped(self) -> None:
        """SIGTERM: every change is saved already; leave as with q (the screen is restored)."""
        self.exit(self.return_code or 0)

    def _hung_up(self) -> None:
        """SIGHUP: the terminal is gone (the SSH link dropped, the window closed). Save what is
        still to save (or keep it in a recovery file), let go of the lock, and end at once.
        Textual's own way out writes to the terminal, and when its writer thread has died on
        the vanished terminal that write waits for ever: the process would stay, with no
        terminal, until someone kills it (tests/reliability/test_hang_up.py)."""
        session = self.session
        saved = session.flush()
        if not saved and not session.read_only:
            session.rescue()
        session.close()
        os._exit(HUNG_UP if saved else 2)

    # -- actions available everywhere ------------------------------------------------------------

    def action_help(self) -> None:
        from .screens.help import HelpScreen, describe_bindings

        if not isinstance(self.screen, HelpScreen):
            keys = describe_bindings(self.questionnaire.key_bindings)
            self.push_screen(HelpScreen(keys, self.session.framework))

    def action_edit_metadata(self, first_time: bool = False) -> None:
        from .screens.metadata_form import Details, MetadataForm

        if self.session.read_only:
            self.notify("This file is open read-only.", severity="warning", timeout=3, markup=False)
            return
        metadata = self.session.assessment.metadata

        def keep(details: Details | None) -> None:
            if details is None:
                return
            if (details.state, details.respondent) != (metadata.state, metadata.respondent):
                saved = self.session.set_metadata(
                    state=details.state, respondent=details.respondent
                )
                self.questionnaire.show_status()
                if not saved:
                    self.questionnaire.after_change(False)

        self.push_screen(
            MetadataForm(metadata.state, metadata.respondent, first_time=first_time), keep
        )

    def action_resolve_conflict(self) -> None:
        """The file changed on disk behind our back: reload it, or save ours elsewhere."""
        from .screens.conflict import ConflictScreen

        def chosen(choice: str | None) -> None:
            if choice == "reload":
                try:
                    self.session.reload()
                except LoadError as error:
                    self.notify(
                        printable(str(error)), title="Cannot reload", severity="error", markup=False
                    )
                    return
                self.questionnaire.show_all()
                self.notify("Reloaded the file as it is on disk.", timeout=5, markup=False)
            elif choice == "save-as":
                self.action_save_as()

        if not isinstance(self.screen, ConflictScreen):
            screen = ConflictScreen(self.session.label, save_as=not self.session.served)
            self.push_screen(screen, chosen)

    def action_save_as(self) -> None:
        from .screens.save_as import SaveAsScreen

        if self.session.read_only:
            self.notify("This file is open read-only.", severity="warning", timeout=3, markup=False)
            return

        if self.session.served:
            self.notify(
                "Here your answers are saved only to your own file.",
                severity="warning",
                timeout=4,
                markup=False,
            )
            return

        def done(saved: bool | None) -> None:
            if saved:
                self.questionnaire.show_status()
                self.notify(f"Saved to {printable(self.session.label)}.", timeout=4, markup=False)

        self.push_screen(SaveAsScreen(self.session), done)

    def action_export(self, fmt: str) -> None:
        """Write the review report in ``fmt`` beside the answers file, as `review -o` would."""
        from . import report
        from .errors import SaveError
        from .storage import atomic_write

        session = self.session
        suffix = {"markdown": ".md", "csv": ".csv", "json": ".json"}[fmt]
        target = session.path.with_name(f"{session.path.stem}-report{suffix}")
        loaded = report.Loaded(session.path, session.assessment, session.path.stem)
        review = report.build_review(session.framework, loaded)
        render = {
            "markdown": report.review_markdown,
            "csv": report.review_csv,
            "json": report.review_json,
        }[fmt]
        try:
            atomic_write(target, render(review).encode("utf-8"))
        except SaveError as error:
            self.notify(
                printable(str(error)),
                title="Not exported",
                severity="error",
                timeout=8,
                markup=False,
            )
            return
        shown = session.shown(target)
        self.notify(f"Wrote {printable(shown)}", title="Exported", timeout=5, markup=False)

    # -- the command palette --------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        questionnaire = self.questionnaire
        for index, role in enumerate(self.session.framework.roles):
            yield SystemCommand(
                f"Jump to role {index + 1}: {printable(role.title)}",
                "Show this role's first unanswered statement",
                partial(self._on_questionnaire, partial(questionnaire.action_jump, index)),
            )
        yield SystemCommand(
            "Next unanswered statement",
            "Go to the next statement with no answer (])",
            lambda: self._on_questionnaire(questionnaire.action_next_unanswered),
        )
        yield SystemCommand(
            "Results", "Scores, levels and gaps by role (r)", questionnaire.action_results
        )
        yield SystemCommand(
            "Edit state and team",
            "The state and respondent saved in the file (m)",
            self.action_edit_metadata,
        )
        if not self.session.served:
            yield SystemCommand(
                "Save as…", "Save the answers to another file (ctrl+s)", self.action_save_as
            )
        yield SystemCommand(
            "Show or hide examples",
            "The “For example” bullets (x)",
            lambda: self._on_questionnaire(questionnaire.action_toggle_examples),
        )
        for fmt, label in (("markdown", "Markdown"), ("csv", "CSV"), ("json", "JSON")):
            yield SystemCommand(
                f"Export report as {label}",
                f"Write the review report next to the answers file ({label})",
                partial(self.action_export, fmt),
            )
        yield SystemCommand("Help", "Every key (?)", self.action_help)
        yield SystemCommand("Quit", "Leave; every answer is already saved (q)", self.action_quit)
        for command in super().get_system_commands(screen):
            if command.title == "Quit":
                continue  # ours above says what leaving means here
            # A served person writes nothing but their answers file: no screenshot files.
            if not (self.session.served and command.title == "Screenshot"):
                yield command

    # -- what a served person may not do --------------------------------------------------------

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

    def _on_questionnaire(self, action: Callable[[], None]) -> None:
        while self.screen is not self.questionnaire and len(self.screen_stack) > 1:
            self.pop_screen()
        action()
