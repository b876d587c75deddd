"""Edit the note of one statement (or the reason a team agreed on it) in a multi-line editor;
Esc or Ctrl+S keeps it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from ...core.instrument import Role, Statement
from ...core.session import TEXT_LIMIT
from ...core.textsafe import printable


class NoteEditor(ModalScreen[str]):
    BINDINGS = [
        Binding("escape", "keep", "Keep note", priority=True),
        Binding("ctrl+s", "keep", "Keep note", priority=True),
    ]

    def __init__(self, role: Role, statement: Statement, note: str, *, title: str = "Note") -> None:
        super().__init__()
        self.role = role
        self.statement = statement
        self.note = note
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog", classes="dialog"):
            yield Static(
                Content.assemble((self.title_text, "bold"), " · ", printable(self.role.label)),
                classes="dialog-title",
            )
            yield Static(Content(printable(self.statement.text)), classes="dialog-text")
            yield TextArea(self.note, id="note-text", soft_wrap=True, show_line_numbers=False)
            yield Static(
                Content.assemble(
                    ("Esc", "bold"),
                    " or ",
                    ("Ctrl+S", "bold"),
                    " keeps it · ",
                    ("Ctrl+Z", "bold"),
                    " undoes",
                ),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_keep(self) -> None:
        """Keep the note once the text area has taken in what reached it before this key: over
        a slow link a paste and the key after it often arrive together, and the paste is
        still waiting in the text area's queue when the key is handled."""
        area = self.query_one(TextArea)
        # in turn after the text area's queue, then back on this screen's own queue to dismiss
        area.call_later(self.call_later, self._keep_now)

    def _keep_now(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if len(text) > TEXT_LIMIT:  # said here, with the text still there to shorten
            self.notify(
                f"A text may hold {TEXT_LIMIT:,} characters; this one has {len(text):,}. "
                "Shorten it (Ctrl+Z undoes a paste), then Esc keeps it.",
                title="Too long to keep",
                severity="error",
                timeout=10,
                markup=False,
            )
            return
        self.dismiss(text)
