"""Save the answers to another file, when the usual one cannot be written."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from ...core.session import Session
from ...core.textsafe import printable


class SaveAsScreen(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(id="save-as-dialog", classes="dialog"):
            yield Static(Content("Save answers as"), classes="dialog-title")
            reason = self.session.save_error
            text = (
                f"The answers could not be saved to {printable(str(self.session.path))}: "
                f"{printable(reason)}. They are kept in memory."
                if reason
                else f"The answers are saved to {printable(str(self.session.path))}."
            )
            yield Static(Content(text + " Type another path and press Enter; Esc cancels."))
            yield Input(str(self.session.path), id="path")
            yield Static(id="save-as-error")

    @on(Input.Submitted)
    def _save(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        if not value:
            return
        path = Path(value).expanduser()
        if path.exists() and path.resolve() != self.session.path.resolve():
            error = f"{printable(value)} already exists; choose a new file name."
            self.query_one("#save-as-error", Static).update(Content(error))
            return
        if self.session.save_as(path):
            self.dismiss(True)
        else:
            reason = printable(self.session.save_error or "")
            error = f"Could not save to {printable(value)}: {reason}"
            self.query_one("#save-as-error", Static).update(Content(error))

    def action_cancel(self) -> None:
        self.dismiss(False)
