"""Every key of the questionnaire, read from the bindings themselves so it cannot drift."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from ..textsafe import printable

# Extra lines for what bindings do not say: keys inside dialogs and the mouse.
OTHER_KEYS = [
    ("ctrl+p", "Command palette: every action by name"),
    ("esc / ctrl+s", "In the note editor: keep the note"),
    ("mouse", "Click a role in the sidebar, a statement or an answer"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", "Close")]

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        width = max(len(key) for key, _ in [*self.keys, *OTHER_KEYS])
        parts: list[str | tuple[str, str]] = []
        for key, description in [*self.keys, *OTHER_KEYS]:
            parts += [(f"  {key:<{width}}", "bold $accent"), f"  {printable(description)}\n"]
        with VerticalScroll(id="help-dialog", classes="dialog"):
            yield Static(Content("Keys"), classes="dialog-title")
            yield Static(Content.assemble(*parts).rstrip(), id="help-keys")
            yield Static(Content("Esc, ? or q closes this"), classes="dialog-hint")


def describe_bindings(bindings: list[Binding]) -> list[tuple[str, str]]:
    """(keys, description) per action, keys shown as a person types them."""
    names = {
        "right_square_bracket": "]",
        "question_mark": "?",
        "down": "↓",
        "up": "↑",
        "right": "→",
        "left": "←",
        "pagedown": "pgdn",
        "pageup": "pgup",
    }
    merged: dict[str, tuple[list[str], str]] = {}
    for binding in bindings:
        keys, _ = merged.setdefault(binding.action, ([], binding.tooltip or binding.description))
        keys.extend(names.get(key.strip(), key.strip()) for key in binding.key.split(","))
    rows = [(" / ".join(keys), description) for keys, description in merged.values()]
    roles = [row for row in rows if row[1].startswith("Role ")]
    others = [row for row in rows if not row[1].startswith("Role ")]
    if roles:
        others.append((f"1–{len(roles)}", "Jump to a role"))
    return others
