"""The current role: its place among the roles, how much of it is answered, title and purpose.

On a short terminal the title and the purpose keep to one line each; on a wide one the role's
group shows beside its place.
"""

from __future__ import annotations

from textual.content import Content

from ..framework import Group, Role
from ..marks import fit, level_name, percent
from ..scoring import RoleScore, Score
from ..textsafe import printable
from .line_widget import LineWidget


class RoleHeader(LineWidget):
    def __init__(self) -> None:
        super().__init__(id="role-header")
        self.shown: tuple[Role, Group, int, int, int] | None = None
        self.scores: tuple[RoleScore, Score] | None = None

    def show(
        self,
        role: Role,
        group: Group,
        index: int,
        count: int,
        result: RoleScore,
        overall: Score | None = None,
    ) -> None:
        shown = (role, group, index, count, result.answered)
        scores = (result, overall) if overall is not None else None
        compact = self.in_breakpoint("-compact")
        if shown != self.shown or (compact and scores != self.scores):
            self.shown = shown
            self.scores = scores
            self.update_lines()

    def build(self, width: int) -> list[Content]:
        if self.shown is None:
            return []
        role, group, index, count, answered = self.shown
        tiny = self.in_breakpoint("-tiny")
        short = tiny or self.in_breakpoint("-short")
        title = printable(role.title)
        purpose = printable(role.purpose or "; ".join(role.looks_like))
        place = Content.assemble(
            (f"Role {index + 1} of {count}", "bold"),
            " · ",
            (f"{answered} of {len(role.statements)} answered", "bold"),
        )
        if self.in_breakpoint("-wide"):
            place = Content.assemble(place, (f" · {printable(group.title)}", "$text-muted"))
        if self.in_breakpoint("-compact") and self.scores is not None:
            # no room for the sidebar: its news for this role and overall, in one line
            role_score, overall = self.scores
            place = Content.assemble(
                place,
                f" · {percent(role_score.percent)} {level_name(role_score.level)}",
                (
                    f" · all {percent(overall.percent)} {level_name(overall.level)}, "
                    f"{overall.answered}/{overall.total}",
                    "$text-muted",
                ),
            )
        lines = place.wrap(width)
        if short:  # the title and the purpose keep to one line each
            lines.append(Content.styled(fit(title, width), "bold $text-primary"))
            if purpose and not tiny:
                lines.append(Content.styled(fit(purpose, width), "italic $text-muted"))
        else:
            lines += Content.styled(title, "bold $text-primary").wrap(width)
            if purpose:
                lines += Content.styled(purpose, "italic $text-muted").wrap(width)
        return lines
