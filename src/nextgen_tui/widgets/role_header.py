"""The current role: its place among the roles, how much of it is answered, title and purpose.

On a short terminal the title and the purpose keep to one line each; on a wide one the role's
group shows beside its place.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from ..display import fit
from ..framework import Group, Role
from ..scoring import RoleScore
from ..textsafe import printable


class RoleHeader(Static):
    def __init__(self) -> None:
        super().__init__(id="role-header")
        self.shown: tuple[Role, Group, int, int, int] | None = None

    def show(self, role: Role, group: Group, index: int, count: int, result: RoleScore) -> None:
        shown = (role, group, index, count, result.answered)
        if shown != self.shown:
            self.shown = shown
            self.refresh(layout=True)

    def render(self) -> Content:
        if self.shown is None:
            return Content("")
        role, group, index, count, answered = self.shown
        width = self.content_size.width or 40
        short = self.screen.has_class("-short")
        title = printable(role.title)
        purpose = printable(role.purpose or "; ".join(role.looks_like))
        if short:
            title, purpose = fit(title, width), fit(purpose, width)
        place = Content.assemble(
            (f"Role {index + 1} of {count}", "bold"),
            " · ",
            (f"{answered} of {len(role.statements)} answered", "bold"),
        )
        if self.screen.has_class("-wide"):
            place = Content.assemble(place, (f" · {printable(group.title)}", "$text-muted"))
        lines = [place, Content.assemble((title, "bold $text-primary"))]
        if purpose:
            lines.append(Content.assemble((purpose, "italic $text-muted")))
        return Content("\n").join(lines)
