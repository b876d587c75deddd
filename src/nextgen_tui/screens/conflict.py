"""The answers file changed on disk behind the app's back: reload it, or save ours elsewhere."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..textsafe import printable


class ConflictScreen(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Keep working"),
        Binding("l", "dismiss('reload')", "Reload"),
        Binding("s", "dismiss('save-as')", "Save as"),
    ]

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(id="conflict-dialog", classes="dialog"):
            yield Static(Content("The file changed on disk"), classes="dialog-title")
            yield Static(
                Content(
                    f"{printable(self.path)} was changed by someone or something else (edited by "
                    "hand, git pull, another program) since nextgen-tui read it, so your last "
                    "change was NOT written over it. Your answers are kept in memory."
                ),
                classes="dialog-text",
            )
            yield Static(
                Content.assemble(
                    ("l", "bold"),
                    " reload the file as it is now (your unsaved change is dropped)\n",
                    ("s", "bold"),
                    " save your answers to another file\n",
                    ("Esc", "bold"),
                    " keep working; nothing is saved until you choose",
                ),
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Reload", id="reload")
                yield Button("Save as…", variant="primary", id="save-as")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)
