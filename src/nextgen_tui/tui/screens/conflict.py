"""The answers file changed on disk behind the app's back: reload it, or save ours elsewhere."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ...core.textsafe import printable


class ConflictScreen(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "dismiss(None)", "Keep working"),
        Binding("l", "dismiss('reload')", "Reload"),
        Binding("s", "dismiss('save-as')", "Save as"),
    ]

    def __init__(self, path: str, *, save_as: bool = True) -> None:
        super().__init__()
        self.path = path
        self.save_as = save_as

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.save_as or parameters != ("save-as",)

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
            choices: list[str | tuple[str, str]] = [
                ("l", "bold"),
                " reload the file as it is now (your unsaved change is dropped)\n",
            ]
            if self.save_as:
                choices += [("s", "bold"), " save your answers to another file\n"]
            choices += [("Esc", "bold"), " keep working; nothing is saved until you choose"]
            yield Static(Content.assemble(*choices))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Reload", id="reload")
                if self.save_as:
                    yield Button("Save as…", variant="primary", id="save-as")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)
