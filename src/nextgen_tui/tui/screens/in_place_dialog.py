"""Which of a statement's "For example" bullets are in place: tick them; those left unticked
can become draft actions, in the source's words ("Partially" broken down)."""

from __future__ import annotations

from typing import NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, SelectionList, Static

from ...core.instrument import Role, Statement
from ...core.textsafe import printable


class Ticked(NamedTuple):
    in_place: list[int]  # counted from 1
    drafts: bool  # add the unticked bullets as draft actions


class InPlaceDialog(ModalScreen[Ticked | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, role: Role, statement: Statement, in_place: list[int]) -> None:
        super().__init__()
        self.role = role
        self.statement = statement
        self.in_place = set(in_place)

    def compose(self) -> ComposeResult:
        with Vertical(id="in-place-dialog", classes="dialog"):
            yield Static(
                Content.assemble(("In place", "bold"), " · ", printable(self.role.label)),
                classes="dialog-title",
            )
            yield Static(
                Content("Space ticks what is in place; what is left can become draft actions."),
                classes="dialog-text",
            )
            yield SelectionList[int](
                *(
                    (Content(printable(bullet)), number, number in self.in_place)
                    for number, bullet in enumerate(self.statement.examples, start=1)
                ),
                id="in-place-list",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep", variant="primary", id="keep")
                yield Button("Keep, and plan the rest", id="drafts")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def _ticked(self) -> list[int]:
        return sorted(self.query_one(SelectionList).selected)

    @on(Button.Pressed, "#keep")
    def _keep(self) -> None:
        self.dismiss(Ticked(self._ticked(), drafts=False))

    @on(Button.Pressed, "#drafts")
    def _drafts(self) -> None:
        self.dismiss(Ticked(self._ticked(), drafts=True))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
