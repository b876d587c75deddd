"""The live maturity sidebar: every role's bar, score, level and progress, and the overall score.

It is drawn as one widget (not one per role): a screen with fewer widgets lays out and draws
faster, and the sidebar changes with every answer.
"""

from __future__ import annotations

from textual import events
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from ..display import bar, cells, fit, level_name, percent
from ..framework import Framework, Level
from ..scoring import Score
from ..textsafe import printable


def _gauge(
    title: Content,
    right: str,
    score: float,
    answered: int,
    level: Level | None,
    width: int,
    level_width: int,
) -> Content:
    """Two lines: the title with ``right`` flush right; then bar, score and level."""
    bar_width = max(width - 2 - 1 - 4 - 1 - level_width, 4)
    return Content.assemble(
        title,
        " " * max(width - cells(title.plain) - len(right), 1),
        (right, "dim"),
        "\n  ",
        (bar(score, bar_width), "$accent" if answered else "dim"),
        " ",
        (f"{percent(score):>4}", "bold"),
        " ",
        (level_name(level), "italic"),
    )


class SidebarBody(Static):
    """All the sidebar's lines in one widget; it knows which line belongs to which role."""

    def __init__(self, framework: Framework) -> None:
        super().__init__(id="sidebar-body")
        self.framework = framework
        self.level_width = max(len(level.name) for level in framework.levels)
        self.score: Score | None = None
        self.current = 0
        self.line_roles: list[int | None] = []

    def show(self, score: Score, current: int) -> None:
        """Redraw only when a figure or the current role changed."""
        if self.score is not None and current == self.current:
            old = [(r.answered, r.points) for r in self.score.roles]
            if old == [(r.answered, r.points) for r in score.roles]:
                return
        self.score = score
        self.current = current
        self.refresh()

    def render(self) -> Content:
        result = self.score
        if result is None:
            return Content("")
        width = self.content_size.width or 30
        spaced = self.screen.has_class("-tall")
        index_of = {role.id: index for index, role in enumerate(self.framework.roles)}
        parts: list[Content | str] = []
        lines: list[int | None] = []
        for group in self.framework.groups:
            parts.append(Content.assemble((printable(group.title), "bold $text-secondary"), "\n"))
            lines.append(None)
            for role in self.framework.roles_in(group):
                index = index_of[role.id]
                role_score = result.roles[index]
                current = index == self.current
                count = f"{role_score.answered}/{role_score.total}"
                label = fit(printable(role.label), width - len(count) - 4)
                title = Content.assemble(
                    (f"{'▶' if current else ' '}{index + 1} {label}", "bold" if current else "")
                )
                gauge = _gauge(
                    title,
                    count,
                    role_score.percent,
                    role_score.answered,
                    role_score.level,
                    width,
                    self.level_width,
                )
                if current:
                    gauge = gauge.stylize("on $primary 20%")
                parts += [gauge, "\n"]
                lines += [index, index]
                if spaced:
                    parts.append("\n")
                    lines.append(None)
        parts.append(Content.assemble(("─" * width, "$primary 50%"), "\n"))
        progress = f"{result.answered}/{result.total} answered"
        overall = _gauge(
            Content.assemble(("Overall", "bold")),
            progress,
            result.percent,
            result.answered,
            result.level,
            width,
            self.level_width,
        )
        parts.append(overall)
        self.line_roles = lines
        return Content.assemble(*parts)

    def on_click(self, event: events.Click) -> None:
        line = event.y
        if 0 <= line < len(self.line_roles) and self.line_roles[line] is not None:
            self.post_message(MaturitySidebar.RoleSelected(self.line_roles[line]))  # type: ignore[arg-type]


class MaturitySidebar(VerticalScroll, can_focus=False):
    """All roles, grouped, each with its bar, score, level and progress; the current role
    marked ▶ and highlighted; the overall score at the bottom. Click a role to go there."""

    class RoleSelected(Message):
        def __init__(self, role_index: int) -> None:
            self.role_index = role_index
            super().__init__()

    def __init__(self, framework: Framework) -> None:
        super().__init__(id="sidebar")
        self.body = SidebarBody(framework)

    def compose(self):
        yield self.body

    def show(self, score: Score, current_role: int) -> None:
        self.body.show(score, current_role)

    @property
    def text(self) -> str:
        """What the sidebar shows, as plain text."""
        return str(self.body.render())
