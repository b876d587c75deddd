"""Dialogs with fields to fill in: Enter, tab and shift+tab move between the fields the moment
the key is read.

Textual hands a key to the focused field, which handles it later; keys read together (typed ahead
over a slow link, where several arrive in one packet) would all be handed to the first field
before its Enter moved on, and "Ohio⏎Team A" would land in one field. Bound here with priority,
the move happens as the key is read, so the keys after it go where they were typed. (A paste is
one event and stays in the field it is pasted into.)
"""

from __future__ import annotations

from typing import TypeVar

from textual.binding import Binding
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

from ...core.textsafe import printable
from .size_classes import SteadySize

Result = TypeVar("Result")


class FormScreen(SteadySize, ModalScreen[Result]):
    """Its :attr:`FIELDS` (input ids, in order): Enter in one moves to the next; in the last it
    calls :meth:`submit`."""

    FIELDS: tuple[str, ...] = ()

    BINDINGS = [
        Binding("enter", "form_enter", "Next field, or save", show=False, priority=True),
        Binding("tab", "app.focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "app.focus_previous", "Previous field", show=False, priority=True),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "form_enter":  # on a button or a list, Enter is theirs
            focused = self.focused
            return isinstance(focused, (Input, TextArea)) and focused.id in self.FIELDS
        return True

    def action_form_enter(self) -> None:
        """Enter in a field (a line, or a small text area: Enter moves on from it too, so
        nothing typed next lands anywhere else) goes to the next; in the last it submits."""
        focused = self.focused
        assert isinstance(focused, (Input, TextArea)) and focused.id is not None
        place = self.FIELDS.index(focused.id)
        if place + 1 < len(self.FIELDS):
            # at once (Widget.focus would wait its turn, after the keys already read)
            self.set_focus(self.query_one(f"#{self.FIELDS[place + 1]}"))
        else:
            self._submit_after(list(self.FIELDS))

    def _submit_after(self, fields: list[str]) -> None:
        """Submit once every field has taken in the keys already handed to it: each in turn
        runs this after what waits in its queue."""
        if not fields:
            self.submit()
            return
        first, *rest = fields
        self.query_one(f"#{first}").call_later(self._submit_after, rest)

    def submit(self) -> None:
        """The last field's Enter."""
        raise NotImplementedError

    def action_keep(self) -> None:
        """Esc or Ctrl+S in an editor: submit, once every field has what was typed into it."""
        self._submit_after(list(self.FIELDS))

    def refuse(self, message: str) -> None:
        """Say, in the dialog's error line (its ``.dialog-error``), why what was typed cannot
        be kept; the dialog stays open."""
        self.query_one(".dialog-error", Static).update(Content(printable(message)))
