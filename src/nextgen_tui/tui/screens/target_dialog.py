"""Set what a role (or the whole) aims at: a maturity level by name, or a percentage."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ...core.instrument import Instrument
from ...core.plan import read_target
from ...core.textsafe import printable
from ...core.wording import target_text


class TargetDialog(ModalScreen[tuple[str | float | None] | None]):
    """Dismissed with ``(target,)`` (``(None,)`` takes the target away), or None: no change."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, instrument: Instrument, name: str, current: str | float | None) -> None:
        super().__init__()
        self.instrument = instrument
        self.name_shown = name
        self.current = current

    def compose(self) -> ComposeResult:
        levels = ", ".join(
            f"{printable(level.name)} ({level.min:g}%)" for level in self.instrument.levels
        )
        with Vertical(id="target-dialog", classes="dialog"):
            yield Static(
                Content.assemble(("Target", "bold"), " · ", printable(self.name_shown)),
                classes="dialog-title",
            )
            yield Static(
                Content(f"A level ({levels}) or a percentage. Empty: no target. Enter keeps it."),
                classes="dialog-text",
            )
            current = target_text(self.current) if self.current is not None else ""
            yield Input(current, id="target", placeholder="e.g. Established, or 60", max_length=60)
            yield Static(id="target-error", classes="dialog-error")

    @on(Input.Submitted)
    def _keep(self, event: Input.Submitted) -> None:
        try:
            target = read_target(self.instrument, event.value)
        except ValueError as error:
            self.query_one("#target-error", Static).update(Content(printable(str(error))))
            return
        self.dismiss((target,))

    def action_cancel(self) -> None:
        self.dismiss(None)
