"""Ask for the state and the respondent or team: on a new file, and from the command palette."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Label, Static

from .form import FormScreen


@dataclass(frozen=True)
class Entered:
    state: str
    respondent: str
    agency: str


class DetailsForm(FormScreen[Entered | None]):
    BINDINGS = [Binding("escape", "skip", "Skip")]
    FIELDS: tuple[str, ...] = ("state", "respondent", "agency")

    def __init__(
        self, state: str, respondent: str, agency: str, *, first_time: bool, asks_state: bool = True
    ) -> None:
        """``asks_state`` False: the instrument asks for the state in a question of its own."""
        super().__init__()
        self.asks_state = asks_state
        if not asks_state:
            self.FIELDS = ("respondent", "agency")
        self.state = state
        self.respondent = respondent
        self.agency = agency
        self.first_time = first_time
        self.set_class(first_time, "-first-time")

    def compose(self) -> ComposeResult:
        with Vertical(id="details-dialog", classes="dialog"):
            yield Static(
                Content("About this assessment" if self.first_time else "Edit state and team"),
                classes="dialog-title",
            )
            yield Static(
                Content(
                    "All are optional and saved in the answers file. Enter moves on and "
                    + ("saves; Esc skips." if self.first_time else "saves; Esc cancels.")
                ),
                classes="dialog-hint",
            )
            if self.asks_state:
                yield Label("State")
                yield Input(self.state, placeholder="e.g. Colorado", id="state", max_length=120)
            yield Label("Respondent or team")
            yield Input(
                self.respondent, placeholder="e.g. Workforce team", id="respondent", max_length=120
            )
            yield Label("Agency or system")
            yield Input(
                self.agency,
                placeholder="e.g. Workforce development",
                id="agency",
                max_length=120,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Skip" if self.first_time else "Cancel", id="skip")

    @on(Button.Pressed, "#save")
    def submit(self) -> None:
        self.dismiss(
            Entered(
                state=self.query_one("#state", Input).value if self.asks_state else self.state,
                respondent=self.query_one("#respondent", Input).value,
                agency=self.query_one("#agency", Input).value,
            )
        )

    @on(Button.Pressed, "#skip")
    def action_skip(self) -> None:
        self.dismiss(None)
