"""The two apps the benchmark starts: a minimal Textual app and nextgen-tui, each of which
reports on the file descriptor named by BENCH_READY_FD the moment its first full frame is on
screen, then exits.

    python bench/apps.py minimal
    python bench/apps.py minimal-validating ANSWERS.toml
    python bench/apps.py nextgen ANSWERS.toml [INSTRUMENT.toml]

Both are measured the same way by bench/run.py: from just before the process is started to the
"ready" line, in a pseudo-terminal, so the cost of starting Python, importing and drawing counts.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def report_ready() -> None:
    os.write(int(os.environ["BENCH_READY_FD"]), b"ready\n")


def minimal() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    class Minimal(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("Hello")
            yield Footer()

        def on_ready(self) -> None:
            self.call_after_refresh(self._done)

        def _done(self) -> None:
            report_ready()
            self.exit()

    Minimal().run()


def minimal_validating(path: str) -> None:
    """The minimal app, after loading the instrument and ``path`` as nextgen-tui does (pydantic
    validating both, its plugins off as the command has them): the floor of a start that
    validates its files with pydantic."""
    from nextgen_tui.cli import _no_plugins

    _no_plugins()
    from nextgen_tui.core import answers_file
    from nextgen_tui.core.instrument import load_instrument

    answers_file.load(Path(path), load_instrument())
    minimal()


def nextgen(path: str, instrument: str | None) -> None:
    """Start through the real entry point, `nextgen-tui FILE`, with the app made to report.

    Only the command-line module is imported up front, as the `nextgen-tui` script does; the app
    is patched from inside `main`, so Textual and the rest are imported where they really are.
    """
    from nextgen_tui import cli

    run_questionnaire = cli.run_questionnaire

    def measured(args):
        import nextgen_tui.tui.app
        from nextgen_tui.tui.widgets.maturity_sidebar import MaturitySidebar

        class Measured(nextgen_tui.tui.app.NextGenApp):
            def on_ready(self) -> None:
                super().on_ready()
                self._check()

            def _check(self) -> None:
                """Ready when the questionnaire is the screen and every gauge shows its score."""
                screen = self.screen_stack[0] if self.screen_stack else None
                if screen is not None and self.screen is screen and screen.is_mounted:
                    sidebars = list(screen.query(MaturitySidebar))
                    if sidebars and sidebars[0].virtual_size.height > 0:  # its lines are built
                        self.call_after_refresh(self._done)
                        return
                self.set_timer(0.001, self._check)

            def _done(self) -> None:
                report_ready()
                self.exit()

        nextgen_tui.tui.app.NextGenApp = Measured  # type: ignore[misc]
        return run_questionnaire(args)

    cli.run_questionnaire = measured
    cli.main([path, *(["--instrument", instrument] if instrument else [])])


if __name__ == "__main__":
    if sys.argv[1] == "minimal":
        minimal()
    elif sys.argv[1] == "minimal-validating":
        minimal_validating(sys.argv[2])
    else:
        nextgen(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
