"""The current role: its place among the roles, its title, purpose and progress."""

from __future__ import annotations

from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from ..framework import Group, Role
from ..scoring import RoleScore
from ..textsafe import printable


class RoleHeader(Vertical):
    def __init__(self) -> None:
        super().__init__(id="role-header")
        self._shown: tuple[object, ...] | None = None

    def compose(self):
        with Horizontal(id="role-line"):
            yield Static(id="role-place")
            yield Static(id="role-group")
        yield Static(id="role-title")
        yield Static(id="role-purpose")

    def show(self, role: Role, group: Group, index: int, count: int, result: RoleScore) -> None:
        shown = (role.id, index, count, result.answered)
        if shown == self._shown:
            return
        self._shown = shown
        self.query_one("#role-place", Static).update(
            Content.assemble(
                (f"Role {index + 1} of {count}", "bold"),
                " · ",
                (f"{result.answered} of {result.total} answered", "bold"),
            )
        )
        self.query_one("#role-group", Static).update(Content(f" · {printable(group.title)}"))
        self.query_one("#role-title", Static).update(Content(printable(role.title)))
        purpose = role.purpose or "; ".join(role.looks_like)
        line = self.query_one("#role-purpose", Static)
        line.display = bool(purpose)
        line.update(Content(printable(purpose)))
