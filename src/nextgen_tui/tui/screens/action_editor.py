"""Plan an action on a statement, or change one: what, owner, due date, status, priority."""

from __future__ import annotations

from pydantic import ValidationError
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Label, Select, Static

from ...core.assessment import PRIORITIES, STATUSES, Action
from ...core.instrument import Role, Statement
from ...core.textsafe import printable
from .form import FormScreen


class ActionEditor(FormScreen[Action | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    FIELDS = ("action-text", "action-owner", "action-due")

    def __init__(self, role: Role, statement: Statement, action: Action | None = None) -> None:
        super().__init__()
        self.role = role
        self.statement = statement
        self.action = action

    def compose(self) -> ComposeResult:
        action = self.action or Action(text="-")
        with VerticalScroll(id="action-dialog", classes="dialog"):
            yield Static(
                Content.assemble(
                    ("Change the action" if self.action else "Plan an action", "bold"),
                    " · ",
                    printable(self.role.label),
                ),
                classes="dialog-title",
            )
            yield Label("What will be done")
            yield Input(self.action.text if self.action else "", id="action-text", max_length=500)
            yield Label("Owner")
            yield Input(action.owner, id="action-owner", placeholder="who", max_length=120)
            yield Label("Due (YYYY-MM-DD)")
            due = action.due.isoformat() if action.due else ""
            yield Input(due, id="action-due", placeholder="e.g. 2027-03-31", max_length=10)
            with Horizontal(classes="dialog-row"):
                yield Select(
                    [(status, status) for status in STATUSES],
                    value=action.status,
                    allow_blank=False,
                    id="action-status",
                )
                yield Select(
                    [(priority, priority) for priority in PRIORITIES],
                    value=action.priority if action.priority else Select.NULL,
                    prompt="priority",
                    id="action-priority",
                )
            yield Static(id="action-error", classes="dialog-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#action-text", Input).focus()

    @on(Button.Pressed, "#save")
    def submit(self) -> None:
        priority = self.query_one("#action-priority", Select).value
        fields = {
            "text": self.query_one("#action-text", Input).value,
            "owner": self.query_one("#action-owner", Input).value.strip(),
            "due": self.query_one("#action-due", Input).value.strip() or None,
            "status": self.query_one("#action-status", Select).value,
            "priority": None if priority is Select.NULL else priority,
            "to_check": False,  # looked at now
        }
        try:
            action = Action.model_validate(fields)
        except ValidationError as error:
            message = error.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")
            self.refuse(message)
            return
        self.dismiss(action)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
