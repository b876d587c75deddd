"""The action plan: every action across roles, in one table, to sort, update and follow up.

``s`` moves an action on (open → in progress → done), ``o`` changes the order (role, due date,
owner, status), ``e`` changes an action, ``enter`` goes to its statement. It redraws itself from
the session's changes, as every part of the UI does.
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from ...core import order
from ...core.assessment import STATUSES, Action
from ...core.plan import ORDERS, Order, PlanItem, plan_items
from ...core.session import Change, Session
from ...core.textsafe import printable
from ...core.wording import fit
from ..widgets.key_bar import KeyBar
from ..widgets.session_follower import FollowsSession
from ..widgets.title_bar import TitleBar
from .questionnaire import QuestionnaireScreen

#: What ``s`` moves an action on to.
NEXT_STATUS = {"open": "in-progress", "in-progress": "done", "done": "open", "dropped": "open"}


class PlanScreen(Screen[None], FollowsSession):
    BINDINGS = [
        Binding("s", "next_status", "Status", tooltip="open → in progress → done"),
        Binding("o", "order", "Order", tooltip="by role, due date, owner or status"),
        Binding("e", "edit", "Change", tooltip="Change the action"),
        Binding("enter", "go", "Go to", tooltip="Go to the action's statement"),
        Binding("escape,A", "app.pop_screen", "Back"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, session: Session, *, today: date | None = None) -> None:
        super().__init__()
        self.session = session
        self.instrument = session.instrument
        self.today = today or date.today()
        self.order: Order = "role"
        self.items: list[PlanItem] = []

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(id="plan-summary")
        yield DataTable(id="plan-table", cursor_type="row", zebra_stripes=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Action plan"
        self.sub_title = printable(self.session.label)
        table = self.query_one(DataTable)
        table.add_columns("#", "Status", "Due", "Owner", "Priority", "Action")
        self._show()
        table.focus()

    def session_changed(self, change: Change) -> None:
        if change.kind != "saved":
            self._show()

    def _show(self) -> None:
        table = self.query_one(DataTable)
        row = table.cursor_row
        self.items = plan_items(self.instrument, self.session.assessment, order=self.order)
        table.clear()
        for item in self.items:
            action = item.action
            overdue = action.overdue(self.today)
            due = action.due.isoformat() if action.due else "—"
            # rich Text, never a str (which the table would read as markup)
            table.add_row(
                Text(self.instrument.label_of(item.role, item.statement)),
                Text(action.status + (" ?" if action.to_check else "")),
                Text(due + (" overdue" if overdue else ""), style="bold" if overdue else ""),
                Text(printable(action.owner) or "—"),
                Text(action.priority or ""),
                Text(fit(printable(action.text), 60)),
            )
        if self.items:
            table.move_cursor(row=min(row, len(self.items) - 1))
        open_count = sum(item.action.is_open for item in self.items)
        overdue_count = sum(item.action.overdue(self.today) for item in self.items)
        summary = (
            f"{len(self.items)} actions: {open_count} open, {overdue_count} overdue · "
            f"by {self.order}"
            if self.items
            else "No actions yet: press a on a statement to plan one."
        )
        self.query_one("#plan-summary", Static).update(Content(summary))

    @property
    def current(self) -> PlanItem | None:
        row = self.query_one(DataTable).cursor_row
        return self.items[row] if 0 <= row < len(self.items) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in ("next_status", "edit") and self.session.read_only)

    def action_next_status(self) -> None:
        item = self.current
        if item is None:
            return
        status = NEXT_STATUS[item.action.status]
        assert status in STATUSES
        changed = item.action.model_copy(update={"status": status, "to_check": False})
        self.attempt(
            lambda: self.session.set_action(item.role.id, item.statement.id, item.position, changed)
        )

    def action_order(self) -> None:
        self.order = ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]
        self._show()

    def action_edit(self) -> None:
        from .action_editor import ActionEditor

        item = self.current
        if item is None:
            return

        def keep(action: Action | None) -> None:
            if action is not None:
                self.attempt(
                    lambda: self.session.set_action(
                        item.role.id, item.statement.id, item.position, action
                    )
                )

        self.app.push_screen(ActionEditor(item.role, item.statement, item.action), keep)

    async def action_go(self) -> None:
        item = self.current
        if item is None:
            return
        role_index, index = order.position_of(self.instrument, item.role.id, item.statement.id)
        self.post_message(
            QuestionnaireScreen.Request(
                lambda screen: screen.action_go_to(role_index, index), moves=True
            )
        )

    async def on_data_table_row_selected(self) -> None:
        await self.action_go()
