"""The live maturity sidebar: every role's bar, score, level and progress, and the overall score.

It is drawn as one widget (not one per role): a screen with fewer widgets lays out and draws
faster, and the sidebar changes with every answer.
"""

from __future__ import annotations

from textual import events
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message

from ..framework import Framework, Level
from ..marks import bar, cells, fit, level_name, level_tone, percent
from ..scoring import Score
from ..textsafe import printable
from .line_widget import LineWidget
from .tones import tone_style


def _gauge(
    title: Content,
    right: str,
    score: float,
    answered: int,
    level: Level | None,
    width: int,
    level_width: int,
    tone: str,
) -> list[Content]:
    """Two lines: the title with ``right`` flush right; then bar (in its level's ``tone``),
    score and level."""
    bar_width = max(width - 2 - 1 - 4 - 1 - level_width, 4)
    return [
        Content.assemble(
            title, " " * max(width - cells(title.plain) - len(right), 1), (right, "dim")
        ),
        Content.assemble(
            "  ",
            (bar(score, bar_width), tone if answered else "dim"),
            " ",
            (f"{percent(score):>4}", "bold"),
            " ",
            (level_name(level), "italic"),
        ),
    ]


class SidebarBody(LineWidget):
    """All the sidebar's lines in one widget; it knows which line belongs to which role."""

    def __init__(self, framework: Framework) -> None:
        super().__init__(id="sidebar-body")
        self.framework = framework
        self.level_width = max(len(level.name) for level in framework.levels)
        self.score: Score | None = None
        self.current = 0
        self.line_roles: list[int | None] = []

    def show(self, score: Score, current: int) -> None:
        """Redraw the lines where a figure or the current role changed."""
        if self.score is not None and current == self.current:
            old = [(r.answered, r.points) for r in self.score.roles]
            if old == [(r.answered, r.points) for r in score.roles]:
                return
        self.score = score
        self.current = current
        self.update_lines()

    def build(self, width: int) -> list[Content]:
        result = self.score
        if result is None:
            return []
        spaced = self.in_breakpoint("-tall")
        index_of = {role.id: index for index, role in enumerate(self.framework.roles)}
        lines: list[Content] = []
        roles: list[int | None] = []
        for group in self.framework.groups:
            lines.append(Content.styled(printable(group.title), "bold $text-secondary"))
            roles.append(None)
            for role in self.framework.roles_in(group):
                index = index_of[role.id]
                role_score = result.roles[index]
                current = index == self.current
                count = f"{role_score.answered}/{role_score.total}"
                label = fit(printable(role.label), width - len(count) - 4)
                title = Content.styled(
                    f"{'▶' if current else ' '}{index + 1} {label}", "bold" if current else ""
                )
                gauge = _gauge(
                    title,
                    count,
                    role_score.percent,
                    role_score.answered,
                    role_score.level,
                    width,
                    self.level_width,
                    tone_style(self.app, level_tone(self.framework, role_score.level)),
                )
                if current:
                    gauge = [line.stylize("on $primary 20%") for line in gauge]
                lines += gauge
                roles += [index, index]
                if spaced:
                    lines.append(Content(""))
                    roles.append(None)
        lines.append(Content.styled("─" * width, "$primary 50%"))
        progress = f"{result.answered}/{result.total} answered"
        lines += _gauge(
            Content.styled("Overall", "bold"),
            progress,
            result.percent,
            result.answered,
            result.level,
            width,
            self.level_width,
            tone_style(self.app, level_tone(self.framework, result.level)),
        )
        self.line_roles = roles
        return lines

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
        return self.body.text
